/*
 * Host tests of the executive's CSpace slot allocator (ntos/mm/slots.c).
 *
 * The untyped allocator is a stub with a budget of CNode-sized blocks; like
 * the real one, each allocation takes slots (for the child untypeds a split
 * makes), so adding a table is checked to run on the reserve.  Installing a
 * table records which top-level index got which block.
 */
#include "../../../ntos/mm/mi.h"
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define TABLE_SLOTS (1u << MI_CSPACE_L2_BITS)
#define TABLES (1u << MI_CSPACE_L1_BITS)

static int untyped_budget;            /* CNode blocks the stub still hands out */
static int untyped_live, pages_live;  /* blocks and descriptor pages not given back */
static int split_slots = 2;           /* slots each untyped allocation takes (and keeps) */
static int untyped_busy;
static MI_UNTYPED *installed[TABLES]; /* top-level index -> block of its CNode */
static void *allocated[4096];         /* everything the stubs handed out, freed by setup() */
static int allocated_count;

static void *remember(void *p)
{
    allocated[allocated_count++] = p;
    return p;
}

static void forget(void *p)
{
    for (int i = 0; i < allocated_count; i++)
        if (allocated[i] == p) {
            allocated[i] = allocated[--allocated_count];
            return;
        }
}

static jmp_buf bugcheck_jmp;
static ULONG64 last_bugcheck_slot;
VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    last_bugcheck_slot = P1;
    longjmp(bugcheck_jmp, 1);
}

NTSTATUS MiAllocateUntyped(UCHAR Bits, MI_UNTYPED **Node)
{
    CHECK_EQ(Bits, MI_CSPACE_L2_BITS + seL4_SlotBits);
    if (untyped_budget <= 0)
        return STATUS_NO_MEMORY;
    MI_UNTYPED *n = remember(calloc(1, sizeof(*n)));
    n->Bits = Bits;
    n->State = MI_USED;
    /* the real allocator splits blocks: slots for the children, taken
     * while the table is being added (from the reserve) */
    untyped_busy++;
    for (int i = 0; i < split_slots; i++) {
        seL4_CPtr s;
        CHECK_EQ(MmAllocateSlot(&s), STATUS_SUCCESS);
        n->PhysAddr = s; /* remember one of them */
    }
    untyped_busy--;
    untyped_budget--;
    untyped_live++;
    *Node = n;
    return STATUS_SUCCESS;
}

VOID MiFreeUntyped(MI_UNTYPED *Node)
{
    for (ULONG t = 0; t < TABLES; t++)
        if (installed[t] == Node)
            installed[t] = NULL;
    untyped_live--;
    untyped_budget++;
    forget(Node);
    free(Node);
}

BOOLEAN MiUntypedBusy(VOID) { return untyped_busy != 0; }

NTSTATUS MiInstallSlotTable(seL4_CPtr Untyped, ULONG Index)
{
    CHECK(Index > 0 && Index < TABLES);
    CHECK(installed[Index] == NULL);
    return STATUS_SUCCESS;
}

NTSTATUS MiAllocateAliasPage(PMM_OBJECT Frame, PUCHAR *Alias)
{
    *Alias = remember(aligned_alloc(4096, 4096));
    memset(*Alias, 0xcc, 4096); /* the allocator must clear what it uses */
    Frame->Cap = 1;
    pages_live++;
    return STATUS_SUCCESS;
}

VOID MiFreeAliasPage(PMM_OBJECT Frame, PUCHAR Alias)
{
    CHECK_EQ(Frame->Cap, 1);
    pages_live--;
    forget(Alias);
    free(Alias);
}

ULONG KiDebugComponents;
ULONG DbgPrint(const char *Format, ...) { return 0; }

static void setup(int budget)
{
    while (allocated_count)
        free(allocated[--allocated_count]);
    untyped_budget = budget;
    untyped_live = pages_live = 0;
    split_slots = 2;
    untyped_busy = 0;
    memset(installed, 0, sizeof(installed));
    MiInitializeSlots(400, 4096); /* like the root task: 3696 free */
    MiEnableSlotGrowth();
}

/* Slots of the initial CNode are its slot numbers; tables follow with
 * CPtrs (t << 12) | i, each handed out once. */
static void test_initial_then_tables(void)
{
    setup(100);
    static unsigned char seen[8 * TABLE_SLOTS];
    memset(seen, 0, sizeof(seen));
    CHECK_EQ(MiFreeSlotCount(), 3696);
    ULONG n = 20000;
    for (ULONG k = 0; k < n; k++) {
        seL4_CPtr s;
        if (MmAllocateSlot(&s) != STATUS_SUCCESS) {
            CHECK(0);
            return;
        }
        CHECK(s < sizeof(seen));
        CHECK(s >= 400);
        CHECK(!seen[s]);
        seen[s] = 1;
        if (k < 3696 - MI_SLOT_RESERVE)
            CHECK(s < TABLE_SLOTS); /* the initial CNode first */
    }
    CHECK(MiSlotTableCount() >= 5);
    CHECK(MiFreeSlotCount() > MI_SLOT_RESERVE - 2 * 8);
    CHECK_EQ(MiTotalSlotCount(), 3696 + (MiSlotTableCount() - 1) * TABLE_SLOTS);
}

/* Out of untyped memory: refusals, never a crash, and the reserve stays. */
static void test_out_of_memory(void)
{
    setup(2);
    seL4_CPtr s;
    ULONG got = 0;
    while (MmAllocateSlot(&s) == STATUS_SUCCESS)
        got++;
    CHECK_EQ(MmAllocateSlot(&s), STATUS_INSUFFICIENT_RESOURCES);
    CHECK_EQ(MiSlotTableCount(), 3);
    CHECK_EQ(got, 3696 + 2 * TABLE_SLOTS - MI_SLOT_RESERVE - 2 * 2);
    CHECK_EQ(MiFreeSlotCount(), MI_SLOT_RESERVE);
    /* freeing one slot makes one available again */
    MmFreeSlot(1000);
    CHECK_EQ(MmAllocateSlot(&s), STATUS_SUCCESS);
    CHECK_EQ(s, 1000);
}

/* Every slot given back: tables beyond the reserve go, slots are reused. */
static void test_free_and_reuse(void)
{
    setup(100);
    static seL4_CPtr held[30000];
    for (int round = 0; round < 3; round++) {
        ULONG n = 0;
        while (n < 30000 && MmAllocateSlot(&held[n]) == STATUS_SUCCESS)
            n++;
        CHECK_EQ(n, 30000);
        ULONG tables = MiSlotTableCount();
        CHECK(tables >= 8);
        /* free in a scrambled order */
        for (ULONG k = 0; k < n; k++) {
            ULONG j = (k * 7919) % n;
            seL4_CPtr t = held[j];
            held[j] = held[k];
            held[k] = t;
        }
        for (ULONG k = 0; k < n; k++)
            MmFreeSlot(held[k]);
        /* tables go, but for those holding the (kept) split slots and the slack */
        CHECK(MiSlotTableCount() < tables);
        CHECK(MiFreeSlotCount() >= MI_SLOT_KEEP);
        CHECK_EQ(untyped_live, (int)MiSlotTableCount() - 1);
        CHECK_EQ(pages_live, (int)MiSlotTableCount() - 1);
    }
}

/* A table that empties while the untyped allocator is busy goes later. */
static void test_release_deferred(void)
{
    setup(100);
    static seL4_CPtr held[8000];
    for (ULONG k = 0; k < 8000; k++)
        CHECK_EQ(MmAllocateSlot(&held[k]), STATUS_SUCCESS);
    ULONG tables = MiSlotTableCount();
    untyped_busy = 1;
    for (ULONG k = 0; k < 8000; k++)
        MmFreeSlot(held[k]);
    CHECK_EQ(MiSlotTableCount(), tables);
    untyped_busy = 0;
    MiTrimSlots();
    CHECK(MiSlotTableCount() < tables);
}

static void test_bad_frees(void)
{
    setup(100);
    seL4_CPtr s;
    CHECK_EQ(MmAllocateSlot(&s), STATUS_SUCCESS);
    MmFreeSlot(s);
    seL4_CPtr bad[] = { s, 5 /* below the free range */, 3 * TABLE_SLOTS + 1 /* no such table */,
                        (seL4_CPtr)TABLES << MI_CSPACE_L2_BITS };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        last_bugcheck_slot = 0;
        if (!setjmp(bugcheck_jmp))
            MmFreeSlot(bad[i]);
        CHECK_EQ(last_bugcheck_slot, bad[i]);
    }
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_initial_then_tables),
    HARNESS_TEST(test_out_of_memory),
    HARNESS_TEST(test_free_and_reuse),
    HARNESS_TEST(test_release_deferred),
    HARNESS_TEST(test_bad_frees),
};

int main(void)
{
    int r = harness_run(tests, HARNESS_COUNT(tests));
    setup(0);
    return r;
}
