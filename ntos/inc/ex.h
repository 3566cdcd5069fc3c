/*
 * ex.h — executive pool allocation.
 *
 * ExAllocatePoolWithTag returns zeroed memory aligned to 16 bytes, or NULL
 * when memory runs out (callers turn that into STATUS_INSUFFICIENT_RESOURCES).
 * ExFreePoolWithTag checks the tag: a mismatch or a double free is a bug
 * check (BAD_POOL_CALLER), never silent corruption.
 */
#pragma once
#include <nt/ntdef.h>

#define NonPagedPool 0
#define PagedPool 1

PVOID ExAllocatePoolWithTag(ULONG PoolType, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
VOID ExFreePool(PVOID P);
NTSTATUS ExInitializePool(VOID);

typedef struct _EX_POOL_STATS {
    SIZE_T BytesInUse;
    SIZE_T Allocations;
    SIZE_T PagesInUse;
} EX_POOL_STATS;
VOID ExQueryPoolStats(EX_POOL_STATS *Stats);
