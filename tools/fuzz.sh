#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds a libFuzzer target with clang and runs it for a while (default 30 s) on a scratch copy
# of its corpus. Without clang it says so and runs the plain driver instead.
#   tools/fuzz.sh [seconds] [target]
# Targets: fuzz_at (framer + parser + store; corpus tests/fuzz/corpus) and fuzz_logimport (the
# customer-log import; corpus tests/fuzz/corpus_logimport).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
target=${2:-fuzz_at}
case "$target" in
    fuzz_at) corpus="$here/tests/fuzz/corpus" ;;
    fuzz_logimport) corpus="$here/tests/fuzz/corpus_logimport" ;;
    *) echo "fuzz: unknown target $target (fuzz_at, fuzz_logimport)" >&2; exit 1 ;;
esac
build="$here/build-fuzz"
if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ not found; running the plain corpus driver instead"
    exec "$here/build/tests/fuzz/${target}_driver" "$corpus"/*
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DQMT_FUZZ=ON >/dev/null
cmake --build "$build" -j2 --target "$target"
run="$build/corpus-run-$target"
rm -rf "$run" && mkdir -p "$run" && cp "$corpus"/* "$run"/
"$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 "$run" 2>&1 | tail -n 25
