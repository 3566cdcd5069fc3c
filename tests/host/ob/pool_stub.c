/*
 * pool_stub.c — a malloc-backed executive pool for the object manager's
 * host tests, with the bookkeeping the tests check against.
 *
 * Every block carries a small header (magic, tag, size) and sits on a list
 * of live blocks, so a test can ask how many blocks of a tag are live and
 * assert that an operation gave back everything it took.  Freeing with the
 * wrong tag, freeing twice or freeing a foreign pointer aborts the test (the
 * executive's pool bug-checks in the same cases).  PoolFailAfter(n) makes
 * the allocation after the next n fail, to drive out-of-memory paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ob_test.h"

#define POOL_MAGIC 0x506f6f4cu /* "PooL" */

typedef struct POOL_BLOCK {
    struct POOL_BLOCK *Next, *Prev;
    unsigned Magic;
    ULONG Tag;
    SIZE_T Size;
} POOL_BLOCK;
_Static_assert(sizeof(POOL_BLOCK) % 16 == 0, "user blocks stay 16-byte aligned");

static POOL_BLOCK PoolHead = {&PoolHead, &PoolHead, 0, 0, 0};
static long PoolFailCountdown = -1;

POOL_STATS PoolStats;

PVOID ExAllocatePoolWithTag(ULONG PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
    POOL_BLOCK *Block;

    (void)PoolType;
    if (PoolFailCountdown == 0) {
        PoolStats.FailedAllocations++;
        return NULL;
    }
    if (PoolFailCountdown > 0)
        PoolFailCountdown--;
    Block = calloc(1, sizeof(POOL_BLOCK) + NumberOfBytes);
    if (Block == NULL)
        return NULL;
    Block->Magic = POOL_MAGIC;
    Block->Tag = Tag;
    Block->Size = NumberOfBytes;
    Block->Next = PoolHead.Next;
    Block->Prev = &PoolHead;
    PoolHead.Next->Prev = Block;
    PoolHead.Next = Block;
    PoolStats.Allocations++;
    PoolStats.LiveBlocks++;
    return Block + 1;
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag) {
    POOL_BLOCK *Block = (POOL_BLOCK *)P - 1;

    if (P == NULL || Block->Magic != POOL_MAGIC || Block->Tag != Tag) {
        fprintf(stderr, "pool_stub: bad free of %p with tag %.4s\n", P, (const char *)&Tag);
        abort();
    }
    Block->Magic = 0;
    Block->Prev->Next = Block->Next;
    Block->Next->Prev = Block->Prev;
    PoolStats.Frees++;
    PoolStats.LiveBlocks--;
    free(Block);
}

ULONG PoolLiveBlocksWithTag(ULONG Tag) {
    POOL_BLOCK *Block;
    ULONG Count = 0;

    for (Block = PoolHead.Next; Block != &PoolHead; Block = Block->Next) {
        if (Block->Tag == Tag)
            Count++;
    }
    return Count;
}

VOID PoolFailAfter(long Allocations) { PoolFailCountdown = Allocations; }

void ObpHostAssertFailed(const char *Expression, const char *File, int Line) {
    fprintf(stderr, "%s:%d: object manager assertion failed: %s\n", File, Line, Expression);
    abort();
}

/* rtl/'s allocation hooks (nt/ntrtl.h); the object manager never calls the
 * Rtl routines that allocate, but rtl/string.c references them. */
PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes) { return malloc(Bytes); }
VOID NTAPI RtlpFreeStringMemory(PVOID Buffer) { free(Buffer); }
