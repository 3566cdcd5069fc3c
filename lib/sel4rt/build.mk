# lib/sel4rt/ — the root-task runtime library and its example program.
#
# $(SEL4RT_LIB) is linked last into every root task:
#   $(LD) -static -nostdlib -z max-page-size=0x1000 -T $(ROOTTASK_LDS) \
#         -o X.elf objs... $(SEL4RT_LIB)
# The objects compile with USER_CFLAGS through the generic rules of the top
# Makefile (which already wait for the generated ABI headers).

SEL4RT_LIB   := $(OUT)/lib/sel4rt/libsel4rt.a
ROOTTASK_LDS := lib/sel4rt/roottask.ld
ROOTTASK_LDFLAGS := -static -nostdlib -z max-page-size=0x1000 -T $(ROOTTASK_LDS)

SEL4RT_SRCS := \
	lib/sel4rt/src/crt0.S \
	lib/sel4rt/src/start.c \
	lib/sel4rt/src/ipcbuffer.c \
	lib/sel4rt/src/tls.c \
	lib/sel4rt/src/thread.c \
	lib/sel4rt/src/alloc.c \
	lib/sel4rt/src/image.c \
	lib/sel4rt/src/exit.c \
	lib/sel4rt/src/fmt.c \
	lib/sel4rt/src/printf.c \
	lib/sel4rt/src/string.c

SEL4RT_OBJS := $(patsubst %,$(OUT)/%.o,$(basename $(SEL4RT_SRCS)))

$(SEL4RT_LIB): $(SEL4RT_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

# The example root task booted by ./run.sh until the executive exists.
SEL4RT_HELLO := $(OUT)/lib/sel4rt/hello.elf

$(SEL4RT_HELLO): $(OUT)/lib/sel4rt/examples/hello.o $(SEL4RT_LIB) $(ROOTTASK_LDS)
	@mkdir -p $(dir $@)
	$(LD) $(ROOTTASK_LDFLAGS) -o $@ $(OUT)/lib/sel4rt/examples/hello.o $(SEL4RT_LIB)

ALL_TARGETS += $(SEL4RT_LIB) $(SEL4RT_HELLO)
