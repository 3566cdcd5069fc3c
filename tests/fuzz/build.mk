# tests/fuzz/ — the syscall fuzzer, a root task (tests/scenarios/fuzz.scenario
# boots it).  It reuses bench/kb_env.c for object allocation, the cloned
# VSpace and image frame caps.  Paths of other components are spelled out:
# their fragments' variables may not be defined yet when this one is read.

FUZZ_ELF  := $(OUT)/tests/fuzz/fuzz.elf
FUZZ_OBJS := $(addprefix $(OUT)/tests/fuzz/,fuzz.o fz_gen.o fz_shape.o \
		fz_epoch.o fz_fuzzer.o fz_helpers.o fz_asm.o) $(OUT)/bench/kb_env.o
FUZZ_RT   := $(OUT)/lib/sel4rt/libsel4rt.a
FUZZ_LDS  := lib/sel4rt/roottask.ld

$(FUZZ_ELF): $(FUZZ_OBJS) $(FUZZ_RT) $(FUZZ_LDS)
	@mkdir -p $(dir $@)
	$(LD) -static -nostdlib -z max-page-size=0x1000 -T $(FUZZ_LDS) \
		-o $@ $(FUZZ_OBJS) $(FUZZ_RT)

.PHONY: fuzz
fuzz: $(FUZZ_ELF)

ALL_TARGETS += $(FUZZ_ELF)

# Host unit test of the pure logic (generator, statistics).  Written out
# instead of using tests/host's host_test macro, which is defined in a
# fragment read after this one; objects use tests/host's $(OUT)/host-obj rule.
FUZZ_HOST_TEST := $(OUT)/host/test_fz_gen
FUZZ_HOST_OBJS := $(addprefix $(OUT)/host-obj/,tests/fuzz/test_fz_gen.o \
		tests/fuzz/fz_gen.o tests/fuzz/fz_shape.o bench/kb_stats.o \
		tests/host/harness.o)

HOST_TESTS += $(FUZZ_HOST_TEST)
$(FUZZ_HOST_TEST): HOST_EXTRA_CFLAGS := -Itests/fuzz
$(FUZZ_HOST_TEST): $(FUZZ_HOST_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $(FUZZ_HOST_OBJS)
