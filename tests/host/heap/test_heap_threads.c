/*
 * test_heap_threads.c — one heap used by several host threads at once: each
 * allocates, reallocates and frees its own blocks (random sizes, some big)
 * and checks their contents, so that a missing or broken heap lock shows
 * as damaged contents, a corruption report or an invalid heap.  Also: a
 * HEAP_NO_SERIALIZE heap has no lock, a caller's lock is the one used, and
 * RtlLockHeap keeps other threads out.
 */
#include "heap_test.h"
#include "sync_mock.h"

#include <pthread.h>
#include <sched.h>

#define THREADS 4
#define SLOTS 64
#define STEPS 20000

struct worker {
    PVOID heap;
    unsigned tag;
    unsigned errors;
};

static unsigned next_random(unsigned *state) {
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static void *heap_worker(void *arg) {
    struct worker *w = arg;
    unsigned char *block[SLOTS] = {0};
    size_t size[SLOTS] = {0};
    unsigned seed = w->tag * 7919u;

    for (unsigned step = 0; step < STEPS; step++) {
        unsigned r = next_random(&seed), slot = r % SLOTS;
        size_t want = (r >> 6) % 700;

        if (r % 500 == 0)
            want = 0x90000; /* now and then a big block */
        if (block[slot] && !pattern_check(block[slot], 0, size[slot], w->tag + slot))
            w->errors++;
        if (block[slot] == NULL) {
            block[slot] = RtlAllocateHeap(w->heap, 0, want);
        } else if (r & 0x100) {
            if (!RtlFreeHeap(w->heap, 0, block[slot]))
                w->errors++;
            block[slot] = NULL;
            continue;
        } else {
            unsigned char *moved = RtlReAllocateHeap(w->heap, 0, block[slot], want);
            if (moved == NULL) {
                w->errors++;
                continue;
            }
            if (!pattern_check(moved, 0, want < size[slot] ? want : size[slot], w->tag + slot))
                w->errors++;
            block[slot] = moved;
        }
        if (block[slot] == NULL) {
            w->errors++;
            continue;
        }
        size[slot] = want;
        pattern_fill(block[slot], 0, want, w->tag + slot);
        if (RtlSizeHeap(w->heap, 0, block[slot]) != want)
            w->errors++;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (block[i] && (!pattern_check(block[i], 0, size[i], w->tag + i) ||
                         !RtlFreeHeap(w->heap, 0, block[i])))
            w->errors++;
    }
    return NULL;
}

static void stress(PVOID heap) {
    struct worker w[THREADS];
    pthread_t t[THREADS];
    unsigned reports = heap_reports.count;

    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){heap, 1000u * (i + 1), 0};
        pthread_create(&t[i], NULL, heap_worker, &w[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        CHECK_EQ(w[i].errors, 0);
    }
    CHECK_EQ(heap_reports.count, reports);
    CHECK(heap_is_sound(heap));
}

void test_threads_stress(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    RTLP_HEAP_STATISTICS stats;

    CHECK(heap != NULL);
    stress(heap);
    /* Everything was freed: back to free space only. */
    CHECK(RtlpHeapGetStatistics(heap, &stats));
    CHECK_EQ(stats.BusyBlocks, 0);
    CHECK_EQ(stats.BigBlocks, 0);
    CHECK(RtlDestroyHeap(heap) == NULL);
}

void test_threads_checking_mode(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_TAIL_CHECKING_ENABLED |
                                   HEAP_FREE_CHECKING_ENABLED,
                               NULL, 0, 0, NULL, NULL);

    stress(heap);
    CHECK(RtlDestroyHeap(heap) == NULL);
}

/* The caller's critical section is the one the heap takes. */
void test_threads_caller_lock(void) {
    RTL_CRITICAL_SECTION lock;
    PVOID heap;
    unsigned live = sync_counters.live;

    RtlInitializeCriticalSection(&lock);
    CHECK(RtlCreateHeap(HEAP_GROWABLE | HEAP_NO_SERIALIZE, NULL, 0, 0, &lock, NULL) == NULL);
    heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, &lock, NULL);
    CHECK(heap != NULL);
    CHECK(RtlLockHeap(heap));
    CHECK(RtlIsCriticalSectionLockedByThread(&lock));
    CHECK(RtlUnlockHeap(heap));
    CHECK(!RtlIsCriticalSectionLocked(&lock));
    stress(heap);
    CHECK(RtlDestroyHeap(heap) == NULL);
    /* Destroying the heap leaves the caller's lock alone. */
    CHECK_EQ(lock.LockCount, -1);
    CHECK(RtlTryEnterCriticalSection(&lock));
    RtlLeaveCriticalSection(&lock);
    RtlDeleteCriticalSection(&lock);
    CHECK_EQ(sync_counters.live, live);
}

struct locked_alloc {
    PVOID heap;
    volatile int done;
    PVOID block;
};

static void *alloc_thread(void *arg) {
    struct locked_alloc *a = arg;

    a->block = RtlAllocateHeap(a->heap, 0, 100);
    __atomic_store_n(&a->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* RtlLockHeap holds other threads' calls until RtlUnlockHeap; the owner's
 * own calls go through (the lock is recursive). */
void test_threads_lock_heap(void) {
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    struct locked_alloc a = {heap, 0, NULL};
    pthread_t t;

    CHECK(RtlLockHeap(heap));
    PVOID mine = RtlAllocateHeap(heap, 0, 10);
    CHECK(mine != NULL);
    pthread_create(&t, NULL, alloc_thread, &a);
    for (int i = 0; i < 200; i++)
        sched_yield();
    CHECK_EQ(__atomic_load_n(&a.done, __ATOMIC_ACQUIRE), 0);
    CHECK(RtlUnlockHeap(heap));
    pthread_join(t, NULL);
    CHECK_EQ(a.done, 1);
    CHECK(a.block != NULL);
    /* Unlocking what we do not hold is refused. */
    CHECK(!RtlUnlockHeap(heap));
    CHECK(RtlFreeHeap(heap, 0, mine) && RtlFreeHeap(heap, 0, a.block));
    CHECK(heap_is_sound(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    /* A HEAP_NO_SERIALIZE heap has nothing to lock; the calls still succeed. */
    heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_NO_SERIALIZE, NULL, 0, 0, NULL, NULL);
    CHECK(((PRTLP_HEAP)heap)->Lock == NULL);
    CHECK(RtlLockHeap(heap) && RtlUnlockHeap(heap));
    CHECK(RtlDestroyHeap(heap) == NULL);
    /* Not a heap: refused (and reported). */
    static _Alignas(16) unsigned char not_a_heap[4096];
    unsigned reports = heap_reports.count;
    CHECK(!RtlLockHeap(not_a_heap) && !RtlUnlockHeap(not_a_heap));
    CHECK_EQ(heap_reports.count, reports + 2);
    heap_reports_reset();
}

/* Heaps created and destroyed while another thread lists them. */
static void *create_destroy(void *arg) {
    unsigned *errors = arg;

    for (int i = 0; i < 300; i++) {
        PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
        if (heap == NULL || RtlDestroyHeap(heap) != NULL)
            (*errors)++;
    }
    return NULL;
}

void test_threads_heap_list(void) {
    unsigned errors[2] = {0, 0}, listed_too_many = 0;
    pthread_t t[2];
    PVOID list[64];
    ULONG before = RtlGetProcessHeaps(64, list);

    pthread_create(&t[0], NULL, create_destroy, &errors[0]);
    pthread_create(&t[1], NULL, create_destroy, &errors[1]);
    for (int i = 0; i < 2000; i++) {
        ULONG n = RtlGetProcessHeaps(64, list);
        if (n > before + 2)
            listed_too_many++;
    }
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    CHECK_EQ(errors[0] + errors[1], 0);
    CHECK_EQ(listed_too_many, 0);
    CHECK_EQ(RtlGetProcessHeaps(64, list), before);
}
