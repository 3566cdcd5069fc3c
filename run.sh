#!/bin/bash
# run.sh — build Neptune OS and boot it in QEMU, serial console on this terminal.
#
#   ./run.sh [release] [--iso | --iso-mb1 | --floppy | --uefi] [QEMU arguments...]
#
# By default QEMU loads the kernel itself (-kernel, multiboot1), which is the
# fastest boot.  --iso boots the same kernel and root task through GRUB 2 from
# an ISO (multiboot2; --iso-mb1 for GRUB's multiboot1 entry), --floppy through
# SYSLINUX from a 1.44 MB floppy, --uefi through OVMF and GRUB-EFI from the
# same ISO.  Any other argument goes to QEMU (e.g. -m 1024, -s -S for gdb).
#
# Ctrl-C stops QEMU.  The exit status is QEMU's: (v << 1) | 1 when the guest
# wrote v to the isa-debug-exit port (33 = success), 255 after a kernel panic,
# 0 after a triple fault.
set -euo pipefail
cd "$(dirname "$0")"

# The boot modules: the root task the kernel starts (the NT Executive) and its
# boot archive (ntdll.dll, smss.exe...).  ROOT_TASK=lib/sel4rt/hello.elf with
# BOOT_ARCHIVE= boots the kernel's hello example instead.
ROOT_TASK=${ROOT_TASK:-ntos/ntos.elf}
BOOT_ARCHIVE=${BOOT_ARCHIVE-ntos/bootarch.cpio}
# Kernel command line (key=value words, e.g. console_port=0x3f8).
KERNEL_CMDLINE=""
OVMF=/usr/share/ovmf/OVMF.fd

type=debug
method=kernel
qemu_extra=()
for arg in "$@"; do
    case "$arg" in
        debug | release) type=$arg ;;
        --iso) method=iso ;;
        --iso-mb1) method=iso-mb1 ;;
        --floppy) method=floppy ;;
        --uefi) method=uefi ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) qemu_extra+=("$arg") ;;
    esac
done
OUT=out/amd64-$type

./build.sh amd64 "$type"

archive=()
[ -z "$BOOT_ARCHIVE" ] || archive=(--module "$BOOT_ARCHIVE bootarch")

debug_exit=isa-debug-exit,iobase=0xf4,iosize=0x04
qemu=(qemu-system-x86_64 -accel tcg -cpu max -m 512 -display none -serial stdio -no-reboot
    -device "$debug_exit")
case "$method" in
    kernel)
        initrd="$OUT/$ROOT_TASK"
        [ -z "$BOOT_ARCHIVE" ] || initrd="$initrd,$OUT/$BOOT_ARCHIVE bootarch"
        qemu+=(-kernel "$OUT/kernel/kernel32.elf" -append "$KERNEL_CMDLINE" -initrd "$initrd")
        ;;
    iso | iso-mb1 | uefi)
        image=$OUT/images/run.iso
        mb1=()
        [ "$method" != iso-mb1 ] || mb1=(--mb1)
        tools/mkimage.sh iso "$OUT" "$image" --cmdline "$KERNEL_CMDLINE" \
            --module "$ROOT_TASK" "${archive[@]}" "${mb1[@]}"
        if [ "$method" = uefi ]; then
            qemu+=(-machine q35 -bios "$OVMF" -cdrom "$image")
        else
            qemu+=(-cdrom "$image" -boot d)
        fi
        ;;
    floppy)
        image=$OUT/images/run.img
        tools/mkimage.sh floppy "$OUT" "$image" --cmdline "$KERNEL_CMDLINE" \
            --module "$ROOT_TASK" "${archive[@]}"
        qemu+=(-drive "if=floppy,format=raw,file=$image" -boot a)
        ;;
esac
qemu+=("${qemu_extra[@]}")

echo "+ ${qemu[*]}" >&2
status=0
"${qemu[@]}" || status=$?

case "$status" in
    0) what="triple fault (or the guest shut down)" ;;
    1) what="QEMU could not start (or the guest wrote 0)" ;;
    33) what="guest exited with 0x10: success" ;;
    35) what="guest exited with 0x11: failure" ;;
    255) what="kernel panic (0x7f)" ;;
    *) if [ $((status & 1)) = 1 ]; then
           what=$(printf 'guest exited with 0x%x' $((status >> 1)))
       else
           what="QEMU error or signal"
       fi ;;
esac
echo "run.sh: QEMU exited with status $status: $what" >&2
exit "$status"
