#!/bin/bash
# tools/setup.sh — make sure this Debian 12 machine has every package the
# project needs to build, boot and test Neptune OS.
#
# The check is one dpkg-query call and takes a few milliseconds, so
# build.sh, run.sh and test.sh run it every time.  Only when something is
# missing does it touch the network: `apt-get update` once, then one
# `apt-get install --no-install-recommends` of the missing packages.  That
# needs root; a non-root user with missing packages gets the list and the
# command to run instead.
#
# Why each package is here:
#   clang-19 lld-19 llvm-19   compiler, linker, llvm-ar/llvm-objcopy (Makefile)
#   libclang-rt-19-dev        ASan/UBSan runtimes for the host unit tests
#   make python3 cpio         build driver, generators and the QEMU runner
#   qemu-system-x86 qemu-utils  the emulator every boot test runs in
#   grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools
#                             grub-mkrescue hybrid BIOS+UEFI ISO images
#   ovmf                      UEFI firmware for the UEFI boot test
#   syslinux syslinux-common syslinux-utils dosfstools
#                             the SYSLINUX floppy image (mkfs.fat, mboot.c32)
#   wine64 gcc-mingw-w64-x86-64
#                             the ntapi-wine test tier (native API tests checked
#                             against Wine) and the second PE compiler
#
# Usage: tools/setup.sh [--check]   (--check: report only, never install)

set -euo pipefail

PACKAGES=(
    clang-19 lld-19 llvm-19 libclang-rt-19-dev
    make python3 cpio
    qemu-system-x86 qemu-utils
    grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools
    ovmf
    syslinux syslinux-common syslinux-utils dosfstools
    wine64 gcc-mingw-w64-x86-64
)

check_only=0
if [ "${1:-}" = "--check" ]; then
    check_only=1
fi

# Print the packages from PACKAGES that dpkg does not list as installed.
missing_packages() {
    local installed
    # dpkg-query exits non-zero when a package was never seen; that is fine.
    installed=$( (dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" \
        2>/dev/null || true) | awk '$2 == "installed" { print $1 }')
    local p
    for p in "${PACKAGES[@]}"; do
        if ! grep -qx -- "$p" <<<"$installed"; then
            echo "$p"
        fi
    done
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: dpkg-query not found: this project expects Debian 12 (bookworm)." >&2
    exit 1
fi

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "setup: missing Debian packages: ${missing[*]}" >&2
if [ "$check_only" = 1 ]; then
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    cat >&2 <<EOF
setup: installing them needs root.  Run this once, then try again:
    sudo $0
  or
    sudo apt-get install --no-install-recommends ${missing[*]}
EOF
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup: apt-get update" >&2
apt-get update -q >&2
echo "setup: apt-get install ${missing[*]}" >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2

mapfile -t still < <(missing_packages)
if [ "${#still[@]}" -ne 0 ]; then
    echo "setup: still missing after apt-get install: ${still[*]}" >&2
    exit 1
fi
echo "setup: all packages present" >&2
