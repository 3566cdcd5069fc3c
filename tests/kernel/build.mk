# tests/kernel/ — the kernel ABI test suite: a root task (ktest.elf) that
# runs every test in tests/kernel/*.c against the kernel and ends QEMU with
# 0x10 (all passed) or 0x11.  See docs/ktest.md.
#
#   make OUT=out/amd64-debug out/amd64-debug/tests/kernel/ktest.elf
#   qemu-system-x86_64 -accel tcg -cpu max -m 512 \
#       -kernel out/amd64-debug/kernel/kernel32.elf \
#       -initrd out/amd64-debug/tests/kernel/ktest.elf \
#       -display none -serial stdio -no-reboot \
#       -device isa-debug-exit,iobase=0xf4,iosize=0x04

# Fixed paths agreed with lib/sel4rt (defined here too in case this
# fragment is read first).
SEL4RT_LIB   ?= $(OUT)/lib/sel4rt/libsel4rt.a
ROOTTASK_LDS ?= lib/sel4rt/roottask.ld

KTEST_SRCS := $(sort $(wildcard tests/kernel/*.c)) tests/kernel/probes.S
KTEST_OBJS := $(patsubst %.S,$(OUT)/%.o,$(patsubst %.c,$(OUT)/%.o,$(KTEST_SRCS)))
KTEST_ELF  := $(OUT)/tests/kernel/ktest.elf

$(KTEST_OBJS): | $(ABI_GEN)

# Debugging aid: `make KTEST_FILTER=VSPACE ...` builds a suite that runs
# only the tests whose ID starts with VSPACE (plus the final MEMORY0001).
# The filter lives in a generated header rewritten only when it changes.
KTEST_FILTER   ?=
KTEST_FILTER_H := $(OUT)/tests/kernel/ktest_filter.h

$(KTEST_FILTER_H): ktest-filter-check
	@mkdir -p $(dir $@)
	@echo '#define KT_FILTER "$(KTEST_FILTER)"' > $@.tmp
	@cmp -s $@.tmp $@ || cp $@.tmp $@
	@rm -f $@.tmp

.PHONY: ktest-filter-check
ktest-filter-check:

$(OUT)/tests/kernel/main.o: $(KTEST_FILTER_H)
$(OUT)/tests/kernel/main.o: USER_CFLAGS += -I$(OUT)/tests/kernel

$(KTEST_ELF): $(KTEST_OBJS) $(SEL4RT_LIB) $(ROOTTASK_LDS)
	@mkdir -p $(dir $@)
	$(LD) -static -nostdlib -z max-page-size=0x1000 -T $(ROOTTASK_LDS) \
		-o $@ $(KTEST_OBJS) $(SEL4RT_LIB)

.PHONY: ktest
ktest: $(KTEST_ELF)

ALL_TARGETS += $(KTEST_ELF)
