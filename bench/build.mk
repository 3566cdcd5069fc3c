# bench/ — kernel micro-benchmarks (a root task) and their runner.
#
#   $(OUT)/bench/kbench.elf   the benchmark root task (docs/bench.md)
#   bench/run.sh OUT          boots it under QEMU -icount, writes bench/RESULTS.md
#
# Paths of other components are spelled out (not taken from their
# fragments' variables) because lib/sel4rt/build.mk is included after this.

KBENCH_ELF  := $(OUT)/bench/kbench.elf
KBENCH_OBJS := $(addprefix $(OUT)/bench/,kbench.o kb_env.o kb_stats.o kb_asm.o)
KBENCH_RT   := $(OUT)/lib/sel4rt/libsel4rt.a
KBENCH_LDS  := lib/sel4rt/roottask.ld

$(KBENCH_ELF): $(KBENCH_OBJS) $(KBENCH_RT) $(KBENCH_LDS)
	@mkdir -p $(dir $@)
	$(LD) -static -nostdlib -z max-page-size=0x1000 -T $(KBENCH_LDS) \
		-o $@ $(KBENCH_OBJS) $(KBENCH_RT)

.PHONY: bench
bench: $(KBENCH_ELF)

ALL_TARGETS += $(KBENCH_ELF)
