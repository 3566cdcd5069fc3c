/*
 * test_heap_check.c — every kind of damage the heap is meant to catch, each
 * done on purpose: double frees (before and after the block was merged),
 * overruns into the tail pattern and into the next header, an underrun,
 * writes after free into a free block's fill and into its list links, wild
 * and interior pointers, bad heap handles, big-block overruns, the
 * validate-on-every-call mode, the global switch, and what a heap without
 * the checking mode still catches.  Each case checks the report (kind and
 * address) and that the call failed or went on as documented.
 */
#include "heap_test.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHECKING (HEAP_TAIL_CHECKING_ENABLED | HEAP_FREE_CHECKING_ENABLED)

static PVOID new_heap(ULONG flags) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | flags, NULL, 0, 0, NULL, NULL);
    CHECK(heap != NULL);
    heap_reports_reset();
    return heap;
}

/* Exactly one report, of this kind, since the last reset; resets. */
static int reported(RTLP_HEAP_CORRUPTION kind) {
    int ok = heap_reports.count == 1 && heap_reports.kind == kind;
    if (!ok)
        printf("  reports: %u, last kind %d (expected one of kind %d)\n", heap_reports.count,
               heap_reports.kind, kind);
    heap_reports_reset();
    return ok;
}

static void destroy(PVOID heap) {
    unsigned before = heap_reports.count;
    CHECK(RtlDestroyHeap(heap) == NULL);
    CHECK_EQ(heap_reports.count, before);
}

void test_check_double_free(void) {
    PVOID heap = new_heap(CHECKING);
    PVOID a = RtlAllocateHeap(heap, 0, 64);
    PVOID barrier = RtlAllocateHeap(heap, 0, 64);

    CHECK(RtlFreeHeap(heap, 0, a));
    CHECK_EQ(heap_reports.count, 0);
    CHECK(!RtlFreeHeap(heap, 0, a));
    CHECK(heap_reports.address == a);
    CHECK(reported(HeapCorruptionDoubleFree));
    CHECK(RtlReAllocateHeap(heap, 0, a, 10) == NULL);
    CHECK(reported(HeapCorruptionDoubleFree));
    CHECK(heap_is_sound(heap)); /* nothing was touched */
    CHECK(RtlFreeHeap(heap, 0, barrier));
    destroy(heap);
}

void test_check_double_free_merged(void) {
    PVOID heap = new_heap(CHECKING);
    PVOID a = RtlAllocateHeap(heap, 0, 64);
    PVOID b = RtlAllocateHeap(heap, 0, 64);
    PVOID c = RtlAllocateHeap(heap, 0, 64);

    CHECK(RtlFreeHeap(heap, 0, b));
    CHECK(RtlFreeHeap(heap, 0, a)); /* a absorbs b: b's header is free fill now */
    CHECK(!RtlFreeHeap(heap, 0, b));
    CHECK(reported(HeapCorruptionDoubleFree));
    CHECK(heap_is_sound(heap));
    CHECK(RtlFreeHeap(heap, 0, c));
    destroy(heap);
}

void test_check_tail_overrun(void) {
    PVOID heap = new_heap(CHECKING);
    unsigned char *p = RtlAllocateHeap(heap, 0, 10);
    unsigned char *q = RtlAllocateHeap(heap, 0, 32);
    unsigned char *r = RtlAllocateHeap(heap, 0, 20);

    p[10] = 'x'; /* one byte past the end */
    CHECK(!RtlValidateHeap(heap, 0, p));
    CHECK(reported(HeapCorruptionTailOverrun));
    CHECK(!RtlValidateHeap(heap, 0, NULL));
    CHECK(heap_reports.address == p + 10);
    CHECK(reported(HeapCorruptionTailOverrun));
    /* Free reports it and still frees: every header is sound. */
    CHECK(RtlFreeHeap(heap, 0, p));
    CHECK(reported(HeapCorruptionTailOverrun));
    CHECK(heap_is_sound(heap));

    q[32] = 0; /* a multiple of 16: the guaranteed pattern bytes catch it */
    CHECK(RtlFreeHeap(heap, 0, q));
    CHECK(heap_reports.address == q + 32);
    CHECK(reported(HeapCorruptionTailOverrun));

    r[25] = 1; /* inside the slack, seen by ReAllocate */
    unsigned char *r2 = RtlReAllocateHeap(heap, 0, r, 30);
    CHECK(r2 != NULL);
    CHECK(reported(HeapCorruptionTailOverrun));
    CHECK(heap_is_sound(heap));
    CHECK(RtlFreeHeap(heap, 0, r2));
    destroy(heap);
}

void test_check_next_header(void) {
    PVOID heap = new_heap(CHECKING);
    unsigned char *a = RtlAllocateHeap(heap, 0, 32);
    unsigned char *b = RtlAllocateHeap(heap, 0, 32);
    SIZE_T capacity = 32 + HEAP_TAIL_MIN;

    memset(a, 0x41, capacity + sizeof(RTLP_HEAP_ENTRY)); /* through b's header */
    CHECK(!RtlFreeHeap(heap, 0, a));                     /* refused: merging would follow garbage */
    CHECK(heap_reports.address == b - sizeof(RTLP_HEAP_ENTRY));
    CHECK(reported(HeapCorruptionHeader));
    CHECK(!RtlFreeHeap(heap, 0, b));
    CHECK(heap_reports.count == 1);
    heap_reports_reset();
    CHECK(!RtlValidateHeap(heap, 0, NULL));
    CHECK(heap_reports.count == 1);
    destroy(heap);
}

void test_check_underrun(void) {
    PVOID heap = new_heap(CHECKING);
    unsigned char *a = RtlAllocateHeap(heap, 0, 32);
    unsigned char *b = RtlAllocateHeap(heap, 0, 32);
    unsigned char *c = RtlAllocateHeap(heap, 0, 32);

    b[-1] ^= 0x55; /* the last byte of b's header */
    CHECK(!RtlFreeHeap(heap, 0, b));
    CHECK(reported(HeapCorruptionHeader));
    CHECK(RtlSizeHeap(heap, 0, b) == (SIZE_T)-1);
    /* Its neighbours see it too: a's next header, c's previous one. */
    CHECK(!RtlFreeHeap(heap, 0, a));
    CHECK(reported(HeapCorruptionHeader));
    CHECK(!RtlFreeHeap(heap, 0, c));
    CHECK(reported(HeapCorruptionHeader));
    b[-1] ^= 0x55; /* repaired: everything works again */
    CHECK(RtlFreeHeap(heap, 0, a) && RtlFreeHeap(heap, 0, b) && RtlFreeHeap(heap, 0, c));
    CHECK(heap_is_sound(heap));
    destroy(heap);
}

void test_check_use_after_free(void) {
    PVOID heap = new_heap(CHECKING);
    unsigned char *a = RtlAllocateHeap(heap, 0, 256);
    PVOID barrier = RtlAllocateHeap(heap, 0, 16);

    CHECK(RtlFreeHeap(heap, 0, a));
    a[100] = 1;
    CHECK(!RtlValidateHeap(heap, 0, NULL));
    CHECK(heap_reports.address == a + 100);
    CHECK(reported(HeapCorruptionFreeBlockModified));
    /* Handing the block out again checks it too (and then goes on). */
    unsigned char *again = RtlAllocateHeap(heap, 0, 256);
    CHECK(again == a);
    CHECK(heap_reports.address == a + 100);
    CHECK(reported(HeapCorruptionFreeBlockModified));
    CHECK(heap_is_sound(heap));

    /* A write into the free tail of a segment, found at validation. */
    unsigned char *big = RtlAllocateHeap(heap, 0, 20000);
    CHECK(RtlFreeHeap(heap, 0, big));
    big[19000] = 0;
    CHECK(!RtlValidateHeap(heap, 0, NULL));
    CHECK(reported(HeapCorruptionFreeBlockModified));
    CHECK(RtlFreeHeap(heap, 0, again) && RtlFreeHeap(heap, 0, barrier));
    destroy(heap);
}

void test_check_free_links(void) {
    PVOID heap = new_heap(CHECKING);
    unsigned char *a = RtlAllocateHeap(heap, 0, 256);
    unsigned char *barrier = RtlAllocateHeap(heap, 0, 256);
    unsigned char *b = RtlAllocateHeap(heap, 0, 256);
    PVOID barrier2 = RtlAllocateHeap(heap, 0, 16);

    CHECK(RtlFreeHeap(heap, 0, a));
    uint64_t saved = ((uint64_t *)a)[0];
    ((uint64_t *)a)[0] = 0x4141414141414141ull; /* Flink */
    CHECK(RtlAllocateHeap(heap, 0, 256) == NULL);
    CHECK(reported(HeapCorruptionFreeList));
    CHECK(!RtlValidateHeap(heap, 0, NULL));
    CHECK(reported(HeapCorruptionFreeList));
    ((uint64_t *)a)[0] = saved;
    CHECK(heap_is_sound(heap));

    /* An aligned pointer into the heap that is not a free block's links. */
    CHECK(RtlFreeHeap(heap, 0, b));
    ((uint64_t *)b)[1] = (uint64_t)(uintptr_t)barrier; /* Blink */
    CHECK(RtlFreeHeap(heap, 0, barrier));              /* freed, but not merged with b */
    CHECK(reported(HeapCorruptionFreeList));
    (void)barrier2;
    destroy(heap);
}

void test_check_wild_pointers(void) {
    PVOID heap = new_heap(CHECKING);
    PVOID other = new_heap(0);
    int local;
    unsigned char *p = RtlAllocateHeap(heap, 0, 256);
    PVOID q = RtlAllocateHeap(other, 0, 32);

    memset(p, 0, 256);
    CHECK(!RtlFreeHeap(heap, 0, &local));
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(!RtlFreeHeap(heap, 0, p + 1));
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(!RtlFreeHeap(heap, 0, p + 32)); /* inside a block */
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(!RtlFreeHeap(heap, 0, q)); /* another heap's block */
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(!RtlFreeHeap(heap, 0, heap));
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(RtlReAllocateHeap(heap, 0, p + 48, 10) == NULL);
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(!RtlValidateHeap(heap, 0, p + 64));
    CHECK(reported(HeapCorruptionBadAddress));
    CHECK(heap_is_sound(heap));
    CHECK(RtlFreeHeap(heap, 0, p) && RtlFreeHeap(other, 0, q));
    destroy(heap);
    destroy(other);
}

void test_check_bad_heap(void) {
    static unsigned char fake[sizeof(RTLP_HEAP)] __attribute__((aligned(16)));
    PVOID heap = new_heap(0);
    PVOID p = RtlAllocateHeap(heap, 0, 10);

    CHECK(RtlAllocateHeap(fake, 0, 10) == NULL);
    CHECK(reported(HeapCorruptionBadHeap));
    CHECK(!RtlFreeHeap(fake, 0, p));
    CHECK(reported(HeapCorruptionBadHeap));
    CHECK(RtlReAllocateHeap(fake, 0, p, 20) == NULL);
    CHECK(reported(HeapCorruptionBadHeap));
    CHECK(!RtlValidateHeap(fake, 0, NULL));
    CHECK(reported(HeapCorruptionBadHeap));
    CHECK(RtlAllocateHeap(NULL, 0, 10) == NULL);
    CHECK(reported(HeapCorruptionBadHeap));
    CHECK_EQ(RtlSizeHeap(fake, 0, p), (SIZE_T)-1);
    CHECK_EQ(heap_reports.count, 0);
    /* A copy of a real heap's structure is not that heap (its key is tied to its address). */
    memcpy(fake, heap, sizeof(fake));
    CHECK(RtlAllocateHeap(fake, 0, 10) == NULL);
    CHECK(reported(HeapCorruptionBadHeap));
    CHECK(RtlFreeHeap(heap, 0, p));
    destroy(heap);

    /* A destroyed heap in the caller's memory. */
    static unsigned char memory[0x4000] __attribute__((aligned(16)));
    PVOID mine = RtlCreateHeap(0, memory, sizeof(memory), 0, NULL, NULL);
    CHECK(mine != NULL && RtlDestroyHeap(mine) == NULL);
    CHECK(RtlAllocateHeap(mine, 0, 10) == NULL);
    CHECK(reported(HeapCorruptionBadHeap));
}

void test_check_big_block(void) {
    PVOID heap = new_heap(CHECKING);
    unsigned char *p = RtlAllocateHeap(heap, 0, 600000);
    unsigned char *q = RtlAllocateHeap(heap, 0, 600000);

    CHECK(p != NULL && q != NULL);
    p[600000] = 1;
    CHECK(RtlFreeHeap(heap, 0, p));
    CHECK(heap_reports.address == p + 600000);
    CHECK(reported(HeapCorruptionTailOverrun));
    CHECK(!RtlFreeHeap(heap, 0, p)); /* its region is gone: not a block any more */
    CHECK(reported(HeapCorruptionBadAddress));
    q[600005] = 2;
    CHECK(!RtlValidateHeap(heap, 0, NULL));
    CHECK(reported(HeapCorruptionTailOverrun));
    CHECK(RtlFreeHeap(heap, 0, q));
    CHECK(reported(HeapCorruptionTailOverrun));
    CHECK(heap_is_sound(heap));
    destroy(heap);
}

void test_check_validate_all(void) {
    PVOID heap = new_heap(HEAP_VALIDATE_ALL_ENABLED | HEAP_FREE_CHECKING_ENABLED);
    unsigned char *a = RtlAllocateHeap(heap, 0, 100);
    PVOID b = RtlAllocateHeap(heap, 0, 100);

    CHECK(RtlFreeHeap(heap, 0, a));
    CHECK_EQ(heap_reports.count, 0);
    a[50] = 7;
    /* The very next call, whatever it is, finds it. */
    PVOID c = RtlAllocateHeap(heap, 0, 10000);
    CHECK(c != NULL);
    CHECK(heap_reports.count >= 1 && heap_reports.kind == HeapCorruptionFreeBlockModified);
    heap_reports_reset();
    a[50] = (unsigned char)(HEAP_FREE_FILL >> ((((uintptr_t)a + 50) & 7) * 8));
    CHECK(RtlFreeHeap(heap, 0, b) && RtlFreeHeap(heap, 0, c));
    CHECK_EQ(heap_reports.count, 0);
    destroy(heap);
}

void test_check_global_switch(void) {
    RtlpHeapDebugFlags = HEAP_TAIL_CHECKING_ENABLED | HEAP_FREE_CHECKING_ENABLED;
    PVOID checked = new_heap(0);
    RtlpHeapDebugFlags = 0;
    PVOID plain = new_heap(0);
    unsigned char *p = RtlAllocateHeap(checked, 0, 10);
    unsigned char *q = RtlAllocateHeap(plain, 0, 10);

    p[12] = 1;
    CHECK(RtlFreeHeap(checked, 0, p));
    CHECK(reported(HeapCorruptionTailOverrun));
    q[12] = 1; /* in the slack of a heap without tail checking: not seen */
    CHECK(RtlFreeHeap(plain, 0, q));
    CHECK_EQ(heap_reports.count, 0);
    destroy(checked);
    destroy(plain);
}

/* Without the checking mode: headers and links are still checked. */
void test_check_plain_heap(void) {
    PVOID heap = new_heap(0);
    unsigned char *a = RtlAllocateHeap(heap, 0, 64);
    unsigned char *b = RtlAllocateHeap(heap, 0, 64);
    unsigned char *c = RtlAllocateHeap(heap, 0, 64);
    unsigned char *d = RtlAllocateHeap(heap, 0, 48);
    unsigned char *e = RtlAllocateHeap(heap, 0, 48);

    CHECK(RtlFreeHeap(heap, 0, a));
    CHECK(!RtlFreeHeap(heap, 0, a));
    CHECK(reported(HeapCorruptionDoubleFree));
    CHECK(RtlFreeHeap(heap, 0, b)); /* merges with a */
    CHECK(!RtlFreeHeap(heap, 0, b));
    CHECK(reported(HeapCorruptionDoubleFree));
    CHECK(heap_is_sound(heap));

    memset(d, 0x41, 48 + 8); /* 48 bytes fill d exactly: this reaches e's header */
    CHECK(!RtlFreeHeap(heap, 0, d));
    CHECK(reported(HeapCorruptionHeader));
    CHECK(!RtlFreeHeap(heap, 0, (unsigned char *)c + 16));
    CHECK(reported(HeapCorruptionBadAddress));
    (void)e;
    destroy(heap);
}
