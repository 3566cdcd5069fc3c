#!/bin/bash
# tests/ntapi/run-wine.sh OUT — the wine tier: run the native API tests on
# the host under Debian's wine64 and print the combined verdict line
# `N passed, N failed` last.
#
# What it runs, all built into OUT/tests/ntapi by tests/ntapi/build.mk:
#   check-pe.sh OUT              the PE toolchain checks (no wine needed)
#   <family>.exe                 each family in families.list, clang build
#   mingw/<family>.exe           the same families built by mingw-w64 gcc
#   toolchain/app.exe            imports, forwarders, relocations, DllMain
#   canary.exe                   must fail in exactly the expected way
#
# Every program gets --platform=wine, so tests marked NEPTUNE_ONLY or
# WINE_DIFFERS are skipped (and said to be).  Each program's own verdict is
# re-printed as `== NAME: N passed, N failed` so that only the last line of
# this script starts with a number.  A program that is missing, crashes,
# hangs (TIMEOUT seconds), exits non-zero without reporting a failure or
# prints no verdict counts as one failure.
#
# Wine runs in its own prefix, OUT/tests/ntapi/wineprefix, made on first use
# (wineboot, a few seconds); WINEDEBUG=-all keeps Wine's own chatter out.
# The wineserver this script started is stopped at the end.
set -u

out=${1:?usage: tests/ntapi/run-wine.sh OUT}
dir=$out/tests/ntapi
timeout_s=${NTAPI_TIMEOUT:-120}
total_pass=0
total_fail=0

fail_early() {
    echo "run-wine: $*"
    echo "0 passed, 1 failed"
    exit 1
}

find_tool() {
    local candidate
    for candidate in "$@"; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
        if command -v "$candidate" >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

wine=$(find_tool /usr/lib/wine/wine64 wine64) ||
    fail_early "wine64 not found (tools/setup.sh installs Debian's wine64)"
wineserver=$(find_tool /usr/lib/wine/wineserver64 wineserver64 wineserver) ||
    fail_early "wineserver not found next to wine64"
[ -f "$dir/families.list" ] ||
    fail_early "$dir/families.list missing: build first (./build.sh)"

export WINEPREFIX
WINEPREFIX=$(cd "$dir" && pwd)/wineprefix
export WINEDEBUG=-all
# No Mono or Gecko installers, and no X display to try.
export WINEDLLOVERRIDES="mscoree=;mshtml="
unset DISPLAY WAYLAND_DISPLAY

# wineboot returns before the wineserver has written the registry; waiting
# for the server to exit (-w) makes the prefix complete.  The marker file
# records a prefix that got that far.
if [ ! -f "$WINEPREFIX/.neptune-ready" ]; then
    echo "run-wine: creating the Wine prefix $WINEPREFIX"
    rm -rf "$WINEPREFIX"
    timeout "$timeout_s" "$wine" wineboot -i >/dev/null 2>&1
    timeout "$timeout_s" "$wineserver" -w >/dev/null 2>&1
    [ -f "$WINEPREFIX/system.reg" ] || fail_early "wineboot could not create $WINEPREFIX"
    touch "$WINEPREFIX/.neptune-ready"
fi
trap 'WINEPREFIX=$WINEPREFIX "$wineserver" -k >/dev/null 2>&1' EXIT

# add PASSED FAILED: add to the totals.
add() {
    total_pass=$((total_pass + $1))
    total_fail=$((total_fail + $2))
}

# run_program LABEL EXE: run one test program and count its verdict.
run_program() {
    local label=$1 exe=$2 log status verdict pass=0 fail=0
    if [ ! -f "$exe" ]; then
        echo "== $label: MISSING ($exe was not built)"
        add 0 1
        return
    fi
    log=$(mktemp)
    (cd "$(dirname "$exe")" && timeout "$timeout_s" "$wine" "./$(basename "$exe")" \
        --platform=wine) >"$log" 2>&1
    status=$?
    verdict=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$log"
    if [ -n "$verdict" ]; then
        pass=${verdict%% passed*}
        fail=${verdict#*passed, }
        fail=${fail%% failed}
    else
        echo "== $label: no verdict line (crashed or hung; exit status $status)"
        fail=1
    fi
    if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
        echo "== $label: exit status $status without a reported failure"
        fail=1
    fi
    echo "== $label: $pass passed, $fail failed"
    add "$pass" "$fail"
    rm -f "$log"
}

# The canary must report exactly one pass, one failure and two skips, and
# exit with status 1: proof that failures reach this script.
run_canary() {
    local exe=$dir/canary.exe log status ok=1
    log=$(mktemp)
    if [ -f "$exe" ]; then
        (cd "$dir" && timeout "$timeout_s" "$wine" ./canary.exe --platform=wine) >"$log" 2>&1
        status=$?
    else
        status=missing
    fi
    [ "$status" = 1 ] || ok=0
    [ "$(tail -n 1 "$log")" = "1 passed, 1 failed" ] || ok=0
    grep -q '^TEST canary fails: FAIL$' "$log" || ok=0
    [ "$(grep -c ': SKIP (' "$log")" = 2 ] || ok=0
    if [ "$ok" = 1 ]; then
        echo "TEST runner canary-detected: PASS"
        add 1 0
    else
        echo "TEST runner canary-detected: FAIL (exit status $status; output follows)"
        sed 's/^/  | /' "$log"
        add 0 1
    fi
    rm -f "$log"
}

echo "run-wine: $("$wine" --version 2>/dev/null), prefix $WINEPREFIX"

# The toolchain checks, counted like the rest.
pe_log=$(mktemp)
bash "$(dirname "$0")/check-pe.sh" "$out" >"$pe_log" 2>&1
pe_verdict=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$pe_log" | tail -n 1)
grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$pe_log"
if [ -n "$pe_verdict" ]; then
    pe_fail=${pe_verdict#*passed, }
    add "${pe_verdict%% passed*}" "${pe_fail%% failed}"
    echo "== check-pe: $pe_verdict"
else
    echo "== check-pe: no verdict line"
    add 0 1
fi
rm -f "$pe_log"

while read -r family; do
    [ -n "$family" ] || continue
    run_program "$family" "$dir/$family.exe"
    run_program "mingw/$family" "$dir/mingw/$family.exe"
done <"$dir/families.list"
run_program toolchain "$dir/toolchain/app.exe"
run_canary

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
