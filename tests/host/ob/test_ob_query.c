/*
 * test_ob_query.c — NtQueryObject (basic, name, type, all types, handle
 * flags) and NtSetInformationObject: contents, exact lengths, the
 * too-small answers, and pointers relocated to ClientBase.
 */
#include <string.h>

#include "ob_test.h"

#define BNO u"\\BaseNamedObjects"
#define CLIENT 0x7ff000000000ull /* where a pretend caller sees its buffer */

static PHANDLE_TABLE P;
static union {
    OBJECT_NAME_INFORMATION Name;
    OBJECT_TYPE_INFORMATION Type;
    OBJECT_TYPES_INFORMATION Types;
    UCHAR Bytes[16384];
} Buffer;

/* The buffer's string at a client address, seen from here. */
static PCWSTR Local(PCWSTR ClientPointer) {
    return (PCWSTR)((PUCHAR)&Buffer + ((ULONG_PTR)ClientPointer - CLIENT));
}

static NTSTATUS Query(HANDLE H, OBJECT_INFORMATION_CLASS Class, ULONG Length, PULONG Returned) {
    memset(&Buffer, 0xcc, sizeof(Buffer));
    return ObQueryObject(P, H, Class, &Buffer, Length, Returned, UserMode, CLIENT);
}

static void test_basic_information(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    OBJECT_BASIC_INFORMATION Info;
    OBJECT_HANDLE_FLAG_INFORMATION Flags = {TRUE, TRUE};
    HANDLE H, H2;
    PVOID Object;
    ULONG Returned;

    CHECK_STATUS(TestCreateEventEx(P, BNO u"\\basic", OBJ_INHERIT, NULL, TEST_EVENT_QUERY_STATE,
                                   UserMode, &H),
                 STATUS_SUCCESS);
    Returned = 0;
    CHECK_STATUS(ObQueryObject(P, H, ObjectBasicInformation, &Info, sizeof(Info) - 1, &Returned,
                               UserMode, 0),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Returned, sizeof(Info));
    CHECK_STATUS(ObQueryObject(P, H, ObjectBasicInformation, NULL, 0, NULL, UserMode, 0),
                 STATUS_INFO_LENGTH_MISMATCH);
    memset(&Info, 0xcc, sizeof(Info));
    CHECK_STATUS(
        ObQueryObject(P, H, ObjectBasicInformation, &Info, sizeof(Info), &Returned, UserMode, 0),
        STATUS_SUCCESS);
    CHECK_EQ(Returned, sizeof(Info));
    CHECK_EQ(Info.Attributes, OBJ_INHERIT);
    CHECK_EQ(Info.GrantedAccess, TEST_EVENT_QUERY_STATE);
    CHECK_EQ(Info.HandleCount, 1);
    CHECK_EQ(Info.PointerCount, 1);
    CHECK_EQ(Info.NameInfoSize, sizeof(OBJECT_NAME_INFORMATION) + sizeof(BNO u"\\basic"));
    CHECK_EQ(Info.TypeInfoSize,
             sizeof(OBJECT_TYPE_INFORMATION) + 24); /* "TestEvent" + NUL, padded */
    CHECK_EQ(Info.CreationTime.QuadPart, 0);
    CHECK_EQ(Info.Reserved[0] | Info.Reserved[1] | Info.Reserved[2], 0);

    /* Counts follow handles and pointers; attributes follow the handle. */
    CHECK_STATUS(
        TestOpen(P, BNO u"\\basic", 0, NULL, TestEventType, TEST_EVENT_ALL_ACCESS, UserMode, &H2),
        STATUS_SUCCESS);
    CHECK_STATUS(ObReferenceObjectByHandle(P, H2, 0, NULL, KernelMode, &Object, NULL),
                 STATUS_SUCCESS);
    ObSetInformationObject(P, H2, ObjectHandleFlagInformation, &Flags, sizeof(Flags), UserMode);
    ObMakePermanentObject(Object);
    ObQueryObject(P, H2, ObjectBasicInformation, &Info, sizeof(Info), NULL, UserMode, 0);
    CHECK_EQ(Info.Attributes, OBJ_INHERIT | OBJ_PROTECT_CLOSE | OBJ_PERMANENT);
    CHECK_EQ(Info.GrantedAccess, TEST_EVENT_ALL_ACCESS);
    CHECK_EQ(Info.HandleCount, 2);
    CHECK_EQ(Info.PointerCount, 4); /* two handles, our pointer, the permanence */
    ObMakeTemporaryObject(Object);
    ObDereferenceObject(Object);
    Flags.ProtectFromClose = FALSE;
    ObSetInformationObject(P, H2, ObjectHandleFlagInformation, &Flags, sizeof(Flags), UserMode);
    ObCloseHandle(P, H2, UserMode);
    CHECK_EQ(TestPointerCount(P, H), 1);

    /* Unnamed objects have no NameInfoSize. */
    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &H2), STATUS_SUCCESS);
    ObQueryObject(P, H2, ObjectBasicInformation, &Info, sizeof(Info), NULL, UserMode, 0);
    CHECK_EQ(Info.NameInfoSize, 0);
    ObCloseHandle(P, H2, UserMode);
    ObCloseHandle(P, H, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_name_information(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    const ULONG Full = sizeof(OBJECT_NAME_INFORMATION) + sizeof(BNO u"\\named");
    HANDLE H, Unnamed, Root, ViaLink, Dir;
    ULONG Returned;

    CHECK_STATUS(TestCreateEvent(P, BNO u"\\named", 0, NULL, UserMode, &H), STATUS_SUCCESS);
    Returned = 0;
    CHECK_STATUS(Query(H, ObjectNameInformation, sizeof(Buffer), &Returned), STATUS_SUCCESS);
    CHECK_EQ(Returned, Full);
    CHECK_EQ(Buffer.Name.Name.Length, sizeof(BNO u"\\named") - sizeof(WCHAR));
    CHECK_EQ(Buffer.Name.Name.MaximumLength, sizeof(BNO u"\\named"));
    CHECK_EQ((ULONG_PTR)Buffer.Name.Name.Buffer, CLIENT + sizeof(OBJECT_NAME_INFORMATION));
    CHECK(memcmp(Local(Buffer.Name.Name.Buffer), BNO u"\\named", sizeof(BNO u"\\named")) == 0);

    /* Too small, at every interesting length: nothing written, the length reported. */
    CHECK_STATUS(Query(H, ObjectNameInformation, 0, &Returned), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Returned, Full);
    CHECK_STATUS(Query(H, ObjectNameInformation, sizeof(UNICODE_STRING), &Returned),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(Query(H, ObjectNameInformation, Full - 2, &Returned), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Returned, Full);
    CHECK_EQ(Buffer.Bytes[0], 0xcc);
    CHECK_STATUS(Query(H, ObjectNameInformation, Full, &Returned), STATUS_SUCCESS);

    /* Unnamed: an empty name with no buffer. */
    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &Unnamed), STATUS_SUCCESS);
    CHECK_STATUS(Query(Unnamed, ObjectNameInformation, sizeof(Buffer), &Returned), STATUS_SUCCESS);
    CHECK_EQ(Returned, sizeof(UNICODE_STRING));
    CHECK(Buffer.Name.Name.Length == 0 && Buffer.Name.Name.Buffer == NULL);

    /* The root, a name reached through links, a nested name. */
    CHECK_STATUS(TestOpen(P, u"\\", 0, NULL, NULL, 0, UserMode, &Root), STATUS_SUCCESS);
    CHECK(TestNameIs(P, Root, u"\\"));
    CHECK_STATUS(TestCreateEvent(P, u"\\??\\viaLink", 0, NULL, UserMode, &ViaLink), STATUS_SUCCESS);
    CHECK(TestNameIs(P, ViaLink, u"\\GLOBAL??\\viaLink"));
    CHECK_STATUS(TestCreateDir(P, BNO u"\\nest", 0, NULL, &Dir), STATUS_SUCCESS);
    ObCloseHandle(P, ViaLink, UserMode);
    CHECK_STATUS(TestCreateEvent(P, u"inner", 0, Dir, UserMode, &ViaLink), STATUS_SUCCESS);
    CHECK(TestNameIs(P, ViaLink, BNO u"\\nest\\inner"));

    /* A type with its own query-name procedure answers for itself. */
    {
        PVOID File;
        HANDLE F;

        CHECK_STATUS(ObCreateObject(KernelMode, TestFileType, NULL, 0, &File), STATUS_SUCCESS);
        CHECK_STATUS(ObInsertObject(File, P, 0, NULL, &F), STATUS_SUCCESS);
        CHECK(TestNameIs(P, F, u"\\Device\\TestFile\\x"));
        ObCloseHandle(P, F, UserMode);
    }

    ObCloseHandle(P, ViaLink, UserMode);
    ObCloseHandle(P, Dir, UserMode);
    ObCloseHandle(P, Root, UserMode);
    ObCloseHandle(P, Unnamed, UserMode);
    ObCloseHandle(P, H, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_type_information(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    const ULONG Full = sizeof(OBJECT_TYPE_INFORMATION) + 24;
    HANDLE H, H2, Dir;
    ULONG Returned, Objects;

    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &H), STATUS_SUCCESS);
    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &H2), STATUS_SUCCESS);
    CHECK_STATUS(Query(H, ObjectTypeInformation, sizeof(Buffer), &Returned), STATUS_SUCCESS);
    CHECK_EQ(Returned, Full);
    CHECK(TestStrEq(&(UNICODE_STRING){Buffer.Type.TypeName.Length, 0,
                                      (PWSTR)Local(Buffer.Type.TypeName.Buffer)},
                    u"TestEvent"));
    CHECK_EQ((ULONG_PTR)Buffer.Type.TypeName.Buffer, CLIENT + sizeof(OBJECT_TYPE_INFORMATION));
    CHECK_EQ(Local(Buffer.Type.TypeName.Buffer)[9], 0);
    CHECK_EQ(Buffer.Type.TotalNumberOfObjects, TestEventType->TotalNumberOfObjects);
    CHECK(Buffer.Type.TotalNumberOfObjects >= 2);
    CHECK(Buffer.Type.TotalNumberOfHandles >= 2);
    CHECK(Buffer.Type.HighWaterNumberOfObjects >= Buffer.Type.TotalNumberOfObjects);
    CHECK(Buffer.Type.HighWaterNumberOfHandles >= Buffer.Type.TotalNumberOfHandles);
    CHECK_EQ(Buffer.Type.ValidAccessMask, TEST_EVENT_ALL_ACCESS);
    CHECK_EQ(Buffer.Type.GenericMapping.GenericRead, STANDARD_RIGHTS_READ | TEST_EVENT_QUERY_STATE);
    CHECK_EQ(Buffer.Type.GenericMapping.GenericAll, TEST_EVENT_ALL_ACCESS);
    CHECK(Buffer.Type.MaintainHandleCount); /* it has a close procedure */
    CHECK(Buffer.Type.TypeIndex >= 2);
    Objects = Buffer.Type.TotalNumberOfObjects;
    ObCloseHandle(P, H2, UserMode);
    Query(H, ObjectTypeInformation, sizeof(Buffer), &Returned);
    CHECK_EQ(Buffer.Type.TotalNumberOfObjects, Objects - 1);

    CHECK_STATUS(Query(H, ObjectTypeInformation, Full - 1, &Returned), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Returned, Full);
    CHECK_STATUS(Query(H, ObjectTypeInformation, 0, &Returned), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Returned, Full);

    /* The directory type, as Windows describes it. */
    CHECK_STATUS(TestOpen(P, BNO, 0, NULL, NULL, 0, UserMode, &Dir), STATUS_SUCCESS);
    CHECK_STATUS(Query(Dir, ObjectTypeInformation, sizeof(Buffer), &Returned), STATUS_SUCCESS);
    CHECK(TestStrEq(&(UNICODE_STRING){Buffer.Type.TypeName.Length, 0,
                                      (PWSTR)Local(Buffer.Type.TypeName.Buffer)},
                    u"Directory"));
    CHECK_EQ(Buffer.Type.ValidAccessMask, DIRECTORY_ALL_ACCESS);
    CHECK_EQ(Buffer.Type.GenericMapping.GenericRead,
             STANDARD_RIGHTS_READ | DIRECTORY_TRAVERSE | DIRECTORY_QUERY);
    CHECK_EQ(Buffer.Type.GenericMapping.GenericWrite,
             STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_SUBDIRECTORY | DIRECTORY_CREATE_OBJECT);
    ObCloseHandle(P, Dir, UserMode);
    ObCloseHandle(P, H, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* Walks the records the way programs do (Wine's om.c does the same). */
static void test_types_information(void) {
    static const PCWSTR Expected[] = {u"Type",      u"Directory",  u"SymbolicLink",
                                      u"TestEvent", u"TestDevice", u"TestFile"};
    POBJECT_TYPE_INFORMATION Type;
    ULONG Needed, Returned, i, j, Found = 0;

    CHECK_STATUS(Query(NULL, ObjectTypesInformation, 4, &Needed), STATUS_INFO_LENGTH_MISMATCH);
    CHECK(Needed > 6 * sizeof(OBJECT_TYPE_INFORMATION));
    CHECK_STATUS(Query(NULL, ObjectTypesInformation, Needed - 1, &Returned),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(Query((HANDLE)0xdead, ObjectTypesInformation, Needed, &Returned),
                 STATUS_SUCCESS); /* no handle involved */
    CHECK_EQ(Returned, Needed);
    CHECK_EQ(Buffer.Types.NumberOfTypes, RTL_NUMBER_OF(Expected));
    Type = (POBJECT_TYPE_INFORMATION)(Buffer.Bytes + 8);
    for (i = 0; i < Buffer.Types.NumberOfTypes; i++) {
        PCWSTR Name = Local(Type->TypeName.Buffer);
        UNICODE_STRING String = {Type->TypeName.Length, 0, (PWSTR)Name};

        CHECK((PUCHAR)Name == (PUCHAR)(Type + 1));
        for (j = 0; j < RTL_NUMBER_OF(Expected); j++) {
            if (TestStrEq(&String, Expected[j]))
                Found |= 1u << j;
        }
        CHECK_EQ(Type->TypeIndex, i + 2);
        Type = (POBJECT_TYPE_INFORMATION)ALIGN_UP_POINTER_BY(
            (PUCHAR)Name + Type->TypeName.MaximumLength, sizeof(ULONG_PTR));
    }
    CHECK_EQ(Found, (1u << RTL_NUMBER_OF(Expected)) - 1);
    CHECK_EQ((PUCHAR)Type - Buffer.Bytes, Needed);
}

static void test_handle_flags_and_errors(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    OBJECT_HANDLE_FLAG_INFORMATION Flags = {TRUE, FALSE};
    HANDLE H;
    ULONG Returned;

    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &H), STATUS_SUCCESS);
    CHECK_STATUS(Query(H, ObjectHandleFlagInformation, 1, &Returned), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(Returned, 2);
    CHECK_STATUS(Query(H, ObjectHandleFlagInformation, 2, &Returned), STATUS_SUCCESS);
    CHECK(Buffer.Bytes[0] == FALSE && Buffer.Bytes[1] == FALSE);
    CHECK_STATUS(ObSetInformationObject(P, H, ObjectHandleFlagInformation, &Flags, 2, UserMode),
                 STATUS_SUCCESS);
    Query(H, ObjectHandleFlagInformation, 2, &Returned);
    CHECK(Buffer.Bytes[0] == TRUE && Buffer.Bytes[1] == FALSE);
    CHECK_STATUS(ObSetInformationObject(P, H, ObjectHandleFlagInformation, &Flags, 3, UserMode),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(ObSetInformationObject(P, H, ObjectBasicInformation, &Flags, 2, UserMode),
                 STATUS_INVALID_INFO_CLASS);
    CHECK_STATUS(
        ObSetInformationObject(P, (HANDLE)0x888, ObjectHandleFlagInformation, &Flags, 2, UserMode),
        STATUS_INVALID_HANDLE);

    CHECK_STATUS(Query(H, (OBJECT_INFORMATION_CLASS)42, sizeof(Buffer), &Returned),
                 STATUS_INVALID_INFO_CLASS);
    CHECK_STATUS(Query(H, ObjectSessionInformation, sizeof(Buffer), &Returned),
                 STATUS_INVALID_INFO_CLASS);
    CHECK_STATUS(Query((HANDLE)0x888, ObjectBasicInformation, sizeof(Buffer), &Returned),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(Query(NULL, ObjectNameInformation, sizeof(Buffer), &Returned),
                 STATUS_INVALID_HANDLE);
    ObCloseHandle(P, H, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_basic_information),       HARNESS_TEST(test_name_information),
    HARNESS_TEST(test_type_information),        HARNESS_TEST(test_types_information),
    HARNESS_TEST(test_handle_flags_and_errors),
};

int main(void) {
    HANDLE H;

    TestInit();
    P = TestProcess();
    TestCreateEvent(P, NULL, 0, NULL, UserMode, &H); /* the table grows once */
    ObCloseHandle(P, H, UserMode);
    return harness_run(tests, HARNESS_COUNT(tests));
}
