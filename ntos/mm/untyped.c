/*
 * untyped.c — a buddy allocator over untyped capabilities.
 *
 * The boot untypeds are the roots.  A request for 2^n bytes takes the
 * smallest free block of at least that size and halves it until it fits:
 * halving a block retypes it into two child untypeds of half the size (two
 * Retypes of one object each, so the second lands right after the first).
 * Freeing revokes the block (which destroys whatever was built from it)
 * and, when its buddy is free too, revokes the parent as well, deleting
 * both children and making the parent one free block again.
 *
 * Nodes describe blocks: free ones sit on one list per size, split ones
 * point to their two children, used ones belong to a caller.  Node memory is
 * a fixed table (MI_MAX_UNTYPED_NODES): this allocator is what every other
 * allocator is built on, so it cannot itself depend on the pool.
 *
 * The seL4 operations go through MiRetypeCap/MiRevokeCap/MiDeleteCap and
 * slots through MmAllocateSlot/MmFreeSlot, so the host tests can run the
 * logic against a model.
 */
#include "mi.h"

static MI_UNTYPED MiNodes[MI_MAX_UNTYPED_NODES];
static MI_UNTYPED *MiFreeNodes;
static MI_UNTYPED *MiFreeLists[64];
static ULONG64 MiFreeBytes, MiTotalBytes;

static MI_UNTYPED *MiNewNode(VOID)
{
    MI_UNTYPED *n = MiFreeNodes;
    if (n) {
        MiFreeNodes = n->NextFree;
        *n = (MI_UNTYPED){ 0 };
    }
    return n;
}

static VOID MiDropNode(MI_UNTYPED *n)
{
    n->State = MI_UNUSED_NODE;
    n->NextFree = MiFreeNodes;
    MiFreeNodes = n;
}

static VOID MiPushFree(MI_UNTYPED *n)
{
    n->State = MI_FREE;
    n->PrevFree = NULL;
    n->NextFree = MiFreeLists[n->Bits];
    if (n->NextFree)
        n->NextFree->PrevFree = n;
    MiFreeLists[n->Bits] = n;
    MiFreeBytes += 1ull << n->Bits;
}

static VOID MiUnlinkFree(MI_UNTYPED *n)
{
    if (n->PrevFree)
        n->PrevFree->NextFree = n->NextFree;
    else
        MiFreeLists[n->Bits] = n->NextFree;
    if (n->NextFree)
        n->NextFree->PrevFree = n->PrevFree;
    n->NextFree = n->PrevFree = NULL;
    MiFreeBytes -= 1ull << n->Bits;
}

VOID MiInitializeUntyped(VOID)
{
    MiFreeNodes = NULL;
    for (int i = MI_MAX_UNTYPED_NODES - 1; i >= 0; i--)
        MiDropNode(&MiNodes[i]);
    for (int i = 0; i < 64; i++)
        MiFreeLists[i] = NULL;
    MiFreeBytes = MiTotalBytes = 0;
}

NTSTATUS MiAddUntyped(seL4_CPtr Cap, ULONG64 PhysAddr, UCHAR Bits)
{
    MI_UNTYPED *n = MiNewNode();
    if (!n)
        return STATUS_INSUFFICIENT_RESOURCES;
    n->Cap = Cap;
    n->PhysAddr = PhysAddr;
    n->Bits = Bits;
    MiTotalBytes += 1ull << Bits;
    MiPushFree(n);
    return STATUS_SUCCESS;
}

/* Split a free block into two free halves; returns the first half. */
static NTSTATUS MiSplit(MI_UNTYPED *n)
{
    MI_UNTYPED *c0 = MiNewNode(), *c1 = MiNewNode();
    seL4_CPtr s0 = 0, s1 = 0;
    NTSTATUS st = STATUS_INSUFFICIENT_RESOURCES;
    if (!c0 || !c1)
        goto fail;
    st = MmAllocateSlot(&s0);
    if (!NT_SUCCESS(st))
        goto fail;
    st = MmAllocateSlot(&s1);
    if (!NT_SUCCESS(st))
        goto fail;
    st = MiRetypeCap(n->Cap, seL4_UntypedObject, n->Bits - 1, s0);
    if (!NT_SUCCESS(st))
        goto fail;
    st = MiRetypeCap(n->Cap, seL4_UntypedObject, n->Bits - 1, s1);
    if (!NT_SUCCESS(st)) {
        MiRevokeCap(n->Cap);
        goto fail;
    }
    MiUnlinkFree(n);
    n->State = MI_SPLIT;
    for (int i = 0; i < 2; i++) {
        MI_UNTYPED *c = i ? c1 : c0;
        c->Cap = i ? s1 : s0;
        c->Bits = n->Bits - 1;
        c->PhysAddr = n->PhysAddr + (i ? (1ull << c->Bits) : 0);
        c->Parent = n;
        n->Child[i] = c;
        MiPushFree(c);
    }
    return STATUS_SUCCESS;
fail:
    if (s1)
        MmFreeSlot(s1);
    if (s0)
        MmFreeSlot(s0);
    if (c1)
        MiDropNode(c1);
    if (c0)
        MiDropNode(c0);
    return st;
}

NTSTATUS MiAllocateUntyped(UCHAR Bits, MI_UNTYPED **Node)
{
    if (Bits < seL4_MinUntypedBits || Bits >= 64)
        return STATUS_INVALID_PARAMETER;
    UCHAR b = Bits;
    while (b < 64 && !MiFreeLists[b])
        b++;
    if (b == 64)
        return STATUS_NO_MEMORY;
    MI_UNTYPED *n = MiFreeLists[b];
    while (n->Bits > Bits) {
        NTSTATUS st = MiSplit(n);
        if (!NT_SUCCESS(st))
            return st;
        n = n->Child[0];
    }
    MiUnlinkFree(n);
    n->State = MI_USED;
    *Node = n;
    return STATUS_SUCCESS;
}

VOID MiFreeUntyped(MI_UNTYPED *n)
{
    /* Destroy whatever was built from the block. */
    MiRevokeCap(n->Cap);
    MiPushFree(n);
    /* Merge with free buddies as far as possible. */
    while (n->Parent) {
        MI_UNTYPED *p = n->Parent;
        MI_UNTYPED *other = p->Child[0] == n ? p->Child[1] : p->Child[0];
        if (other->State != MI_FREE)
            break;
        MiUnlinkFree(n);
        MiUnlinkFree(other);
        MiRevokeCap(p->Cap); /* deletes both children's caps */
        MmFreeSlot(n->Cap);
        MmFreeSlot(other->Cap);
        MiDropNode(n);
        MiDropNode(other);
        p->Child[0] = p->Child[1] = NULL;
        MiPushFree(p);
        n = p;
    }
}

MI_UNTYPED *MiFindUntyped(seL4_CPtr Cap)
{
    for (int i = 0; i < MI_MAX_UNTYPED_NODES; i++)
        if (MiNodes[i].State == MI_USED && MiNodes[i].Cap == Cap)
            return &MiNodes[i];
    return NULL;
}

ULONG64 MiFreeUntypedBytes(VOID) { return MiFreeBytes; }
ULONG64 MiTotalUntypedBytes(VOID) { return MiTotalBytes; }
