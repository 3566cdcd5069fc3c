/*
 * Build-time configuration of the kernel.  These are the values of seL4's
 * default pc99 x86_64 non-MCS configuration (see docs/kernel.md): changing
 * one changes the ABI, so they are not meant to be tuned casually.
 */
#pragma once

#define CONFIG_NUM_PRIORITIES 256
#define CONFIG_MAX_PRIO 255
#define CONFIG_TIMER_TICK_MS 2
#define CONFIG_TIME_SLICE 5
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256
#define CONFIG_ROOT_CNODE_SIZE_BITS 12
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define CONFIG_NUM_DOMAINS 1
#define CONFIG_NUM_DOMAIN_SCHEDULES 2
#define CONFIG_PADDR_USER_DEVICE_TOP (1ull << 47)
#define CONFIG_USER_TOP 0x00007fffffffffffull
#define CONFIG_MAX_IOAPICS 8
#define CONFIG_KERNEL_STACK_BITS 14
#define CONFIG_THREAD_NAME_LEN 32

/* Virtual memory layout of the kernel (upper half, PML4 slot 511). */
#define PPTR_BASE 0xffffff8000000000ull   /* window onto physical memory */
#define PPTR_TOP 0xffffffff80000000ull    /* 510 GiB window */
#define KERNEL_ELF_BASE 0xffffffff80000000ull /* maps physical 0..1 GiB */
#define KERNEL_ELF_PADDR 0x100000ull
#define KDEV_BASE 0xffffffffc0000000ull   /* uncached device mappings */
#define PPTR_WINDOW_SIZE (PPTR_TOP - PPTR_BASE)

/* IRQ numbering (pc99): user vector v -> kernel IRQ v+16 -> CPU vector v+0x30 */
#define IRQ_OFFSET 0x30
#define IRQ_USER_MIN 16
#define IRQ_USER_MAX 123
#define IRQ_TIMER 125
#define VECTOR_TIMER (IRQ_TIMER + 0x20)   /* 157 */
#define VECTOR_SPURIOUS 0xff
#define NUM_IRQS 128
/* Vectors from which a user `int N` is reported as an UnknownSyscall fault. */
#define INT_TRAP_MIN 158
