/*
 * sel4/constants.h — every numeric constant of the x86_64 seL4 ABI.
 *
 * Pure header.  Object sizes (log2 bytes), message-register limits, badge and
 * guard widths, the user address-space top, priorities and ASID geometry.
 * Values are those of the configuration in sel4/config.h.  Where seL4 ties a
 * value to a configuration option the dependency is noted next to it.
 */
#ifndef SEL4_CONSTANTS_H
#define SEL4_CONSTANTS_H

#include <sel4/config.h>

/* Machine word. */
#define seL4_WordBits 64
#define seL4_WordSizeBits 3

/* Capability slots and kernel objects (log2 of the size in bytes). */
#define seL4_SlotBits 5
#define seL4_TCBBits 11 /* 12 if CONFIG_XSAVE_SIZE >= 832 */
#define seL4_EndpointBits 4
#define seL4_NotificationBits 5
#define seL4_PageBits 12
#define seL4_LargePageBits 21
#define seL4_HugePageBits 30
#define seL4_PageTableBits 12
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageDirBits 12
#define seL4_PageDirEntryBits 3
#define seL4_PageDirIndexBits 9
#define seL4_PDPTBits 12
#define seL4_PDPTEntryBits 3
#define seL4_PDPTIndexBits 9
#define seL4_PML4Bits 12
#define seL4_PML4EntryBits 3
#define seL4_PML4IndexBits 9
#define seL4_VSpaceBits seL4_PML4Bits
#define seL4_IOPageTableBits 12
#define seL4_IOPageTableIndexBits 9
#define seL4_IOPageTableEntryBits 3
#define seL4_X86_VCPUBits 14    /* VT-x only */
#define seL4_X86_EPTPML4Bits 12 /* VT-x only */
#define seL4_X86_EPTPDPTBits 12 /* VT-x only */
#define seL4_X86_EPTPDBits 12   /* VT-x only */
#define seL4_X86_EPTPTBits 12   /* VT-x only */
#define seL4_ASIDPoolBits 12
#define seL4_ASIDPoolIndexBits 9
#define seL4_NumASIDPoolsBits 3
#define seL4_BootInfoFrameBits 12
#define seL4_IPCBufferSizeBits 10
#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 47
#define seL4_UntypedRetypeMaxObjects CONFIG_RETYPE_FAN_OUT_LIMIT

/* ASIDs: 8 pools of 512; ASID 0 is never handed out. */
#define seL4_NumASIDPools (1ul << seL4_NumASIDPoolsBits)
#define seL4_ASIDPoolSize (1ul << seL4_ASIDPoolIndexBits)
#define seL4_MaxASID ((1ul << (seL4_NumASIDPoolsBits + seL4_ASIDPoolIndexBits)) - 1)

/* Messages. */
#define seL4_MsgLengthBits 7
#define seL4_MsgExtraCapBits 2
#define seL4_MsgMaxLength 120
#define seL4_MsgMaxExtraCaps ((1 << seL4_MsgExtraCapBits) - 1)
#define seL4_FastMessageRegisters 4

/* Badges, guards, rights. */
#define seL4_BadgeBits 64
#define seL4_GuardBits 58
#define seL4_GuardSizeBits 6
#define seL4_CapRightsBits 4

/* User address space. */
#define seL4_UserTop 0x00007ffffffff000ul
#define seL4_UserVSpaceTop 0x00007fffffffeffful

/* Scheduling (non-MCS). */
#define seL4_MinPrio 0
#define seL4_MaxPrio (CONFIG_NUM_PRIORITIES - 1)
#define seL4_NumDomains CONFIG_NUM_DOMAINS

/* TCB flags (seL4_TCB_SetFlags). */
#define seL4_TCBFlag_NoFlag 0x0ul
#define seL4_TCBFlag_fpuDisabled 0x1ul
#define seL4_TCBFlag_MASK 0x1ul

/* Extra bootinfo (x86). */
#define SEL4_MULTIBOOT_MAX_MMAP_ENTRIES 50
#define SEL4_MULTIBOOT_RAM_REGION_TYPE 1

#endif /* SEL4_CONSTANTS_H */
