/*
 * slots.c — the executive's CSpace slot allocator.
 *
 * The executive's CSpace has two levels (caps.c builds it at start-up):
 *
 *   top-level CNode, 2^MI_CSPACE_L1_BITS slots, guard 0 over the bits above
 *     [0]  the root task's initial CNode (4096 slots, no guard)
 *     [t]  slot table t, made on demand: a CNode of 2^MI_CSPACE_L2_BITS slots
 *
 * so the slot numbers the kernel gave the root task (bootinfo's caps,
 * untypeds, `empty`) keep their values, and slot i of table t has the CPtr
 * (t << MI_CSPACE_L2_BITS) | i, resolved with depth 64.
 *
 * Free slots are bits: each table has 64 words of 64 bits (1 = free) and a
 * summary word whose bit w says word w has a free bit; above the tables, a
 * bitmap with one bit per table that has a free slot, and its summary word.
 * Taking or giving back a slot is a few count-trailing-zeros, never a scan.
 * Slots are taken from the lowest table first, so tables made in a burst
 * empty again when the burst is over.
 *
 * Growing needs slots itself (the untyped allocator splits blocks into
 * child untypeds; the table's descriptor is a page of its own, mapped in
 * the executive like an alias page: not from the pool, which is built on
 * these allocators), so a table is added when only MI_SLOT_RESERVE slots are left,
 * and requests made while it is being added are served from that reserve.
 * When no table can be added (no untyped memory left, or every top-level
 * slot used) a request that would eat into the reserve fails with
 * STATUS_INSUFFICIENT_RESOURCES.  A table that becomes wholly free is given
 * back (its CNode deleted, its memory returned) when at least MI_SLOT_KEEP
 * slots stay free without it: adding and giving back are that far apart, so
 * a workload around one boundary does not make and delete a table per slot.
 * A table that empties while the untyped allocator is in the middle of a
 * change (a split or merge frees slots) is given back when that is over.
 *
 * seL4 is reached only through MiInstallSlotTable (caps.c) and the untyped
 * allocator, so tests/host/ntos/test_slots.c runs this logic on the host.
 */
#include "mi.h"

#define MI_TABLE_SLOTS (1u << MI_CSPACE_L2_BITS)
#define MI_TABLE_WORDS (MI_TABLE_SLOTS / 64)
#define MI_TABLES (1u << MI_CSPACE_L1_BITS)

_Static_assert(MI_TABLE_WORDS <= 64, "one summary word covers a table");
_Static_assert(MI_TABLES / 64 <= 64, "one summary word covers the table bitmap");

typedef struct _MI_SLOT_TABLE {
    ULONG64 Summary;              /* bit w: Bits[w] has a free slot */
    ULONG64 Bits[MI_TABLE_WORDS]; /* bit i: slot i is free */
    ULONG Free;                   /* free slots in the table */
    ULONG Capacity;               /* slots the allocator hands out of it */
    ULONG First, End;             /* the allocatable range [First, End) */
    MI_UNTYPED *Block;            /* the CNode's memory; NULL for the initial CNode */
    MM_OBJECT Page;               /* the frame this descriptor lives in */
} MI_SLOT_TABLE;
_Static_assert(sizeof(MI_SLOT_TABLE) <= 4096, "a descriptor fits its page");

static MI_SLOT_TABLE MiInitialTable;
static MI_SLOT_TABLE *MiTables[MI_TABLES];
static ULONG64 MiTablesWithFree[MI_TABLES / 64]; /* bit t: table t has a free slot */
static ULONG64 MiTablesWithFreeSummary;          /* bit w: MiTablesWithFree[w] != 0 */
static ULONG64 MiTablesPresent[MI_TABLES / 64];  /* bit t: top-level slot t holds a table */
static ULONG MiSlotsFree, MiSlotsTotal, MiTableCount;
static BOOLEAN MiSlotsBusy;    /* adding or giving back a table: nested requests use the reserve */
static BOOLEAN MiSlotsCanGrow; /* the two-level CSpace is in place */
static BOOLEAN MiTrimPending;  /* a table emptied while it could not be given back */

static inline ULONG MiCtz(ULONG64 w) { return (ULONG)__builtin_ctzll(w); }

static VOID MiMarkTable(ULONG t, BOOLEAN HasFree)
{
    ULONG w = t / 64;
    if (HasFree) {
        MiTablesWithFree[w] |= 1ull << (t % 64);
        MiTablesWithFreeSummary |= 1ull << w;
    } else {
        MiTablesWithFree[w] &= ~(1ull << (t % 64));
        if (!MiTablesWithFree[w])
            MiTablesWithFreeSummary &= ~(1ull << w);
    }
}

static VOID MiFillTable(MI_SLOT_TABLE *Table, ULONG First, ULONG End)
{
    for (ULONG s = First; s < End; s++) {
        Table->Bits[s / 64] |= 1ull << (s % 64);
        Table->Summary |= 1ull << (s / 64);
    }
    Table->First = First;
    Table->End = End;
    Table->Capacity = Table->Free = End - First;
}

static VOID MiPublishTable(ULONG t, MI_SLOT_TABLE *Table)
{
    MiTables[t] = Table;
    MiTablesPresent[t / 64] |= 1ull << (t % 64);
    MiSlotsFree += Table->Free;
    MiSlotsTotal += Table->Capacity;
    MiTableCount++;
    if (Table->Free)
        MiMarkTable(t, TRUE);
}

VOID MiInitializeSlots(seL4_CPtr First, seL4_CPtr End)
{
    memset(MiTables, 0, sizeof(MiTables));
    memset(MiTablesWithFree, 0, sizeof(MiTablesWithFree));
    memset(MiTablesPresent, 0, sizeof(MiTablesPresent));
    MiTablesWithFreeSummary = 0;
    MiSlotsFree = MiSlotsTotal = MiTableCount = 0;
    MiSlotsBusy = MiSlotsCanGrow = MiTrimPending = FALSE;
    memset(&MiInitialTable, 0, sizeof(MiInitialTable));
    if (End > MI_TABLE_SLOTS)
        End = MI_TABLE_SLOTS;
    if (First > End)
        First = End;
    MiFillTable(&MiInitialTable, (ULONG)First, (ULONG)End);
    MiPublishTable(0, &MiInitialTable);
}

VOID MiEnableSlotGrowth(VOID) { MiSlotsCanGrow = TRUE; }

/* Make a slot table in the first free top-level slot. */
static NTSTATUS MiGrowSlots(VOID)
{
    ULONG t = MI_TABLES;
    for (ULONG w = 0; w < MI_TABLES / 64; w++)
        if (~MiTablesPresent[w]) {
            t = w * 64 + MiCtz(~MiTablesPresent[w]);
            break;
        }
    if (t >= MI_TABLES)
        return STATUS_INSUFFICIENT_RESOURCES;
    MM_OBJECT frame;
    PUCHAR page;
    NTSTATUS st = MiAllocateAliasPage(&frame, &page);
    if (!NT_SUCCESS(st))
        return STATUS_INSUFFICIENT_RESOURCES;
    MI_SLOT_TABLE *table = (MI_SLOT_TABLE *)page;
    MI_UNTYPED *block;
    st = MiAllocateUntyped(MI_CSPACE_L2_BITS + seL4_SlotBits, &block);
    if (NT_SUCCESS(st)) {
        st = MiInstallSlotTable(block->Cap, t);
        if (!NT_SUCCESS(st))
            MiFreeUntyped(block);
    }
    if (!NT_SUCCESS(st)) {
        MiFreeAliasPage(&frame, page);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    memset(table, 0, sizeof(*table));
    MiFillTable(table, 0, MI_TABLE_SLOTS);
    table->Block = block;
    table->Page = frame;
    MiPublishTable(t, table);
    DbgTrace(DBG_MM, "mm: slot table %u added, %u slots free\n", t, MiSlotsFree);
    return STATUS_SUCCESS;
}

/* Give a wholly free table back: its CNode goes with its untyped block. */
static VOID MiReleaseTable(ULONG t)
{
    MI_SLOT_TABLE *table = MiTables[t];
    MiSlotsBusy = TRUE;
    MiMarkTable(t, FALSE);
    MiTablesPresent[t / 64] &= ~(1ull << (t % 64));
    MiTables[t] = NULL;
    MiSlotsFree -= table->Free;
    MiSlotsTotal -= table->Capacity;
    MiTableCount--;
    MiFreeUntyped(table->Block); /* revoking the block deletes the empty CNode */
    MM_OBJECT frame = table->Page;
    MiFreeAliasPage(&frame, (PUCHAR)table);
    MiSlotsBusy = FALSE;
    DbgTrace(DBG_MM, "mm: slot table %u given back, %u slots free\n", t, MiSlotsFree);
}

NTSTATUS MmAllocateSlot(seL4_CPtr *Slot)
{
    if (MiSlotsFree <= MI_SLOT_RESERVE && !MiSlotsBusy) {
        NTSTATUS st = STATUS_INSUFFICIENT_RESOURCES;
        if (MiSlotsCanGrow) {
            MiSlotsBusy = TRUE;
            st = MiGrowSlots();
            MiSlotsBusy = FALSE;
        }
        if (!NT_SUCCESS(st))
            return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!MiTablesWithFreeSummary)
        return STATUS_INSUFFICIENT_RESOURCES;
    ULONG w = MiCtz(MiTablesWithFreeSummary);
    ULONG t = w * 64 + MiCtz(MiTablesWithFree[w]);
    MI_SLOT_TABLE *table = MiTables[t];
    ULONG i = MiCtz(table->Summary);
    ULONG b = MiCtz(table->Bits[i]);
    table->Bits[i] &= ~(1ull << b);
    if (!table->Bits[i])
        table->Summary &= ~(1ull << i);
    if (--table->Free == 0)
        MiMarkTable(t, FALSE);
    MiSlotsFree--;
    *Slot = ((seL4_CPtr)t << MI_CSPACE_L2_BITS) | (i * 64 + b);
    return STATUS_SUCCESS;
}

VOID MmFreeSlot(seL4_CPtr Slot)
{
    seL4_CPtr t = Slot >> MI_CSPACE_L2_BITS;
    ULONG s = (ULONG)(Slot & (MI_TABLE_SLOTS - 1));
    MI_SLOT_TABLE *table = t < MI_TABLES ? MiTables[t] : NULL;
    if (!table || s < table->First || s >= table->End || (table->Bits[s / 64] & (1ull << (s % 64))))
        KeBugCheckEx(NO_PAGES_AVAILABLE, Slot, 0, 0, 1); /* not a slot of ours, or freed twice */
    table->Bits[s / 64] |= 1ull << (s % 64);
    table->Summary |= 1ull << (s / 64);
    if (table->Free++ == 0)
        MiMarkTable((ULONG)t, TRUE);
    MiSlotsFree++;
    if (table->Free == table->Capacity && table->Block && MiSlotsFree >= MI_SLOT_KEEP + table->Capacity) {
        if (MiSlotsBusy || MiUntypedBusy())
            MiTrimPending = TRUE; /* the untyped tree is mid-change: MiTrimSlots, later */
        else
            MiReleaseTable((ULONG)t);
    }
}

/* Give back the tables that emptied while they could not be given back. */
VOID MiTrimSlots(VOID)
{
    if (!MiTrimPending || MiSlotsBusy || MiUntypedBusy())
        return;
    MiTrimPending = FALSE;
    for (ULONG t = 1; t < MI_TABLES; t++) {
        MI_SLOT_TABLE *table = MiTables[t];
        if (table && table->Free == table->Capacity && MiSlotsFree >= MI_SLOT_KEEP + table->Capacity)
            MiReleaseTable(t);
    }
}

ULONG MiFreeSlotCount(VOID) { return MiSlotsFree; }
ULONG MiTotalSlotCount(VOID) { return MiSlotsTotal; }
ULONG MiSlotTableCount(VOID) { return MiTableCount; }
