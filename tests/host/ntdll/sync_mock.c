/*
 * sync_mock.c — what ntdll/critsec.c needs from the system, for the host
 * tests (test_critsec, test_heap): auto-reset and manual-reset events over
 * pthread mutexes and condition variables, NtClose for them, yields and
 * delays, a thread id per host thread and the processor count.
 *
 * Counters in sync_mock.h let the tests see how many events were created,
 * set and waited on; sync_mock_fail_events makes NtCreateEvent fail, to
 * drive the polling fallback.
 */
#include "sync_mock.h"

#include <nt/ntstatus.h>

#include <pthread.h>
#include <sched.h>
#include <time.h>

#define MAX_EVENTS 256

struct mock_event {
    int used;
    int manual;
    int signalled;
    pthread_cond_t cond;
};

struct sync_counters sync_counters;
ULONG sync_mock_processors = 2;
int sync_mock_fail_events;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct mock_event events[MAX_EVENTS];
static _Thread_local ULONG_PTR thread_id;
static ULONG_PTR next_thread_id = 4;

HANDLE RtlpTestCurrentThreadId(VOID) {
    if (thread_id == 0)
        thread_id = __atomic_fetch_add(&next_thread_id, 4, __ATOMIC_RELAXED);
    return (HANDLE)thread_id;
}

ULONG RtlpTestProcessorCount(VOID) { return sync_mock_processors; }

/* Handles are (index + 1) * 4 | 0x1000, so a stray small value is not one. */
static struct mock_event *event_of(HANDLE handle) {
    ULONG_PTR h = (ULONG_PTR)handle;

    if (!(h & 0x1000))
        return NULL;
    h = ((h & ~(ULONG_PTR)0x1000) >> 2) - 1;
    if (h >= MAX_EVENTS || !events[h].used)
        return NULL;
    return &events[h];
}

NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                             BOOLEAN InitialState) {
    (void)DesiredAccess;
    (void)ObjectAttributes;
    if (__atomic_load_n(&sync_mock_fail_events, __ATOMIC_RELAXED)) {
        __atomic_fetch_add(&sync_counters.failed_creates, 1, __ATOMIC_RELAXED);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_EVENTS; i++) {
        if (!events[i].used) {
            events[i].used = 1;
            events[i].manual = EventType == NotificationEvent;
            events[i].signalled = InitialState;
            pthread_cond_init(&events[i].cond, NULL);
            sync_counters.creates++;
            sync_counters.live++;
            pthread_mutex_unlock(&lock);
            *EventHandle = (HANDLE)(((ULONG_PTR)(i + 1) << 2) | 0x1000);
            return STATUS_SUCCESS;
        }
    }
    pthread_mutex_unlock(&lock);
    return STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState) {
    pthread_mutex_lock(&lock);
    struct mock_event *e = event_of(EventHandle);
    if (e == NULL) {
        pthread_mutex_unlock(&lock);
        return STATUS_INVALID_HANDLE;
    }
    if (PreviousState)
        *PreviousState = e->signalled;
    e->signalled = 1;
    sync_counters.sets++;
    pthread_cond_broadcast(&e->cond);
    pthread_mutex_unlock(&lock);
    return STATUS_SUCCESS;
}

/* Timeout NULL only (all critsec.c uses). */
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout) {
    (void)Alertable;
    pthread_mutex_lock(&lock);
    struct mock_event *e = event_of(Handle);
    if (e == NULL || Timeout != NULL) {
        pthread_mutex_unlock(&lock);
        return STATUS_INVALID_HANDLE;
    }
    sync_counters.waits++;
    while (!e->signalled)
        pthread_cond_wait(&e->cond, &lock);
    if (!e->manual)
        e->signalled = 0;
    pthread_mutex_unlock(&lock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtClose(HANDLE Handle) {
    pthread_mutex_lock(&lock);
    struct mock_event *e = event_of(Handle);
    if (e == NULL) {
        pthread_mutex_unlock(&lock);
        return STATUS_INVALID_HANDLE;
    }
    pthread_cond_destroy(&e->cond);
    e->used = 0;
    sync_counters.live--;
    pthread_mutex_unlock(&lock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtYieldExecution(VOID) {
    __atomic_fetch_add(&sync_counters.yields, 1, __ATOMIC_RELAXED);
    sched_yield();
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval) {
    (void)Alertable;
    LONGLONG units = DelayInterval->QuadPart < 0 ? -DelayInterval->QuadPart : 0;
    struct timespec ts = {units / 10000000, (units % 10000000) * 100};

    __atomic_fetch_add(&sync_counters.delays, 1, __ATOMIC_RELAXED);
    nanosleep(&ts, NULL);
    return STATUS_SUCCESS;
}
