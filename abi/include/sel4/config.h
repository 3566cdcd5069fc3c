/*
 * sel4/config.h — the kernel configuration this ABI describes.
 *
 * The seL4 ABI changes shape with the kernel configuration (see §0 of
 * docs/reference: MCS, IOMMU, VT-x, SMP, huge pages ...).  Neptune's kernel
 * implements exactly one configuration: seL4 16.0.0, x86_64 / pc99, non-MCS,
 * one node, IOMMU off, VT-x off, huge pages on, FSGSBASE via instructions,
 * `syscall` entry.  The values below are that configuration, written once so
 * that the kernel and user code agree.  Each is overridable only in the sense
 * that an earlier definition wins; nothing in the tree should override them.
 *
 * CONFIG_DEBUG_BUILD is deliberately not set here: the build system passes it
 * for debug builds.  Options that are OFF are simply not defined.
 */
#ifndef SEL4_CONFIG_H
#define SEL4_CONFIG_H

#ifndef CONFIG_ARCH_X86_64
#define CONFIG_ARCH_X86_64 1
#endif
#ifndef CONFIG_PLAT_PC99
#define CONFIG_PLAT_PC99 1
#endif
#ifndef CONFIG_WORD_SIZE
#define CONFIG_WORD_SIZE 64
#endif
#ifndef CONFIG_HUGE_PAGE
#define CONFIG_HUGE_PAGE 1
#endif
#ifndef CONFIG_SYSCALL
#define CONFIG_SYSCALL 1
#endif
#ifndef CONFIG_FSGSBASE_INST
#define CONFIG_FSGSBASE_INST 1
#endif
#ifndef CONFIG_PRINTING
#define CONFIG_PRINTING 1
#endif
#ifndef CONFIG_MAX_NUM_NODES
#define CONFIG_MAX_NUM_NODES 1
#endif
#ifndef CONFIG_NUM_PRIORITIES
#define CONFIG_NUM_PRIORITIES 256
#endif
#ifndef CONFIG_NUM_DOMAINS
#define CONFIG_NUM_DOMAINS 1
#endif
/* Length of the domain schedule (entry 0 plus the end marker). */
#ifndef CONFIG_NUM_DOMAIN_SCHEDULES
#define CONFIG_NUM_DOMAIN_SCHEDULES 2
#endif
#ifndef CONFIG_ROOT_CNODE_SIZE_BITS
#define CONFIG_ROOT_CNODE_SIZE_BITS 12
#endif
#ifndef CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#endif
#ifndef CONFIG_RETYPE_FAN_OUT_LIMIT
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256
#endif
#ifndef CONFIG_TIMER_TICK_MS
#define CONFIG_TIMER_TICK_MS 2
#endif
#ifndef CONFIG_TIME_SLICE
#define CONFIG_TIME_SLICE 5
#endif
#ifndef CONFIG_XSAVE_SIZE
#define CONFIG_XSAVE_SIZE 576
#endif
#ifndef CONFIG_MAX_NUM_TRACE_POINTS
#define CONFIG_MAX_NUM_TRACE_POINTS 0
#endif

#endif /* SEL4_CONFIG_H */
