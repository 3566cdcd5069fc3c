/*
 * ntdll_mock.c — see ntdll_mock.h.
 */
#include "ntdll_mock.h"
#include "ldrp.h"

#include <stdlib.h>
#include <string.h>

PEB mock_peb;
long mock_ldr_blocks;
long mock_heap_blocks;
long mock_vm_regions;
int mock_peb_lock_depth;
int mock_peb_lock_errors;
static int ldr_fail_countdown;

#define MOCK_MAX_REGIONS 256
static void *regions[MOCK_MAX_REGIONS];

void mock_ldr_fail_from(int n) { ldr_fail_countdown = n; }

void mock_reset_peb(void) {
    memset(&mock_peb, 0, sizeof(mock_peb));
    mock_peb.ProcessHeap = (PVOID)(ULONG_PTR)0x1000; /* any non-NULL handle */
}

PVOID LdrpAllocate(SIZE_T Bytes) {
    void *block;

    if (ldr_fail_countdown > 0 && --ldr_fail_countdown == 0) {
        ldr_fail_countdown = 1; /* stay failing */
        return NULL;
    }
    block = calloc(1, Bytes ? Bytes : 1);
    if (block != NULL)
        mock_ldr_blocks++;
    return block;
}

VOID LdrpFree(PVOID Block) {
    if (Block != NULL)
        mock_ldr_blocks--;
    free(Block);
}

PPEB NTAPI RtlGetCurrentPeb(VOID) { return &mock_peb; }

VOID NTAPI RtlAcquirePebLock(VOID) { mock_peb_lock_depth++; }

VOID NTAPI RtlReleasePebLock(VOID) {
    if (mock_peb_lock_depth-- <= 0)
        mock_peb_lock_errors++;
}

PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size) {
    void *block = (Flags & HEAP_ZERO_MEMORY) ? calloc(1, Size ? Size : 1) : malloc(Size ? Size : 1);

    (void)HeapHandle;
    if (block != NULL) {
        mock_heap_blocks++;
        if (!(Flags & HEAP_ZERO_MEMORY))
            memset(block, 0xcd, Size); /* as a debugging heap would */
    }
    return block;
}

BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress) {
    (void)HeapHandle;
    (void)Flags;
    if (BaseAddress != NULL)
        mock_heap_blocks--;
    free(BaseAddress);
    return TRUE;
}

/* Committed zeroed memory at an address of the "system's" choosing;
 * MEM_RELEASE with size 0 at a region's base frees it. */
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                       PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect) {
    (void)ZeroBits;
    (void)Protect;
    if (ProcessHandle != NtCurrentProcess() || *BaseAddress != NULL ||
        AllocationType != (MEM_RESERVE | MEM_COMMIT) || *RegionSize == 0)
        return STATUS_INVALID_PARAMETER;
    for (int i = 0; i < MOCK_MAX_REGIONS; i++) {
        if (regions[i] == NULL) {
            *RegionSize = (*RegionSize + 0xfff) & ~(SIZE_T)0xfff;
            regions[i] = calloc(1, *RegionSize);
            if (regions[i] == NULL)
                return STATUS_NO_MEMORY;
            *BaseAddress = regions[i];
            mock_vm_regions++;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NO_MEMORY;
}

NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                   ULONG FreeType) {
    if (ProcessHandle != NtCurrentProcess() || FreeType != MEM_RELEASE || *RegionSize != 0)
        return STATUS_INVALID_PARAMETER;
    for (int i = 0; i < MOCK_MAX_REGIONS; i++) {
        if (regions[i] != NULL && regions[i] == *BaseAddress) {
            free(regions[i]);
            regions[i] = NULL;
            mock_vm_regions--;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_MEMORY_NOT_ALLOCATED;
}
