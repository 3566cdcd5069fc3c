#!/bin/bash
# bench/run.sh OUT — run the kernel micro-benchmarks and record the numbers.
#
# Boots OUT/kernel/kernel32.elf with OUT/bench/kbench.elf as the root task
# under QEMU TCG with `-icount shift=0,sleep=off` (rdtsc then counts guest
# instructions, exactly and reproducibly), keeps the serial log in
# OUT/bench/kbench.log, and writes bench/RESULTS.md from its BENCH lines
# (bench/results.py).  Prints the BENCH lines; exit status 0 if kbench ran
# every case and exited QEMU with 0x10, 1 otherwise.
#
# Build first:  make OUT=out/amd64-debug out/amd64-debug/bench/kbench.elf
# Timeout: BENCH_TIMEOUT seconds (default 900).
set -uo pipefail
cd "$(dirname "$0")/.."

out=${1:-out/amd64-debug}
kernel=$out/kernel/kernel32.elf
elf=$out/bench/kbench.elf
log=$out/bench/kbench.log
timeout_s=${BENCH_TIMEOUT:-900}

for f in "$kernel" "$elf"; do
    if [ ! -f "$f" ]; then
        echo "bench/run.sh: missing $f (build it first)" >&2
        exit 1
    fi
done
mkdir -p "$(dirname "$log")"

timeout "$timeout_s" qemu-system-x86_64 -accel tcg -cpu max -m 512 \
    -icount shift=0,sleep=off -kernel "$kernel" -initrd "$elf" \
    -display none -serial stdio -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >"$log" 2>&1
status=$?
if [ "$status" -eq 124 ]; then
    echo "bench/run.sh: QEMU did not finish within ${timeout_s}s" >&2
fi

grep -E '^BENCH' "$log" || true
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "uncommitted")
if [ -n "$(git status --porcelain 2>/dev/null | head -n 1)" ]; then
    commit="$commit (working tree modified)"
fi
qemu=$(qemu-system-x86_64 --version | head -n 1 | sed -E 's/.*version ([^ ]+).*/\1/')
python3 bench/results.py "$log" "$status" bench/RESULTS.md --commit "$commit" --qemu "$qemu"
