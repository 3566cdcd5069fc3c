/*
 * handle.c — the handle services common to every object type: NtClose,
 * NtDuplicateObject (same access, reduced access, close source, bad
 * source), NtQueryObject (basic, name and type information, too-small
 * buffers returning the length needed, bad buffers) and
 * NtSetInformationObject's protect-from-close flag.
 *
 * Events serve as the guinea-pig objects because they are the simplest
 * type; the behaviour checked is the object manager's, not the event's.
 */
#include "ntapi_test.h"

static HANDLE CreateEvent(ACCESS_MASK Access, POBJECT_ATTRIBUTES Attributes) {
    HANDLE Event = NULL;

    if (!CHECK_STATUS(NtCreateEvent(&Event, Access, Attributes, NotificationEvent, FALSE),
                      STATUS_SUCCESS))
        return NULL;
    return Event;
}

static NTSTATUS Poll(HANDLE Object) {
    LARGE_INTEGER Zero;

    Zero.QuadPart = 0;
    return NtWaitForSingleObject(Object, FALSE, &Zero);
}

static VOID TestCloseInvalid(VOID) {
    CHECK_STATUS(NtClose(NTAPI_BOGUS_HANDLE), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtClose(NULL), STATUS_INVALID_HANDLE);
}

static VOID TestCloseTwice(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);

    if (Event == NULL)
        return;
    CHECK_STATUS(NtClose(Event), STATUS_SUCCESS);
    CHECK_STATUS(NtClose(Event), STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtSetEvent(Event, NULL), STATUS_INVALID_HANDLE);
}

static VOID TestDuplicateSameAccess(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL), Copy = NULL;

    if (Event == NULL)
        return;
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Event, NtCurrentProcess(), &Copy, 0, 0,
                                       DUPLICATE_SAME_ACCESS),
                     STATUS_SUCCESS)) {
        CHECK(Copy != Event && Copy != NULL);
        CHECK_STATUS(NtSetEvent(Copy, NULL), STATUS_SUCCESS);
        CHECK_STATUS(Poll(Event), STATUS_SUCCESS); /* the same object */
        CHECK_STATUS(NtClose(Copy), STATUS_SUCCESS);
        CHECK_STATUS(Poll(Event), STATUS_SUCCESS); /* still alive through the first handle */
    }
    NtClose(Event);
}

static VOID TestDuplicateReducedAccess(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL), Copy = NULL;
    OBJECT_BASIC_INFORMATION Basic;

    if (Event == NULL)
        return;
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Event, NtCurrentProcess(), &Copy,
                                       EVENT_QUERY_STATE, 0, 0),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtSetEvent(Copy, NULL), STATUS_ACCESS_DENIED);
        CHECK_STATUS(NtQueryObject(Copy, ObjectBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS);
        CHECK_EQ(Basic.GrantedAccess, EVENT_QUERY_STATE);
        NtClose(Copy);
    }
    NtClose(Event);
}

/* The copy may reuse the source's handle value, so the source's closing is
 * seen in the object's handle count rather than by closing it again. */
static VOID TestDuplicateCloseSource(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL), Copy = NULL;
    OBJECT_BASIC_INFORMATION Basic;

    if (Event == NULL)
        return;
    if (!CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Event, NtCurrentProcess(), &Copy, 0, 0,
                                        DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtSetEvent(Copy, NULL), STATUS_SUCCESS);
    if (CHECK_STATUS(NtQueryObject(Copy, ObjectBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS))
        CHECK_EQ(Basic.HandleCount, 1);
    CHECK_STATUS(NtClose(Copy), STATUS_SUCCESS);
}

static VOID TestHandleCount(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL), Copy = NULL;
    OBJECT_BASIC_INFORMATION Basic;

    if (Event == NULL)
        return;
    if (CHECK_STATUS(NtQueryObject(Event, ObjectBasicInformation, &Basic, sizeof(Basic), NULL),
                     STATUS_SUCCESS))
        CHECK_EQ(Basic.HandleCount, 1);
    if (CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Event, NtCurrentProcess(), &Copy, 0, 0,
                                       DUPLICATE_SAME_ACCESS),
                     STATUS_SUCCESS)) {
        if (CHECK_STATUS(NtQueryObject(Event, ObjectBasicInformation, &Basic, sizeof(Basic), NULL),
                         STATUS_SUCCESS))
            CHECK_EQ(Basic.HandleCount, 2);
        NtClose(Copy);
    }
    NtClose(Event);
}

static VOID TestDuplicateInvalid(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL), Copy = NULL;

    CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), NTAPI_BOGUS_HANDLE, NtCurrentProcess(),
                                   &Copy, 0, 0, DUPLICATE_SAME_ACCESS),
                 STATUS_INVALID_HANDLE);
    if (Event == NULL)
        return;
    CHECK_STATUS(NtDuplicateObject(NTAPI_BOGUS_HANDLE, Event, NtCurrentProcess(), &Copy, 0, 0,
                                   DUPLICATE_SAME_ACCESS),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(NtDuplicateObject(NtCurrentProcess(), Event, NtCurrentProcess(),
                                   (PHANDLE)NTAPI_KERNEL_POINTER, 0, 0, DUPLICATE_SAME_ACCESS),
                 STATUS_ACCESS_VIOLATION);
    NtClose(Event);
}

static VOID TestQueryBasic(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);
    OBJECT_BASIC_INFORMATION Basic;
    ULONG Length = 0;

    if (Event == NULL)
        return;
    CHECK_STATUS(NtQueryObject(Event, ObjectBasicInformation, &Basic, sizeof(Basic), &Length),
                 STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof(OBJECT_BASIC_INFORMATION));
    CHECK_EQ(Basic.GrantedAccess, EVENT_ALL_ACCESS);
    CHECK_EQ(Basic.Attributes, 0);
    CHECK(Basic.HandleCount >= 1);
    CHECK_STATUS(NtQueryObject(Event, ObjectBasicInformation, &Basic, sizeof(Basic) - 4, &Length),
                 STATUS_INFO_LENGTH_MISMATCH);
    NtClose(Event);
}

/* Wine 8 reports Attributes 0 and leaves ObjectHandleFlagInformation's
 * output unwritten. */
static VOID TestQueryInherit(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    OBJECT_BASIC_INFORMATION Basic;
    OBJECT_HANDLE_FLAG_INFORMATION Flags;
    HANDLE Event;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_INHERIT, NULL, NULL);
    Event = CreateEvent(EVENT_ALL_ACCESS, &Attributes);
    if (Event == NULL)
        return;
    CHECK_STATUS(NtQueryObject(Event, ObjectBasicInformation, &Basic, sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    CHECK_EQ(Basic.Attributes & OBJ_INHERIT, OBJ_INHERIT);
    Flags.Inherit = FALSE;
    Flags.ProtectFromClose = TRUE;
    CHECK_STATUS(NtQueryObject(Event, ObjectHandleFlagInformation, &Flags, sizeof(Flags), NULL),
                 STATUS_SUCCESS);
    CHECK(Flags.Inherit && !Flags.ProtectFromClose);
    NtClose(Event);
}

static VOID TestQueryName(VOID) {
    WCHAR NameBuffer[64];
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    UCHAR Buffer[256];
    POBJECT_NAME_INFORMATION Info = (POBJECT_NAME_INFORMATION)Buffer;
    ULONG Length = 0, Needed;
    HANDLE Event;

    NtapiUniqueName(&Name, NameBuffer, RTL_NUMBER_OF(NameBuffer), "\\BaseNamedObjects\\NtapiNamed");
    InitializeObjectAttributes(&Attributes, &Name, 0, NULL, NULL);
    Event = CreateEvent(EVENT_ALL_ACCESS, &Attributes);
    if (Event == NULL)
        return;
    CHECK_STATUS(NtQueryObject(Event, ObjectNameInformation, Info, sizeof(Buffer), &Length),
                 STATUS_SUCCESS);
    Needed = sizeof(OBJECT_NAME_INFORMATION) + Name.Length + sizeof(WCHAR);
    CHECK_EQ(Length, Needed);
    if (CHECK(RtlEqualUnicodeString(&Info->Name, &Name, FALSE)))
        CHECK(Info->Name.Buffer == (PWSTR)(Info + 1)); /* the name follows the header */
    /* Too small: refused, with the length that would do. */
    Length = 0;
    CHECK_STATUS(NtQueryObject(Event, ObjectNameInformation, Info, Needed - 2, &Length),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Length, Needed);
    CHECK_STATUS(NtQueryObject(Event, ObjectNameInformation, Info, 4, &Length),
                 STATUS_INFO_LENGTH_MISMATCH);
    NtClose(Event);
}

static VOID TestQueryUnnamed(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);
    UCHAR Buffer[64];
    POBJECT_NAME_INFORMATION Info = (POBJECT_NAME_INFORMATION)Buffer;
    ULONG Length = 0;

    if (Event == NULL)
        return;
    CHECK_STATUS(NtQueryObject(Event, ObjectNameInformation, Info, sizeof(Buffer), &Length),
                 STATUS_SUCCESS);
    CHECK_EQ(Info->Name.Length, 0);
    NtClose(Event);
}

static VOID TestQueryType(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);
    UCHAR Buffer[sizeof(OBJECT_TYPE_INFORMATION) + 64];
    POBJECT_TYPE_INFORMATION Info = (POBJECT_TYPE_INFORMATION)Buffer;
    ULONG Length = 0;

    if (Event == NULL)
        return;
    if (CHECK_STATUS(NtQueryObject(Event, ObjectTypeInformation, Info, sizeof(Buffer), &Length),
                     STATUS_SUCCESS)) {
        CHECK(NtapiEqualsAscii(&Info->TypeName, "Event"));
        CHECK(Length >= sizeof(OBJECT_TYPE_INFORMATION) + Info->TypeName.Length);
    }
    Length = 0;
    CHECK_STATUS(NtQueryObject(Event, ObjectTypeInformation, Info, 8, &Length),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK(Length >= sizeof(OBJECT_TYPE_INFORMATION) + 5 * sizeof(WCHAR));
    NtClose(Event);
}

static VOID TestQueryRefusals(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);
    OBJECT_BASIC_INFORMATION Basic;

    CHECK_STATUS(
        NtQueryObject(NTAPI_BOGUS_HANDLE, ObjectBasicInformation, &Basic, sizeof(Basic), NULL),
        STATUS_INVALID_HANDLE);
    if (Event == NULL)
        return;
    CHECK_STATUS(
        NtQueryObject(Event, ObjectBasicInformation, NTAPI_KERNEL_POINTER, sizeof(Basic), NULL),
        STATUS_ACCESS_VIOLATION);
    NtClose(Event);
}

/* Wine 8 answers STATUS_NOT_IMPLEMENTED. */
static VOID TestQueryInvalidClass(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);
    OBJECT_BASIC_INFORMATION Basic;

    if (Event == NULL)
        return;
    CHECK_STATUS(NtQueryObject(Event, (OBJECT_INFORMATION_CLASS)77, &Basic, sizeof(Basic), NULL),
                 STATUS_INVALID_INFO_CLASS);
    NtClose(Event);
}

static VOID TestProtectFromClose(VOID) {
    HANDLE Event = CreateEvent(EVENT_ALL_ACCESS, NULL);
    OBJECT_HANDLE_FLAG_INFORMATION Flags;

    if (Event == NULL)
        return;
    Flags.Inherit = FALSE;
    Flags.ProtectFromClose = TRUE;
    if (!CHECK_STATUS(
            NtSetInformationObject(Event, ObjectHandleFlagInformation, &Flags, sizeof(Flags)),
            STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtClose(Event), STATUS_HANDLE_NOT_CLOSABLE);
    CHECK_STATUS(NtSetEvent(Event, NULL), STATUS_SUCCESS); /* still open */
    Flags.ProtectFromClose = FALSE;
    CHECK_STATUS(NtSetInformationObject(Event, ObjectHandleFlagInformation, &Flags, sizeof(Flags)),
                 STATUS_SUCCESS);
    CHECK_STATUS(NtClose(Event), STATUS_SUCCESS);
}

const CHAR NtapiFamily[] = "handle";
const NTAPI_TEST NtapiTests[] = {
    {"close-invalid", TestCloseInvalid, 0},
    {"close-twice", TestCloseTwice, 0},
    {"duplicate-same-access", TestDuplicateSameAccess, 0},
    {"duplicate-reduced-access", TestDuplicateReducedAccess, 0},
    {"duplicate-close-source", TestDuplicateCloseSource, 0},
    {"duplicate-invalid", TestDuplicateInvalid, 0},
    {"query-basic", TestQueryBasic, 0},
    {"handle-count", TestHandleCount, 0},
    {"query-inherit", TestQueryInherit, NTAPI_TEST_WINE_DIFFERS},
    {"query-name", TestQueryName, 0},
    {"query-unnamed", TestQueryUnnamed, 0},
    {"query-type", TestQueryType, 0},
    {"query-refusals", TestQueryRefusals, 0},
    {"query-invalid-class", TestQueryInvalidClass, NTAPI_TEST_WINE_DIFFERS},
    {"protect-from-close", TestProtectFromClose, 0},
    {NULL, NULL, 0},
};
