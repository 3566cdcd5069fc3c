/*
 * heap.c — the NT heap: RtlCreateHeap, RtlDestroyHeap, RtlAllocateHeap,
 * RtlReAllocateHeap, RtlFreeHeap, RtlSizeHeap, RtlValidateHeap and
 * RtlGetProcessHeaps, over NtAllocateVirtualMemory/NtFreeVirtualMemory.
 *
 * Portable C with no other dependency: ntdll.dll links it, and the host
 * tests (tests/host/heap/) link it against an mmap-backed model of the two
 * virtual-memory services.  docs/heap.md has the full design; in short:
 *
 * Segments.  A heap is a list of segments, each one reservation whose
 * committed part grows a commit step at a time from its start and shrinks
 * again when a large free block sits at its end.  The first segment starts
 * with the heap structure itself, so the handle is the heap's address.  A
 * growable heap (HEAP_GROWABLE) reserves further segments, each twice the
 * size of the one before (up to a cap); one that becomes entirely free is
 * released.  A fixed heap has only its first segment.
 *
 * Blocks.  A segment is a chain of blocks, each with a 16-byte header
 * (RTLP_HEAP_ENTRY, heapp.h) holding its size and its predecessor's size in
 * 16-byte units: boundary tags, so a block finds both neighbours in O(1).
 * The committed part ends with a one-unit end marker that is always busy.
 * Free neighbours are merged at once, so no two free blocks are adjacent.
 * Caller data starts right after the header, hence 16-byte aligned.
 *
 * Free lists.  Free blocks sit in segregated bins: one per exact size below
 * 64 units (1 KiB), then eight per power of two.  A bitmap of non-empty bins
 * makes "the smallest bin above b with a block" a few word scans, so
 * allocation is O(1): look at the first few blocks of the request's own
 * bin, else take the head of the next non-empty bin (every block there is
 * large enough), split off the rest.  Freeing is O(1) plus the segment
 * lookup (a walk over the few segments: they grow geometrically).
 *
 * Big blocks.  In a growable heap a request at or above BigThreshold
 * (512 KiB by default) gets its own region and goes back to the system
 * when freed; reallocation grows or shrinks it in place within its
 * reservation where it can.
 *
 * Integrity.  Every header carries a 16-bit hash of its fields, its address
 * and the heap's key.  Free and ReAllocate check the block's header, both
 * neighbours' headers and their size links; free-list unlinking checks both
 * links before following them.  That catches double frees, wild pointers and
 * overruns into the next header in every heap.  The checking mode adds
 * (HEAP_TAIL_CHECKING_ENABLED) a pattern after the caller's bytes, checked
 * at free/realloc/validate, and (HEAP_FREE_CHECKING_ENABLED) a fill of free
 * blocks, checked before any of their bytes are handed out again and at
 * validate: writes after free.  HEAP_VALIDATE_ALL_ENABLED validates the
 * whole heap on every call.  RtlpHeapDebugFlags turns these on for every
 * new heap.  Damage is reported through RtlpHeapReportCorruption; the call
 * then fails without touching the damaged block (only an overrun confined
 * to the tail pattern lets the operation go on, since every header is sound).
 *
 * Serialization.  A heap created without HEAP_NO_SERIALIZE has a critical
 * section (critsec.c): the caller's (RtlCreateHeap's Lock, initialized by
 * the caller and never deleted by the heap) or its own, in the heap
 * structure.  Each entry point brackets its work with RtlpHeapLock/
 * RtlpHeapUnlock, which take it unless HEAP_NO_SERIALIZE is in the call's
 * flags.  The list of heaps has a lock of its own; the order is list lock,
 * then heap lock, and no heap operation takes the list lock while holding
 * a heap's.
 */
#include "heapp.h"

#include <ndk/mmfuncs.h>
#include <ndk/pstypes.h>
#include <nt/ntstatus.h>

#define HEAP_DEFAULT_RESERVE 0x100000    /* 1 MiB */
#define HEAP_DEFAULT_COMMIT_STEP 0x10000 /* 64 KiB */
#define HEAP_DEFAULT_DECOMMIT 0x20000    /* 128 KiB of free tail beyond one step */
#define HEAP_DEFAULT_BIG_THRESHOLD 0x80000
#define HEAP_MAX_SEGMENT_GROWTH 0x4000000           /* 64 MiB */
#define HEAP_MAX_SEGMENT_RESERVE ((SIZE_T)16 << 30) /* keeps unit counts in a ULONG */
#define HEAP_BIN_SCAN 8                             /* blocks looked at in the request's own bin */
#define HEAP_FORCE_FLAGS (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS)

PRTLP_HEAP_CORRUPTION_HANDLER RtlpHeapCorruptionHandler;
ULONG RtlpHeapDebugFlags;

static LIST_ENTRY RtlpHeapList; /* all live heaps, lazily initialised */
static ULONG RtlpHeapCount;
/* Guards RtlpHeapList and RtlpHeapCount; statically initialized (no debug
 * record, no event until first contention). */
static RTL_CRITICAL_SECTION RtlpHeapListLock = {(PVOID)(LONG_PTR)-1, -1, 0, NULL, NULL, 0};

/* A block as found from a caller's pointer: in a segment, or big. */
typedef struct _RTLP_BLOCK {
    PRTLP_HEAP_SEGMENT Segment; /* NULL for a big block */
    PRTLP_HEAP_BIG_BLOCK Big;   /* NULL for a segment block */
    PRTLP_HEAP_ENTRY Entry;
} RTLP_BLOCK, *PRTLP_BLOCK;

/* ---- Memory helpers (no memcpy/memset: ntdll has no C library) -------------- */

/* Word accesses to memory whose type the heap does not know. */
typedef ULONG64 __attribute__((may_alias)) RTLP_WORD;

static VOID RtlpHeapCopy(PVOID Destination, const VOID *Source, SIZE_T Bytes) {
    RTLP_WORD *To = Destination;
    const RTLP_WORD *From = Source;
    SIZE_T Words = Bytes / 8;

    for (SIZE_T i = 0; i < Words; i++)
        To[i] = From[i];
    for (SIZE_T i = Words * 8; i < Bytes; i++)
        ((PUCHAR)Destination)[i] = ((const UCHAR *)Source)[i];
}

/* The byte of a 64-bit little-endian Pattern that lands at Address. */
static UCHAR RtlpPatternByte(ULONG64 Pattern, ULONG_PTR Address) {
    return (UCHAR)(Pattern >> ((Address & 7) * 8));
}

/* Fills [Start, Start + Bytes) with Pattern as if written in aligned words. */
static VOID RtlpHeapFill(PVOID Start, SIZE_T Bytes, ULONG64 Pattern) {
    PUCHAR p = Start, End = p + Bytes;

    for (; p < End && ((ULONG_PTR)p & 7); p++)
        *p = RtlpPatternByte(Pattern, (ULONG_PTR)p);
    for (; End - p >= 8; p += 8)
        *(RTLP_WORD *)p = Pattern;
    for (; p < End; p++)
        *p = RtlpPatternByte(Pattern, (ULONG_PTR)p);
}

/* The first byte of [Start, Start + Bytes) that differs from Pattern, or NULL. */
static PVOID RtlpHeapCheckFill(PVOID Start, SIZE_T Bytes, ULONG64 Pattern) {
    PUCHAR p = Start, End = p + Bytes;

    while (p < End && ((ULONG_PTR)p & 7)) {
        if (*p != RtlpPatternByte(Pattern, (ULONG_PTR)p))
            return p;
        p++;
    }
    for (; End - p >= 8; p += 8) {
        if (*(const RTLP_WORD *)p != Pattern)
            break;
    }
    for (; p < End; p++) {
        if (*p != RtlpPatternByte(Pattern, (ULONG_PTR)p))
            return p;
    }
    return NULL;
}

static ULONG64 RtlpByteFill(UCHAR Byte) { return Byte * 0x0101010101010101ull; }

/* ---- Reports, locking, the handle ------------------------------------------------ */

VOID RtlpHeapReportCorruption(PVOID HeapHandle, PVOID Address, RTLP_HEAP_CORRUPTION Kind) {
    if (RtlpHeapCorruptionHandler)
        RtlpHeapCorruptionHandler(HeapHandle, Address, Kind);
}

/* Flags already hold the heap's HEAP_NO_SERIALIZE (HEAP_FORCE_FLAGS); a heap
 * created with it has no lock at all. */
static VOID RtlpHeapLock(PRTLP_HEAP Heap, ULONG Flags) {
    if (Heap->Lock != NULL && !(Flags & HEAP_NO_SERIALIZE))
        RtlEnterCriticalSection(Heap->Lock);
}

static VOID RtlpHeapUnlock(PRTLP_HEAP Heap, ULONG Flags) {
    if (Heap->Lock != NULL && !(Flags & HEAP_NO_SERIALIZE))
        RtlLeaveCriticalSection(Heap->Lock);
}

/* The key is a function of the heap's address, so a copy of a heap structure
 * elsewhere, or stale memory, does not pass for a heap. */
static ULONG_PTR RtlpHeapKeyFor(PRTLP_HEAP Heap) {
    ULONG64 x = (ULONG64)(ULONG_PTR)Heap ^ 0x5bd1e9955bd1e995ull;

    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (ULONG_PTR)x;
}

/* The heap behind a handle, or NULL (reported when Report is set). */
static PRTLP_HEAP RtlpHeapFromHandle(PVOID HeapHandle, BOOLEAN Report) {
    PRTLP_HEAP Heap = HeapHandle;

    if (Heap && IS_ALIGNED(Heap, HEAP_UNIT) && Heap->Signature == HEAP_SIGNATURE &&
        Heap->Key == RtlpHeapKeyFor(Heap))
        return Heap;
    if (Report)
        RtlpHeapReportCorruption(HeapHandle, HeapHandle, HeapCorruptionBadHeap);
    return NULL;
}

/* ---- Block headers ----------------------------------------------------------------- */

static USHORT RtlpEntryHash(PRTLP_HEAP Heap, const RTLP_HEAP_ENTRY *Entry) {
    ULONG64 x = (ULONG64)(ULONG_PTR)Entry ^ Heap->Key;

    x ^= ((ULONG64)Entry->Size << 32 | Entry->PrevSize) * 0x9e3779b97f4a7c15ull;
    x ^= ((ULONG64)Entry->Unused << 16 | (ULONG64)Entry->Flags << 8 | Entry->Reserved) *
         0xc2b2ae3d27d4eb4full;
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 29;
    return (USHORT)(x ^ (x >> 16) ^ (x >> 32) ^ (x >> 48));
}

static BOOLEAN RtlpEntryIntact(PRTLP_HEAP Heap, const RTLP_HEAP_ENTRY *Entry) {
    return Entry->Check == RtlpEntryHash(Heap, Entry);
}

static VOID RtlpSetEntry(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry, SIZE_T Size, SIZE_T PrevSize,
                         SIZE_T Unused, UCHAR Flags) {
    Entry->Size = (ULONG)Size;
    Entry->PrevSize = (ULONG)PrevSize;
    Entry->Unused = (ULONG)Unused;
    Entry->Flags = Flags;
    Entry->Reserved = 0;
    Entry->Check = RtlpEntryHash(Heap, Entry);
}

static VOID RtlpSetPrevSize(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry, SIZE_T PrevSize) {
    Entry->PrevSize = (ULONG)PrevSize;
    Entry->Check = RtlpEntryHash(Heap, Entry);
}

static BOOLEAN RtlpIsBusy(const RTLP_HEAP_ENTRY *Entry) {
    return (Entry->Flags & HEAP_ENTRY_BUSY) != 0;
}

/* Bytes the caller asked for, for a busy block in a segment. */
static SIZE_T RtlpEntryUserSize(const RTLP_HEAP_ENTRY *Entry) {
    return ((SIZE_T)Entry->Size << HEAP_UNIT_SHIFT) - HEAP_UNIT - Entry->Unused;
}

static PLIST_ENTRY RtlpFreeLinks(PRTLP_HEAP_ENTRY Entry) {
    return &((PRTLP_HEAP_FREE_ENTRY)Entry)->FreeLinks;
}

static PRTLP_HEAP_ENTRY RtlpEntryFromLinks(PLIST_ENTRY Links) {
    return &CONTAINING_RECORD(Links, RTLP_HEAP_FREE_ENTRY, FreeLinks)->Entry;
}

static PRTLP_HEAP_ENTRY RtlpSegmentEnd(PRTLP_HEAP_SEGMENT Segment) {
    return (PRTLP_HEAP_ENTRY)(Segment->Base + Segment->CommittedSize) - 1;
}

/* The segment whose blocks [FirstEntry, end marker] contain [Address, Address + Bytes). */
static PRTLP_HEAP_SEGMENT RtlpSegmentOf(PRTLP_HEAP Heap, const VOID *Address, SIZE_T Bytes) {
    ULONG_PTR a = (ULONG_PTR)Address;

    for (PLIST_ENTRY l = Heap->SegmentList.Flink; l != &Heap->SegmentList; l = l->Flink) {
        PRTLP_HEAP_SEGMENT Segment = CONTAINING_RECORD(l, RTLP_HEAP_SEGMENT, SegmentLinks);
        ULONG_PTR First = (ULONG_PTR)Segment->FirstEntry;
        ULONG_PTR End = (ULONG_PTR)Segment->Base + Segment->CommittedSize;

        if (a >= First && a < End && Bytes <= End - a)
            return Segment;
    }
    return NULL;
}

/* ---- Free-list bins ------------------------------------------------------------------ */

static ULONG RtlpBinIndex(SIZE_T Units) {
    if (Units < HEAP_EXACT_BINS)
        return (ULONG)Units;
    ULONG Log = 63 - (ULONG)__builtin_clzll(Units); /* >= 6 */
    ULONG Sub = (ULONG)(Units >> (Log - HEAP_SUB_BIN_BITS)) & ((1u << HEAP_SUB_BIN_BITS) - 1);
    return HEAP_EXACT_BINS + ((Log - 6) << HEAP_SUB_BIN_BITS) + Sub;
}

/* The first non-empty bin at or after From, or HEAP_BIN_COUNT. */
static ULONG RtlpNextBin(PRTLP_HEAP Heap, ULONG From) {
    for (ULONG w = From / 64; w < HEAP_BITMAP_WORDS; w++) {
        ULONG64 Bits = Heap->BinBitmap[w];
        if (w == From / 64)
            Bits &= ~0ull << (From % 64);
        if (Bits)
            return w * 64 + (ULONG)__builtin_ctzll(Bits);
    }
    return HEAP_BIN_COUNT;
}

static VOID RtlpBinInsert(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry) {
    ULONG Bin = RtlpBinIndex(Entry->Size);

    InsertHeadList(&Heap->Bins[Bin], RtlpFreeLinks(Entry));
    Heap->BinBitmap[Bin / 64] |= 1ull << (Bin % 64);
}

/*
 * A free-list link may be followed only if it is a bin head or the links of
 * an intact free block in one of this heap's segments: a use-after-free
 * write over a free block's links must be reported, not followed.
 */
static BOOLEAN RtlpLinkValid(PRTLP_HEAP Heap, PLIST_ENTRY Link) {
    ULONG_PTR a = (ULONG_PTR)Link;
    ULONG_PTR Bins = (ULONG_PTR)&Heap->Bins[0];

    if (a >= Bins && a < (ULONG_PTR)&Heap->Bins[HEAP_BIN_COUNT])
        return (a - Bins) % sizeof(LIST_ENTRY) == 0;
    if (!IS_ALIGNED(a, HEAP_UNIT) || !RtlpSegmentOf(Heap, Link, sizeof(LIST_ENTRY)))
        return FALSE;
    PRTLP_HEAP_ENTRY Entry = RtlpEntryFromLinks(Link);
    return RtlpEntryIntact(Heap, Entry) && !RtlpIsBusy(Entry);
}

/* Unlinks a free block after checking its links (reported if damaged). */
static BOOLEAN RtlpBinRemove(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry) {
    PLIST_ENTRY Links = RtlpFreeLinks(Entry);
    ULONG Bin = RtlpBinIndex(Entry->Size);

    if (!RtlpLinkValid(Heap, Links->Flink) || !RtlpLinkValid(Heap, Links->Blink) ||
        Links->Flink->Blink != Links || Links->Blink->Flink != Links) {
        RtlpHeapReportCorruption(Heap, Entry + 1, HeapCorruptionFreeList);
        return FALSE;
    }
    if (RemoveEntryList(Links))
        Heap->BinBitmap[Bin / 64] &= ~(1ull << (Bin % 64));
    return TRUE;
}

/*
 * A free block of at least Units units, still in its bin, or NULL.  The
 * request's own bin may hold smaller blocks, so only its first few are
 * tried; every block of a higher bin is large enough.
 */
static PRTLP_HEAP_ENTRY RtlpBinFind(PRTLP_HEAP Heap, SIZE_T Units) {
    ULONG Bin = RtlpBinIndex(Units);
    PLIST_ENTRY Head = &Heap->Bins[Bin], Link = Head->Flink;

    for (ULONG i = 0; Link != Head && i < HEAP_BIN_SCAN; i++, Link = Link->Flink) {
        if (!RtlpLinkValid(Heap, Link)) {
            RtlpHeapReportCorruption(Heap, Link, HeapCorruptionFreeList);
            return NULL;
        }
        if (RtlpEntryFromLinks(Link)->Size >= Units)
            return RtlpEntryFromLinks(Link);
    }
    Bin = RtlpNextBin(Heap, Bin + 1);
    if (Bin == HEAP_BIN_COUNT)
        return NULL;
    Link = Heap->Bins[Bin].Flink;
    if (!RtlpLinkValid(Heap, Link) || RtlpEntryFromLinks(Link)->Size < Units) {
        RtlpHeapReportCorruption(Heap, Link, HeapCorruptionFreeList);
        return NULL;
    }
    return RtlpEntryFromLinks(Link);
}

/* ---- Virtual memory ------------------------------------------------------------------ */

static PVOID RtlpVmReserve(SIZE_T *Bytes, ULONG Type, ULONG Protect) {
    PVOID Base = NULL;
    SIZE_T Size = *Bytes;

    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, Type, Protect)))
        return NULL;
    *Bytes = Size;
    return Base;
}

static BOOLEAN RtlpVmCommit(PVOID Address, SIZE_T Bytes, ULONG Protect) {
    PVOID Base = Address;
    SIZE_T Size = Bytes;

    return NT_SUCCESS(
        NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, MEM_COMMIT, Protect));
}

static BOOLEAN RtlpVmDecommit(PVOID Address, SIZE_T Bytes) {
    PVOID Base = Address;
    SIZE_T Size = Bytes;

    return NT_SUCCESS(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_DECOMMIT));
}

static BOOLEAN RtlpVmRelease(PVOID Address) {
    PVOID Base = Address;
    SIZE_T Size = 0;

    return NT_SUCCESS(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE));
}

/* ---- Preparing blocks for the caller --------------------------------------------------- */

/*
 * Sets the bytes of a busy block for the caller: [From, To) of the caller's
 * area are new (zeroed, or marked in the checking mode), [To, Capacity) is
 * slack (the tail pattern in the checking mode).
 */
static VOID RtlpPrepareUser(PRTLP_HEAP Heap, PUCHAR User, SIZE_T From, SIZE_T To, SIZE_T Capacity,
                            ULONG Flags) {
    if (To > From) {
        if (Flags & HEAP_ZERO_MEMORY)
            RtlpHeapFill(User + From, To - From, 0);
        else if (Heap->Flags & HEAP_FREE_CHECKING_ENABLED)
            RtlpHeapFill(User + From, To - From, HEAP_ALLOC_FILL);
    }
    if (Heap->Flags & HEAP_TAIL_CHECKING_ENABLED)
        RtlpHeapFill(User + To, Capacity - To, RtlpByteFill(HEAP_TAIL_FILL));
}

/* Units for a request of Size bytes (header and tail pattern included). */
static BOOLEAN RtlpUnitsFor(PRTLP_HEAP Heap, SIZE_T Size, SIZE_T *Units) {
    SIZE_T Extra = HEAP_UNIT + ((Heap->Flags & HEAP_TAIL_CHECKING_ENABLED) ? HEAP_TAIL_MIN : 0);

    if (Size > HEAP_MAX_SEGMENT_RESERVE)
        return FALSE;
    *Units = (Size + Extra + HEAP_UNIT - 1) >> HEAP_UNIT_SHIFT;
    if (*Units < HEAP_MIN_BLOCK_UNITS)
        *Units = HEAP_MIN_BLOCK_UNITS;
    return TRUE;
}

/*
 * In the free-checking mode, checks that the part [From, To) (in units from
 * Free) of the free block Free still holds the free fill, before it is
 * handed out.  The fill starts after the block's links (unit 2).
 */
static VOID RtlpCheckFreeFill(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Free, SIZE_T From, SIZE_T To) {
    if (!(Heap->Flags & HEAP_FREE_CHECKING_ENABLED))
        return;
    if (From < HEAP_MIN_BLOCK_UNITS)
        From = HEAP_MIN_BLOCK_UNITS;
    if (To > Free->Size)
        To = Free->Size;
    if (To <= From)
        return;
    PVOID Bad = RtlpHeapCheckFill(Free + From, (To - From) << HEAP_UNIT_SHIFT, HEAP_FREE_FILL);
    if (Bad)
        RtlpHeapReportCorruption(Heap, Bad, HeapCorruptionFreeBlockModified);
}

/*
 * Entry is being made busy with Units units out of Total units, of which
 * everything past Units is already free fill: split the excess off as a free
 * block if it is large enough.  Returns the units the busy block keeps.
 * The block after Entry + Total is busy (free blocks never touch).
 */
static SIZE_T RtlpSplitTail(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry, SIZE_T Units, SIZE_T Total) {
    SIZE_T Rest = Total - Units;

    if (Rest < HEAP_MIN_BLOCK_UNITS)
        return Total;
    PRTLP_HEAP_ENTRY Tail = Entry + Units;
    RtlpSetEntry(Heap, Tail, Rest, Units, 0, 0);
    RtlpSetPrevSize(Heap, Tail + Rest, Rest);
    RtlpBinInsert(Heap, Tail);
    return Units;
}

/* Turns the free block Free (off its bin) into a busy block for Size bytes. */
static PVOID RtlpCarve(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Free, SIZE_T Units, SIZE_T Size,
                       ULONG Flags) {
    RtlpCheckFreeFill(Heap, Free, 0, Units);
    Units = RtlpSplitTail(Heap, Free, Units, Free->Size);
    SIZE_T Capacity = (Units << HEAP_UNIT_SHIFT) - HEAP_UNIT;
    RtlpSetEntry(Heap, Free, Units, Free->PrevSize, Capacity - Size, HEAP_ENTRY_BUSY);
    RtlpPrepareUser(Heap, (PUCHAR)(Free + 1), 0, Size, Capacity, Flags);
    return Free + 1;
}

/* ---- Segments ------------------------------------------------------------------------ */

/*
 * Lays out a new segment: one free block over the committed part after
 * FirstOffset, and the end marker.  Returns the free block, not in a bin.
 */
static PRTLP_HEAP_ENTRY RtlpSegmentInit(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PUCHAR Base,
                                        SIZE_T Reserved, SIZE_T Committed, SIZE_T FirstOffset,
                                        BOOLEAN CallerMemory) {
    Segment->Base = Base;
    Segment->ReservedSize = Reserved;
    Segment->CommittedSize = Committed;
    Segment->FirstEntry = (PRTLP_HEAP_ENTRY)(Base + FirstOffset);
    Segment->CallerMemory = CallerMemory;

    PRTLP_HEAP_ENTRY First = Segment->FirstEntry, End = RtlpSegmentEnd(Segment);
    SIZE_T Units = (SIZE_T)(End - First);
    RtlpSetEntry(Heap, First, Units, 0, 0, 0);
    RtlpSetEntry(Heap, End, 1, Units, 0, HEAP_ENTRY_BUSY | HEAP_ENTRY_END);
    if (Heap->Flags & HEAP_FREE_CHECKING_ENABLED)
        RtlpHeapFill(First + 2, (Units - 2) << HEAP_UNIT_SHIFT, HEAP_FREE_FILL);
    InsertTailList(&Heap->SegmentList, &Segment->SegmentLinks);
    return First;
}

/*
 * Commits more of Segment so that its last block, made free, has at least
 * Units units.  Returns that block (off its bin), or NULL if the segment
 * cannot hold it or the commit fails.
 */
static PRTLP_HEAP_ENTRY RtlpSegmentExtend(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment,
                                          SIZE_T Units) {
    PRTLP_HEAP_ENTRY End = RtlpSegmentEnd(Segment), Last = End - End->PrevSize;
    PRTLP_HEAP_ENTRY Start = RtlpIsBusy(Last) ? End : Last;
    ULONG_PTR CommitEnd = (ULONG_PTR)Segment->Base + Segment->CommittedSize;
    ULONG_PTR ReserveEnd = (ULONG_PTR)Segment->Base + Segment->ReservedSize;

    if (Segment->CallerMemory || Units + 1 > (ReserveEnd - (ULONG_PTR)Start) >> HEAP_UNIT_SHIFT)
        return NULL;
    ULONG_PTR NeedEnd = (ULONG_PTR)(Start + Units + 1);
    SIZE_T Grow = 0;
    if (NeedEnd > CommitEnd) {
        Grow = ALIGN_UP_BY(NeedEnd - CommitEnd, HEAP_PAGE_SIZE);
        if (Grow < Heap->CommitStep)
            Grow = Heap->CommitStep;
        if (Grow > ReserveEnd - CommitEnd)
            Grow = ReserveEnd - CommitEnd;
        if (!RtlpVmCommit((PVOID)CommitEnd, Grow, Heap->Protect))
            return NULL;
    }
    if (Start == Last && !RtlpBinRemove(Heap, Last))
        return NULL;
    Segment->CommittedSize += Grow;
    PRTLP_HEAP_ENTRY NewEnd = RtlpSegmentEnd(Segment);
    SIZE_T Size = (SIZE_T)(NewEnd - Start);
    RtlpSetEntry(Heap, Start, Size, Start->PrevSize, 0, 0);
    RtlpSetEntry(Heap, NewEnd, 1, Size, 0, HEAP_ENTRY_BUSY | HEAP_ENTRY_END);
    if (Heap->Flags & HEAP_FREE_CHECKING_ENABLED) {
        PRTLP_HEAP_ENTRY FillFrom = Start == End ? Start + 2 : End;
        if (NewEnd > FillFrom)
            RtlpHeapFill(FillFrom, (SIZE_T)(NewEnd - FillFrom) << HEAP_UNIT_SHIFT, HEAP_FREE_FILL);
    }
    return Start;
}

/* A new segment for a growable heap, large enough for Units; its free block (off its bin). */
static PRTLP_HEAP_ENTRY RtlpSegmentCreate(PRTLP_HEAP Heap, SIZE_T Units) {
    SIZE_T Header = ALIGN_UP_BY(sizeof(RTLP_HEAP_SEGMENT), HEAP_UNIT);
    SIZE_T Need = Header + ((Units + 1) << HEAP_UNIT_SHIFT);
    SIZE_T Reserve = ALIGN_UP_BY(Need, HEAP_RESERVE_GRANULARITY);

    if (Reserve < Heap->NextSegmentReserve)
        Reserve = Heap->NextSegmentReserve;
    if (Reserve > HEAP_MAX_SEGMENT_RESERVE)
        return NULL;
    PUCHAR Base = RtlpVmReserve(&Reserve, MEM_RESERVE, Heap->Protect);
    if (!Base)
        return NULL;
    SIZE_T Commit = ALIGN_UP_BY(Need > Header + Heap->CommitStep ? Need : Header + Heap->CommitStep,
                                HEAP_PAGE_SIZE);
    if (Commit > Reserve)
        Commit = Reserve;
    if (!RtlpVmCommit(Base, Commit, Heap->Protect)) {
        RtlpVmRelease(Base);
        return NULL;
    }
    if (Heap->NextSegmentReserve < HEAP_MAX_SEGMENT_GROWTH)
        Heap->NextSegmentReserve *= 2;
    return RtlpSegmentInit(Heap, (PRTLP_HEAP_SEGMENT)Base, Base, Reserve, Commit, Header, FALSE);
}

/* Gives an entirely free segment (not the first) back; Free is its only block, in its bin. */
static VOID RtlpSegmentRelease(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PRTLP_HEAP_ENTRY Free) {
    if (!RtlpBinRemove(Heap, Free))
        return;
    RemoveEntryList(&Segment->SegmentLinks);
    if (!RtlpVmRelease(Segment->Base)) {
        InsertTailList(&Heap->SegmentList, &Segment->SegmentLinks);
        RtlpBinInsert(Heap, Free);
    }
}

/*
 * Free (in its bin) has just become the last block of Segment.  Releases the
 * segment if it is now empty, or decommits the tail when more than
 * DecommitThreshold bytes beyond one commit step are free.
 */
static VOID RtlpSegmentTrim(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PRTLP_HEAP_ENTRY Free) {
    if (Segment->CallerMemory)
        return;
    if (Free == Segment->FirstEntry && Segment != &Heap->FirstSegment) {
        RtlpSegmentRelease(Heap, Segment, Free);
        return;
    }
    ULONG_PTR Keep = (ULONG_PTR)(Free + HEAP_MIN_BLOCK_UNITS + 1) + Heap->CommitStep;
    ULONG_PTR End = (ULONG_PTR)Segment->Base + Segment->CommittedSize;
    Keep = ALIGN_UP_BY(Keep, HEAP_PAGE_SIZE);
    if (Keep >= End || End - Keep < Heap->DecommitThreshold)
        return;
    if (!RtlpBinRemove(Heap, Free))
        return;
    if (RtlpVmDecommit((PVOID)Keep, End - Keep)) {
        Segment->CommittedSize = Keep - (ULONG_PTR)Segment->Base;
        PRTLP_HEAP_ENTRY NewEnd = RtlpSegmentEnd(Segment);
        SIZE_T Size = (SIZE_T)(NewEnd - Free);
        RtlpSetEntry(Heap, Free, Size, Free->PrevSize, 0, 0);
        RtlpSetEntry(Heap, NewEnd, 1, Size, 0, HEAP_ENTRY_BUSY | HEAP_ENTRY_END);
    }
    RtlpBinInsert(Heap, Free);
}

/* ---- Freeing a block in a segment ------------------------------------------------------- */

/*
 * Frees the busy block Entry, whose header and neighbours have been checked:
 * fills it (checking mode), merges it with free neighbours, files it in its
 * bin and trims the segment if it is now the last block.
 */
static VOID RtlpReleaseEntry(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PRTLP_HEAP_ENTRY Entry) {
    BOOLEAN Fill = (Heap->Flags & HEAP_FREE_CHECKING_ENABLED) != 0;
    PRTLP_HEAP_ENTRY Start = Entry, Next = Entry + Entry->Size;
    SIZE_T Size = Entry->Size;

    /* Marked free first: if it is merged into its predecessor, what is left
     * of its header still says "free" to a second RtlFreeHeap. */
    RtlpSetEntry(Heap, Entry, Size, Entry->PrevSize, 0, 0);
    if (Entry->PrevSize) {
        PRTLP_HEAP_ENTRY Prev = Entry - Entry->PrevSize;
        if (!RtlpIsBusy(Prev) && RtlpBinRemove(Heap, Prev)) {
            Start = Prev;
            Size += Prev->Size;
        }
    }
    if (Fill) {
        PRTLP_HEAP_ENTRY From = Start == Entry ? Entry + 2 : Entry;
        RtlpHeapFill(From, (SIZE_T)(Next - From) << HEAP_UNIT_SHIFT, HEAP_FREE_FILL);
    }
    if (!RtlpIsBusy(Next) && RtlpBinRemove(Heap, Next)) {
        Size += Next->Size;
        if (Fill)
            RtlpHeapFill(Next, 2 * HEAP_UNIT, HEAP_FREE_FILL);
    }
    RtlpSetEntry(Heap, Start, Size, Start->PrevSize, 0, 0);
    RtlpSetPrevSize(Heap, Start + Size, Size);
    RtlpBinInsert(Heap, Start);
    if ((Start + Size)->Flags & HEAP_ENTRY_END)
        RtlpSegmentTrim(Heap, Segment, Start);
}

/*
 * Shrinks the busy block Entry to Units units (<= its size) for Size bytes:
 * a large enough remainder becomes a busy block that is freed at once.
 */
static VOID RtlpShrinkEntry(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PRTLP_HEAP_ENTRY Entry,
                            SIZE_T Units, SIZE_T Size) {
    SIZE_T Rest = Entry->Size - Units;

    if (Rest < HEAP_MIN_BLOCK_UNITS) {
        Units = Entry->Size;
        Rest = 0;
    }
    RtlpSetEntry(Heap, Entry, Units, Entry->PrevSize, (Units << HEAP_UNIT_SHIFT) - HEAP_UNIT - Size,
                 HEAP_ENTRY_BUSY);
    if (Rest) {
        PRTLP_HEAP_ENTRY Tail = Entry + Units;
        RtlpSetEntry(Heap, Tail, Rest, Units, 0, HEAP_ENTRY_BUSY);
        RtlpSetPrevSize(Heap, Tail + Rest, Rest);
        RtlpReleaseEntry(Heap, Segment, Tail);
    }
}

/* ---- Finding blocks from caller pointers --------------------------------------------------- */

/* Whether a header that fails its hash still agrees with a neighbour (a
 * damaged real header rather than a pointer into the middle of something). */
static BOOLEAN RtlpLooksLikeDamagedHeader(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment,
                                          PRTLP_HEAP_ENTRY Entry) {
    PRTLP_HEAP_ENTRY End = RtlpSegmentEnd(Segment);

    if (Entry->Size >= 1 && Entry->Size <= (SIZE_T)(End - Entry)) {
        PRTLP_HEAP_ENTRY Next = Entry + Entry->Size;
        if (RtlpEntryIntact(Heap, Next) && Next->PrevSize == Entry->Size)
            return TRUE;
    }
    if (Entry->PrevSize >= 1 && Entry->PrevSize <= (SIZE_T)(Entry - Segment->FirstEntry)) {
        PRTLP_HEAP_ENTRY Prev = Entry - Entry->PrevSize;
        if (RtlpEntryIntact(Heap, Prev) && Prev->Size == Entry->PrevSize)
            return TRUE;
    }
    return FALSE;
}

/* What a header-sized piece of free fill means: the block was freed and merged. */
static BOOLEAN RtlpIsFreeFill(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry) {
    return (Heap->Flags & HEAP_FREE_CHECKING_ENABLED) &&
           !RtlpHeapCheckFill(Entry, HEAP_UNIT, HEAP_FREE_FILL);
}

static RTLP_HEAP_CORRUPTION RtlpLookupSegmentBlock(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment,
                                                   PRTLP_HEAP_ENTRY Entry, PRTLP_BLOCK Block) {
    if (!RtlpEntryIntact(Heap, Entry)) {
        if (RtlpIsFreeFill(Heap, Entry))
            return HeapCorruptionDoubleFree;
        return RtlpLooksLikeDamagedHeader(Heap, Segment, Entry) ? HeapCorruptionHeader
                                                                : HeapCorruptionBadAddress;
    }
    if (Entry->Flags & (HEAP_ENTRY_END | HEAP_ENTRY_BIG))
        return HeapCorruptionBadAddress;
    if (!RtlpIsBusy(Entry))
        return HeapCorruptionDoubleFree;
    Block->Segment = Segment;
    Block->Big = NULL;
    Block->Entry = Entry;
    return HeapCorruptionNone;
}

/* The block BaseAddress is the start of, or why there is none. */
static RTLP_HEAP_CORRUPTION RtlpLookupBlock(PRTLP_HEAP Heap, PVOID BaseAddress, PRTLP_BLOCK Block) {
    if (!BaseAddress || !IS_ALIGNED(BaseAddress, HEAP_UNIT))
        return HeapCorruptionBadAddress;
    PRTLP_HEAP_ENTRY Entry = (PRTLP_HEAP_ENTRY)BaseAddress - 1;
    PRTLP_HEAP_SEGMENT Segment = RtlpSegmentOf(Heap, Entry, HEAP_UNIT);
    if (Segment)
        return RtlpLookupSegmentBlock(Heap, Segment, Entry, Block);
    for (PLIST_ENTRY l = Heap->BigBlockList.Flink; l != &Heap->BigBlockList; l = l->Flink) {
        PRTLP_HEAP_BIG_BLOCK Big = CONTAINING_RECORD(l, RTLP_HEAP_BIG_BLOCK, BigLinks);
        if (&Big->Entry != Entry)
            continue;
        if (!RtlpEntryIntact(Heap, Entry) || Entry->Flags != (HEAP_ENTRY_BUSY | HEAP_ENTRY_BIG))
            return HeapCorruptionHeader;
        Block->Segment = NULL;
        Block->Big = Big;
        Block->Entry = Entry;
        return HeapCorruptionNone;
    }
    return HeapCorruptionBadAddress;
}

/* Checks a tail pattern; *Where gets the first damaged byte. */
static RTLP_HEAP_CORRUPTION RtlpCheckTail(PRTLP_HEAP Heap, PUCHAR User, SIZE_T Size,
                                          SIZE_T Capacity, PVOID *Where) {
    if (!(Heap->Flags & HEAP_TAIL_CHECKING_ENABLED))
        return HeapCorruptionNone;
    *Where = RtlpHeapCheckFill(User + Size, Capacity - Size, RtlpByteFill(HEAP_TAIL_FILL));
    return *Where ? HeapCorruptionTailOverrun : HeapCorruptionNone;
}

/*
 * Checks a busy block found by RtlpLookupBlock: its size links with both
 * neighbours (an overrun into the next header breaks them) and, in the
 * checking mode, its tail pattern.  *Where gets the damaged address.
 */
static RTLP_HEAP_CORRUPTION RtlpCheckBusyBlock(PRTLP_HEAP Heap, PRTLP_BLOCK Block, PVOID *Where) {
    PRTLP_HEAP_ENTRY Entry = Block->Entry;

    *Where = Entry + 1;
    if (Block->Big) {
        PRTLP_HEAP_BIG_BLOCK Big = Block->Big;
        return RtlpCheckTail(Heap, (PUCHAR)(Entry + 1), Big->RequestedSize,
                             Big->CommittedSize - sizeof(*Big), Where);
    }
    PRTLP_HEAP_SEGMENT Segment = Block->Segment;
    PRTLP_HEAP_ENTRY End = RtlpSegmentEnd(Segment);
    if (Entry->Size < HEAP_MIN_BLOCK_UNITS || Entry->Size > (SIZE_T)(End - Entry) ||
        Entry->Unused > (((SIZE_T)Entry->Size - 1) << HEAP_UNIT_SHIFT))
        return HeapCorruptionHeader;
    PRTLP_HEAP_ENTRY Next = Entry + Entry->Size;
    if (!RtlpEntryIntact(Heap, Next) || Next->PrevSize != Entry->Size) {
        *Where = Next;
        return HeapCorruptionHeader;
    }
    if (Entry->PrevSize) {
        PRTLP_HEAP_ENTRY Prev = Entry - Entry->PrevSize;
        if (Entry->PrevSize > (SIZE_T)(Entry - Segment->FirstEntry) ||
            !RtlpEntryIntact(Heap, Prev) || Prev->Size != Entry->PrevSize) {
            *Where = Entry;
            return HeapCorruptionHeader;
        }
    } else if (Entry != Segment->FirstEntry) {
        return HeapCorruptionHeader;
    }
    return RtlpCheckTail(Heap, (PUCHAR)(Entry + 1), RtlpEntryUserSize(Entry),
                         ((SIZE_T)Entry->Size - 1) << HEAP_UNIT_SHIFT, Where);
}

/*
 * Looks up and checks the block behind a caller's pointer, reporting any
 * damage.  FALSE when the block cannot be used; a tail overrun alone is
 * reported but lets the caller go on (every header is sound).
 */
static BOOLEAN RtlpAcquireBlock(PRTLP_HEAP Heap, PVOID BaseAddress, PRTLP_BLOCK Block) {
    PVOID Where = BaseAddress;
    RTLP_HEAP_CORRUPTION Kind = RtlpLookupBlock(Heap, BaseAddress, Block);

    if (Kind == HeapCorruptionNone)
        Kind = RtlpCheckBusyBlock(Heap, Block, &Where);
    if (Kind != HeapCorruptionNone)
        RtlpHeapReportCorruption(Heap, Where, Kind);
    return Kind == HeapCorruptionNone || Kind == HeapCorruptionTailOverrun;
}

/* ---- Big blocks ---------------------------------------------------------------------- */

static SIZE_T RtlpBigBytes(PRTLP_HEAP Heap, SIZE_T Size) {
    SIZE_T Tail = (Heap->Flags & HEAP_TAIL_CHECKING_ENABLED) ? HEAP_TAIL_MIN : 0;
    return ALIGN_UP_BY(sizeof(RTLP_HEAP_BIG_BLOCK) + Size + Tail, HEAP_PAGE_SIZE);
}

static PVOID RtlpBigAllocate(PRTLP_HEAP Heap, ULONG Flags, SIZE_T Size) {
    if (Size > MAXSIZE_T / 4)
        return NULL;
    SIZE_T Bytes = RtlpBigBytes(Heap, Size);
    PRTLP_HEAP_BIG_BLOCK Big = RtlpVmReserve(&Bytes, MEM_RESERVE | MEM_COMMIT, Heap->Protect);
    if (!Big)
        return NULL;
    Big->RequestedSize = Size;
    Big->ReservedSize = Bytes;
    Big->CommittedSize = Bytes;
    RtlpSetEntry(Heap, &Big->Entry, 0, 0, 0, HEAP_ENTRY_BUSY | HEAP_ENTRY_BIG);
    InsertTailList(&Heap->BigBlockList, &Big->BigLinks);
    /* Fresh pages are zero already. */
    RtlpPrepareUser(Heap, (PUCHAR)(&Big->Entry + 1), (Flags & HEAP_ZERO_MEMORY) ? Size : 0, Size,
                    Bytes - sizeof(*Big), Flags);
    return &Big->Entry + 1;
}

static VOID RtlpBigFree(PRTLP_HEAP Heap, PRTLP_HEAP_BIG_BLOCK Big) {
    RemoveEntryList(&Big->BigLinks);
    if (!RtlpVmRelease(Big))
        InsertTailList(&Heap->BigBlockList, &Big->BigLinks);
}

/* Resizes a big block within its reservation; FALSE if it does not fit or a commit fails. */
static BOOLEAN RtlpBigResize(PRTLP_HEAP Heap, PRTLP_HEAP_BIG_BLOCK Big, SIZE_T Size, ULONG Flags) {
    PUCHAR Base = (PUCHAR)Big;

    if (Size > MAXSIZE_T / 4)
        return FALSE;
    SIZE_T Bytes = RtlpBigBytes(Heap, Size);
    if (Bytes > Big->ReservedSize)
        return FALSE;
    if (Bytes > Big->CommittedSize) {
        if (!RtlpVmCommit(Base + Big->CommittedSize, Bytes - Big->CommittedSize, Heap->Protect))
            return FALSE;
        Big->CommittedSize = Bytes;
    } else if (Bytes < Big->CommittedSize &&
               RtlpVmDecommit(Base + Bytes, Big->CommittedSize - Bytes)) {
        Big->CommittedSize = Bytes;
    }
    SIZE_T Old = Big->RequestedSize;
    Big->RequestedSize = Size;
    RtlpPrepareUser(Heap, (PUCHAR)(&Big->Entry + 1), Old, Size, Big->CommittedSize - sizeof(*Big),
                    Flags);
    return TRUE;
}

/* ---- Allocation ---------------------------------------------------------------------- */

/* A free block of at least Units units, off its bin: from the bins, by
 * committing more of a segment, or from a new segment. */
static PRTLP_HEAP_ENTRY RtlpFindFreeBlock(PRTLP_HEAP Heap, SIZE_T Units) {
    PRTLP_HEAP_ENTRY Free = RtlpBinFind(Heap, Units);

    if (Free)
        return RtlpBinRemove(Heap, Free) ? Free : NULL;
    for (PLIST_ENTRY l = Heap->SegmentList.Flink; l != &Heap->SegmentList; l = l->Flink) {
        Free =
            RtlpSegmentExtend(Heap, CONTAINING_RECORD(l, RTLP_HEAP_SEGMENT, SegmentLinks), Units);
        if (Free)
            return Free;
    }
    if (Heap->Flags & HEAP_GROWABLE)
        return RtlpSegmentCreate(Heap, Units);
    return NULL;
}

static PVOID RtlpAllocate(PRTLP_HEAP Heap, ULONG Flags, SIZE_T Size) {
    SIZE_T Units;

    if (Heap->BigThreshold && Size >= Heap->BigThreshold)
        return RtlpBigAllocate(Heap, Flags, Size);
    if (!RtlpUnitsFor(Heap, Size, &Units))
        return NULL;
    PRTLP_HEAP_ENTRY Free = RtlpFindFreeBlock(Heap, Units);
    return Free ? RtlpCarve(Heap, Free, Units, Size, Flags) : NULL;
}

/* Frees a block RtlpAcquireBlock accepted. */
static VOID RtlpFreeBlock(PRTLP_HEAP Heap, PRTLP_BLOCK Block) {
    if (Block->Big)
        RtlpBigFree(Heap, Block->Big);
    else
        RtlpReleaseEntry(Heap, Block->Segment, Block->Entry);
}

static BOOLEAN RtlpValidateAll(PRTLP_HEAP Heap);

/* Entry bookkeeping shared by the API functions: the handle, forced flags,
 * the lock and, with HEAP_VALIDATE_ALL_ENABLED, a full check first. */
static PRTLP_HEAP RtlpEnter(PVOID HeapHandle, ULONG *Flags) {
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, TRUE);

    if (!Heap)
        return NULL;
    *Flags |= Heap->Flags & HEAP_FORCE_FLAGS;
    RtlpHeapLock(Heap, *Flags);
    if (Heap->Flags & HEAP_VALIDATE_ALL_ENABLED)
        RtlpValidateAll(Heap);
    return Heap;
}

/* HEAP_GENERATE_EXCEPTIONS: failures return NULL instead of raising (no SEH yet). */
PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size) {
    PRTLP_HEAP Heap = RtlpEnter(HeapHandle, &Flags);

    if (!Heap)
        return NULL;
    PVOID Result = RtlpAllocate(Heap, Flags, Size);
    RtlpHeapUnlock(Heap, Flags);
    return Result;
}

BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress) {
    RTLP_BLOCK Block;

    if (!BaseAddress)
        return TRUE;
    PRTLP_HEAP Heap = RtlpEnter(HeapHandle, &Flags);
    if (!Heap)
        return FALSE;
    BOOLEAN Ok = RtlpAcquireBlock(Heap, BaseAddress, &Block);
    if (Ok)
        RtlpFreeBlock(Heap, &Block);
    RtlpHeapUnlock(Heap, Flags);
    return Ok;
}

/* A query: a bad heap or pointer gives (SIZE_T)-1 and no report. */
SIZE_T NTAPI RtlSizeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress) {
    RTLP_BLOCK Block;
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, FALSE);
    SIZE_T Size = (SIZE_T)-1;

    if (!Heap)
        return Size;
    Flags |= Heap->Flags & HEAP_FORCE_FLAGS;
    RtlpHeapLock(Heap, Flags);
    if (RtlpLookupBlock(Heap, BaseAddress, &Block) == HeapCorruptionNone)
        Size = Block.Big ? Block.Big->RequestedSize : RtlpEntryUserSize(Block.Entry);
    RtlpHeapUnlock(Heap, Flags);
    return Size;
}

/* ---- Reallocation ---------------------------------------------------------------------- */

/* Grows a segment block in place into its free successor; FALSE if that is not possible. */
static BOOLEAN RtlpGrowInPlace(PRTLP_HEAP Heap, PRTLP_HEAP_ENTRY Entry, SIZE_T Units, SIZE_T Size,
                               ULONG Flags) {
    PRTLP_HEAP_ENTRY Next = Entry + Entry->Size;
    SIZE_T Old = RtlpEntryUserSize(Entry);

    if (RtlpIsBusy(Next) || Entry->Size + (SIZE_T)Next->Size < Units)
        return FALSE;
    if (!RtlpBinRemove(Heap, Next))
        return FALSE;
    RtlpCheckFreeFill(Heap, Next, 0, Units - Entry->Size);
    SIZE_T Total = Entry->Size + (SIZE_T)Next->Size;
    Units = RtlpSplitTail(Heap, Entry, Units, Total);
    if (Units == Total)
        RtlpSetPrevSize(Heap, Entry + Total, Total);
    SIZE_T Capacity = (Units << HEAP_UNIT_SHIFT) - HEAP_UNIT;
    RtlpSetEntry(Heap, Entry, Units, Entry->PrevSize, Capacity - Size, HEAP_ENTRY_BUSY);
    RtlpPrepareUser(Heap, (PUCHAR)(Entry + 1), Old, Size, Capacity, Flags);
    return TRUE;
}

/*
 * Growing the last block of a segment (or the one before a free last block):
 * commit more of the segment first, so that the block can grow in place.
 */
static VOID RtlpExtendAfter(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PRTLP_HEAP_ENTRY Entry,
                            SIZE_T Units) {
    PRTLP_HEAP_ENTRY Next = Entry + Entry->Size;
    SIZE_T Have = RtlpIsBusy(Next) ? 0 : Next->Size;
    PRTLP_HEAP_ENTRY Last = RtlpIsBusy(Next) ? Next : Next + Next->Size;

    if (Entry->Size + Have >= Units || !(Last->Flags & HEAP_ENTRY_END))
        return;
    SIZE_T Want = Units - Entry->Size;
    PRTLP_HEAP_ENTRY Free =
        RtlpSegmentExtend(Heap, Segment, Want > HEAP_MIN_BLOCK_UNITS ? Want : HEAP_MIN_BLOCK_UNITS);
    if (Free)
        RtlpBinInsert(Heap, Free);
}

/* Resizes a block in place if possible (TRUE), without moving it. */
static BOOLEAN RtlpResizeInPlace(PRTLP_HEAP Heap, PRTLP_BLOCK Block, SIZE_T Size, ULONG Flags) {
    PRTLP_HEAP_ENTRY Entry = Block->Entry;
    SIZE_T Units;

    if (Block->Big) {
        BOOLEAN StaysBig = Size >= Heap->BigThreshold;
        if (!StaysBig && !(Flags & HEAP_REALLOC_IN_PLACE_ONLY))
            return FALSE; /* move it back into a segment, returning the region */
        return RtlpBigResize(Heap, Block->Big, Size, Flags);
    }
    if (Heap->BigThreshold && Size >= Heap->BigThreshold && !(Flags & HEAP_REALLOC_IN_PLACE_ONLY))
        return FALSE; /* becomes a big block */
    if (!RtlpUnitsFor(Heap, Size, &Units))
        return FALSE;
    if (Units > Entry->Size) {
        RtlpExtendAfter(Heap, Block->Segment, Entry, Units);
        return RtlpGrowInPlace(Heap, Entry, Units, Size, Flags);
    }
    SIZE_T Old = RtlpEntryUserSize(Entry);
    RtlpShrinkEntry(Heap, Block->Segment, Entry, Units, Size);
    RtlpPrepareUser(Heap, (PUCHAR)(Entry + 1), Old, Size,
                    ((SIZE_T)Entry->Size - 1) << HEAP_UNIT_SHIFT, Flags);
    return TRUE;
}

/* Moves a block to a new one of Size bytes: copy, zero the growth, free the old. */
static PVOID RtlpMoveBlock(PRTLP_HEAP Heap, PRTLP_BLOCK Block, SIZE_T Size, ULONG Flags) {
    SIZE_T Old = Block->Big ? Block->Big->RequestedSize : RtlpEntryUserSize(Block->Entry);
    PVOID New = RtlpAllocate(Heap, Flags & ~HEAP_ZERO_MEMORY, Size);

    if (!New)
        return NULL;
    RtlpHeapCopy(New, Block->Entry + 1, Old < Size ? Old : Size);
    if ((Flags & HEAP_ZERO_MEMORY) && Size > Old)
        RtlpHeapFill((PUCHAR)New + Old, Size - Old, 0);
    RtlpFreeBlock(Heap, Block);
    return New;
}

/*
 * BaseAddress NULL gives NULL (as on Windows).  Size 0 keeps a zero-byte
 * block.  With HEAP_REALLOC_IN_PLACE_ONLY a block that cannot be resized
 * where it is gives NULL and stays as it was.  HEAP_ZERO_MEMORY zeroes the
 * bytes beyond the old size.
 */
PVOID NTAPI RtlReAllocateHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress, SIZE_T Size) {
    RTLP_BLOCK Block;
    PVOID Result = NULL;

    if (!BaseAddress)
        return NULL;
    PRTLP_HEAP Heap = RtlpEnter(HeapHandle, &Flags);
    if (!Heap)
        return NULL;
    if (RtlpAcquireBlock(Heap, BaseAddress, &Block)) {
        if (RtlpResizeInPlace(Heap, &Block, Size, Flags))
            Result = BaseAddress;
        else if (!(Flags & HEAP_REALLOC_IN_PLACE_ONLY))
            Result = RtlpMoveBlock(Heap, &Block, Size, Flags);
    }
    RtlpHeapUnlock(Heap, Flags);
    return Result;
}

/* ---- Validation ------------------------------------------------------------------------ */

static BOOLEAN RtlpReport(PRTLP_HEAP Heap, PVOID Where, RTLP_HEAP_CORRUPTION Kind) {
    RtlpHeapReportCorruption(Heap, Where, Kind);
    return FALSE;
}

/* One block of a segment walk; Prev is the block before it (NULL for the first). */
static BOOLEAN RtlpValidateEntry(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, PRTLP_HEAP_ENTRY Prev,
                                 PRTLP_HEAP_ENTRY Entry, PRTLP_HEAP_ENTRY End) {
    PVOID Where;

    if (!RtlpEntryIntact(Heap, Entry) || Entry->PrevSize != (Prev ? Prev->Size : 0) ||
        Entry->Size < HEAP_MIN_BLOCK_UNITS || Entry->Size > (SIZE_T)(End - Entry) ||
        (Entry->Flags & ~HEAP_ENTRY_BUSY))
        return RtlpReport(Heap, Entry, HeapCorruptionHeader);
    if (RtlpIsBusy(Entry)) {
        RTLP_BLOCK Block = {Segment, NULL, Entry};
        RTLP_HEAP_CORRUPTION Kind = RtlpCheckBusyBlock(Heap, &Block, &Where);
        return Kind == HeapCorruptionNone || RtlpReport(Heap, Where, Kind);
    }
    if (Prev && !RtlpIsBusy(Prev))
        return RtlpReport(Heap, Entry, HeapCorruptionFreeList); /* unmerged neighbours */
    if ((Heap->Flags & HEAP_FREE_CHECKING_ENABLED) &&
        (Where = RtlpHeapCheckFill(Entry + 2, ((SIZE_T)Entry->Size - 2) << HEAP_UNIT_SHIFT,
                                   HEAP_FREE_FILL)))
        return RtlpReport(Heap, Where, HeapCorruptionFreeBlockModified);
    return TRUE;
}

/* Walks a segment's blocks to its end marker; counts the free ones. */
static BOOLEAN RtlpValidateSegment(PRTLP_HEAP Heap, PRTLP_HEAP_SEGMENT Segment, SIZE_T *FreeCount) {
    PRTLP_HEAP_ENTRY End = RtlpSegmentEnd(Segment), Entry = Segment->FirstEntry, Prev = NULL;

    if (Segment->CommittedSize > Segment->ReservedSize || Entry >= End)
        return RtlpReport(Heap, Segment, HeapCorruptionSegment);
    while (Entry < End) {
        if (!RtlpValidateEntry(Heap, Segment, Prev, Entry, End))
            return FALSE;
        *FreeCount += !RtlpIsBusy(Entry);
        Prev = Entry;
        Entry += Entry->Size;
    }
    if (!RtlpEntryIntact(Heap, End) || End->Flags != (HEAP_ENTRY_BUSY | HEAP_ENTRY_END) ||
        End->Size != 1 || End->PrevSize != Prev->Size)
        return RtlpReport(Heap, End, HeapCorruptionHeader);
    return TRUE;
}

/* Every bin: links sound, blocks free and in the right bin, bitmap in step; counts blocks. */
static BOOLEAN RtlpValidateBins(PRTLP_HEAP Heap, SIZE_T FreeCount) {
    SIZE_T Seen = 0;

    for (ULONG Bin = 0; Bin < HEAP_BIN_COUNT; Bin++) {
        PLIST_ENTRY Head = &Heap->Bins[Bin];
        BOOLEAN Marked = (Heap->BinBitmap[Bin / 64] >> (Bin % 64)) & 1;
        if (Marked == IsListEmpty(Head))
            return RtlpReport(Heap, Head, HeapCorruptionFreeList);
        for (PLIST_ENTRY l = Head->Flink; l != Head; l = l->Flink) {
            if (!RtlpLinkValid(Heap, l) || !RtlpLinkValid(Heap, l->Flink) || l->Flink->Blink != l ||
                ++Seen > FreeCount || RtlpBinIndex(RtlpEntryFromLinks(l)->Size) != Bin)
                return RtlpReport(Heap, l, HeapCorruptionFreeList);
        }
    }
    return Seen == FreeCount || RtlpReport(Heap, Heap, HeapCorruptionFreeList);
}

static BOOLEAN RtlpValidateAll(PRTLP_HEAP Heap) {
    SIZE_T FreeCount = 0;

    for (PLIST_ENTRY l = Heap->SegmentList.Flink; l != &Heap->SegmentList; l = l->Flink) {
        if (!RtlpValidateSegment(Heap, CONTAINING_RECORD(l, RTLP_HEAP_SEGMENT, SegmentLinks),
                                 &FreeCount))
            return FALSE;
    }
    if (!RtlpValidateBins(Heap, FreeCount))
        return FALSE;
    for (PLIST_ENTRY l = Heap->BigBlockList.Flink; l != &Heap->BigBlockList; l = l->Flink) {
        PRTLP_HEAP_BIG_BLOCK Big = CONTAINING_RECORD(l, RTLP_HEAP_BIG_BLOCK, BigLinks);
        RTLP_BLOCK Block = {NULL, Big, &Big->Entry};
        PVOID Where = Big;
        RTLP_HEAP_CORRUPTION Kind = HeapCorruptionHeader;
        if (RtlpEntryIntact(Heap, &Big->Entry) &&
            Big->Entry.Flags == (HEAP_ENTRY_BUSY | HEAP_ENTRY_BIG) &&
            Big->CommittedSize <= Big->ReservedSize)
            Kind = RtlpCheckBusyBlock(Heap, &Block, &Where);
        if (Kind != HeapCorruptionNone)
            return RtlpReport(Heap, Where, Kind);
    }
    return TRUE;
}

/* BaseAddress NULL: the whole heap; otherwise that block.  Damage is reported. */
BOOLEAN NTAPI RtlValidateHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress) {
    RTLP_BLOCK Block;
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, TRUE);
    BOOLEAN Ok;

    if (!Heap)
        return FALSE;
    Flags |= Heap->Flags & HEAP_FORCE_FLAGS;
    RtlpHeapLock(Heap, Flags);
    if (BaseAddress) {
        PVOID Where = BaseAddress;
        RTLP_HEAP_CORRUPTION Kind = RtlpLookupBlock(Heap, BaseAddress, &Block);
        if (Kind == HeapCorruptionNone)
            Kind = RtlpCheckBusyBlock(Heap, &Block, &Where);
        Ok = Kind == HeapCorruptionNone || RtlpReport(Heap, Where, Kind);
    } else {
        Ok = RtlpValidateAll(Heap);
    }
    RtlpHeapUnlock(Heap, Flags);
    return Ok;
}

/* ---- Creation and destruction ------------------------------------------------------------ */

/* The knobs RtlCreateHeap derives from its arguments. */
typedef struct _RTLP_HEAP_SETUP {
    ULONG Flags;
    ULONG Protect;
    SIZE_T Reserve;
    SIZE_T Commit;
    SIZE_T SegmentReserve;
    SIZE_T CommitStep;
    SIZE_T DecommitThreshold;
    SIZE_T BigThreshold;
} RTLP_HEAP_SETUP;

static SIZE_T RtlpPick(SIZE_T Value, SIZE_T Default) { return Value ? Value : Default; }

static BOOLEAN RtlpHeapSetup(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize, SIZE_T CommitSize,
                             PRTL_HEAP_PARAMETERS UserParameters, RTLP_HEAP_SETUP *Setup) {
    static const RTL_HEAP_PARAMETERS None;
    const RTL_HEAP_PARAMETERS *Parameters = UserParameters;
    SIZE_T Header = ALIGN_UP_BY(sizeof(RTLP_HEAP), HEAP_UNIT);
    SIZE_T Minimum = Header + (HEAP_MIN_BLOCK_UNITS + 1) * HEAP_UNIT;

    if (!Parameters || Parameters->Length != sizeof(*Parameters))
        Parameters = &None;
    if (Parameters->CommitRoutine)
        return FALSE;
    Setup->Flags = Flags | RtlpHeapDebugFlags;
    Setup->Protect =
        (Setup->Flags & HEAP_CREATE_ENABLE_EXECUTE) ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
    Setup->SegmentReserve = ALIGN_UP_BY(RtlpPick(Parameters->SegmentReserve, HEAP_DEFAULT_RESERVE),
                                        HEAP_RESERVE_GRANULARITY);
    Setup->CommitStep =
        ALIGN_UP_BY(RtlpPick(Parameters->SegmentCommit, HEAP_DEFAULT_COMMIT_STEP), HEAP_PAGE_SIZE);
    Setup->DecommitThreshold =
        RtlpPick(Parameters->DeCommitTotalFreeThreshold, HEAP_DEFAULT_DECOMMIT);
    Setup->BigThreshold = 0;
    if (Setup->Flags & HEAP_GROWABLE) {
        Setup->BigThreshold = Parameters->VirtualMemoryThreshold;
        if (!Setup->BigThreshold || Setup->BigThreshold > HEAP_DEFAULT_BIG_THRESHOLD)
            Setup->BigThreshold = HEAP_DEFAULT_BIG_THRESHOLD;
    }
    if (HeapBase) {
        /* The caller's memory, all of it committed: used as it is. */
        Setup->Reserve = ALIGN_DOWN_BY(ReserveSize ? ReserveSize : CommitSize, HEAP_UNIT);
        Setup->Commit = Setup->Reserve;
        return IS_ALIGNED(HeapBase, HEAP_UNIT) && Setup->Reserve >= Minimum &&
               Setup->Reserve <= HEAP_MAX_SEGMENT_RESERVE;
    }
    Setup->Commit = ALIGN_UP_BY(CommitSize > Minimum ? CommitSize : Minimum, HEAP_PAGE_SIZE);
    Setup->Reserve = ReserveSize ? ReserveSize : Setup->SegmentReserve;
    if (Setup->Reserve < Setup->Commit)
        Setup->Reserve = Setup->Commit;
    Setup->Reserve = ALIGN_UP_BY(Setup->Reserve, HEAP_RESERVE_GRANULARITY);
    return ReserveSize <= HEAP_MAX_SEGMENT_RESERVE && CommitSize <= HEAP_MAX_SEGMENT_RESERVE;
}

/* Fills in a heap structure at Base (zeroed beforehand) and its first segment. */
static VOID RtlpHeapInitialize(PRTLP_HEAP Heap, const RTLP_HEAP_SETUP *Setup, PVOID Lock,
                               BOOLEAN CallerMemory) {
    Heap->Signature = HEAP_SIGNATURE;
    Heap->Flags = Setup->Flags;
    Heap->Key = RtlpHeapKeyFor(Heap);
    if (Setup->Flags & HEAP_NO_SERIALIZE) {
        Heap->Lock = NULL;
    } else if (Lock != NULL) {
        Heap->Lock = Lock;
    } else {
        RtlInitializeCriticalSectionEx(&Heap->LockStorage, 0, RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO);
        Heap->Lock = &Heap->LockStorage;
        Heap->OwnLock = TRUE;
    }
    Heap->Protect = Setup->Protect;
    InitializeListHead(&Heap->SegmentList);
    InitializeListHead(&Heap->BigBlockList);
    for (ULONG i = 0; i < HEAP_BIN_COUNT; i++)
        InitializeListHead(&Heap->Bins[i]);
    Heap->BigThreshold = Setup->BigThreshold;
    Heap->CommitStep = Setup->CommitStep;
    Heap->DecommitThreshold = Setup->DecommitThreshold;
    Heap->NextSegmentReserve = Setup->SegmentReserve;
    PRTLP_HEAP_ENTRY Free =
        RtlpSegmentInit(Heap, &Heap->FirstSegment, (PUCHAR)Heap, Setup->Reserve, Setup->Commit,
                        ALIGN_UP_BY(sizeof(*Heap), HEAP_UNIT), CallerMemory);
    RtlpBinInsert(Heap, Free);
    RtlEnterCriticalSection(&RtlpHeapListLock);
    if (!RtlpHeapList.Flink)
        InitializeListHead(&RtlpHeapList);
    InsertTailList(&RtlpHeapList, &Heap->HeapLinks);
    RtlpHeapCount++;
    RtlLeaveCriticalSection(&RtlpHeapListLock);
}

/*
 * HeapBase NULL: the heap reserves ReserveSize (default 1 MiB) and commits
 * CommitSize (default: what the heap structure needs) of it; HEAP_GROWABLE
 * lets it reserve more segments and give big blocks their own regions.
 * HeapBase non-NULL: the caller's committed, 16-byte aligned memory of
 * ReserveSize (or CommitSize) bytes, never committed, decommitted or
 * released by the heap.  Lock: an initialized RTL_CRITICAL_SECTION the heap
 * serializes on instead of its own (the caller deletes it after destroying
 * the heap); it must be NULL with HEAP_NO_SERIALIZE.
 * Parameters->CommitRoutine is not supported (the call fails).
 */
PVOID NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize, SIZE_T CommitSize,
                          PVOID Lock, struct _RTL_HEAP_PARAMETERS *Parameters) {
    RTLP_HEAP_SETUP Setup;
    PRTLP_HEAP Heap = HeapBase;

    if (!RtlpHeapSetup(Flags, HeapBase, ReserveSize, CommitSize, Parameters, &Setup))
        return NULL;
    if (Lock != NULL && (Setup.Flags & HEAP_NO_SERIALIZE))
        return NULL;
    if (!HeapBase) {
        Heap = RtlpVmReserve(&Setup.Reserve, MEM_RESERVE, Setup.Protect);
        if (!Heap)
            return NULL;
        if (!RtlpVmCommit(Heap, Setup.Commit, Setup.Protect)) {
            RtlpVmRelease(Heap);
            return NULL;
        }
    }
    RtlpHeapFill(Heap, sizeof(*Heap), 0);
    RtlpHeapInitialize(Heap, &Setup, Lock, HeapBase != NULL);
    return Heap;
}

/* NULL on success; the handle itself if it is not a heap. */
PVOID NTAPI RtlDestroyHeap(PVOID HeapHandle) {
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, TRUE);

    if (!Heap)
        return HeapHandle;
    /* Off the list first (list lock, then heap lock is the order). */
    RtlEnterCriticalSection(&RtlpHeapListLock);
    RemoveEntryList(&Heap->HeapLinks);
    RtlpHeapCount--;
    RtlLeaveCriticalSection(&RtlpHeapListLock);
    RtlpHeapLock(Heap, Heap->Flags);
    while (!IsListEmpty(&Heap->BigBlockList)) {
        PLIST_ENTRY l = RemoveHeadList(&Heap->BigBlockList);
        RtlpVmRelease(CONTAINING_RECORD(l, RTLP_HEAP_BIG_BLOCK, BigLinks));
    }
    while (Heap->SegmentList.Blink != &Heap->FirstSegment.SegmentLinks) {
        PLIST_ENTRY l = RemoveTailList(&Heap->SegmentList);
        RtlpVmRelease(CONTAINING_RECORD(l, RTLP_HEAP_SEGMENT, SegmentLinks)->Base);
    }
    Heap->Signature = 0;
    RtlpHeapUnlock(Heap, Heap->Flags);
    if (Heap->OwnLock)
        RtlDeleteCriticalSection(&Heap->LockStorage);
    if (!Heap->FirstSegment.CallerMemory)
        RtlpVmRelease(Heap);
    return NULL;
}

ULONG NTAPI RtlGetProcessHeaps(ULONG NumberOfHeaps, PVOID *ProcessHeaps) {
    ULONG i = 0, Count;

    RtlEnterCriticalSection(&RtlpHeapListLock);
    if (RtlpHeapList.Flink) {
        for (PLIST_ENTRY l = RtlpHeapList.Flink; l != &RtlpHeapList && i < NumberOfHeaps;
             l = l->Flink)
            ProcessHeaps[i++] = CONTAINING_RECORD(l, RTLP_HEAP, HeapLinks);
    }
    Count = RtlpHeapCount;
    RtlLeaveCriticalSection(&RtlpHeapListLock);
    return Count;
}

/* TRUE for any live heap; a HEAP_NO_SERIALIZE heap has no lock to take. */
BOOLEAN NTAPI RtlLockHeap(PVOID HeapHandle) {
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, TRUE);

    if (!Heap)
        return FALSE;
    RtlpHeapLock(Heap, Heap->Flags);
    return TRUE;
}

BOOLEAN NTAPI RtlUnlockHeap(PVOID HeapHandle) {
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, TRUE);

    if (!Heap)
        return FALSE;
    if (Heap->Lock != NULL && !RtlIsCriticalSectionLockedByThread(Heap->Lock))
        return FALSE;
    RtlpHeapUnlock(Heap, Heap->Flags);
    return TRUE;
}

VOID RtlpHeapLockAll(VOID) {
    RtlEnterCriticalSection(&RtlpHeapListLock);
    if (!RtlpHeapList.Flink)
        return;
    for (PLIST_ENTRY l = RtlpHeapList.Flink; l != &RtlpHeapList; l = l->Flink) {
        PRTLP_HEAP Heap = CONTAINING_RECORD(l, RTLP_HEAP, HeapLinks);
        RtlpHeapLock(Heap, Heap->Flags);
    }
}

VOID RtlpHeapUnlockAll(VOID) {
    if (RtlpHeapList.Flink) {
        for (PLIST_ENTRY l = RtlpHeapList.Blink; l != &RtlpHeapList; l = l->Blink) {
            PRTLP_HEAP Heap = CONTAINING_RECORD(l, RTLP_HEAP, HeapLinks);
            RtlpHeapUnlock(Heap, Heap->Flags);
        }
    }
    RtlLeaveCriticalSection(&RtlpHeapListLock);
}

/* ---- Statistics (tests, diagnostics) ---------------------------------------------------- */

BOOLEAN RtlpHeapGetStatistics(PVOID HeapHandle, PRTLP_HEAP_STATISTICS Statistics) {
    PRTLP_HEAP Heap = RtlpHeapFromHandle(HeapHandle, FALSE);

    if (!Heap)
        return FALSE;
    RtlpHeapFill(Statistics, sizeof(*Statistics), 0);
    for (PLIST_ENTRY l = Heap->SegmentList.Flink; l != &Heap->SegmentList; l = l->Flink) {
        PRTLP_HEAP_SEGMENT Segment = CONTAINING_RECORD(l, RTLP_HEAP_SEGMENT, SegmentLinks);
        PRTLP_HEAP_ENTRY End = RtlpSegmentEnd(Segment);
        Statistics->Segments++;
        Statistics->ReservedBytes += Segment->ReservedSize;
        Statistics->CommittedBytes += Segment->CommittedSize;
        for (PRTLP_HEAP_ENTRY e = Segment->FirstEntry; e < End && e->Size; e += e->Size) {
            if (RtlpIsBusy(e)) {
                Statistics->BusyBlocks++;
            } else {
                Statistics->FreeBlocks++;
                Statistics->FreeBytes += (SIZE_T)e->Size << HEAP_UNIT_SHIFT;
            }
        }
    }
    for (PLIST_ENTRY l = Heap->BigBlockList.Flink; l != &Heap->BigBlockList; l = l->Flink) {
        PRTLP_HEAP_BIG_BLOCK Big = CONTAINING_RECORD(l, RTLP_HEAP_BIG_BLOCK, BigLinks);
        Statistics->BigBlocks++;
        Statistics->ReservedBytes += Big->ReservedSize;
        Statistics->CommittedBytes += Big->CommittedSize;
    }
    return TRUE;
}
