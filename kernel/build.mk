# The microkernel: kernel.elf (ELF64, for GRUB and SYSLINUX) and
# kernel32.elf (the same image as ELF32, for QEMU's -kernel loader).
KERNEL_SRCS := $(shell find kernel/src -name '*.c' -o -name '*.S')
KERNEL_OBJS := $(patsubst %,$(OUT)/%.o,$(basename $(KERNEL_SRCS)))

$(OUT)/kernel/kernel.elf: $(KERNEL_OBJS) kernel/linker.ld
	$(LD) -static -nostdlib -z max-page-size=0x1000 -T kernel/linker.ld -o $@ $(KERNEL_OBJS)

$(OUT)/kernel/kernel32.elf: $(OUT)/kernel/kernel.elf
	$(OBJCOPY) -I elf64-x86-64 -O elf32-i386 $< $@

ALL_TARGETS += $(OUT)/kernel/kernel.elf $(OUT)/kernel/kernel32.elf
