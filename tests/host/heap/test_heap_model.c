/*
 * test_heap_model.c — random operations on a heap, checked against a model.
 *
 * The model is a table of slots, each empty or holding a block the test
 * allocated: its address, the size asked for and the tag its contents were
 * written with.  Each step allocates, frees, reallocates (sometimes in place
 * only, sometimes zeroing) or queries a random slot, and checks the result
 * against the model: alignment, RtlSizeHeap, contents preserved across
 * reallocation, zeroed growth, an in-place failure leaving the block as it
 * was.  Every so often the whole model is checked: every block's contents,
 * no two blocks overlapping (sorted by address), the heap's own statistics
 * agreeing with the number of live blocks, and RtlValidateHeap, which walks
 * every segment and bin (ASan cannot see inside the heap's own memory, so
 * the heap's invariants are checked by the heap's validator and by these
 * contents checks).  The end frees everything and expects the heap back to
 * one segment and, after destruction, no reservation left.
 */
#include "heap_test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 1500
#define AUDIT_EVERY 2000

struct slot {
    unsigned char *p;
    size_t size;
    unsigned tag;
};

struct model {
    PVOID heap;
    struct slot slots[SLOTS];
    unsigned live;
    unsigned next_tag;
    uint64_t rng;
    size_t max_size; /* sizes above this are not asked for (fixed heaps) */
    int may_fail;    /* a fixed heap fills up: NULL is a valid answer */
    unsigned failures;
    /* What the run did, printed at its end. */
    unsigned allocs, frees, reallocs, moved, refused, denied, peak_segments, peak_big;
};

static struct model m;

static uint64_t next_random(void) {
    m.rng ^= m.rng << 13;
    m.rng ^= m.rng >> 7;
    m.rng ^= m.rng << 17;
    return m.rng;
}

static size_t random_below(size_t n) { return (size_t)(next_random() % n); }

/* Mostly small, some medium, a few past the big-block threshold, up to 1 MiB. */
static size_t random_size(void) {
    size_t r = random_below(1000), size;

    if (r < 700)
        size = random_below(257);
    else if (r < 900)
        size = 257 + random_below(4096 - 257);
    else if (r < 990)
        size = 4096 + random_below(65536 - 4096);
    else
        size = 65536 + random_below(0x100000 - 65536 + 1);
    return size <= m.max_size ? size : random_below(m.max_size + 1);
}

static int fail(const char *what, size_t slot) {
    if (m.failures++ < 5)
        printf("model: %s (slot %zu, step with rng %llx)\n", what, slot, (unsigned long long)m.rng);
    return 0;
}

static void slot_fill(struct slot *s) {
    s->tag = m.next_tag++;
    pattern_fill(s->p, 0, s->size, s->tag);
}

static void op_allocate(size_t i) {
    struct slot *s = &m.slots[i];
    size_t size = random_size();
    ULONG flags = random_below(5) == 0 ? HEAP_ZERO_MEMORY : 0;
    unsigned char *p = RtlAllocateHeap(m.heap, flags, size);

    m.allocs++;
    if (!p) {
        m.denied++;
        if (!m.may_fail)
            fail("allocation failed", i);
        return;
    }
    if (((uintptr_t)p & 15) != 0)
        fail("allocation not 16-byte aligned", i);
    if (flags & HEAP_ZERO_MEMORY)
        for (size_t k = 0; k < size; k++)
            if (p[k]) {
                fail("HEAP_ZERO_MEMORY block not zero", i);
                break;
            }
    s->p = p;
    s->size = size;
    slot_fill(s);
    m.live++;
}

static void op_free(size_t i) {
    struct slot *s = &m.slots[i];

    if (!pattern_check(s->p, 0, s->size, s->tag))
        fail("contents changed before free", i);
    if (!RtlFreeHeap(m.heap, 0, s->p))
        fail("RtlFreeHeap failed", i);
    m.frees++;
    s->p = NULL;
    m.live--;
}

static void op_reallocate(size_t i) {
    struct slot *s = &m.slots[i];
    size_t size = random_size();
    ULONG flags = (random_below(4) == 0 ? HEAP_REALLOC_IN_PLACE_ONLY : 0) |
                  (random_below(4) == 0 ? HEAP_ZERO_MEMORY : 0);
    unsigned char *p = RtlReAllocateHeap(m.heap, flags, s->p, size);

    m.reallocs++;
    m.moved += p && p != s->p;
    m.refused += !p;
    if (!p) {
        if (!(flags & HEAP_REALLOC_IN_PLACE_ONLY) && !m.may_fail)
            fail("reallocation failed", i);
        if (RtlSizeHeap(m.heap, 0, s->p) != s->size || !pattern_check(s->p, 0, s->size, s->tag))
            fail("failed reallocation changed the block", i);
        return;
    }
    if ((flags & HEAP_REALLOC_IN_PLACE_ONLY) && p != s->p)
        fail("in-place reallocation moved", i);
    if (((uintptr_t)p & 15) != 0)
        fail("reallocation not 16-byte aligned", i);
    size_t kept = s->size < size ? s->size : size;
    if (!pattern_check(p, 0, kept, s->tag))
        fail("reallocation lost contents", i);
    if (flags & HEAP_ZERO_MEMORY)
        for (size_t k = kept; k < size; k++)
            if (p[k]) {
                fail("reallocation growth not zeroed", i);
                break;
            }
    s->p = p;
    s->size = size;
    slot_fill(s);
}

static void op_query(size_t i) {
    struct slot *s = &m.slots[i];
    if (RtlSizeHeap(m.heap, 0, s->p) != s->size)
        fail("RtlSizeHeap disagrees", i);
}

static int by_address(const void *a, const void *b) {
    const struct slot *x = *(const struct slot *const *)a, *y = *(const struct slot *const *)b;
    return x->p < y->p ? -1 : x->p > y->p;
}

/* Everything the model knows, checked at once. */
static void audit(void) {
    static struct slot *sorted[SLOTS];
    unsigned n = 0;

    for (size_t i = 0; i < SLOTS; i++) {
        struct slot *s = &m.slots[i];
        if (!s->p)
            continue;
        sorted[n++] = s;
        if (!pattern_check(s->p, 0, s->size, s->tag))
            fail("contents changed", i);
        if (RtlSizeHeap(m.heap, 0, s->p) != s->size)
            fail("RtlSizeHeap disagrees", i);
    }
    qsort(sorted, n, sizeof(sorted[0]), by_address);
    for (unsigned k = 1; k < n; k++) {
        size_t extent = sorted[k - 1]->size ? sorted[k - 1]->size : 1;
        if (sorted[k - 1]->p + extent > sorted[k]->p)
            fail("blocks overlap", (size_t)(sorted[k] - m.slots));
    }
    RTLP_HEAP_STATISTICS st;
    if (!RtlpHeapGetStatistics(m.heap, &st) || st.BusyBlocks + st.BigBlocks != m.live)
        fail("statistics disagree with the model", 0);
    if (st.Segments > m.peak_segments)
        m.peak_segments = st.Segments;
    if (st.BigBlocks > m.peak_big)
        m.peak_big = st.BigBlocks;
    if (!heap_is_sound(m.heap))
        fail("RtlValidateHeap failed", 0);
}

/* Runs `steps` random operations on a new heap; returns whether the model held. */
static int run_model(ULONG flags, SIZE_T reserve, const RTL_HEAP_PARAMETERS *params, unsigned steps,
                     uint64_t seed, size_t max_size) {
    unsigned regions = vm.regions;
    RTL_HEAP_PARAMETERS p;

    memset(&m, 0, sizeof(m));
    m.rng = seed;
    m.max_size = max_size;
    m.may_fail = !(flags & HEAP_GROWABLE);
    heap_reports_reset();
    if (params)
        p = *params;
    m.heap = RtlCreateHeap(flags, NULL, reserve, 0, NULL, params ? &p : NULL);
    if (!m.heap)
        return fail("RtlCreateHeap failed", 0);
    for (unsigned step = 1; step <= steps && m.failures == 0; step++) {
        size_t i = random_below(SLOTS);
        size_t r = random_below(100);
        if (!m.slots[i].p)
            op_allocate(i);
        else if (r < 40)
            op_free(i);
        else if (r < 85)
            op_reallocate(i);
        else
            op_query(i);
        if (step % AUDIT_EVERY == 0)
            audit();
    }
    audit();
    for (size_t i = 0; i < SLOTS; i++)
        if (m.slots[i].p)
            op_free(i);
    RTLP_HEAP_STATISTICS st;
    RtlpHeapGetStatistics(m.heap, &st);
    if (st.Segments != 1 || st.BusyBlocks != 0 || st.BigBlocks != 0 || st.FreeBlocks != 1)
        fail("heap not back to one free segment", 0);
    if (!heap_is_sound(m.heap))
        fail("RtlValidateHeap failed at the end", 0);
    if (RtlDestroyHeap(m.heap) != NULL || vm.regions != regions)
        fail("destruction left reservations", 0);
    if (heap_reports.count)
        fail("the heap reported corruption", 0);
    printf("model: %u steps: %u allocations (%u refused), %u frees, %u reallocations (%u moved, "
           "%u refused); up to %u segments and %u big blocks\n",
           steps, m.allocs, m.denied, m.frees, m.reallocs, m.moved, m.refused, m.peak_segments,
           m.peak_big);
    return m.failures == 0;
}

void test_model_plain(void) {
    CHECK(run_model(HEAP_GROWABLE, 0, NULL, 100000, 0x9e3779b97f4a7c15ull, (size_t)-1));
}

/* The checking mode, small segments and a low big-block threshold, so that
 * segments come and go and big blocks are common. */
void test_model_checking(void) {
    RTL_HEAP_PARAMETERS p = heap_params(0x10000, 0x1000, 0x8000, 0x10000);
    CHECK(run_model(HEAP_GROWABLE | HEAP_TAIL_CHECKING_ENABLED | HEAP_FREE_CHECKING_ENABLED,
                    0x10000, &p, 100000, 0x243f6a8885a308d3ull, (size_t)-1));
}

/* Full validation on every call: fewer steps, it is quadratic. */
void test_model_validate_all(void) {
    CHECK(run_model(HEAP_GROWABLE | HEAP_VALIDATE_ALL_ENABLED | HEAP_TAIL_CHECKING_ENABLED |
                        HEAP_FREE_CHECKING_ENABLED,
                    0, NULL, 3000, 0x13198a2e03707344ull, (size_t)-1));
}

/* A fixed 4 MiB heap: allocations may fail when it is full, never crash. */
void test_model_fixed(void) {
    CHECK(run_model(HEAP_FREE_CHECKING_ENABLED, 0x400000, NULL, 30000, 0xa4093822299f31d0ull,
                    0x40000));
}
