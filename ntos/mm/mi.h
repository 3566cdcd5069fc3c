/*
 * mi.h — private to the memory manager.
 *
 * The buddy allocator's logic (untyped.c) reaches seL4 only through the
 * Mi*Cap functions below, implemented with real invocations in caps.c and by
 * a model in the host tests (tests/host/ntos/), so the logic is tested
 * without a kernel.
 */
#pragma once
#include "../inc/ntos.h"
#include <sel4rt/sel4rt.h> /* memset, memcpy: until the executive links rtl */

/* ---- seL4 backend ---- */
NTSTATUS MiRetypeCap(seL4_CPtr Untyped, seL4_Word Type, seL4_Word SizeBits, seL4_CPtr Dest);
VOID MiRevokeCap(seL4_CPtr Cap);
VOID MiDeleteCap(seL4_CPtr Cap);

/* ---- buddy allocator over untyped memory (untyped.c) ---- */
#define MI_MAX_UNTYPED_NODES 8192

typedef struct _MI_UNTYPED {
    seL4_CPtr Cap;
    ULONG64 PhysAddr;
    UCHAR Bits;
    UCHAR State;                 /* MI_FREE, MI_SPLIT, MI_USED */
    struct _MI_UNTYPED *Parent;  /* NULL for boot untypeds */
    struct _MI_UNTYPED *Child[2];
    struct _MI_UNTYPED *NextFree, *PrevFree;
} MI_UNTYPED;

enum { MI_UNUSED_NODE = 0, MI_FREE, MI_SPLIT, MI_USED };

VOID MiInitializeUntyped(VOID);
NTSTATUS MiAddUntyped(seL4_CPtr Cap, ULONG64 PhysAddr, UCHAR Bits);
NTSTATUS MiAllocateUntyped(UCHAR Bits, MI_UNTYPED **Node);
VOID MiFreeUntyped(MI_UNTYPED *Node);
MI_UNTYPED *MiFindUntyped(seL4_CPtr Cap);
ULONG64 MiFreeUntypedBytes(VOID);
ULONG64 MiTotalUntypedBytes(VOID);

/* ---- slots (slots.c) ---- */
VOID MiInitializeSlots(seL4_CPtr First, seL4_CPtr End);
ULONG MiFreeSlotCount(VOID);

/* ---- address-space descriptors (vad.c) ---- */
#define MI_USER_END 0x7fffffff0000ull /* x64 user space ends below the last 64 KiB */
#define MI_USER_START 0x10000ull
typedef struct _MMVAD MMVAD;
MMVAD *MiFindVad(PMMSUPPORT Vm, ULONG_PTR Va);
ULONG_PTR MiFindFreeRange(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown); /* granularity-aligned; 0 if none */
BOOLEAN MiRangeFree(PMMSUPPORT Vm, ULONG_PTR Start, ULONG_PTR End);
NTSTATUS MiInsertVad(PMMSUPPORT Vm, ULONG_PTR Start, ULONG_PTR End, ULONG Type, ULONG Protect, MMVAD **Out);
VOID MiRemoveVad(PMMSUPPORT Vm, MMVAD *Vad);
BOOLEAN MiIsCommitted(MMVAD *Vad, ULONG_PTR Va);
VOID MiSetCommitted(MMVAD *Vad, ULONG_PTR Va, BOOLEAN Committed);
ULONG MiVadProtect(MMVAD *Vad);
ULONG_PTR MiVadStart(MMVAD *Vad);
ULONG_PTR MiVadEnd(MMVAD *Vad);
ULONG MiVadType(MMVAD *Vad);
MMVAD *MiFirstVad(PMMSUPPORT Vm);
MMVAD *MiNextVad(MMVAD *Vad);
BOOLEAN MiProtectWritable(ULONG Protect);
VOID MiUnmapUserPage(PMMSUPPORT Vm, ULONG_PTR Va);
