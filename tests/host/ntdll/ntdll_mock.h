/*
 * ntdll_mock.h — the parts of ntdll (and of the executive) that the pure
 * loader and parameter code call, for the host tests: the loader's
 * allocator, the process heap, a fake PEB with its lock, and virtual memory
 * over calloc.  Each keeps a count of live blocks, so tests check that
 * nothing leaks, and can be told to fail from the Nth allocation on.
 */
#ifndef TESTS_HOST_NTDLL_MOCK_H
#define TESTS_HOST_NTDLL_MOCK_H

#include <ndk/ntndk.h>

extern PEB mock_peb;
extern long mock_ldr_blocks;  /* LdrpAllocate - LdrpFree */
extern long mock_heap_blocks; /* RtlAllocateHeap - RtlFreeHeap */
extern long mock_vm_regions;  /* NtAllocateVirtualMemory - NtFreeVirtualMemory */
extern int mock_peb_lock_depth;
extern int mock_peb_lock_errors; /* releases without an acquire */

/* The Nth next LdrpAllocate (1 = the next one) and all after it fail;
 * 0 turns failures off. */
void mock_ldr_fail_from(int n);

/* Resets the PEB to one without process parameters. */
void mock_reset_peb(void);

#endif
