/*
 * caps.c — the memory manager's seL4 operations on the root CNode, and the
 * CSpace slot allocator.
 *
 * The executive addresses its capabilities as slots of the root CNode
 * (radix 12, guard 52: a CPtr is the slot number, resolved with depth 64).
 * Free slots are a bitmap over bootinfo's `empty` region.  4096 slots is
 * the seL4 default root CNode; a two-level CSpace will replace it once the
 * executive creates processes in numbers (see docs/executive.md).
 */
#include "mi.h"

#define MI_ROOT seL4_CapInitThreadCNode
#define MI_DEPTH 64

NTSTATUS MiRetypeCap(seL4_CPtr Untyped, seL4_Word Type, seL4_Word SizeBits, seL4_CPtr Dest)
{
    seL4_Error e = seL4_Untyped_Retype(Untyped, Type, SizeBits, MI_ROOT, 0, 0, Dest, 1);
    if (e == seL4_NoError)
        return STATUS_SUCCESS;
    DbgTrace(DBG_MM, "mm: retype of %lu into type %lu/%lu at %lu failed: %d\n", (unsigned long)Untyped,
             (unsigned long)Type, (unsigned long)SizeBits, (unsigned long)Dest, (int)e);
    return e == seL4_NotEnoughMemory ? STATUS_NO_MEMORY : STATUS_UNSUCCESSFUL;
}

VOID MiRevokeCap(seL4_CPtr Cap)
{
    seL4_CNode_Revoke(MI_ROOT, Cap, MI_DEPTH);
}

VOID MiDeleteCap(seL4_CPtr Cap)
{
    seL4_CNode_Delete(MI_ROOT, Cap, MI_DEPTH);
}

/* ------------------------------------------------------------- slots */

#define MI_MAX_SLOTS 4096
static ULONG64 MiSlotBitmap[MI_MAX_SLOTS / 64]; /* 1 = free */
static ULONG MiSlotsFree;

VOID MiInitializeSlots(seL4_CPtr First, seL4_CPtr End)
{
    for (seL4_CPtr s = First; s < End && s < MI_MAX_SLOTS; s++) {
        MiSlotBitmap[s / 64] |= 1ull << (s % 64);
        MiSlotsFree++;
    }
}

NTSTATUS MmAllocateSlot(seL4_CPtr *Slot)
{
    for (ULONG w = 0; w < MI_MAX_SLOTS / 64; w++) {
        if (MiSlotBitmap[w]) {
            ULONG bit = (ULONG)__builtin_ctzll(MiSlotBitmap[w]);
            MiSlotBitmap[w] &= ~(1ull << bit);
            MiSlotsFree--;
            *Slot = w * 64 + bit;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

VOID MmFreeSlot(seL4_CPtr Slot)
{
    if (Slot >= MI_MAX_SLOTS || (MiSlotBitmap[Slot / 64] & (1ull << (Slot % 64))))
        KeBugCheckEx(NO_PAGES_AVAILABLE, Slot, 0, 0, 1); /* double free of a slot */
    MiSlotBitmap[Slot / 64] |= 1ull << (Slot % 64);
    MiSlotsFree++;
}

ULONG MiFreeSlotCount(VOID) { return MiSlotsFree; }
