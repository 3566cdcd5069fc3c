#!/bin/bash
# test.sh — build Neptune OS and run every test tier.
#
#   ./test.sh           everything (what CI runs through .ci/run)
#   ./test.sh --quick   skip the release build and the UEFI boot (the slow parts)
#
# Tiers, in order (docs/testing.md says more):
#   build    ./build.sh amd64 debug -k               one test: did it build
#   host     tests/host/run.sh OUT                   host unit tests (ASan/UBSan)
#   ntapi-wine tests/ntapi/run-wine.sh              native API tests (PE) under wine64: keeps them honest
#   ktest    tests/scenarios/ktest.scenario          kernel ABI tests, a root task
#   fuzz     tests/scenarios/fuzz.scenario           syscall fuzzer, a root task
#   ntos     tests/scenarios/ntos-*.scenario         the NT Executive as root task
#   ntapi    tests/scenarios/ntapi-*.scenario        native API test families on Neptune
#   boot     tests/scenarios/boot-*.scenario         hello through each bootloader
#   release  ./build.sh amd64 release -k, then boot-kernel.scenario on that build
#
# Every tier's runner ends with a line `N passed, N failed`; this script adds
# them up and ends with the same line for the whole run.  A tier whose runner
# or artefact is missing is a loud failure, never a silent skip.  The exit
# status is 0 only if nothing failed and every tier ran.
set -uo pipefail
cd "$(dirname "$0")" || exit 1

OUT=out/amd64-debug
RELEASE_OUT=out/amd64-release
SCENARIOS=tests/scenarios
BOOT_SCENARIOS=(boot-kernel boot-iso boot-iso-mb1 boot-floppy boot-uefi kernel-fault)
HOST_TIMEOUT=600

quick=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "test.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
    esac
done

tier_lines=()
total_passed=0
total_failed=0
tier_log=$(mktemp)
trap 'rm -f "$tier_log"' EXIT

# record NAME PASSED FAILED SECONDS [NOTE]: add one tier's result to the summary.
record() {
    local name=$1 passed=$2 failed=$3 seconds=$4 note=${5:-}
    local word=PASS
    [ "$failed" -eq 0 ] || word=FAIL
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    tier_lines+=("$(printf '  %-13s %s  %3d passed, %3d failed  %4ds  %s' \
        "$name" "$word" "$passed" "$failed" "$seconds" "$note")")
    echo "### tier $name: $word ($passed passed, $failed failed)"
}

banner() {
    echo
    echo "################ $* ################"
}

# run_tier NAME COMMAND...: run a runner that ends with `N passed, N failed`,
# show its output, and record its counts.  A runner that exits non-zero
# without reporting a failure, or prints no counts, counts as one failure.
run_tier() {
    local name=$1
    shift
    banner "tier $name: $*"
    local start=$SECONDS status line passed=0 failed=0 note=
    "$@" 2>&1 | tee "$tier_log"
    status=${PIPESTATUS[0]}
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tier_log" | tail -n 1)
    if [ -n "$line" ]; then
        passed=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
        failed=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    else
        note="no 'N passed, N failed' line"
        failed=1
    fi
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
        note="runner exited with status $status"
        failed=1
    fi
    record "$name" "$passed" "$failed" $((SECONDS - start)) "$note"
}

# build_tier NAME TYPE: one test, whether ./build.sh TYPE succeeds.  -k lets
# make build everything it can, so the tiers after it still find what exists.
build_tier() {
    local name=$1 type=$2 start=$SECONDS
    banner "tier $name: ./build.sh amd64 $type -k"
    if ./build.sh amd64 "$type" -k; then
        record "$name" 1 0 $((SECONDS - start))
    else
        record "$name" 0 1 $((SECONDS - start)) "build failed (see the errors above)"
    fi
}

scenario_tier() {
    local name=$1 out=$2
    shift 2
    local files=() s
    for s in "$@"; do
        files+=("$SCENARIOS/$s.scenario")
    done
    run_tier "$name" python3 tools/qemu-run.py --out "$out" "${files[@]}"
}

host_tier() {
    if [ ! -f tests/host/run.sh ]; then
        banner "tier host"
        echo "FAIL: tests/host/run.sh is missing, so no host unit test ran"
        record host 0 1 0 "tests/host/run.sh missing"
        return
    fi
    run_tier host timeout "$HOST_TIMEOUT" bash tests/host/run.sh "$OUT"
}

start_all=$SECONDS
if ! tools/setup.sh; then
    echo "test.sh: tools/setup.sh failed; nothing can be built or booted."
    echo "0 passed, 1 failed"
    exit 1
fi

build_tier build debug
host_tier
run_tier ntapi-wine timeout 600 bash tests/ntapi/run-wine.sh "$OUT"
scenario_tier ktest "$OUT" ktest
scenario_tier fuzz "$OUT" fuzz
scenario_tier ntos "$OUT" ntos-boot ntos-fault
scenario_tier ntapi "$OUT" ntapi-time ntapi-vm ntapi-handle ntapi-event ntapi-namespace ntapi-rtlstr ntapi-section ntapi-loader ntapi-params ntapi-process ntapi-critsec ntapi-mingw-time ntapi-mingw-rtlstr
if [ "$quick" = 1 ]; then
    quick_boots=()
    for s in "${BOOT_SCENARIOS[@]}"; do
        [ "$s" = boot-uefi ] || quick_boots+=("$s")
    done
    scenario_tier boot "$OUT" "${quick_boots[@]}"
else
    scenario_tier boot "$OUT" "${BOOT_SCENARIOS[@]}"
    build_tier release-build release
    scenario_tier release "$RELEASE_OUT" boot-kernel
fi

banner "summary ($((SECONDS - start_all)) s)"
printf '%s\n' "${tier_lines[@]}"
if [ "$quick" = 1 ]; then
    echo "  (--quick: the release build and the UEFI boot were skipped)"
fi
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] && [ "$total_passed" -gt 0 ]
