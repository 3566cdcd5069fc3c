/*
 * mm.h — the executive's memory manager interface (so far: kernel-object
 * memory and the executive's own mappings).
 *
 * Every seL4 object the executive creates comes from MmCreateObject, which
 * takes untyped memory of the object's size from the buddy allocator
 * (mm/untyped.c) and retypes it into a fresh CSpace slot; MmDeleteObject
 * gives both back.  Capabilities are addressed with full depth (64) in the
 * executive's two-level CSpace, whose root is MmCSpaceRoot: pass it, not
 * seL4_CapInitThreadCNode (which reaches only the first 4096 slots), as the
 * CNode of every seL4 operation that names a slot (docs/executive.md).
 */
#pragma once
#include <nt/ntdef.h>
#include <sel4/sel4.h>

typedef struct _MM_OBJECT {
    seL4_CPtr Cap;        /* the object's capability */
    PVOID Block;          /* the allocator's untyped block it came from */
    ULONG64 PhysAddr;
} MM_OBJECT, *PMM_OBJECT;

/* Slots below FirstFreeSlot (in bootinfo's empty region) stay the caller's. */
NTSTATUS MmInitSystem(seL4_BootInfo *BootInfo, seL4_CPtr FirstFreeSlot);
NTSTATUS MmCreateObject(seL4_Word Type, seL4_Word SizeBits, PMM_OBJECT Object);
VOID MmDeleteObject(PMM_OBJECT Object);

/* CSpace slots: STATUS_INSUFFICIENT_RESOURCES when no slot table can be added. */
extern seL4_CPtr MmCSpaceRoot;
#define MM_CSPACE_DEPTH 64
NTSTATUS MmAllocateSlot(seL4_CPtr *Slot);
VOID MmFreeSlot(seL4_CPtr Slot);

/* Map a fresh zeroed page at an executive virtual address. */
NTSTATUS MmMapExecutivePage(ULONG_PTR VirtualAddress, PMM_OBJECT Frame);
VOID MmUnmapExecutivePage(PMM_OBJECT Frame);

typedef struct _MM_STATS {
    ULONG64 FreeBytes;       /* untyped memory not handed out */
    ULONG64 TotalBytes;
    ULONG FreeSlots;
    ULONG TotalSlots; /* the initial CNode's free range and every slot table */
    ULONG SlotTables; /* the initial CNode counts as one */
    ULONG UntypedNodes; /* the untyped allocator's block descriptors in use */
} MM_STATS;
VOID MmQueryStats(MM_STATS *Stats);
