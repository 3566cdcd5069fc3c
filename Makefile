# Neptune OS — top-level, non-recursive build.
#
# Usage (normally through ./build.sh):
#   make OUT=out/amd64-debug BUILD_TYPE=debug
#
# Every component contributes a fragment `<dir>/build.mk` that appends its
# final artefacts to ALL_TARGETS.  Paths inside fragments are relative to the
# repository root; everything generated goes under $(OUT).
#
# Shared variables a fragment may use:
#   OUT           output directory for this (arch, build type)
#   BUILD_TYPE    debug | release
#   CC LD AR OBJCOPY   the LLVM 19 tools
#   KERNEL_CFLAGS  flags for kernel C code
#   USER_CFLAGS    flags for freestanding ELF user programs (root tasks)
#   GEN_DIR       $(OUT)/gen — generated headers (abi/build.mk owns it)
#   ABI_GEN       stamp file: order-only prerequisite for anything that
#                 includes generated ABI headers
#   HOST_CC HOST_CFLAGS   native compiler for host tools and unit tests

ARCH       ?= amd64
BUILD_TYPE ?= debug
OUT        ?= out/$(ARCH)-$(BUILD_TYPE)

LLVM_SUFFIX ?= -19
CC       := clang$(LLVM_SUFFIX)
LD       := ld.lld$(LLVM_SUFFIX)
AR       := llvm-ar$(LLVM_SUFFIX)
OBJCOPY  := llvm-objcopy$(LLVM_SUFFIX)
HOST_CC  := clang$(LLVM_SUFFIX)
PYTHON   := python3

CLANG_RESOURCE := $(shell $(CC) -print-resource-dir)
GEN_DIR  := $(OUT)/gen
ABI_GEN  := $(GEN_DIR)/.stamp

ifeq ($(BUILD_TYPE),release)
OPT_FLAGS := -O2 -DNDEBUG
else
OPT_FLAGS := -O2 -g -DCONFIG_DEBUG_BUILD=1
endif

COMMON_CFLAGS := --target=x86_64-unknown-none-elf -std=gnu11 -ffreestanding \
	-fno-builtin -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-nostdinc -isystem $(CLANG_RESOURCE)/include \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-gnu \
	-MMD -MP $(OPT_FLAGS)

KERNEL_CFLAGS := $(COMMON_CFLAGS) -mcmodel=kernel -mno-red-zone \
	-mno-sse -mno-mmx -mno-80387 -mno-avx -mgeneral-regs-only \
	-Ikernel/include -Iabi/include -I$(GEN_DIR)

USER_CFLAGS := $(COMMON_CFLAGS) -mcmodel=small -mno-red-zone -mfsgsbase \
	-ftls-model=local-exec -Iabi/include -I$(GEN_DIR) -Ilib/sel4rt/include

HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Ikernel/include -Iabi/include -I$(GEN_DIR) -DHOST_TEST=1

ALL_TARGETS :=
HOST_TESTS  :=

.PHONY: all host-tests clean
all: real-all

-include $(wildcard */build.mk */*/build.mk */*/*/build.mk)

real-all: $(ALL_TARGETS)
host-tests: $(HOST_TESTS)

clean:
	rm -rf $(OUT)

# Generic compile rules; fragments may add their own for special flags.
$(OUT)/%.o: %.S | $(ABI_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(if $(filter kernel/%,$<),$(KERNEL_CFLAGS),$(USER_CFLAGS)) -D__ASSEMBLY__ -c $< -o $@

$(OUT)/%.o: %.c | $(ABI_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(if $(filter kernel/%,$<),$(KERNEL_CFLAGS),$(USER_CFLAGS)) -c $< -o $@

-include $(shell find $(OUT) -name '*.d' 2>/dev/null)
