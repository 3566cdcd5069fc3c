/*
 * init.c — memory manager start-up and the object interface.
 *
 * MmInitSystem takes the root task's free slots and every non-device
 * untyped from the bootinfo.  MmCreateObject is how the rest of the
 * executive makes seL4 objects; MmMapExecutivePage maps frames into the
 * executive's own address space, creating page tables on demand.
 */
#include "mi.h"

static seL4_Word MiObjectBits(seL4_Word Type, seL4_Word SizeBits)
{
    switch (Type) {
    case seL4_UntypedObject: return SizeBits;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return SizeBits + seL4_SlotBits;
    case seL4_X86_LargePageObject: return seL4_LargePageBits;
    case seL4_X64_HugePageObject: return seL4_HugePageBits;
    default: return seL4_PageBits; /* 4K frame and all paging structures */
    }
}

NTSTATUS MmInitSystem(seL4_BootInfo *bi, seL4_CPtr FirstFreeSlot)
{
    MiInitializeUntyped();
    MiInitializeSlots(FirstFreeSlot > bi->empty.start ? FirstFreeSlot : bi->empty.start, bi->empty.end);
    ULONG n = (ULONG)(bi->untyped.end - bi->untyped.start);
    for (ULONG i = 0; i < n; i++) {
        seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice)
            continue;
        NTSTATUS st = MiAddUntyped(bi->untyped.start + i, d->paddr, d->sizeBits);
        if (!NT_SUCCESS(st))
            return st;
    }
    NTSTATUS st = MiInitializeCSpace();
    if (!NT_SUCCESS(st))
        return st;
    DbgPrint("mm: %llu KiB of untyped memory, %u free slots (two-level CSpace: tables of %u added on demand)\n",
             (unsigned long long)(MiTotalUntypedBytes() >> 10), MiFreeSlotCount(), 1u << MI_CSPACE_L2_BITS);
    return STATUS_SUCCESS;
}

NTSTATUS MmCreateObject(seL4_Word Type, seL4_Word SizeBits, PMM_OBJECT Object)
{
    seL4_Word bits = MiObjectBits(Type, SizeBits);
    if (bits < seL4_MinUntypedBits)
        bits = seL4_MinUntypedBits;
    MI_UNTYPED *block;
    NTSTATUS st = MiAllocateUntyped((UCHAR)bits, &block);
    if (!NT_SUCCESS(st))
        return st;
    seL4_CPtr slot;
    st = MmAllocateSlot(&slot);
    if (!NT_SUCCESS(st)) {
        MiFreeUntyped(block);
        return st;
    }
    st = MiRetypeCap(block->Cap, Type, SizeBits, slot);
    if (!NT_SUCCESS(st)) {
        MmFreeSlot(slot);
        MiFreeUntyped(block);
        return st;
    }
    Object->Cap = slot;
    Object->Block = block;
    Object->PhysAddr = block->PhysAddr;
    return STATUS_SUCCESS;
}

VOID MmDeleteObject(PMM_OBJECT Object)
{
    MiDeleteCap(Object->Cap);
    MmFreeSlot(Object->Cap);
    MiFreeUntyped(Object->Block);
    Object->Cap = 0;
    Object->Block = NULL;
}

/* Paging structure needed for a failed map, from the lookup failure's
 * "bits left": 39 → PDPT, 30 → page directory, 21 → page table. */
static NTSTATUS MiCreatePagingFor(ULONG_PTR Va, seL4_Word BitsLeft)
{
    seL4_Word type = BitsLeft == 39 ? seL4_X86_PDPTObject
                     : BitsLeft == 30 ? seL4_X86_PageDirectoryObject
                                      : seL4_X86_PageTableObject;
    MM_OBJECT pt;
    NTSTATUS st = MmCreateObject(type, 0, &pt);
    if (!NT_SUCCESS(st))
        return st;
    seL4_Error e;
    if (type == seL4_X86_PDPTObject)
        e = seL4_X86_PDPT_Map(pt.Cap, seL4_CapInitThreadVSpace, Va, seL4_X86_Default_VMAttributes);
    else if (type == seL4_X86_PageDirectoryObject)
        e = seL4_X86_PageDirectory_Map(pt.Cap, seL4_CapInitThreadVSpace, Va, seL4_X86_Default_VMAttributes);
    else
        e = seL4_X86_PageTable_Map(pt.Cap, seL4_CapInitThreadVSpace, Va, seL4_X86_Default_VMAttributes);
    if (e != seL4_NoError) {
        MmDeleteObject(&pt);
        /* DeleteFirst: making pt mapped another executive page nearby,
         * which made the same structure; the caller's retry succeeds. */
        return e == seL4_DeleteFirst ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    }
    /* Executive page tables live as long as the system. */
    return STATUS_SUCCESS;
}

NTSTATUS MmMapExecutivePage(ULONG_PTR Va, PMM_OBJECT Frame)
{
    NTSTATUS st = MmCreateObject(seL4_X86_4K, 0, Frame);
    if (!NT_SUCCESS(st))
        return st;
    for (int tries = 0; tries < 4; tries++) {
        seL4_Error e = seL4_X86_Page_Map(Frame->Cap, seL4_CapInitThreadVSpace, Va, seL4_ReadWrite,
                                         seL4_X86_Default_VMAttributes);
        if (e == seL4_NoError)
            return STATUS_SUCCESS;
        if (e != seL4_FailedLookup)
            break;
        /* MR1 = lookup failure type, MR2 = bits left */
        st = MiCreatePagingFor(Va, seL4_GetMR(2));
        if (!NT_SUCCESS(st)) {
            MmDeleteObject(Frame);
            return st;
        }
    }
    MmDeleteObject(Frame);
    return STATUS_UNSUCCESSFUL;
}

VOID MmUnmapExecutivePage(PMM_OBJECT Frame)
{
    seL4_X86_Page_Unmap(Frame->Cap);
    MmDeleteObject(Frame);
}

VOID MmQueryStats(MM_STATS *Stats)
{
    Stats->FreeBytes = MiFreeUntypedBytes();
    Stats->TotalBytes = MiTotalUntypedBytes();
    Stats->FreeSlots = MiFreeSlotCount();
    Stats->TotalSlots = MiTotalSlotCount();
    Stats->SlotTables = MiSlotTableCount();
    Stats->UntypedNodes = MiUntypedNodesInUse();
}
