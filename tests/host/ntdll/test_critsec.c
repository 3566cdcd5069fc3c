/*
 * test_critsec.c — host tests of ntdll/critsec.c: the lock word's states,
 * recursion, refusals, and contention between pthreads (sleeping on the
 * event, spinning, and the polling fallback when no event can be made),
 * ending with exact counts and the word back at -1.
 *
 * Threads never call CHECK (the harness is not thread-safe): they count
 * their own errors and main checks the totals.
 */
#include "harness.h"
#include "sync_mock.h"

#include <pthread.h>
#include <sched.h>

#define NO_DEBUG_INFO ((PVOID)(LONG_PTR)-1)

static void test_initial_state(void) {
    RTL_CRITICAL_SECTION cs;

    CHECK_EQ(RtlInitializeCriticalSection(&cs), STATUS_SUCCESS);
    CHECK(cs.DebugInfo == NO_DEBUG_INFO);
    CHECK_EQ(cs.LockCount, -1);
    CHECK_EQ(cs.RecursionCount, 0);
    CHECK(cs.OwningThread == NULL);
    CHECK(cs.LockSemaphore == NULL);
    CHECK(!RtlIsCriticalSectionLocked(&cs));
    CHECK(!RtlIsCriticalSectionLockedByThread(&cs));
    CHECK_EQ(RtlDeleteCriticalSection(&cs), STATUS_SUCCESS);
    CHECK(cs.DebugInfo == NULL);
}

static void test_recursion(void) {
    RTL_CRITICAL_SECTION cs;
    HANDLE self = RtlpTestCurrentThreadId();
    unsigned creates = sync_counters.creates;

    RtlInitializeCriticalSection(&cs);
    CHECK_EQ(RtlEnterCriticalSection(&cs), STATUS_SUCCESS);
    CHECK_EQ(cs.LockCount, -2); /* held, no waiters, no wake-up in flight */
    CHECK_EQ(cs.RecursionCount, 1);
    CHECK(cs.OwningThread == self);
    CHECK(RtlTryEnterCriticalSection(&cs));
    CHECK_EQ(RtlEnterCriticalSection(&cs), STATUS_SUCCESS);
    CHECK_EQ(cs.RecursionCount, 3);
    CHECK_EQ(cs.LockCount, -2); /* recursion does not touch the word */
    CHECK(RtlIsCriticalSectionLocked(&cs));
    CHECK(RtlIsCriticalSectionLockedByThread(&cs));
    CHECK_EQ(RtlLeaveCriticalSection(&cs), STATUS_SUCCESS);
    CHECK_EQ(RtlLeaveCriticalSection(&cs), STATUS_SUCCESS);
    CHECK(cs.OwningThread == self);
    CHECK_EQ(RtlLeaveCriticalSection(&cs), STATUS_SUCCESS);
    CHECK_EQ(cs.LockCount, -1);
    CHECK_EQ(cs.RecursionCount, 0);
    CHECK(cs.OwningThread == NULL);
    /* One leave too many changes nothing. */
    CHECK_EQ(RtlLeaveCriticalSection(&cs), STATUS_RESOURCE_NOT_OWNED);
    CHECK_EQ(cs.LockCount, -1);
    CHECK_EQ(cs.RecursionCount, 0);
    CHECK(RtlTryEnterCriticalSection(&cs));
    CHECK_EQ(cs.RecursionCount, 1);
    RtlLeaveCriticalSection(&cs);
    /* Nothing contended: no event was ever made. */
    CHECK(cs.LockSemaphore == NULL);
    CHECK_EQ(sync_counters.creates, creates);
    RtlDeleteCriticalSection(&cs);
}

static void test_init_parameters(void) {
    RTL_CRITICAL_SECTION cs;

    CHECK_EQ(RtlInitializeCriticalSectionEx(&cs, 0, 0x00000001), STATUS_INVALID_PARAMETER_3);
    CHECK_EQ(RtlInitializeCriticalSectionEx(&cs, 0x01000000, 0), STATUS_INVALID_PARAMETER_2);
    CHECK_EQ(RtlInitializeCriticalSectionEx(NULL, 0, 0), STATUS_INVALID_PARAMETER_1);
    CHECK_EQ(RtlInitializeCriticalSectionEx(&cs, 4000, RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO),
             STATUS_SUCCESS);
    CHECK_EQ(cs.SpinCount, 4000);
    CHECK_EQ(RtlSetCriticalSectionSpinCount(&cs, 100), 4000);
    CHECK_EQ(cs.SpinCount, 100);
    RtlDeleteCriticalSection(&cs);
    /* The old preallocate bit is dropped. */
    CHECK_EQ(RtlInitializeCriticalSectionAndSpinCount(&cs, 0x80000010), STATUS_SUCCESS);
    CHECK_EQ(cs.SpinCount, 0x10);
    RtlDeleteCriticalSection(&cs);
    /* A uniprocessor never spins. */
    sync_mock_processors = 1;
    RtlInitializeCriticalSectionAndSpinCount(&cs, 4000);
    CHECK_EQ(cs.SpinCount, 0);
    RtlDeleteCriticalSection(&cs);
    sync_mock_processors = 2;
}

/* ---- Two threads ------------------------------------------------------------------- */

struct try_context {
    RTL_CRITICAL_SECTION *cs;
    int result;
    int owned_after;
};

static void *try_thread(void *arg) {
    struct try_context *c = arg;

    c->result = RtlTryEnterCriticalSection(c->cs);
    if (c->result) {
        c->owned_after = c->cs->OwningThread == RtlpTestCurrentThreadId();
        RtlLeaveCriticalSection(c->cs);
    }
    return NULL;
}

static void *leave_thread(void *arg) {
    struct try_context *c = arg;

    c->result = RtlLeaveCriticalSection(c->cs);
    c->owned_after = RtlIsCriticalSectionLockedByThread(c->cs);
    return NULL;
}

static void run(void *(*fn)(void *), void *arg) {
    pthread_t t;

    pthread_create(&t, NULL, fn, arg);
    pthread_join(t, NULL);
}

static void test_try_other_thread(void) {
    RTL_CRITICAL_SECTION cs;
    struct try_context c = {&cs, -1, 0};

    RtlInitializeCriticalSection(&cs);
    RtlEnterCriticalSection(&cs);
    run(try_thread, &c);
    CHECK_EQ(c.result, 0);
    CHECK_EQ(cs.LockCount, -2); /* the failed try left the word as it was */
    /* Another thread cannot release our lock. */
    run(leave_thread, &c);
    CHECK_EQ(c.result, STATUS_RESOURCE_NOT_OWNED);
    CHECK_EQ(c.owned_after, 0);
    CHECK_EQ(cs.RecursionCount, 1);
    CHECK(RtlIsCriticalSectionLockedByThread(&cs));
    RtlLeaveCriticalSection(&cs);
    c.result = -1;
    run(try_thread, &c);
    CHECK_EQ(c.result, 1);
    CHECK_EQ(c.owned_after, 1);
    CHECK_EQ(cs.LockCount, -1);
    RtlDeleteCriticalSection(&cs);
}

/* ---- Contention --------------------------------------------------------------------- */

#define THREADS 4

struct counter_context {
    RTL_CRITICAL_SECTION cs;
    volatile unsigned long counter;
    unsigned iterations;
    unsigned errors;
};

static void *counter_thread(void *arg) {
    struct counter_context *c = arg;
    HANDLE self = RtlpTestCurrentThreadId();

    for (unsigned i = 0; i < c->iterations; i++) {
        RtlEnterCriticalSection(&c->cs);
        if (c->cs.OwningThread != self || c->cs.RecursionCount != 1)
            __atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
        unsigned long v = c->counter;
        if ((i & 63) == 0)
            sched_yield(); /* let the others pile up behind us */
        c->counter = v + 1;
        if (RtlLeaveCriticalSection(&c->cs) != STATUS_SUCCESS)
            __atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

static void contend(ULONG spin, unsigned iterations, struct counter_context *c) {
    pthread_t t[THREADS];

    RtlInitializeCriticalSectionAndSpinCount(&c->cs, spin);
    c->counter = 0;
    c->errors = 0;
    c->iterations = iterations;
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, counter_thread, c);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    CHECK_EQ(c->counter, (unsigned long)THREADS * iterations);
    CHECK_EQ(c->errors, 0);
    CHECK_EQ(c->cs.LockCount, -1); /* no waiter left, no wake-up owed */
    CHECK_EQ(c->cs.RecursionCount, 0);
    CHECK(c->cs.OwningThread == NULL);
}

static void test_contention_sleeping(void) {
    static struct counter_context c;
    unsigned waits = sync_counters.waits, live = sync_counters.live;

    contend(0, 20000, &c);
    /* The threads really slept on one event, and it goes with the section. */
    CHECK(sync_counters.waits > waits);
    CHECK(c.cs.LockSemaphore != NULL);
    CHECK_EQ(sync_counters.live, live + 1);
    RtlDeleteCriticalSection(&c.cs);
    CHECK_EQ(sync_counters.live, live);
}

static void test_contention_spinning(void) {
    static struct counter_context c;

    contend(4000, 20000, &c);
    RtlDeleteCriticalSection(&c.cs);
}

static void test_contention_without_event(void) {
    static struct counter_context c;
    unsigned failed = sync_counters.failed_creates, waits = sync_counters.waits;

    sync_mock_fail_events = 1;
    contend(0, 5000, &c);
    sync_mock_fail_events = 0;
    CHECK(sync_counters.failed_creates > failed);
    CHECK_EQ(sync_counters.waits, waits); /* polled, never slept */
    CHECK(c.cs.LockSemaphore == NULL);
    RtlDeleteCriticalSection(&c.cs);
}

/* Some threads get the event and sleep, later ones poll: both kinds at once. */
static void *flip_events(void *arg) {
    (void)arg;
    for (int i = 0; i < 200; i++) {
        __atomic_store_n(&sync_mock_fail_events, i & 1, __ATOMIC_RELAXED);
        sched_yield();
    }
    __atomic_store_n(&sync_mock_fail_events, 0, __ATOMIC_RELAXED);
    return NULL;
}

static void test_contention_mixed(void) {
    static struct counter_context c;
    pthread_t flipper;

    for (int round = 0; round < 5; round++) {
        pthread_create(&flipper, NULL, flip_events, NULL);
        contend(0, 3000, &c);
        pthread_join(flipper, NULL);
        RtlDeleteCriticalSection(&c.cs);
    }
}

/* A static initializer like ntdll's own locks works with no call at all. */
static RTL_CRITICAL_SECTION static_cs = {(PVOID)(LONG_PTR)-1, -1, 0, NULL, NULL, 0};

static void test_static_section(void) {
    CHECK_EQ(RtlEnterCriticalSection(&static_cs), STATUS_SUCCESS);
    CHECK(RtlIsCriticalSectionLockedByThread(&static_cs));
    CHECK_EQ(RtlLeaveCriticalSection(&static_cs), STATUS_SUCCESS);
    CHECK_EQ(static_cs.LockCount, -1);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_initial_state),
    HARNESS_TEST(test_recursion),
    HARNESS_TEST(test_init_parameters),
    HARNESS_TEST(test_try_other_thread),
    HARNESS_TEST(test_contention_sleeping),
    HARNESS_TEST(test_contention_spinning),
    HARNESS_TEST(test_contention_without_event),
    HARNESS_TEST(test_contention_mixed),
    HARNESS_TEST(test_static_section),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
