/*
 * test_heap.c — the NT heap (ntdll/heap.c) on the host: creation and
 * destruction, every size from 0 to 1 MiB, alignment, zeroing,
 * reallocation in all its forms, fixed and caller-memory heaps, running out
 * of memory, and how much virtual memory the heap takes and gives back
 * (counted by vm_mock.c).  The checking mode's detections are in
 * test_heap_check.c, the random run against a model in test_heap_model.c.
 */
#include "heap_test.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct heap_reports heap_reports;

VOID NTAPI heap_record_corruption(PVOID HeapHandle, PVOID Address, RTLP_HEAP_CORRUPTION Kind) {
    heap_reports.count++;
    heap_reports.heap = HeapHandle;
    heap_reports.address = Address;
    heap_reports.kind = Kind;
}

void heap_reports_reset(void) { memset(&heap_reports, 0, sizeof(heap_reports)); }

RTL_HEAP_PARAMETERS heap_params(SIZE_T segment_reserve, SIZE_T commit_step, SIZE_T decommit,
                                SIZE_T big_threshold) {
    RTL_HEAP_PARAMETERS p;

    memset(&p, 0, sizeof(p));
    p.Length = sizeof(p);
    p.SegmentReserve = segment_reserve;
    p.SegmentCommit = commit_step;
    p.DeCommitTotalFreeThreshold = decommit;
    p.VirtualMemoryThreshold = big_threshold;
    return p;
}

int heap_is_sound(PVOID heap) {
    unsigned before = heap_reports.count;
    return RtlValidateHeap(heap, 0, NULL) && heap_reports.count == before;
}

/* A 256-byte period, shifted by the tag; filled and compared in chunks. */
#define PATTERN_CHUNK 4096
static unsigned char pattern[256 + PATTERN_CHUNK];

static const unsigned char *pattern_at(size_t offset, unsigned tag) {
    if (!pattern[1])
        for (size_t i = 0; i < sizeof(pattern); i++)
            pattern[i] = (unsigned char)((i % 256) * 167 + 13);
    return &pattern[(offset + tag) % 256];
}

void pattern_fill(void *p, size_t offset, size_t size, unsigned tag) {
    for (size_t done = 0; done < size;) {
        size_t n = size - done < PATTERN_CHUNK ? size - done : PATTERN_CHUNK;
        memcpy((unsigned char *)p + done, pattern_at(offset + done, tag), n);
        done += n;
    }
}

int pattern_check(const void *p, size_t offset, size_t size, unsigned tag) {
    for (size_t done = 0; done < size;) {
        size_t n = size - done < PATTERN_CHUNK ? size - done : PATTERN_CHUNK;
        if (memcmp((const unsigned char *)p + done, pattern_at(offset + done, tag), n) != 0)
            return 0;
        done += n;
    }
    return 1;
}

static int all_zero(const void *p, size_t size) {
    const unsigned char *b = p;
    for (size_t i = 0; i < size; i++)
        if (b[i])
            return 0;
    return 1;
}

static RTLP_HEAP_STATISTICS stats_of(PVOID heap) {
    RTLP_HEAP_STATISTICS s;
    memset(&s, 0, sizeof(s));
    CHECK(RtlpHeapGetStatistics(heap, &s));
    return s;
}

/* ---- Creation ---------------------------------------------------------------------- */

static void test_create_destroy(void) {
    unsigned regions = vm.regions, calls = vm.alloc_calls;
    PVOID list[64];

    heap_reports_reset();
    ULONG heaps = RtlGetProcessHeaps(0, NULL);
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(heap != NULL);
    CHECK(((uintptr_t)heap & 0xffff) == 0); /* the start of its reservation */
    CHECK_EQ(vm.alloc_calls - calls, 2);    /* reserve, commit */
    CHECK_EQ(vm.regions, regions + 1);
    CHECK(heap_is_sound(heap));
    CHECK_EQ(RtlGetProcessHeaps(64, list), heaps + 1);
    CHECK(list[heaps] == heap);

    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.regions, regions);
    CHECK_EQ(RtlGetProcessHeaps(0, NULL), heaps);
    CHECK_EQ(heap_reports.count, 0);

    /* Not a heap: the handle comes back and the report says why. */
    static unsigned char fake[4096] __attribute__((aligned(16)));
    CHECK(RtlDestroyHeap(fake) == fake);
    CHECK_EQ(heap_reports.count, 1);
    CHECK_EQ(heap_reports.kind, HeapCorruptionBadHeap);
    CHECK_EQ(vm.errors, 0);
}

static void test_create_parameters(void) {
    RTL_HEAP_PARAMETERS p = heap_params(0, 0, 0, 0);
    unsigned regions = vm.regions;

    /* A commit routine is not supported. */
    p.CommitRoutine = (PRTL_HEAP_COMMIT_ROUTINE)(uintptr_t)1;
    CHECK(RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, &p) == NULL);
    /* A block of the wrong length is ignored, as on Windows. */
    p.Length = 12;
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_CREATE_ENABLE_EXECUTE, NULL, 0, 0, NULL, &p);
    CHECK(heap != NULL);
    CHECK_EQ(vm.last_protect, PAGE_EXECUTE_READWRITE);
    CHECK(RtlDestroyHeap(heap) == NULL);
    /* Commit larger than reserve: the reserve grows to hold it. */
    heap = RtlCreateHeap(0, NULL, 0x10000, 0x30000, NULL, NULL);
    CHECK(heap != NULL);
    CHECK(RtlAllocateHeap(heap, 0, 0x28000) != NULL);
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.regions, regions);
    CHECK_EQ(vm.errors, 0);
}

/* ---- Sizes, alignment, zeroing ------------------------------------------------------- */

#define SMALL_SIZES 4097

static void sizes_with_flags(ULONG flags) {
    static PVOID blocks[SMALL_SIZES + 200];
    static size_t sizes[SMALL_SIZES + 200];
    size_t n = 0;

    heap_reports_reset();
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | flags, NULL, 0, 0, NULL, NULL);
    CHECK(heap != NULL);
    for (size_t size = 0; size < SMALL_SIZES; size++)
        sizes[n++] = size;
    for (size_t size = SMALL_SIZES; size <= 0x100000; size = size * 11 / 10 + 7)
        sizes[n++] = size;
    sizes[n++] = 0x100000;

    int aligned = 1, sized = 1, kept = 1;
    for (size_t i = 0; i < n; i++) {
        blocks[i] = RtlAllocateHeap(heap, 0, sizes[i]);
        aligned &= blocks[i] != NULL && ((uintptr_t)blocks[i] & 15) == 0;
        sized &= RtlSizeHeap(heap, 0, blocks[i]) == sizes[i];
        pattern_fill(blocks[i], 0, sizes[i], (unsigned)i);
    }
    for (size_t i = 0; i < n; i++)
        kept &= pattern_check(blocks[i], 0, sizes[i], (unsigned)i);
    CHECK(aligned);
    CHECK(sized);
    CHECK(kept);
    CHECK(heap_is_sound(heap));
    RTLP_HEAP_STATISTICS s = stats_of(heap);
    CHECK_EQ(s.BusyBlocks + s.BigBlocks, n);
    CHECK(s.BigBlocks > 0);

    int freed = 1;
    for (size_t i = 0; i < n; i += 2)
        freed &= RtlFreeHeap(heap, 0, blocks[i]);
    for (size_t i = 1; i < n; i += 2)
        kept &= pattern_check(blocks[i], 0, sizes[i], (unsigned)i);
    for (size_t i = 1; i < n; i += 2)
        freed &= RtlFreeHeap(heap, 0, blocks[i]);
    CHECK(freed);
    CHECK(kept);
    CHECK(heap_is_sound(heap));
    s = stats_of(heap);
    CHECK_EQ(s.BusyBlocks, 0);
    CHECK_EQ(s.BigBlocks, 0);
    CHECK_EQ(s.Segments, 1);
    CHECK_EQ(s.FreeBlocks, 1);
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(heap_reports.count, 0);
}

static void test_sizes(void) { sizes_with_flags(0); }

static void test_sizes_checking(void) {
    sizes_with_flags(HEAP_TAIL_CHECKING_ENABLED | HEAP_FREE_CHECKING_ENABLED);
}

static void test_zero_memory(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_FREE_CHECKING_ENABLED, NULL, 0, 0, NULL, NULL);
    static const size_t sizes[] = {1, 24, 100, 1000, 5000, 70000, 600000};

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        unsigned char *p = RtlAllocateHeap(heap, 0, sizes[i]);
        memset(p, 0x5a, sizes[i]);
        CHECK(RtlFreeHeap(heap, 0, p));
        unsigned char *q = RtlAllocateHeap(heap, HEAP_ZERO_MEMORY, sizes[i]);
        CHECK(q != NULL && all_zero(q, sizes[i]));
        if (sizes[i] < 0x80000)
            CHECK(q == p); /* the same, dirty block came back, and was zeroed */
        /* Without HEAP_ZERO_MEMORY the free-checking mode marks fresh bytes. */
        unsigned char *r = RtlAllocateHeap(heap, 0, sizes[i]);
        CHECK(r != NULL && !all_zero(r, sizes[i]));
        CHECK(RtlFreeHeap(heap, 0, q));
        CHECK(RtlFreeHeap(heap, 0, r));
    }
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
}

/* ---- Reallocation ------------------------------------------------------------------ */

static void test_realloc_in_place(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_TAIL_CHECKING_ENABLED, NULL, 0, 0, NULL, NULL);
    heap_reports_reset();

    unsigned char *a = RtlAllocateHeap(heap, 0, 100);
    unsigned char *b = RtlAllocateHeap(heap, 0, 100);
    unsigned char *c = RtlAllocateHeap(heap, 0, 100);
    pattern_fill(a, 0, 100, 1);
    /* Next block busy: in place is impossible, and the block stays as it was. */
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, a, 200) == NULL);
    CHECK_EQ(RtlSizeHeap(heap, 0, a), 100);
    CHECK(pattern_check(a, 0, 100, 1));
    /* Next block free: grows into it. */
    CHECK(RtlFreeHeap(heap, 0, b));
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY | HEAP_ZERO_MEMORY, a, 200) == a);
    CHECK_EQ(RtlSizeHeap(heap, 0, a), 200);
    CHECK(pattern_check(a, 0, 100, 1) && all_zero(a + 100, 100));
    /* Shrinks in place; the rest is free again and reusable. */
    CHECK(RtlReAllocateHeap(heap, 0, a, 20) == a);
    CHECK_EQ(RtlSizeHeap(heap, 0, a), 20);
    CHECK(pattern_check(a, 0, 20, 1));
    unsigned char *d = RtlAllocateHeap(heap, 0, 100);
    CHECK(d > a && d < c);
    /* Growth within the block's own slack. */
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, a, 24) == a);
    CHECK_EQ(RtlSizeHeap(heap, 0, a), 24);
    CHECK(heap_is_sound(heap));

    /* The last block of a segment grows by committing more of the segment. */
    unsigned char *last = RtlAllocateHeap(heap, 0, 3000);
    RTLP_HEAP_STATISTICS s = stats_of(heap);
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, last, 400000) == last);
    CHECK(stats_of(heap).CommittedBytes > s.CommittedBytes);
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(heap_reports.count, 0);
}

static void test_realloc_moves(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_TAIL_CHECKING_ENABLED, NULL, 0, 0, NULL, NULL);
    heap_reports_reset();

    CHECK(RtlReAllocateHeap(heap, 0, NULL, 10) == NULL);
    unsigned char *a = RtlAllocateHeap(heap, 0, 64);
    unsigned char *barrier = RtlAllocateHeap(heap, 0, 64);
    pattern_fill(a, 0, 64, 7);
    unsigned char *b = RtlReAllocateHeap(heap, HEAP_ZERO_MEMORY, a, 5000);
    CHECK(b != NULL && b != a);
    CHECK(pattern_check(b, 0, 64, 7) && all_zero(b + 64, 5000 - 64));
    CHECK_EQ(RtlSizeHeap(heap, 0, a), (SIZE_T)-1); /* the old block is gone */
    /* Zero bytes is a block, not a free. */
    unsigned char *z = RtlReAllocateHeap(heap, 0, b, 0);
    CHECK(z != NULL);
    CHECK_EQ(RtlSizeHeap(heap, 0, z), 0);
    CHECK(RtlFreeHeap(heap, 0, z));
    CHECK(RtlFreeHeap(heap, 0, barrier));
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(heap_reports.count, 0);
}

static void test_realloc_big(void) {
    unsigned regions = vm.regions;
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_TAIL_CHECKING_ENABLED, NULL, 0, 0, NULL, NULL);
    heap_reports_reset();

    unsigned char *p = RtlAllocateHeap(heap, 0, 1000);
    pattern_fill(p, 0, 1000, 3);
    /* Small to big: moves into its own region. */
    unsigned char *q = RtlReAllocateHeap(heap, 0, p, 600000);
    CHECK(q != NULL && q != p);
    CHECK_EQ(stats_of(heap).BigBlocks, 1);
    CHECK_EQ(vm.regions, regions + 2);
    CHECK(pattern_check(q, 0, 1000, 3));
    pattern_fill(q, 0, 600000, 4);
    /* Within its last page: in place. */
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 600010) == q);
    /* Shrinking but still big: in place, pages go back. */
    size_t committed = vm.committed_bytes;
    CHECK(RtlReAllocateHeap(heap, 0, q, 530000) == q);
    CHECK(vm.committed_bytes < committed);
    CHECK(pattern_check(q, 0, 530000, 4));
    /* Beyond its reservation: moves (or fails in place). */
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 900000) == NULL);
    unsigned char *r = RtlReAllocateHeap(heap, HEAP_ZERO_MEMORY, q, 900000);
    CHECK(r != NULL && r != q);
    CHECK(pattern_check(r, 0, 530000, 4) && all_zero(r + 530000, 900000 - 530000));
    CHECK_EQ(stats_of(heap).BigBlocks, 1);
    /* In place only, shrinking below the threshold keeps it big. */
    CHECK(RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, r, 1000) == r);
    CHECK_EQ(RtlSizeHeap(heap, 0, r), 1000);
    /* Otherwise it moves back into a segment and the region goes. */
    unsigned char *s = RtlReAllocateHeap(heap, 0, r, 500);
    CHECK(s != NULL && s != r);
    CHECK(pattern_check(s, 0, 500, 4));
    CHECK_EQ(stats_of(heap).BigBlocks, 0);
    CHECK_EQ(vm.regions, regions + 1);
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.regions, regions);
    CHECK_EQ(heap_reports.count, 0);
}

static void test_free_and_size_queries(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    int local;
    heap_reports_reset();

    CHECK(RtlFreeHeap(heap, 0, NULL) == TRUE);
    unsigned char *p = RtlAllocateHeap(heap, 0, 256);
    memset(p, 0, 256);
    CHECK_EQ(RtlSizeHeap(heap, 0, p), 256);
    CHECK_EQ(RtlSizeHeap(heap, 0, p + 1), (SIZE_T)-1);
    CHECK_EQ(RtlSizeHeap(heap, 0, p + 32), (SIZE_T)-1);
    CHECK_EQ(RtlSizeHeap(heap, 0, &local), (SIZE_T)-1);
    CHECK_EQ(RtlSizeHeap(heap, 0, heap), (SIZE_T)-1);
    CHECK_EQ(RtlSizeHeap(NULL, 0, p), (SIZE_T)-1);
    CHECK_EQ(RtlSizeHeap(heap, 0, NULL), (SIZE_T)-1);
    CHECK_EQ(heap_reports.count, 0); /* a query reports nothing */
    CHECK(RtlValidateHeap(heap, 0, p));
    CHECK(RtlFreeHeap(heap, 0, p));
    CHECK_EQ(RtlSizeHeap(heap, 0, p), (SIZE_T)-1);
    CHECK(RtlDestroyHeap(heap) == NULL);
}

/* ---- Virtual memory: growth, release, limits ------------------------------------------- */

static void test_growth_and_release(void) {
    static PVOID blocks[3000];
    unsigned regions = vm.regions;
    RTL_HEAP_PARAMETERS p = heap_params(0x10000, 0x1000, 0x4000, 0);
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0x10000, 0, NULL, &p);
    CHECK(heap != NULL);
    size_t first_commit = vm.committed_bytes;

    for (int i = 0; i < 3000; i++)
        blocks[i] = RtlAllocateHeap(heap, 0, 1000);
    RTLP_HEAP_STATISTICS s = stats_of(heap);
    CHECK(s.Segments > 3);
    CHECK(s.Segments < 10); /* segments double */
    CHECK_EQ(vm.regions, regions + s.Segments);
    CHECK(heap_is_sound(heap));

    unsigned releases = vm.releases;
    for (int i = 0; i < 3000; i++)
        CHECK(RtlFreeHeap(heap, 0, blocks[i]));
    s = stats_of(heap);
    CHECK_EQ(s.Segments, 1);
    CHECK_EQ(vm.regions, regions + 1);
    CHECK(vm.releases - releases >= 3);
    CHECK(vm.decommits > 0);
    /* What stays committed: the first commit, one step and less than the threshold. */
    CHECK(vm.committed_bytes <= first_commit + 0x1000 + 0x4000 + 0x1000);
    CHECK(heap_is_sound(heap));

    /* A big block is one call each way, and its region goes back. */
    unsigned calls = vm.alloc_calls, frees = vm.free_calls;
    PVOID big = RtlAllocateHeap(heap, 0, 0x100000);
    CHECK(big != NULL);
    CHECK_EQ(vm.alloc_calls - calls, 1);
    CHECK_EQ(vm.regions, regions + 2);
    CHECK(RtlFreeHeap(heap, 0, big));
    CHECK_EQ(vm.free_calls - frees, 1);
    CHECK_EQ(vm.regions, regions + 1);

    /* Destroy gives back everything, live blocks and big blocks included. */
    for (int i = 0; i < 3000; i++)
        blocks[i] = RtlAllocateHeap(heap, 0, 1000);
    CHECK(RtlAllocateHeap(heap, 0, 0x100000) != NULL);
    CHECK(RtlAllocateHeap(heap, 0, 0x300000) != NULL);
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.regions, regions);
    CHECK_EQ(vm.errors, 0);
}

static void test_small_big_threshold(void) {
    RTL_HEAP_PARAMETERS p = heap_params(0, 0, 0, 0x2000);
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, &p);

    PVOID a = RtlAllocateHeap(heap, 0, 0x1fff);
    PVOID b = RtlAllocateHeap(heap, 0, 0x2000);
    CHECK_EQ(stats_of(heap).BigBlocks, 1);
    CHECK(((uintptr_t)b & 0xfff) == sizeof(RTLP_HEAP_BIG_BLOCK));
    CHECK(RtlFreeHeap(heap, 0, a) && RtlFreeHeap(heap, 0, b));
    CHECK(RtlDestroyHeap(heap) == NULL);
}

static void test_fixed_heap(void) {
    static PVOID blocks[100];
    unsigned regions = vm.regions;
    PVOID heap = RtlCreateHeap(0, NULL, 0x10000, 0, NULL, NULL);
    int n = 0;

    while (n < 100 && (blocks[n] = RtlAllocateHeap(heap, 0, 1000)) != NULL)
        n++;
    CHECK(n >= 50 && n < 64); /* 64 KiB minus the heap structure */
    CHECK_EQ(vm.regions, regions + 1);
    CHECK(RtlAllocateHeap(heap, 0, 0x90000) == NULL); /* no big blocks in a fixed heap */
    CHECK_EQ(vm.regions, regions + 1);
    for (int i = 0; i < n; i++)
        CHECK(RtlFreeHeap(heap, 0, blocks[i]));
    /* Now one block of nearly the whole reservation fits. */
    PVOID whole = RtlAllocateHeap(heap, 0, 0xe000);
    CHECK(whole != NULL);
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.regions, regions);
}

static void test_caller_memory(void) {
    static unsigned char memory[0x8000] __attribute__((aligned(16)));
    static PVOID blocks[64];
    unsigned calls = vm.alloc_calls + vm.free_calls;
    int n = 0;

    PVOID heap = RtlCreateHeap(0, memory, sizeof(memory), 0, NULL, NULL);
    CHECK(heap == memory);
    while (n < 64 && (blocks[n] = RtlAllocateHeap(heap, 0, 500)) != NULL)
        n++;
    CHECK(n > 30 && n < 64);
    CHECK((unsigned char *)blocks[n - 1] + 500 <= memory + sizeof(memory));
    for (int i = 0; i < n; i++)
        CHECK(RtlFreeHeap(heap, 0, blocks[i]));
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.alloc_calls + vm.free_calls, calls); /* the caller's memory, no services */
    /* Too small, or misaligned: refused. */
    CHECK(RtlCreateHeap(0, memory, 0x100, 0, NULL, NULL) == NULL);
    CHECK(RtlCreateHeap(0, memory + 8, 0x4000, 0, NULL, NULL) == NULL);
}

static void test_out_of_memory(void) {
    unsigned regions = vm.regions;
    RTL_HEAP_PARAMETERS p = heap_params(0x10000, 0x1000, 0, 0);
    heap_reports_reset();

    /* Creation: the commit fails, and the reservation is given back. */
    vm_fail_after(1);
    CHECK(RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, &p) == NULL);
    CHECK_EQ(vm.regions, regions);
    vm_fail_after(0);
    CHECK(RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, &p) == NULL);

    vm_fail_after(-1);
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0x10000, 0, NULL, &p);
    PVOID a = RtlAllocateHeap(heap, 0, 100);
    /* A commit (then a new segment), a new segment's commit, a big block: each
     * fails cleanly. */
    vm_fail_after(0);
    CHECK(RtlAllocateHeap(heap, 0, 0x3000) == NULL);
    vm_fail_after(1);
    CHECK(RtlAllocateHeap(heap, 0, 0x20000) == NULL);
    CHECK_EQ(vm.regions, regions + 1);
    vm_fail_after(0);
    CHECK(RtlAllocateHeap(heap, 0, 0x100000) == NULL);
    CHECK(RtlReAllocateHeap(heap, 0, a, 0x100000) == NULL);
    CHECK_EQ(RtlSizeHeap(heap, 0, a), 100);
    vm_fail_after(-1);
    CHECK(heap_is_sound(heap));
    CHECK(RtlAllocateHeap(heap, 0, 0x20000) != NULL);
    CHECK(RtlAllocateHeap(heap, 0, 0x100000) != NULL);
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(vm.regions, regions);
    CHECK_EQ(heap_reports.count, 0);
    CHECK_EQ(vm.errors, 0);
}

static void test_process_heaps(void) {
    PVOID list[64];
    ULONG before = RtlGetProcessHeaps(0, NULL);
    PVOID a = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    PVOID b = RtlCreateHeap(0, NULL, 0, 0, NULL, NULL);

    CHECK_EQ(RtlGetProcessHeaps(64, list), before + 2);
    CHECK(list[before] == a && list[before + 1] == b);
    CHECK_EQ(RtlGetProcessHeaps(1, list), before + 2); /* the count even when short */
    CHECK(RtlDestroyHeap(a) == NULL);
    CHECK_EQ(RtlGetProcessHeaps(64, list), before + 1);
    CHECK(list[before] == b);
    CHECK(RtlDestroyHeap(b) == NULL);
}

/* Last: no test made a virtual-memory call that Windows would refuse. */
static void test_vm_rules(void) { CHECK_EQ(vm.errors, 0); }

static const struct harness_test tests[] = {
    HARNESS_TEST(test_create_destroy),
    HARNESS_TEST(test_create_parameters),
    HARNESS_TEST(test_sizes),
    HARNESS_TEST(test_sizes_checking),
    HARNESS_TEST(test_zero_memory),
    HARNESS_TEST(test_realloc_in_place),
    HARNESS_TEST(test_realloc_moves),
    HARNESS_TEST(test_realloc_big),
    HARNESS_TEST(test_free_and_size_queries),
    HARNESS_TEST(test_growth_and_release),
    HARNESS_TEST(test_small_big_threshold),
    HARNESS_TEST(test_fixed_heap),
    HARNESS_TEST(test_caller_memory),
    HARNESS_TEST(test_out_of_memory),
    HARNESS_TEST(test_process_heaps),
    HARNESS_TEST(test_check_double_free),
    HARNESS_TEST(test_check_double_free_merged),
    HARNESS_TEST(test_check_tail_overrun),
    HARNESS_TEST(test_check_next_header),
    HARNESS_TEST(test_check_underrun),
    HARNESS_TEST(test_check_use_after_free),
    HARNESS_TEST(test_check_free_links),
    HARNESS_TEST(test_check_wild_pointers),
    HARNESS_TEST(test_check_bad_heap),
    HARNESS_TEST(test_check_big_block),
    HARNESS_TEST(test_check_validate_all),
    HARNESS_TEST(test_check_global_switch),
    HARNESS_TEST(test_check_plain_heap),
    HARNESS_TEST(test_model_plain),
    HARNESS_TEST(test_model_checking),
    HARNESS_TEST(test_model_validate_all),
    HARNESS_TEST(test_model_fixed),
    HARNESS_TEST(test_threads_stress),
    HARNESS_TEST(test_threads_checking_mode),
    HARNESS_TEST(test_threads_caller_lock),
    HARNESS_TEST(test_threads_lock_heap),
    HARNESS_TEST(test_threads_heap_list),
    HARNESS_TEST(test_vm_rules),
};

int main(void) {
    RtlpHeapCorruptionHandler = heap_record_corruption;
    return harness_run(tests, HARNESS_COUNT(tests));
}
