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
 * point to their two children, used ones belong to a caller.  Every object
 * the executive makes is a used block, and splitting makes two nodes, so
 * there are about two nodes per live object.  The first MI_BOOT_UNTYPED_NODES
 * are a fixed table; beyond that, nodes come a page at a time, mapped in the
 * executive like any alias page (user.c), never from the pool (which is
 * built on this allocator).  A page is fetched when only
 * MI_UNTYPED_NODE_RESERVE free nodes are left, and mapping it (a frame,
 * perhaps page tables: splits, hence nodes) uses that reserve, the way the
 * slot allocator adds tables (slots.c).  Node pages are kept once fetched.
 *
 * The seL4 operations go through MiRetypeCap/MiRevokeCap/MiDeleteCap and
 * slots through MmAllocateSlot/MmFreeSlot, so the host tests can run the
 * logic against a model.
 */
#include "mi.h"

static MI_UNTYPED MiNodes[MI_BOOT_UNTYPED_NODES];
static MI_UNTYPED *MiFreeNodes;
static ULONG MiFreeNodeCount, MiTotalNodeCount;
static BOOLEAN MiFetchingNodes;
static MI_UNTYPED *MiFreeLists[64];
static ULONG64 MiFreeBytes, MiTotalBytes;

static VOID MiDropNode(MI_UNTYPED *n)
{
    n->State = MI_UNUSED_NODE;
    n->NextFree = MiFreeNodes;
    MiFreeNodes = n;
    MiFreeNodeCount++;
}

static MI_UNTYPED *MiNewNode(VOID)
{
    MI_UNTYPED *n = MiFreeNodes;
    if (n) {
        MiFreeNodes = n->NextFree;
        MiFreeNodeCount--;
        *n = (MI_UNTYPED){ 0 };
    }
    return n;
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
    MiFreeNodeCount = 0;
    MiFetchingNodes = FALSE;
    for (int i = MI_BOOT_UNTYPED_NODES - 1; i >= 0; i--)
        MiDropNode(&MiNodes[i]);
    MiTotalNodeCount = MI_BOOT_UNTYPED_NODES;
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

/*
 * Splitting takes slots and nodes, and taking a slot may add a slot table,
 * which allocates untyped memory again (slots.c): the block being split is
 * off the free lists and marked split before any of that, so a nested
 * allocation cannot take it.  For the same reason a slot table emptied
 * while a block is being freed is given back only once the tree is
 * consistent again (MiUntypedBusy, MiTrimSlots).
 */
static ULONG MiUntypedDepth; /* calls of MiAllocateUntyped/MiFreeUntyped under way */

BOOLEAN MiUntypedBusy(VOID) { return MiUntypedDepth != 0; }

/* Split a free block into two free halves. */
static NTSTATUS MiSplit(MI_UNTYPED *n)
{
    MiUnlinkFree(n);
    n->State = MI_SPLIT;
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
    MiPushFree(n);
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

/* Nodes beyond the boot table: a page of them, fetched while enough are left
 * for mapping that page (its frame and page tables split blocks too). */
static VOID MiFetchNodes(VOID)
{
    if (MiFreeNodeCount > MI_UNTYPED_NODE_RESERVE || MiFetchingNodes)
        return;
    MiFetchingNodes = TRUE;
    MM_OBJECT frame;
    PUCHAR page;
    NTSTATUS st = MiAllocateAliasPage(&frame, &page);
    MiFetchingNodes = FALSE;
    if (!NT_SUCCESS(st))
        return;
    MI_UNTYPED *chunk = (MI_UNTYPED *)page;
    for (int i = MI_UNTYPED_NODES_PER_PAGE - 1; i >= 0; i--)
        MiDropNode(&chunk[i]);
    MiTotalNodeCount += MI_UNTYPED_NODES_PER_PAGE;
}

static NTSTATUS MiAllocateUntypedInner(UCHAR Bits, MI_UNTYPED **Node)
{
    MiFetchNodes();
    /* No page came: the reserve is only for mapping one. */
    if (MiFreeNodeCount <= MI_UNTYPED_NODE_RESERVE && !MiFetchingNodes)
        return STATUS_INSUFFICIENT_RESOURCES;
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

NTSTATUS MiAllocateUntyped(UCHAR Bits, MI_UNTYPED **Node)
{
    if (Bits < seL4_MinUntypedBits || Bits >= 64)
        return STATUS_INVALID_PARAMETER;
    MiUntypedDepth++;
    NTSTATUS st = MiAllocateUntypedInner(Bits, Node);
    MiUntypedDepth--;
    return st;
}

VOID MiFreeUntyped(MI_UNTYPED *n)
{
    MiUntypedDepth++;
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
    if (--MiUntypedDepth == 0)
        MiTrimSlots();
}

ULONG64 MiFreeUntypedBytes(VOID) { return MiFreeBytes; }
ULONG64 MiTotalUntypedBytes(VOID) { return MiTotalBytes; }
ULONG MiUntypedNodesInUse(VOID) { return MiTotalNodeCount - MiFreeNodeCount; }
