#!/bin/sh
# tests/host/run.sh OUT — run every host unit-test binary in OUT/host/ and
# print the combined verdict line `N passed, N failed`.
#
# Each binary must end its output with `N passed, N failed`.  A binary that
# exits non-zero without reporting any failure (crash, sanitizer abort,
# missing verdict line) counts as one failed check.  Exit status: 0 only if
# nothing failed and at least one binary ran.
set -u

out=${1:?usage: tests/host/run.sh OUT}
dir=$out/host
total_pass=0
total_fail=0
ran=0

if [ ! -d "$dir" ]; then
	echo "no host tests in $dir (build them with: make OUT=$out host-tests)"
	echo "0 passed, 1 failed"
	exit 1
fi

for bin in "$dir"/*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	ran=$((ran + 1))
	name=$(basename "$bin")
	log=$(mktemp)
	"$bin" >"$log" 2>&1
	status=$?
	verdict=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	pass=0
	fail=0
	if [ -n "$verdict" ]; then
		pass=${verdict%% passed*}
		fail=${verdict#*passed, }
		fail=${fail%% failed}
	fi
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		echo "== $name: exit status $status without a reported failure"
	fi
	if [ "$fail" -ne 0 ]; then
		echo "== $name output:"
		cat "$log"
	fi
	echo "$name: $pass passed, $fail failed"
	rm -f "$log"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
done

if [ "$ran" -eq 0 ]; then
	echo "no host test binaries in $dir"
	total_fail=$((total_fail + 1))
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
