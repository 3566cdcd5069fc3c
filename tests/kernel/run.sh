#!/bin/sh
# tests/kernel/run.sh — build and boot the kernel ABI test suite in QEMU.
#
#   tests/kernel/run.sh [FILTER]
#
# Uses the kernel already built in $KERNEL_OUT (default out/amd64-debug;
# this script never rebuilds the kernel).  Without FILTER the suite is the
# normal $KERNEL_OUT/tests/kernel/ktest.elf.  With FILTER (a test-ID prefix
# such as VSPACE or IPC0012) a filtered suite is built in its own output
# directory (out/ktest-filtered) so that the shared build stays untouched.
#
# Exit status: 0 if the guest reported all tests passed (QEMU status 33),
# 1 otherwise (35 = some failed, 255 = kernel panic, 0 = triple fault,
# 124 = timeout), 2 if the build failed.
set -u
KERNEL_OUT=${KERNEL_OUT:-out/amd64-debug}
FILTER=${1:-}
cd "$(dirname "$0")/../.." || exit 2
if [ -n "$FILTER" ]; then
	OUT=out/ktest-filtered
else
	OUT=$KERNEL_OUT
fi
make -s OUT="$OUT" KTEST_FILTER="$FILTER" "$OUT/tests/kernel/ktest.elf" ||
	exit 2
timeout 120 qemu-system-x86_64 -accel tcg -cpu max -m 512 \
	-kernel "$KERNEL_OUT/kernel/kernel32.elf" \
	-initrd "$OUT/tests/kernel/ktest.elf" \
	-display none -serial stdio -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
status=$?
echo "ktest: QEMU exit status $status"
[ "$status" -eq 33 ]
