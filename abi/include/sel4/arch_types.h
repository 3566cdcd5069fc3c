/*
 * sel4/arch_types.h — x86_64 structures of the ABI: the IPC buffer, the
 * register set of TCB_{Read,Write,Copy}Registers, and VM attributes.
 *
 * Pure header.  The IPC buffer is 1024 bytes, 1024-aligned, inside one
 * frame; word i+1 carries message register i for i >= 4 (MR0..3 travel in
 * R10, R8, R9, R15).  seL4_UserContext lists the registers in the order the
 * kernel transfers them: the 18 "frame" registers, then FS and GS base.
 */
#ifndef SEL4_ARCH_TYPES_H
#define SEL4_ARCH_TYPES_H

#include <sel4/constants.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer;

typedef struct seL4_UserContext_ {
    seL4_Word rip, rsp, rflags, rax, rbx, rcx, rdx, rsi, rdi, rbp;
    seL4_Word r8, r9, r10, r11, r12, r13, r14, r15;
    seL4_Word fs_base, gs_base;
} seL4_UserContext;

/* Number of words in seL4_UserContext and how they split for CopyRegisters. */
#define seL4_UserContext_NumWords 20
#define seL4_UserContext_FrameWords 18
#define seL4_UserContext_IntegerWords 2

typedef enum {
    seL4_X86_WriteBack = 0,
    seL4_X86_WriteThrough = 1,
    seL4_X86_CacheDisabled = 2,
    seL4_X86_Uncacheable = 3,
    seL4_X86_WriteCombining = 4,
    seL4_X86_Default_VMAttributes = 0,
    SEL4_FORCE_LONG_ENUM(seL4_X86_VMAttributes),
} seL4_X86_VMAttributes;

/* EPT attributes (VT-x only; listed for completeness). */
typedef enum {
    seL4_X86_EPT_Uncacheable = 0,
    seL4_X86_EPT_WriteCombining = 1,
    seL4_X86_EPT_WriteThrough = 4,
    seL4_X86_EPT_WriteProtected = 5,
    seL4_X86_EPT_WriteBack = 6,
    seL4_X86_EPT_Uncached_VMAttributes = 6,
    seL4_X86_EPT_Default_VMAttributes = 6,
    SEL4_FORCE_LONG_ENUM(seL4_X86_EPT_VMAttributes),
} seL4_X86_EPT_VMAttributes;

/* Layout pins (reference §3 and §9). */
SEL4_SIZE_ASSERT(seL4_IPCBuffer, 1 << seL4_IPCBufferSizeBits);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, tag, 0);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, msg, 8);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, userData, 968);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, caps_or_badges, 976);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, receiveCNode, 1000);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, receiveIndex, 1008);
SEL4_OFFSET_ASSERT(seL4_IPCBuffer, receiveDepth, 1016);
SEL4_SIZE_ASSERT(seL4_UserContext, 160);
SEL4_OFFSET_ASSERT(seL4_UserContext, rip, 0);
SEL4_OFFSET_ASSERT(seL4_UserContext, rflags, 16);
SEL4_OFFSET_ASSERT(seL4_UserContext, rdi, 64);
SEL4_OFFSET_ASSERT(seL4_UserContext, r8, 80);
SEL4_OFFSET_ASSERT(seL4_UserContext, r15, 136);
SEL4_OFFSET_ASSERT(seL4_UserContext, fs_base, 144);
SEL4_OFFSET_ASSERT(seL4_UserContext, gs_base, 152);
_Static_assert(sizeof(seL4_UserContext) == seL4_UserContext_NumWords * sizeof(seL4_Word),
               "UserContext words");

#endif /* SEL4_ARCH_TYPES_H */
