/*
 * heapp.h — private definitions of the NT heap (ntdll/heap.c).
 *
 * The structures here are Neptune's own: a heap's internals are not part of
 * Windows' binary interface (programs hold an opaque HANDLE), so nothing
 * below copies Windows' HEAP/HEAP_ENTRY layouts.  The header exists for
 * heap.c and for its host tests (tests/host/heap/), which look inside to
 * check invariants that ASan cannot see in memory the heap manages itself.
 *
 * Three things here belong in the shared NDK headers and are kept here only
 * until they move (include/ndk/ is not the heap's to edit):
 *   - RTL_HEAP_PARAMETERS and PRTL_HEAP_COMMIT_ROUTINE (ndk/rtltypes.h;
 *     ndk/rtlfuncs.h already forward-declares struct _RTL_HEAP_PARAMETERS);
 *   - the prototypes of RtlValidateHeap and RtlGetProcessHeaps
 *     (ndk/rtlfuncs.h);
 *   - HEAP_VALIDATE_ALL_ENABLED, Windows' internal "validate the whole heap
 *     on every call" flag (the value is Windows').
 *
 * Memory layout (all addresses 16-byte aligned; one "unit" is 16 bytes,
 * which is also sizeof(RTLP_HEAP_ENTRY)):
 *
 *   segment:  [segment header][block][block]...[block][end marker] | uncommitted
 *   block:    [RTLP_HEAP_ENTRY 16 B][caller's bytes ...][unused / tail pattern]
 *   free:     [RTLP_HEAP_ENTRY 16 B][LIST_ENTRY 16 B][free fill ...]
 *   big:      [RTLP_HEAP_BIG_BLOCK: 48 B, then its RTLP_HEAP_ENTRY][caller's bytes ...]
 *
 * The first segment's header is the RTLP_HEAP itself (the heap handle is the
 * address of its first reservation, as on Windows).
 */
#ifndef NTDLL_HEAPP_H
#define NTDLL_HEAPP_H

#include <ndk/rtlfuncs.h>
#include <nt/ntdef.h>

/* ---- To move to include/ndk/ ------------------------------------------------ */

#ifndef HEAP_VALIDATE_ALL_ENABLED
#define HEAP_VALIDATE_ALL_ENABLED 0x20000000
#endif

typedef NTSTATUS(NTAPI *PRTL_HEAP_COMMIT_ROUTINE)(IN PVOID Base, IN OUT PVOID *CommitAddress,
                                                  IN OUT PSIZE_T CommitSize);

/* RtlCreateHeap's optional tuning block; Length must be sizeof the structure. */
typedef struct _RTL_HEAP_PARAMETERS {
    ULONG Length;
    SIZE_T SegmentReserve;             /* reservation of each further segment */
    SIZE_T SegmentCommit;              /* commit step */
    SIZE_T DeCommitFreeBlockThreshold; /* (accepted, not used: see docs/heap.md) */
    SIZE_T DeCommitTotalFreeThreshold; /* free tail bytes that trigger a decommit */
    SIZE_T MaximumAllocationSize;      /* (accepted, not used) */
    SIZE_T VirtualMemoryThreshold;     /* requests of this many bytes get their own region */
    SIZE_T InitialCommit;
    SIZE_T InitialReserve;
    PRTL_HEAP_COMMIT_ROUTINE CommitRoutine; /* unsupported: must be NULL */
    SIZE_T Reserved[2];
} RTL_HEAP_PARAMETERS, *PRTL_HEAP_PARAMETERS;

_Static_assert(sizeof(RTL_HEAP_PARAMETERS) == 0x60, "RTL_HEAP_PARAMETERS size");
_Static_assert(__builtin_offsetof(RTL_HEAP_PARAMETERS, VirtualMemoryThreshold) == 0x30, "RHP");
_Static_assert(__builtin_offsetof(RTL_HEAP_PARAMETERS, CommitRoutine) == 0x48, "RHP");

/* Validates the whole heap (BaseAddress NULL) or one block of it. */
NTSYSAPI BOOLEAN NTAPI RtlValidateHeap(IN PVOID HeapHandle, IN ULONG Flags,
                                       IN PVOID BaseAddress OPTIONAL);
/* Copies up to NumberOfHeaps handles; returns how many heaps exist. */
NTSYSAPI ULONG NTAPI RtlGetProcessHeaps(IN ULONG NumberOfHeaps, OUT PVOID *ProcessHeaps);

/* ---- Corruption reports ----------------------------------------------------- */

/*
 * What the heap found wrong.  Every detection goes through
 * RtlpHeapReportCorruption(), which calls RtlpHeapCorruptionHandler when one
 * is installed (tests record the report; ntdll will raise
 * STATUS_HEAP_CORRUPTION) and otherwise just returns, after which the call
 * that found the damage fails (NULL / FALSE) without touching the damaged
 * block.
 */
typedef enum _RTLP_HEAP_CORRUPTION {
    HeapCorruptionNone = 0,
    HeapCorruptionBadHeap,           /* the handle is not a live heap */
    HeapCorruptionBadAddress,        /* the pointer is not a block of this heap */
    HeapCorruptionDoubleFree,        /* the block is already free */
    HeapCorruptionHeader,            /* a block header (this one or a neighbour's) is damaged */
    HeapCorruptionTailOverrun,       /* bytes past the caller's size were written */
    HeapCorruptionFreeBlockModified, /* a free block was written after it was freed */
    HeapCorruptionFreeList,          /* free-list links or bins are inconsistent */
    HeapCorruptionSegment            /* segment bookkeeping is inconsistent */
} RTLP_HEAP_CORRUPTION;

typedef VOID(NTAPI *PRTLP_HEAP_CORRUPTION_HANDLER)(PVOID HeapHandle, PVOID Address,
                                                   RTLP_HEAP_CORRUPTION Kind);

extern PRTLP_HEAP_CORRUPTION_HANDLER RtlpHeapCorruptionHandler;
VOID RtlpHeapReportCorruption(PVOID HeapHandle, PVOID Address, RTLP_HEAP_CORRUPTION Kind);

/*
 * Flags ORed into the Flags of every heap created from now on: the global
 * switch for the checking mode (HEAP_TAIL_CHECKING_ENABLED,
 * HEAP_FREE_CHECKING_ENABLED, HEAP_VALIDATE_ALL_ENABLED).  ntdll can set it
 * from PEB->NtGlobalFlag before creating the process heap.
 */
extern ULONG RtlpHeapDebugFlags;

/* ---- Layout ----------------------------------------------------------------- */

#define HEAP_UNIT 16 /* granularity and alignment of blocks */
#define HEAP_UNIT_SHIFT 4
#define HEAP_PAGE_SIZE 0x1000
#define HEAP_RESERVE_GRANULARITY 0x10000
#define HEAP_MIN_BLOCK_UNITS 2     /* header + LIST_ENTRY of a free block */
#define HEAP_SIGNATURE 0x70616548u /* "Heap" */

/* Segregated free lists: exact bins below 64 units, then 8 per power of two. */
#define HEAP_EXACT_BINS 64
#define HEAP_SUB_BIN_BITS 3
#define HEAP_BIN_COUNT (HEAP_EXACT_BINS + (32 - 6) * (1 << HEAP_SUB_BIN_BITS))
#define HEAP_BITMAP_WORDS ((HEAP_BIN_COUNT + 63) / 64)

/* RTLP_HEAP_ENTRY.Flags */
#define HEAP_ENTRY_BUSY 0x01
#define HEAP_ENTRY_BIG 0x02 /* the block has its own region (RTLP_HEAP_BIG_BLOCK) */
#define HEAP_ENTRY_END 0x04 /* a segment's end marker, never allocated or merged */

/* Fill patterns of the checking mode. */
#define HEAP_TAIL_FILL 0xAB                   /* after the caller's bytes */
#define HEAP_FREE_FILL 0xFEEEFEEEFEEEFEEEull  /* free blocks past their links */
#define HEAP_ALLOC_FILL 0xBAADF00DBAADF00Dull /* fresh blocks without HEAP_ZERO_MEMORY */
#define HEAP_TAIL_MIN 16                      /* tail pattern bytes guaranteed */

/*
 * Every block (busy, free, big, the end marker) starts with one.  Size and
 * PrevSize are in units and make the blocks of a segment a doubly walkable
 * chain (boundary tags without footers).  Check is a hash of the other
 * fields, the entry's address and the heap's key: a pointer that is not a
 * block, or a header that an overrun wrote over, fails it.
 */
typedef struct _RTLP_HEAP_ENTRY {
    ULONG Size;     /* this block, header included; 1 for the end marker */
    ULONG PrevSize; /* the previous block's Size; 0 for a segment's first block */
    ULONG Unused;   /* busy: bytes of the block after the caller's Size */
    UCHAR Flags;    /* HEAP_ENTRY_* */
    UCHAR Reserved;
    USHORT Check;
} RTLP_HEAP_ENTRY, *PRTLP_HEAP_ENTRY;

_Static_assert(sizeof(RTLP_HEAP_ENTRY) == HEAP_UNIT, "a header is one unit");

/* A free block: its header, then the links of its bin. */
typedef struct _RTLP_HEAP_FREE_ENTRY {
    RTLP_HEAP_ENTRY Entry;
    LIST_ENTRY FreeLinks;
} RTLP_HEAP_FREE_ENTRY, *PRTLP_HEAP_FREE_ENTRY;

/*
 * A reservation that holds blocks.  Blocks tile [FirstEntry, end marker);
 * the end marker is the last unit of the committed part, which grows and
 * shrinks a page at a time from the start of the reservation.
 */
typedef struct _RTLP_HEAP_SEGMENT {
    LIST_ENTRY SegmentLinks; /* RTLP_HEAP.SegmentList */
    PUCHAR Base;             /* start of the reservation */
    SIZE_T ReservedSize;
    SIZE_T CommittedSize; /* bytes committed from Base */
    PRTLP_HEAP_ENTRY FirstEntry;
    BOOLEAN CallerMemory; /* RtlCreateHeap's HeapBase: never committed or released by us */
    UCHAR Padding[7];
} RTLP_HEAP_SEGMENT, *PRTLP_HEAP_SEGMENT;

/* A block at or above the heap's big-block threshold, in its own region. */
typedef struct _RTLP_HEAP_BIG_BLOCK {
    LIST_ENTRY BigLinks; /* RTLP_HEAP.BigBlockList */
    SIZE_T RequestedSize;
    SIZE_T ReservedSize;  /* of the region, from this structure */
    SIZE_T CommittedSize; /* from this structure */
    SIZE_T Padding;
    RTLP_HEAP_ENTRY Entry; /* Flags = BUSY | BIG; the caller's bytes follow */
} RTLP_HEAP_BIG_BLOCK, *PRTLP_HEAP_BIG_BLOCK;

_Static_assert(sizeof(RTLP_HEAP_BIG_BLOCK) % HEAP_UNIT == 0, "big blocks stay aligned");

typedef struct _RTLP_HEAP {
    ULONG Signature; /* HEAP_SIGNATURE while the heap lives */
    ULONG Flags;     /* creation flags | RtlpHeapDebugFlags */
    ULONG_PTR Key;   /* mixed into every header's Check */
    PRTL_CRITICAL_SECTION Lock; /* NULL: HEAP_NO_SERIALIZE; else the caller's or LockStorage */
    ULONG Protect;              /* PAGE_READWRITE or PAGE_EXECUTE_READWRITE */
    BOOLEAN OwnLock;            /* Lock is LockStorage: deleted with the heap */
    UCHAR Padding[3];
    RTL_CRITICAL_SECTION LockStorage;
    LIST_ENTRY HeapLinks;    /* all heaps of the process */
    LIST_ENTRY SegmentList;  /* RTLP_HEAP_SEGMENT.SegmentLinks, FirstSegment first */
    LIST_ENTRY BigBlockList; /* RTLP_HEAP_BIG_BLOCK.BigLinks */
    SIZE_T BigThreshold;     /* bytes; 0 = no big blocks (fixed-size heaps) */
    SIZE_T CommitStep;       /* bytes committed at least at a time */
    SIZE_T DecommitThreshold;
    SIZE_T NextSegmentReserve;
    ULONG64 BinBitmap[HEAP_BITMAP_WORDS]; /* bit set = bin not empty */
    LIST_ENTRY Bins[HEAP_BIN_COUNT];
    RTLP_HEAP_SEGMENT FirstSegment;
} RTLP_HEAP, *PRTLP_HEAP;

/* Counters for tests and diagnostics (RtlpHeapGetStatistics). */
typedef struct _RTLP_HEAP_STATISTICS {
    ULONG Segments;
    ULONG BigBlocks;
    ULONG BusyBlocks; /* in segments */
    ULONG FreeBlocks;
    SIZE_T ReservedBytes; /* segments and big blocks */
    SIZE_T CommittedBytes;
    SIZE_T FreeBytes; /* in free blocks, headers included */
} RTLP_HEAP_STATISTICS, *PRTLP_HEAP_STATISTICS;

BOOLEAN RtlpHeapGetStatistics(PVOID HeapHandle, PRTLP_HEAP_STATISTICS Statistics);

/*
 * Takes the heap list's lock and then every serialized heap's lock, or
 * gives them all back.  RtlExitUserProcess holds them across
 * NtTerminateProcess(NULL), so no thread dies holding a heap's lock and the
 * DLL_PROCESS_DETACH calls that follow find every heap usable.
 */
VOID RtlpHeapLockAll(VOID);
VOID RtlpHeapUnlockAll(VOID);

#endif /* NTDLL_HEAPP_H */
