#!/bin/bash
# build.sh — build Neptune OS.
#
#   ./build.sh [amd64] [debug|release] [make arguments...]
#
# Checks the toolchain (tools/setup.sh), then runs the top-level Makefile for
# one (architecture, build type) pair into out/<arch>-<type>.  Debug is the
# default.  Make is incremental, so a second run only rebuilds what changed.
# Any other argument goes to make unchanged: a target such as
# out/amd64-debug/kernel/kernel.elf, -k to keep going after an error, V=1...
set -euo pipefail
cd "$(dirname "$0")"

arch=amd64
type=debug
make_args=()
for a in "$@"; do
    case "$a" in
        amd64) arch=$a ;;
        debug | release) type=$a ;;
        *) make_args+=("$a") ;;
    esac
done

tools/setup.sh
exec make -j"$(nproc)" ARCH="$arch" BUILD_TYPE="$type" OUT="out/$arch-$type" "${make_args[@]}"
