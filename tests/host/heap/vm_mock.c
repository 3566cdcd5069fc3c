/*
 * vm_mock.c — NtAllocateVirtualMemory and NtFreeVirtualMemory for the heap
 * host tests, over mmap/mprotect/madvise (see heap_test.h).
 *
 * A reservation is an mmap of PROT_NONE pages aligned to 64 KiB (Windows'
 * allocation granularity); a commit makes pages read/write; a decommit
 * drops their contents (MADV_DONTNEED, so a later commit reads zeros, as on
 * Windows) and makes them inaccessible again; a release unmaps the whole
 * reservation.  Each reservation keeps a byte per page saying whether it is
 * committed, for the byte counters.
 *
 * The heap is held to stricter rules than Windows': every range it passes
 * must be page-aligned and inside one reservation, a reservation must be at
 * an address of the system's choosing, and a release must name a
 * reservation's base with size 0.  Anything else counts in vm.errors.
 * One mutex serializes the calls, for the multithreaded tests.
 */
#include "heap_test.h"

#include <ndk/mmfuncs.h>
#include <ndk/pstypes.h>
#include <nt/ntstatus.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 0x1000u
#define GRANULARITY 0x10000u
#define MAX_REGIONS 4096

struct region {
    uintptr_t base;
    size_t size;
    unsigned char *committed; /* one byte per page */
};

struct vm_counters vm;
static struct region regions[MAX_REGIONS];
static int fail_countdown = -1;

void vm_fail_after(int calls) { fail_countdown = calls; }

/* Once the countdown has run out, every allocation fails until vm_fail_after(-1). */
static int should_fail(void) {
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0)
        return 1;
    fail_countdown--;
    return 0;
}

static struct region *region_of(uintptr_t address, size_t size) {
    for (int i = 0; i < MAX_REGIONS; i++) {
        struct region *r = &regions[i];
        if (r->size && address >= r->base && address - r->base < r->size &&
            size <= r->size - (address - r->base))
            return r;
    }
    return NULL;
}

static NTSTATUS rule_broken(NTSTATUS status) {
    vm.errors++;
    return status;
}

/* Marks pages [first, first + count) committed or not, keeping the byte count. */
static void set_committed(struct region *r, size_t first, size_t count, int committed) {
    for (size_t i = first; i < first + count; i++) {
        if (r->committed[i] != committed) {
            r->committed[i] = (unsigned char)committed;
            if (committed)
                vm.committed_bytes += PAGE;
            else
                vm.committed_bytes -= PAGE;
        }
    }
}

static NTSTATUS reserve(PVOID *base, SIZE_T *size) {
    size_t bytes = (*size + PAGE - 1) & ~(size_t)(PAGE - 1);
    struct region *slot = NULL;

    if (*base != NULL || bytes == 0)
        return rule_broken(STATUS_INVALID_PARAMETER);
    for (int i = 0; i < MAX_REGIONS && !slot; i++)
        if (!regions[i].size)
            slot = &regions[i];
    if (!slot)
        return STATUS_NO_MEMORY;
    unsigned char *map = mmap(NULL, bytes + GRANULARITY, PROT_NONE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (map == MAP_FAILED)
        return STATUS_NO_MEMORY;
    uintptr_t start = ((uintptr_t)map + GRANULARITY - 1) & ~(uintptr_t)(GRANULARITY - 1);
    if (start > (uintptr_t)map)
        munmap(map, start - (uintptr_t)map);
    munmap((void *)(start + bytes), (uintptr_t)map + bytes + GRANULARITY - (start + bytes));
    slot->base = start;
    slot->size = bytes;
    slot->committed = calloc(bytes / PAGE, 1);
    vm.reserves++;
    vm.regions++;
    vm.reserved_bytes += bytes;
    *base = (PVOID)start;
    *size = bytes;
    return STATUS_SUCCESS;
}

static NTSTATUS commit(PVOID base, SIZE_T size) {
    uintptr_t a = (uintptr_t)base;
    struct region *r = region_of(a, size);

    if (!r || (a & (PAGE - 1)) || (size & (PAGE - 1)) || size == 0)
        return rule_broken(STATUS_MEMORY_NOT_ALLOCATED);
    if (mprotect(base, size, PROT_READ | PROT_WRITE) != 0)
        return rule_broken(STATUS_NO_MEMORY);
    set_committed(r, (a - r->base) / PAGE, size / PAGE, 1);
    vm.commits++;
    return STATUS_SUCCESS;
}

static NTSTATUS allocate(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                         PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect) {
    vm.alloc_calls++;
    if (ProcessHandle != NtCurrentProcess() || ZeroBits != 0)
        return rule_broken(STATUS_INVALID_PARAMETER);
    if (Protect != PAGE_READWRITE && Protect != PAGE_EXECUTE_READWRITE)
        return rule_broken(STATUS_INVALID_PAGE_PROTECTION);
    vm.last_protect = Protect;
    if (should_fail())
        return STATUS_NO_MEMORY;
    switch (AllocationType) {
    case MEM_RESERVE:
        return reserve(BaseAddress, RegionSize);
    case MEM_COMMIT:
        return commit(*BaseAddress, *RegionSize);
    case MEM_RESERVE | MEM_COMMIT: {
        NTSTATUS status = reserve(BaseAddress, RegionSize);
        if (NT_SUCCESS(status))
            status = commit(*BaseAddress, *RegionSize);
        return status;
    }
    default:
        return rule_broken(STATUS_INVALID_PARAMETER);
    }
}

static NTSTATUS release(PVOID base, SIZE_T size) {
    struct region *r = region_of((uintptr_t)base, 1);

    if (!r || r->base != (uintptr_t)base || size != 0)
        return rule_broken(STATUS_FREE_VM_NOT_AT_BASE);
    set_committed(r, 0, r->size / PAGE, 0);
    munmap(base, r->size);
    free(r->committed);
    vm.reserved_bytes -= r->size;
    vm.regions--;
    vm.releases++;
    r->size = 0;
    return STATUS_SUCCESS;
}

static NTSTATUS decommit(PVOID base, SIZE_T size) {
    uintptr_t a = (uintptr_t)base;
    struct region *r = region_of(a, size);

    if (!r || (a & (PAGE - 1)) || (size & (PAGE - 1)) || size == 0)
        return rule_broken(STATUS_MEMORY_NOT_ALLOCATED);
    madvise(base, size, MADV_DONTNEED);
    mprotect(base, size, PROT_NONE);
    set_committed(r, (a - r->base) / PAGE, size / PAGE, 0);
    vm.decommits++;
    return STATUS_SUCCESS;
}

static NTSTATUS free_vm(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                        ULONG FreeType) {
    vm.free_calls++;
    if (ProcessHandle != NtCurrentProcess())
        return rule_broken(STATUS_INVALID_PARAMETER);
    if (FreeType == MEM_RELEASE)
        return release(*BaseAddress, *RegionSize);
    if (FreeType == MEM_DECOMMIT)
        return decommit(*BaseAddress, *RegionSize);
    return rule_broken(STATUS_INVALID_PARAMETER);
}

/* Heaps used from several threads (test_heap_threads.c) call in concurrently. */
static pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;

NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                       PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect) {
    pthread_mutex_lock(&vm_lock);
    NTSTATUS status =
        allocate(ProcessHandle, BaseAddress, ZeroBits, RegionSize, AllocationType, Protect);
    pthread_mutex_unlock(&vm_lock);
    return status;
}

NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                   ULONG FreeType) {
    pthread_mutex_lock(&vm_lock);
    NTSTATUS status = free_vm(ProcessHandle, BaseAddress, RegionSize, FreeType);
    pthread_mutex_unlock(&vm_lock);
    return status;
}
