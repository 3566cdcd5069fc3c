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
