#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer target with clang and runs it for a while (default 30 s) on a scratch
# copy of tests/fuzz/corpus. Without clang it says so and runs the plain driver instead.
#   tools/fuzz.sh [seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
build="$here/build-fuzz"
if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ not found; running the plain corpus driver instead"
    exec "$here/build/tests/fuzz/fuzz_at_driver" "$here"/tests/fuzz/corpus/*
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DQMT_FUZZ=ON >/dev/null
cmake --build "$build" -j2 --target fuzz_at
run="$build/corpus-run"
rm -rf "$run" && mkdir -p "$run" && cp "$here"/tests/fuzz/corpus/* "$run"/
"$build/tests/fuzz/fuzz_at" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$run" 2>&1 | tail -n 25
