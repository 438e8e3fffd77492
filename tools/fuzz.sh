#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets with clang (ASan + UBSan, in build-fuzz/) and runs them.
#   tools/fuzz.sh TARGET [SECONDS]     one target for a while (default 30 s)
#   tools/fuzz.sh all [SECONDS]        the campaign: every target in turn for SECONDS each, then
#                                      a table of executions, speed, coverage, memory, findings
#   (the old order, tools/fuzz.sh SECONDS TARGET, works too)
#   QMT_FUZZ_RUNS=10000000 tools/fuzz.sh TARGET SECONDS   stops at that many executions, or at
#                                      SECONDS, whichever comes first (a recorded campaign)
#   QMT_FUZZ_RSS_MB=2048 …             libFuzzer's memory limit (default 1024 MB)
#   QMT_FUZZ_FAST=1 …                  the fast build: UBSan without ASan, in build-fuzz-fast/
#                                      (1.6 to 3.2 times the executions of the slower targets;
#                                      replay its corpus under ASan after: docs/fuzzing.md)
# Each run starts from a scratch copy of the target's seed corpus (tests/fuzz/corpus_*); with
# QMT_FUZZ_KEEP=1 it goes on from the last run's corpus instead. A finding is saved as
# build-fuzz/artifacts/<target>-crash-… (build-fuzz-fast/… in the fast build) and makes the
# exit status non-zero. Without clang it says so and runs the plain drivers of the normal build
# instead. See docs/fuzzing.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
targets=(fuzz_at fuzz_logimport fuzz_sequence fuzz_pem fuzz_ranges fuzz_sim fuzz_journal)

a=${1:-fuzz_at} b=${2:-30}
if [[ $a =~ ^[0-9]+$ ]]; then seconds=$a target=${2:-fuzz_at}; else target=$a seconds=$b; fi

corpus_of() {
    case "$1" in
        fuzz_at) echo "$here/tests/fuzz/corpus" ;;
        fuzz_logimport) echo "$here/tests/fuzz/corpus_logimport" ;;
        fuzz_sequence) echo "$here/tests/fuzz/corpus_sequence" ;;
        fuzz_pem) echo "$here/tests/fuzz/corpus_pem" ;;
        fuzz_ranges) echo "$here/tests/fuzz/corpus_ranges" ;;
        fuzz_sim) echo "$here/tests/fuzz/corpus_sim" ;;
        fuzz_journal) echo "$here/tests/fuzz/corpus_journal" ;;
        *) echo "fuzz: unknown target $1 (${targets[*]} or all)" >&2; exit 1 ;;
    esac
}
max_len_of() {
    case "$1" in fuzz_pem) echo 8192 ;; fuzz_ranges) echo 1024 ;; fuzz_sim) echo 2048 ;; fuzz_journal) echo 1024 ;; *) echo 4096 ;; esac
}

if [ "$target" = all ]; then run_targets=("${targets[@]}"); else corpus_of "$target" >/dev/null; run_targets=("$target"); fi

build="$here/build-fuzz" sanitizers=address,undefined
if [ "${QMT_FUZZ_FAST:-0}" = 1 ]; then build="$here/build-fuzz-fast" sanitizers=undefined; fi
if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ not found; running the plain corpus drivers instead"
    for t in "${run_targets[@]}"; do "$here/build/tests/fuzz/${t}_driver" "$(corpus_of "$t")"/*; done
    exit 0
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DQMT_FUZZ=ON -DQMT_FUZZ_SANITIZERS="$sanitizers" >/dev/null
cmake --build "$build" -j2 --target "${run_targets[@]}"

# A small quarantine and short allocation stacks keep memory flat (ASan's default quarantine
# alone is 256 MB); a use after free within a run is still caught. Two frames, because the fast
# unwinder reads garbage past a frame of Qt or OpenSSL (built without frame pointers): with more,
# each run stored "new" stacks and memory grew without end (docs/fuzzing.md). For a finding's
# full stacks: ASAN_OPTIONS=malloc_context_size=30:fast_unwind_on_malloc=0. Caller's options last.
export ASAN_OPTIONS="quarantine_size_mb=16:malloc_context_size=2${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
mkdir -p "$build/artifacts"
status=0
summary=()
for t in "${run_targets[@]}"; do
    run="$build/corpus-run-$t"
    if [ "${QMT_FUZZ_KEEP:-0}" != 1 ] || [ ! -d "$run" ]; then
        rm -rf "$run" && mkdir -p "$run" && cp "$(corpus_of "$t")"/* "$run"/
    fi
    log="$build/fuzz-$t.log"
    echo "fuzz: $t for ${seconds}s ($sanitizers)"
    rc=0
    "$build/tests/fuzz/$t" -max_total_time="$seconds" ${QMT_FUZZ_RUNS:+-runs=$QMT_FUZZ_RUNS} \
        -max_len="$(max_len_of "$t")" -timeout=10 -rss_limit_mb="${QMT_FUZZ_RSS_MB:-1024}" -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" "$run" >"$log" 2>&1 || rc=$?
    tail -n 12 "$log"
    execs=$(awk '/number_of_executed_units/ {print $2}' "$log")
    speed=$(awk '/average_exec_per_sec/ {print $2}' "$log")
    rss=$(awk '/peak_rss_mb/ {print $2}' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
    finding=none
    if [ "$rc" != 0 ]; then
        finding="exit $rc: $(grep -m1 -E 'ERROR|fuzz_[a-z]+:|runtime error' "$log" || echo see "$log")"
        status=1
    fi
    summary+=("$(printf '%-15s %10s %8s %6s %7s %12s %6s  %s' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" \
        "${ft:-?}" "${corp:-?}" "${rss:-?}" "$finding")")
done
printf '\n%-15s %10s %8s %6s %7s %12s %6s  %s\n' target executions exec/s cov ft corpus rss_MB finding
printf '%s\n' "${summary[@]}"
exit $status
