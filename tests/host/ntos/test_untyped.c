/*
 * Host tests of the executive's buddy allocator (ntos/mm/untyped.c),
 * run against a model of seL4's untyped semantics: retype places objects
 * at the watermark, revoke destroys everything derived and resets it.
 */
#include "../../../ntos/mm/mi.h"
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define SLOTS 8192
static struct {
    int used;        /* slot holds a cap */
    int parent;      /* slot of the untyped it came from, or -1 */
    int is_untyped;
    unsigned bits;
    unsigned long long paddr, watermark;
} cap[SLOTS];
static int slot_taken[SLOTS];
static int slots_in_use;

NTSTATUS MmAllocateSlot(seL4_CPtr *Slot)
{
    for (int s = 100; s < SLOTS; s++)
        if (!slot_taken[s]) {
            slot_taken[s] = 1;
            slots_in_use++;
            *Slot = s;
            return STATUS_SUCCESS;
        }
    return STATUS_INSUFFICIENT_RESOURCES;
}

VOID MmFreeSlot(seL4_CPtr Slot)
{
    CHECK(slot_taken[Slot]);
    CHECK(!cap[Slot].used); /* the allocator must empty a slot before freeing it */
    slot_taken[Slot] = 0;
    slots_in_use--;
}

NTSTATUS MiRetypeCap(seL4_CPtr Ut, seL4_Word Type, seL4_Word Bits, seL4_CPtr Dest)
{
    if (!cap[Ut].used || !cap[Ut].is_untyped || cap[Dest].used)
        return STATUS_UNSUCCESSFUL;
    unsigned long long size = 1ull << Bits, start = (cap[Ut].watermark + size - 1) & ~(size - 1);
    if (start + size > (1ull << cap[Ut].bits))
        return STATUS_NO_MEMORY;
    cap[Ut].watermark = start + size;
    cap[Dest].used = 1;
    cap[Dest].parent = (int)Ut;
    cap[Dest].is_untyped = Type == seL4_UntypedObject;
    cap[Dest].bits = (unsigned)Bits;
    cap[Dest].paddr = cap[Ut].paddr + start;
    cap[Dest].watermark = 0;
    return STATUS_SUCCESS;
}

static void delete_tree(int s)
{
    for (int c = 0; c < SLOTS; c++)
        if (cap[c].used && cap[c].parent == s)
            delete_tree(c);
    cap[s].used = 0;
}

VOID MiRevokeCap(seL4_CPtr Cap)
{
    for (int c = 0; c < SLOTS; c++)
        if (cap[c].used && cap[c].parent == (int)Cap)
            delete_tree(c);
    cap[Cap].watermark = 0;
}

VOID MiDeleteCap(seL4_CPtr Cap) { cap[Cap].used = 0; }

/* Nodes beyond the boot table come a page at a time. */
static int node_pages;
NTSTATUS MiAllocateAliasPage(PMM_OBJECT Frame, PUCHAR *Alias)
{
    node_pages++;
    *Alias = calloc(1, 4096);
    return *Alias ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

VOID MiTrimSlots(VOID) {}

static jmp_buf bugcheck_jmp;
VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4) { longjmp(bugcheck_jmp, 1); }

static void setup(void)
{
    memset(cap, 0, sizeof(cap));
    memset(slot_taken, 0, sizeof(slot_taken));
    slots_in_use = 0;
    MiInitializeUntyped();
    /* two boot untypeds: 1 MiB at 16 MiB, 64 KiB at 32 MiB */
    cap[20] = (typeof(cap[0])){ 1, -1, 1, 20, 16ull << 20, 0 };
    cap[21] = (typeof(cap[0])){ 1, -1, 1, 16, 32ull << 20, 0 };
    CHECK_EQ(MiAddUntyped(20, 16ull << 20, 20), STATUS_SUCCESS);
    CHECK_EQ(MiAddUntyped(21, 32ull << 20, 16), STATUS_SUCCESS);
}

static void test_split_and_merge(void)
{
    setup();
    ULONG64 total = MiFreeUntypedBytes();
    CHECK_EQ(total, (1ull << 20) + (1ull << 16));
    MI_UNTYPED *a, *b;
    CHECK_EQ(MiAllocateUntyped(12, &a), STATUS_SUCCESS);
    CHECK_EQ(a->Bits, 12);
    CHECK_EQ(a->PhysAddr % 4096, 0);
    CHECK_EQ(MiFreeUntypedBytes(), total - 4096);
    CHECK_EQ(MiAllocateUntyped(12, &b), STATUS_SUCCESS);
    CHECK(a->PhysAddr != b->PhysAddr);
    MiFreeUntyped(a);
    MiFreeUntyped(b);
    CHECK_EQ(MiFreeUntypedBytes(), total);
    /* everything merged back: only the two boot caps remain, all slots free */
    int live = 0;
    for (int s = 0; s < SLOTS; s++)
        live += cap[s].used;
    CHECK_EQ(live, 2);
    CHECK_EQ(slots_in_use, 0);
}

static void test_limits(void)
{
    setup();
    MI_UNTYPED *a;
    CHECK_EQ(MiAllocateUntyped(21, &a), STATUS_NO_MEMORY);  /* bigger than any block */
    CHECK_EQ(MiAllocateUntyped(3, &a), STATUS_INVALID_PARAMETER);
    CHECK_EQ(MiAllocateUntyped(20, &a), STATUS_SUCCESS);    /* the whole big block */
    CHECK_EQ(MiAllocateUntyped(17, &a), STATUS_NO_MEMORY);  /* only 64 KiB left */
    CHECK_EQ(MiAllocateUntyped(16, &a), STATUS_SUCCESS);
    CHECK_EQ(MiFreeUntypedBytes(), 0);
}

/* Objects built from a block are destroyed when it is freed. */
static void test_free_revokes(void)
{
    setup();
    MI_UNTYPED *a;
    CHECK_EQ(MiAllocateUntyped(12, &a), STATUS_SUCCESS);
    CHECK_EQ(MiRetypeCap(a->Cap, seL4_X86_4K, 0, 50), STATUS_SUCCESS);
    CHECK(cap[50].used);
    MiFreeUntyped(a);
    CHECK(!cap[50].used);
}

static void test_random(void)
{
    setup();
    ULONG64 total = MiFreeUntypedBytes();
    MI_UNTYPED *held[256] = { 0 };
    srand(1234);
    for (int i = 0; i < 20000; i++) {
        int k = rand() % 256;
        if (held[k]) {
            MiFreeUntyped(held[k]);
            held[k] = NULL;
        } else {
            UCHAR bits = (UCHAR)(4 + rand() % 13);
            MI_UNTYPED *n;
            if (MiAllocateUntyped(bits, &n) == STATUS_SUCCESS) {
                CHECK_EQ(n->Bits, bits);
                CHECK_EQ(n->PhysAddr & ((1ull << bits) - 1), 0);
                held[k] = n;
            }
        }
    }
    /* no two held blocks overlap */
    int overlaps = 0;
    for (int x = 0; x < 256; x++)
        for (int y = x + 1; y < 256; y++)
            if (held[x] && held[y]) {
                ULONG64 a0 = held[x]->PhysAddr, a1 = a0 + (1ull << held[x]->Bits);
                ULONG64 b0 = held[y]->PhysAddr, b1 = b0 + (1ull << held[y]->Bits);
                if (a0 < b1 && b0 < a1)
                    overlaps++;
            }
    CHECK_EQ(overlaps, 0);
    for (int k = 0; k < 256; k++)
        if (held[k])
            MiFreeUntyped(held[k]);
    CHECK_EQ(MiFreeUntypedBytes(), total);
    CHECK_EQ(slots_in_use, 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_split_and_merge),
    HARNESS_TEST(test_limits),
    HARNESS_TEST(test_free_revokes),
    HARNESS_TEST(test_random),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
