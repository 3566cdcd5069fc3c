/*
 * event.c — event objects and the waits on them: NtCreateEvent,
 * NtOpenEvent, NtSetEvent, NtResetEvent, NtClearEvent, NtQueryEvent,
 * NtWaitForSingleObject and NtWaitForMultipleObjects, with their timeouts
 * and their refusals (wrong handle, wrong type, missing access, bad
 * pointers, name collisions).
 *
 * Documented behaviour this file pins down: a notification event stays
 * signalled until reset, a synchronization event releases one wait and
 * resets itself; a wait times out with STATUS_TIMEOUT (a success code) no
 * earlier than asked; PreviousState reports the state before the call.
 */
#include "ntapi_test.h"

/* An unnamed event with all access; returns NULL (after a failed check) if
 * creation failed. */
static HANDLE CreateEvent(EVENT_TYPE Type, BOOLEAN Signalled) {
    HANDLE Event = NULL;

    if (!CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, Type, Signalled),
                      STATUS_SUCCESS))
        return NULL;
    return Event;
}

/* Waits with a zero timeout: STATUS_SUCCESS if signalled, else STATUS_TIMEOUT. */
static NTSTATUS Poll(HANDLE Object) {
    LARGE_INTEGER Zero;

    Zero.QuadPart = 0;
    return NtWaitForSingleObject(Object, FALSE, &Zero);
}

static VOID TestNotificationInitiallyClear(VOID) {
    HANDLE Event = CreateEvent(NotificationEvent, FALSE);

    if (Event == NULL)
        return;
    CHECK_STATUS(Poll(Event), STATUS_TIMEOUT);
    CHECK_STATUS(NtClose(Event), STATUS_SUCCESS);
}

static VOID TestNotificationStaysSignalled(VOID) {
    HANDLE Event = CreateEvent(NotificationEvent, FALSE);
    LONG Previous = 42;

    if (Event == NULL)
        return;
    CHECK_STATUS(NtSetEvent(Event, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_STATUS(Poll(Event), STATUS_SUCCESS);
    CHECK_STATUS(Poll(Event), STATUS_SUCCESS);
    CHECK_STATUS(NtSetEvent(Event, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    NtClose(Event);
}

static VOID TestResetAndClear(VOID) {
    HANDLE Event = CreateEvent(NotificationEvent, TRUE);
    LONG Previous = 42;

    if (Event == NULL)
        return;
    CHECK_STATUS(NtResetEvent(Event, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_STATUS(Poll(Event), STATUS_TIMEOUT);
    CHECK_STATUS(NtResetEvent(Event, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_STATUS(NtSetEvent(Event, NULL), STATUS_SUCCESS);
    CHECK_STATUS(NtClearEvent(Event), STATUS_SUCCESS);
    CHECK_STATUS(Poll(Event), STATUS_TIMEOUT);
    NtClose(Event);
}

static VOID TestSynchronizationAutoReset(VOID) {
    HANDLE Event = CreateEvent(SynchronizationEvent, TRUE);

    if (Event == NULL)
        return;
    CHECK_STATUS(Poll(Event), STATUS_SUCCESS);
    CHECK_STATUS(Poll(Event), STATUS_TIMEOUT);
    CHECK_STATUS(NtSetEvent(Event, NULL), STATUS_SUCCESS);
    CHECK_STATUS(Poll(Event), STATUS_SUCCESS);
    CHECK_STATUS(Poll(Event), STATUS_TIMEOUT);
    NtClose(Event);
}

static VOID TestWaitTimeoutElapses(VOID) {
    HANDLE Event = CreateEvent(NotificationEvent, FALSE);
    LARGE_INTEGER Timeout = NtapiRelativeMs(30);
    ULONG64 Start, Elapsed;

    if (Event == NULL)
        return;
    Start = NtapiMicroseconds();
    CHECK_STATUS(NtWaitForSingleObject(Event, FALSE, &Timeout), STATUS_TIMEOUT);
    Elapsed = NtapiMicroseconds() - Start;
    /* Never early by more than a clock tick (15.6 ms on Windows). */
    if (!CHECK(Elapsed >= 14000))
        NtapiPrint("  waited only %llu us of 30000\n", Elapsed);
    NtClose(Event);
}

static VOID TestWaitAbsoluteTimeoutInPast(VOID) {
    HANDLE Event = CreateEvent(NotificationEvent, FALSE);
    LARGE_INTEGER Past;

    if (Event == NULL)
        return;
    Past.QuadPart = 1; /* an absolute time in 1601 */
    CHECK_STATUS(NtWaitForSingleObject(Event, FALSE, &Past), STATUS_TIMEOUT);
    NtClose(Event);
}

static VOID TestQueryEvent(VOID) {
    HANDLE Event = CreateEvent(SynchronizationEvent, TRUE);
    EVENT_BASIC_INFORMATION Info;
    ULONG Length = 0;

    if (Event == NULL)
        return;
    CHECK_STATUS(NtQueryEvent(Event, EventBasicInformation, &Info, sizeof(Info), &Length),
                 STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof(Info));
    CHECK_EQ(Info.EventType, SynchronizationEvent);
    CHECK_EQ(Info.EventState, 1);
    CHECK_STATUS(NtQueryEvent(Event, EventBasicInformation, &Info, sizeof(Info) - 1, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
    NtClose(Event);
}

static VOID TestInvalidHandle(VOID) {
    CHECK_STATUS(NtSetEvent(NTAPI_BOGUS_HANDLE, NULL), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtResetEvent(NTAPI_BOGUS_HANDLE, NULL), STATUS_INVALID_HANDLE);
    CHECK_STATUS(Poll(NTAPI_BOGUS_HANDLE), STATUS_INVALID_HANDLE);
}

static VOID TestWrongObjectType(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Directory;

    InitializeObjectAttributes(&Attributes, NULL, 0, NULL, NULL);
    if (!CHECK_STATUS(NtCreateDirectoryObject(&Directory, DIRECTORY_ALL_ACCESS, &Attributes),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSetEvent(Directory, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(Directory);
}

static VOID TestAccessDenied(VOID) {
    HANDLE Event;
    LONG State = 0;

    if (!CHECK_STATUS(NtCreateEvent(&Event, EVENT_QUERY_STATE, NULL, NotificationEvent, FALSE),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSetEvent(Event, &State), STATUS_ACCESS_DENIED);
    CHECK_STATUS(Poll(Event), STATUS_ACCESS_DENIED); /* no SYNCHRONIZE */
    NtClose(Event);
}

static VOID TestBadPointers(VOID) {
    HANDLE Event = CreateEvent(NotificationEvent, FALSE);

    CHECK_STATUS(NtCreateEvent((PHANDLE)NTAPI_KERNEL_POINTER, EVENT_ALL_ACCESS, NULL,
                               NotificationEvent, FALSE),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtCreateEvent(NULL, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                 STATUS_ACCESS_VIOLATION);
    if (Event == NULL)
        return;
    CHECK_STATUS(NtSetEvent(Event, (PLONG)NTAPI_LOW_POINTER), STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtQueryEvent(Event, EventBasicInformation, NTAPI_KERNEL_POINTER,
                              sizeof(EVENT_BASIC_INFORMATION), NULL),
                 STATUS_ACCESS_VIOLATION);
    NtClose(Event);
}

static VOID TestNamedEvent(VOID) {
    WCHAR Buffer[64];
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Event, Opened, Again;

    NtapiUniqueName(&Name, Buffer, RTL_NUMBER_OF(Buffer), "\\BaseNamedObjects\\NtapiEvent");
    InitializeObjectAttributes(&Attributes, &Name, 0, NULL, NULL);
    if (!CHECK_STATUS(
            NtCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
            STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtCreateEvent(&Again, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                 STATUS_OBJECT_NAME_COLLISION);
    if (CHECK_STATUS(NtOpenEvent(&Opened, EVENT_ALL_ACCESS, &Attributes), STATUS_SUCCESS)) {
        /* One object behind two handles. */
        CHECK_STATUS(NtSetEvent(Opened, NULL), STATUS_SUCCESS);
        CHECK_STATUS(Poll(Event), STATUS_SUCCESS);
        NtClose(Opened);
    }
    Attributes.Attributes = OBJ_OPENIF;
    if (CHECK_STATUS(NtCreateEvent(&Again, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                     STATUS_OBJECT_NAME_EXISTS)) {
        CHECK_STATUS(Poll(Again), STATUS_SUCCESS); /* the existing, signalled event */
        NtClose(Again);
    }
    NtClose(Event);
    /* The name went away with the last handle. */
    Attributes.Attributes = 0;
    CHECK_STATUS(NtOpenEvent(&Opened, EVENT_ALL_ACCESS, &Attributes), STATUS_OBJECT_NAME_NOT_FOUND);
}

static VOID TestWaitMultiple(VOID) {
    HANDLE Events[2];
    LARGE_INTEGER Zero;

    Zero.QuadPart = 0;
    Events[0] = CreateEvent(NotificationEvent, FALSE);
    Events[1] = CreateEvent(NotificationEvent, TRUE);
    if (Events[0] != NULL && Events[1] != NULL) {
        CHECK_STATUS(NtWaitForMultipleObjects(2, Events, WaitAny, FALSE, &Zero), STATUS_WAIT_1);
        CHECK_STATUS(NtWaitForMultipleObjects(2, Events, WaitAll, FALSE, &Zero), STATUS_TIMEOUT);
        CHECK_STATUS(NtSetEvent(Events[0], NULL), STATUS_SUCCESS);
        CHECK_STATUS(NtWaitForMultipleObjects(2, Events, WaitAny, FALSE, &Zero), STATUS_WAIT_0);
        CHECK_STATUS(NtWaitForMultipleObjects(2, Events, WaitAll, FALSE, &Zero), STATUS_SUCCESS);
    }
    NtClose(Events[0]);
    NtClose(Events[1]);
}

const CHAR NtapiFamily[] = "event";
const NTAPI_TEST NtapiTests[] = {
    {"notification-initially-clear", TestNotificationInitiallyClear, 0},
    {"notification-stays-signalled", TestNotificationStaysSignalled, 0},
    {"reset-and-clear", TestResetAndClear, 0},
    {"synchronization-auto-reset", TestSynchronizationAutoReset, 0},
    {"wait-timeout-elapses", TestWaitTimeoutElapses, 0},
    {"wait-absolute-timeout-in-past", TestWaitAbsoluteTimeoutInPast, 0},
    {"query-event", TestQueryEvent, 0},
    {"invalid-handle", TestInvalidHandle, 0},
    {"wrong-object-type", TestWrongObjectType, 0},
    {"access-denied", TestAccessDenied, 0},
    {"bad-pointers", TestBadPointers, 0},
    {"named-event", TestNamedEvent, 0},
    {"wait-multiple", TestWaitMultiple, 0},
    {NULL, NULL, 0},
};
