#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The house rules that tools keep, for every file of the tree that git knows:
#   - C++ sources (*.cpp, *.h) are formatted as .clang-format says;
#   - C++ sources, CMake files and shell scripts start with an SPDX licence identifier
#     (after a #! line) naming the project's licence (LICENSE: Apache-2.0).
#   tools/housekeeping.sh --check   fail, naming each file, on any deviation (./qmt test runs this)
#   tools/housekeeping.sh --fix     apply clang-format and add missing SPDX lines
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---check}
spdx="SPDX-License-Identifier: Apache-2.0"
clang_format=$(command -v clang-format || command -v clang-format-14 || true)
if [ -z "$clang_format" ]; then
    echo "housekeeping: clang-format is not installed (apt-get install clang-format)" >&2
    exit 2
fi

mapfile -t cxx < <(git ls-files '*.cpp' '*.h')
mapfile -t other < <(git ls-files 'CMakeLists.txt' '*/CMakeLists.txt' '*.cmake' '*.sh' 'qmt' '.ci/run')
bad=0

has_spdx() { head -n 3 "$1" | grep -q "$spdx"; }

add_spdx() { # add_spdx <file> <comment prefix>
    local f=$1 c=$2 tmp
    tmp=$(mktemp)
    if head -n 1 "$f" | grep -q '^#!'; then
        { head -n 1 "$f"; echo "$c $spdx"; tail -n +2 "$f"; } >"$tmp"
    else
        { echo "$c $spdx"; cat "$f"; } >"$tmp"
    fi
    cat "$tmp" >"$f" # keeps the file's mode
    rm -f "$tmp"
}

for f in "${cxx[@]}"; do
    [ -f "$f" ] || continue
    if ! has_spdx "$f"; then
        if [ "$mode" = --fix ]; then add_spdx "$f" "//"; else echo "no SPDX line: $f"; bad=1; fi
    fi
done
for f in "${other[@]}"; do
    [ -f "$f" ] || continue
    if ! has_spdx "$f"; then
        if [ "$mode" = --fix ]; then add_spdx "$f" "#"; else echo "no SPDX line: $f"; bad=1; fi
    fi
done

if [ "$mode" = --fix ]; then
    "$clang_format" -i "${cxx[@]}"
    echo "housekeeping: formatted ${#cxx[@]} C++ files, SPDX lines in place"
    exit 0
fi
for f in "${cxx[@]}"; do
    [ -f "$f" ] || continue
    if ! "$clang_format" --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "not formatted as .clang-format says: $f (tools/housekeeping.sh --fix)"
        bad=1
    fi
done
if [ "$bad" != 0 ]; then
    echo "housekeeping: FAILED" >&2
    exit 1
fi
echo "housekeeping: ${#cxx[@]} C++ files formatted, every file with its SPDX line"
