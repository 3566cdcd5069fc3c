/*
 * alloc.c — a bump allocator for root-CNode slots and kernel objects.
 *
 * Slots come from bootinfo->empty in increasing order and are not reused
 * (except the one taken by a failed rt_alloc_object).
 * Objects are retyped from the non-device untypeds listed in the bootinfo,
 * first fit.  For each untyped we mirror the kernel's placement rule
 * (reference §4.2): the next object starts at the untyped's free offset
 * rounded up to the object's size, and the free offset moves past it.  If
 * the kernel disagrees (someone else retyped from the same untyped) it
 * answers NotEnoughMemory; we then mark that untyped full and move on.
 */
#include <sel4rt/sel4rt.h>

#include "rt_private.h"

struct untyped_state {
    seL4_Word used; /* bytes from the start of the untyped consumed */
};

static seL4_BootInfo *bi;
static seL4_CPtr next_slot;
static struct untyped_state untypeds[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];

void rt_alloc_init(seL4_BootInfo *bootinfo) {
    bi = bootinfo;
    next_slot = bi->empty.start;
    memset(untypeds, 0, sizeof(untypeds));
}

seL4_CPtr rt_alloc_slot(void) {
    if (bi == NULL || next_slot >= bi->empty.end)
        return seL4_CapNull;
    return next_slot++;
}

seL4_Word rt_object_size_bits(seL4_Word type, seL4_Word size_bits) {
    switch (type) {
    case seL4_UntypedObject:
        return size_bits;
    case seL4_TCBObject:
        return seL4_TCBBits;
    case seL4_EndpointObject:
        return seL4_EndpointBits;
    case seL4_NotificationObject:
        return seL4_NotificationBits;
    case seL4_CapTableObject:
        return size_bits + seL4_SlotBits;
    case seL4_X86_PDPTObject:
        return seL4_PDPTBits;
    case seL4_X64_PML4Object:
        return seL4_PML4Bits;
    case seL4_X64_HugePageObject:
        return seL4_HugePageBits;
    case seL4_X86_4K:
        return seL4_PageBits;
    case seL4_X86_LargePageObject:
        return seL4_LargePageBits;
    case seL4_X86_PageTableObject:
        return seL4_PageTableBits;
    case seL4_X86_PageDirectoryObject:
        return seL4_PageDirBits;
    default:
        return 0;
    }
}

static seL4_Word untyped_count(void) { return bi->untyped.end - bi->untyped.start; }

/* Offset at which an object of 2^bits bytes would go in untyped k, or -1. */
static seL4_Word fit_offset(seL4_Word k, seL4_Word bits) {
    const seL4_UntypedDesc *ut = &bi->untypedList[k];
    seL4_Word size = (seL4_Word)1 << bits;
    seL4_Word start = (untypeds[k].used + size - 1) & ~(size - 1);

    if (ut->isDevice || bits > ut->sizeBits)
        return (seL4_Word)-1;
    if (start + size > ((seL4_Word)1 << ut->sizeBits))
        return (seL4_Word)-1;
    return start;
}

seL4_CPtr rt_alloc_object(seL4_Word type, seL4_Word size_bits) {
    seL4_Word bits = rt_object_size_bits(type, size_bits);
    seL4_CPtr slot;

    if (bi == NULL || bits == 0 || bits >= seL4_WordBits)
        return seL4_CapNull;
    slot = rt_alloc_slot();
    if (slot == seL4_CapNull)
        return seL4_CapNull;
    for (seL4_Word k = 0; k < untyped_count(); k++) {
        seL4_Word start = fit_offset(k, bits);
        seL4_Error err;

        if (start == (seL4_Word)-1)
            continue;
        err = seL4_Untyped_Retype(bi->untyped.start + k, type, size_bits, seL4_CapInitThreadCNode,
                                  0, 0, slot, 1);
        if (err == seL4_NoError) {
            untypeds[k].used = start + ((seL4_Word)1 << bits);
            return slot;
        }
        if (err != seL4_NotEnoughMemory)
            break;
        untypeds[k].used = (seL4_Word)1 << bi->untypedList[k].sizeBits;
    }
    if (slot + 1 == next_slot)
        next_slot = slot; /* give back the slot we just took */
    return seL4_CapNull;
}

seL4_Word rt_free_memory(void) {
    seL4_Word total = 0;

    if (bi == NULL)
        return 0;
    for (seL4_Word k = 0; k < untyped_count(); k++) {
        if (!bi->untypedList[k].isDevice)
            total += ((seL4_Word)1 << bi->untypedList[k].sizeBits) - untypeds[k].used;
    }
    return total;
}
