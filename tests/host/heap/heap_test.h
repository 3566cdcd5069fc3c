/*
 * heap_test.h — shared pieces of the heap host tests (test_heap).
 *
 * vm_mock.c implements NtAllocateVirtualMemory/NtFreeVirtualMemory over
 * mmap with Windows' reserve/commit rules: reserved pages are PROT_NONE
 * until committed and again after a decommit, so a heap that touches memory
 * it has not committed crashes the test instead of passing by luck.  It
 * counts every call and every byte, can fail a chosen call, and counts
 * calls that break the rules (misaligned ranges, a release that is not of a
 * whole reservation...) in vm.errors, which every test expects to stay 0.
 *
 * heap_reports records what the heap reported through
 * RtlpHeapCorruptionHandler (installed by main in test_heap.c).
 */
#ifndef TESTS_HOST_HEAP_TEST_H
#define TESTS_HOST_HEAP_TEST_H

#include "harness.h"
#include "heapp.h"

#include <stddef.h>

struct vm_counters {
    unsigned alloc_calls; /* NtAllocateVirtualMemory calls, failed ones included */
    unsigned free_calls;  /* NtFreeVirtualMemory calls */
    unsigned reserves, commits, decommits, releases;
    unsigned errors;  /* calls that broke the rules */
    unsigned regions; /* live reservations */
    size_t reserved_bytes;
    size_t committed_bytes;
    ULONG last_protect;
};

extern struct vm_counters vm;

/* After `calls` more successful NtAllocateVirtualMemory calls, every further
 * one fails with STATUS_NO_MEMORY until vm_fail_after(-1).  Frees never fail. */
void vm_fail_after(int calls);

struct heap_reports {
    unsigned count;
    PVOID heap;
    PVOID address;
    RTLP_HEAP_CORRUPTION kind; /* of the last report */
};

extern struct heap_reports heap_reports;

VOID NTAPI heap_record_corruption(PVOID HeapHandle, PVOID Address, RTLP_HEAP_CORRUPTION Kind);
void heap_reports_reset(void);

/* A parameter block with the given segment reserve, commit step, decommit
 * threshold and big-block threshold (0 = the heap's default). */
RTL_HEAP_PARAMETERS heap_params(SIZE_T segment_reserve, SIZE_T commit_step, SIZE_T decommit,
                                SIZE_T big_threshold);

/* RtlValidateHeap is TRUE and nothing was reported. */
int heap_is_sound(PVOID heap);

/* Deterministic contents: fill a block with a pattern keyed by tag, or check it. */
void pattern_fill(void *p, size_t offset, size_t size, unsigned tag);
int pattern_check(const void *p, size_t offset, size_t size, unsigned tag);

/* Tests in the other files, for main's table. */
void test_model_plain(void);
void test_model_checking(void);
void test_model_validate_all(void);
void test_model_fixed(void);
void test_check_double_free(void);
void test_check_double_free_merged(void);
void test_check_tail_overrun(void);
void test_check_next_header(void);
void test_check_underrun(void);
void test_check_use_after_free(void);
void test_check_free_links(void);
void test_check_wild_pointers(void);
void test_check_bad_heap(void);
void test_check_big_block(void);
void test_check_validate_all(void);
void test_check_global_switch(void);
void test_check_plain_heap(void);
void test_threads_stress(void);
void test_threads_checking_mode(void);
void test_threads_caller_lock(void);
void test_threads_lock_heap(void);
void test_threads_heap_list(void);

#endif /* TESTS_HOST_HEAP_TEST_H */
