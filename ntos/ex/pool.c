/*
 * pool.c — the executive pool: ExAllocatePoolWithTag and ExFreePool.
 *
 * Memory comes in 4 KiB pages mapped into the executive's own address
 * space from ExpHeapBase upwards (MmMapExecutivePage).  Every block starts
 * with a 16-byte header {tag, size class, magic, size}:
 *
 *   small blocks (header + data <= 2048 bytes): eight power-of-two size
 *     classes from 32 to 2048 bytes; a page is carved into blocks of one
 *     class and free blocks sit on that class's list;
 *   large blocks: a run of whole pages; freed runs are kept on a list
 *     sorted by address, merged with their neighbours, and reused
 *     first-fit (split when larger).
 *
 * Pages are not returned to the memory manager yet.  Blocks are zeroed
 * when handed out.  Freeing checks the magic and the tag and poisons the
 * block, so double frees and wrong tags stop the system (BAD_POOL_CALLER)
 * instead of corrupting it.  Single-threaded: no locks (the executive is).
 */
#include "../inc/ntos.h"

#define EXP_MAGIC_SMALL 0x504c
#define EXP_MAGIC_LARGE 0x504d
#define EXP_MAGIC_FREE 0xdead
#define EXP_CLASSES 7 /* 32 .. 2048 */
#define EXP_PAGE 4096ull

typedef struct _EXP_HEADER {
    ULONG Tag;
    USHORT Class;
    USHORT Magic;
    ULONG64 Size; /* requested bytes */
} EXP_HEADER;
_Static_assert(sizeof(EXP_HEADER) == 16, "pool header");

/* A free block keeps the header's first 8 bytes (so the magic stays
 * readable) and links through the size field. */
typedef struct _EXP_FREE {
    ULONG Tag;
    USHORT Class;
    USHORT Magic; /* EXP_MAGIC_FREE */
    struct _EXP_FREE *Next;
    ULONG64 Pages; /* large runs only */
} EXP_FREE;
_Static_assert(sizeof(EXP_FREE) <= 32, "fits the smallest block");

ULONG_PTR ExpHeapBase = 0x10000000000ull; /* 1 TiB */
static ULONG_PTR ExpHeapTop;
static EXP_FREE *ExpSmallFree[EXP_CLASSES];
static EXP_FREE *ExpLargeFree;
static EX_POOL_STATS ExpStats;

/* Test hook: the host tests replace page mapping. */
NTSTATUS ExpMapPage(ULONG_PTR Va);

#ifndef HOST_TEST
NTSTATUS ExpMapPage(ULONG_PTR Va)
{
    MM_OBJECT frame;
    return MmMapExecutivePage(Va, &frame);
}
#endif

/* Return a run of pages to the free list, kept sorted by address and
 * merged with its neighbours, so runs do not fragment. */
static VOID ExpFreePages(PVOID Base, ULONG64 Pages)
{
    EXP_FREE *f = Base, *prev = NULL, *next = ExpLargeFree;
    while (next && next < f) {
        prev = next;
        next = next->Next;
    }
    f->Magic = EXP_MAGIC_FREE;
    f->Pages = Pages;
    f->Next = next;
    if (next && (UCHAR *)f + Pages * EXP_PAGE == (UCHAR *)next) {
        f->Pages += next->Pages;
        f->Next = next->Next;
    }
    if (prev && (UCHAR *)prev + prev->Pages * EXP_PAGE == (UCHAR *)f) {
        prev->Pages += f->Pages;
        prev->Next = f->Next;
    } else if (prev) {
        prev->Next = f;
    } else {
        ExpLargeFree = f;
    }
}

static PVOID ExpGrow(ULONG64 Pages)
{
    if (!ExpHeapTop)
        ExpHeapTop = ExpHeapBase;
    ULONG_PTR va = ExpHeapTop;
    for (ULONG64 i = 0; i < Pages; i++) {
        if (!NT_SUCCESS(ExpMapPage(va + i * EXP_PAGE))) {
            /* keep what was mapped: it becomes a free run */
            if (i) {
                ExpHeapTop += i * EXP_PAGE;
                ExpStats.PagesInUse += i;
                ExpFreePages((PVOID)va, i);
            }
            return NULL;
        }
    }
    ExpHeapTop += Pages * EXP_PAGE;
    ExpStats.PagesInUse += Pages;
    return (PVOID)va;
}

static PVOID ExpAllocatePages(ULONG64 Pages)
{
    for (EXP_FREE **pp = &ExpLargeFree; *pp; pp = &(*pp)->Next) {
        EXP_FREE *f = *pp;
        if (f->Pages < Pages)
            continue;
        if (f->Pages == Pages) {
            *pp = f->Next;
        } else {
            EXP_FREE *rest = (EXP_FREE *)((UCHAR *)f + Pages * EXP_PAGE);
            rest->Magic = EXP_MAGIC_FREE;
            rest->Pages = f->Pages - Pages;
            rest->Next = f->Next;
            *pp = rest;
        }
        return f;
    }
    return ExpGrow(Pages);
}

static int ExpClassOf(SIZE_T Bytes)
{
    SIZE_T need = Bytes + sizeof(EXP_HEADER);
    for (int c = 0; c < EXP_CLASSES; c++)
        if (need <= (32u << c))
            return c;
    return -1;
}

static BOOLEAN ExpRefill(int Class)
{
    UCHAR *page = ExpAllocatePages(1);
    if (!page)
        return FALSE;
    SIZE_T bsize = 32u << Class;
    for (SIZE_T off = 0; off + bsize <= EXP_PAGE; off += bsize) {
        EXP_FREE *f = (EXP_FREE *)(page + off);
        f->Magic = EXP_MAGIC_FREE;
        f->Next = ExpSmallFree[Class];
        ExpSmallFree[Class] = f;
    }
    return TRUE;
}

static VOID ExpZero(PVOID P, SIZE_T N)
{
    UCHAR *p = P;
    while (N--)
        *p++ = 0;
}

PVOID ExAllocatePoolWithTag(ULONG PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    (void)PoolType;
    if (NumberOfBytes == 0)
        NumberOfBytes = 1;
    if (NumberOfBytes > (1ull << 40))
        return NULL;
    int c = ExpClassOf(NumberOfBytes);
    EXP_HEADER *h;
    if (c >= 0) {
        if (!ExpSmallFree[c] && !ExpRefill(c))
            return NULL;
        h = (EXP_HEADER *)ExpSmallFree[c];
        if (h->Magic != EXP_MAGIC_FREE)
            KeBugCheckEx(BAD_POOL_CALLER, 0x99, (ULONG_PTR)(h + 1), h->Magic, 0); /* written after free */
        ExpSmallFree[c] = ExpSmallFree[c]->Next;
        h->Class = (USHORT)c;
        h->Magic = EXP_MAGIC_SMALL;
        h->Size = NumberOfBytes;
    } else {
        ULONG64 pages = (NumberOfBytes + sizeof(EXP_HEADER) + EXP_PAGE - 1) / EXP_PAGE;
        h = ExpAllocatePages(pages);
        if (!h)
            return NULL;
        h->Class = 0xffff;
        h->Magic = EXP_MAGIC_LARGE;
        h->Size = NumberOfBytes;
    }
    h->Tag = Tag;
    ExpZero(h + 1, NumberOfBytes);
    ExpStats.BytesInUse += NumberOfBytes;
    ExpStats.Allocations++;
    return h + 1;
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    if (!P)
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, 0, 0, 0);
    EXP_HEADER *h = (EXP_HEADER *)P - 1;
    if ((ULONG_PTR)h < ExpHeapBase || (ULONG_PTR)h >= ExpHeapTop)
        KeBugCheckEx(BAD_POOL_CALLER, 0x44, (ULONG_PTR)P, 0, 0); /* not a pool address */
    if (h->Magic != EXP_MAGIC_SMALL && h->Magic != EXP_MAGIC_LARGE)
        KeBugCheckEx(BAD_POOL_CALLER, 0x7, (ULONG_PTR)P, h->Magic, 0); /* double free or corruption */
    if (Tag && h->Tag != Tag)
        KeBugCheckEx(BAD_POOL_CALLER, 0xa, (ULONG_PTR)P, h->Tag, Tag);
    ExpStats.Allocations--;
    if (h->Magic == EXP_MAGIC_SMALL) {
        ExpStats.BytesInUse -= h->Size;
        int c = h->Class;
        EXP_FREE *f = (EXP_FREE *)h;
        f->Magic = EXP_MAGIC_FREE;
        f->Next = ExpSmallFree[c];
        ExpSmallFree[c] = f;
    } else {
        ExpStats.BytesInUse -= h->Size;
        ExpFreePages(h, (h->Size + sizeof(EXP_HEADER) + EXP_PAGE - 1) / EXP_PAGE);
    }
}

VOID ExFreePool(PVOID P) { ExFreePoolWithTag(P, 0); }

NTSTATUS ExInitializePool(VOID)
{
    ExpHeapTop = ExpHeapBase;
    for (int c = 0; c < EXP_CLASSES; c++)
        ExpSmallFree[c] = NULL;
    ExpLargeFree = NULL;
    ExpStats = (EX_POOL_STATS){ 0 };
    return STATUS_SUCCESS;
}

VOID ExQueryPoolStats(EX_POOL_STATS *Stats) { *Stats = ExpStats; }

#ifndef HOST_TEST
/* rtl's allocation hooks (nt/ntrtl.h): the executive's strings come from
 * the pool. */
PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes) { return ExAllocatePoolWithTag(PagedPool, Bytes, 'grtS'); }

VOID NTAPI RtlpFreeStringMemory(PVOID Buffer)
{
    if (Buffer)
        ExFreePoolWithTag(Buffer, 'grtS');
}
#endif
