/*
 * caps.c — the memory manager's seL4 operations on the executive's CSpace,
 * and the making of that CSpace.
 *
 * The kernel gives the root task one CNode of 4096 slots (radix 12, guard
 * 52: a CPtr is the slot number, resolved with depth 64).  At start-up
 * MiInitializeCSpace puts a two-level CSpace in its place (the layout is
 * described in slots.c and docs/executive.md):
 *
 *   1. a top-level CNode of 2^MI_CSPACE_L1_BITS slots is retyped into a slot
 *      of the initial CNode;
 *   2. slot 0 of the top-level CNode gets a copy of the initial CNode's cap
 *      with no guard, so it resolves the low MI_CSPACE_L2_BITS bits;
 *   3. a copy of the top-level CNode's cap with a guard of 0 over the bits
 *      above both levels becomes the root task's CSpace root
 *      (seL4_TCB_SetSpace) and MmCSpaceRoot, the CNode every operation on
 *      the executive's slots names with depth 64.
 *
 * Every CPtr the root task had keeps its meaning (top index 0 is the
 * initial CNode), so nothing taken before the switch has to move.  Slot
 * tables are retyped straight into the top-level CNode; Retype is the one
 * invocation that names its destination CNode and slot separately, so
 * MiRetypeCap splits a CPtr into (top index at depth 64 - L2, offset).
 */
#include "mi.h"

#define MI_DEPTH 64
#define MI_TOP_DEPTH (MI_DEPTH - MI_CSPACE_L2_BITS) /* bits that name a top-level slot */
#define MI_TOP_GUARD (MI_TOP_DEPTH - MI_CSPACE_L1_BITS)

seL4_CPtr MmCSpaceRoot = seL4_CapInitThreadCNode;
static seL4_CPtr MiTopCNode; /* the top-level CNode, unguarded: names its own slots */
static BOOLEAN MiTwoLevel;

NTSTATUS MiRetypeCap(seL4_CPtr Untyped, seL4_Word Type, seL4_Word SizeBits, seL4_CPtr Dest)
{
    seL4_Word index = 0, depth = 0, offset = Dest;
    if (MiTwoLevel) {
        index = Dest >> MI_CSPACE_L2_BITS;
        depth = MI_TOP_DEPTH;
        offset = Dest & ((1ull << MI_CSPACE_L2_BITS) - 1);
    }
    seL4_Error e = seL4_Untyped_Retype(Untyped, Type, SizeBits, MmCSpaceRoot, index, depth, offset, 1);
    if (e == seL4_NoError)
        return STATUS_SUCCESS;
    DbgTrace(DBG_MM, "mm: retype of %lu into type %lu/%lu at %lu failed: %d\n", (unsigned long)Untyped,
             (unsigned long)Type, (unsigned long)SizeBits, (unsigned long)Dest, (int)e);
    return e == seL4_NotEnoughMemory ? STATUS_NO_MEMORY : STATUS_UNSUCCESSFUL;
}

VOID MiRevokeCap(seL4_CPtr Cap)
{
    seL4_CNode_Revoke(MmCSpaceRoot, Cap, MI_DEPTH);
}

VOID MiDeleteCap(seL4_CPtr Cap)
{
    seL4_CNode_Delete(MmCSpaceRoot, Cap, MI_DEPTH);
}

NTSTATUS MiInstallSlotTable(seL4_CPtr Untyped, ULONG Index)
{
    if (!MiTwoLevel)
        return STATUS_UNSUCCESSFUL;
    seL4_Error e =
        seL4_Untyped_Retype(Untyped, seL4_CapTableObject, MI_CSPACE_L2_BITS, MiTopCNode, 0, 0, Index, 1);
    if (e != seL4_NoError) {
        DbgTrace(DBG_MM, "mm: slot table %u: retype failed: %d\n", Index, (int)e);
        return e == seL4_NotEnoughMemory ? STATUS_NO_MEMORY : STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS MiInitializeCSpace(VOID)
{
    MI_UNTYPED *block;
    seL4_CPtr top = 0, root = 0;
    NTSTATUS st = MiAllocateUntyped(MI_CSPACE_L1_BITS + seL4_SlotBits, &block);
    if (!NT_SUCCESS(st))
        return st;
    if (!NT_SUCCESS(st = MmAllocateSlot(&top)) || !NT_SUCCESS(st = MmAllocateSlot(&root)) ||
        !NT_SUCCESS(st = MiRetypeCap(block->Cap, seL4_CapTableObject, MI_CSPACE_L1_BITS, top)))
        return st;
    if (seL4_CNode_Mint(top, 0, MI_CSPACE_L1_BITS, seL4_CapInitThreadCNode, seL4_CapInitThreadCNode, MI_DEPTH,
                        seL4_AllRights, seL4_CNode_CapData_new(0, 0).words[0]) != seL4_NoError ||
        seL4_CNode_Mint(seL4_CapInitThreadCNode, root, MI_DEPTH, seL4_CapInitThreadCNode, top, MI_DEPTH,
                        seL4_AllRights, seL4_CNode_CapData_new(0, MI_TOP_GUARD).words[0]) != seL4_NoError ||
        seL4_TCB_SetSpace(seL4_CapInitThreadTCB, 0, root, 0, seL4_CapInitThreadVSpace, 0) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    MiTopCNode = top;
    MmCSpaceRoot = root;
    MiTwoLevel = TRUE;
    MiEnableSlotGrowth();
    return STATUS_SUCCESS;
}
