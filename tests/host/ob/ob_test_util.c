/*
 * ob_test_util.c — test types and short-hands shared by the object manager's
 * host tests (see ob_test.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ob_test.h"

POBJECT_TYPE TestEventType, TestDeviceType, TestFileType;
ULONG TestNextId = 1;
ULONG TestDeleteCount, TestLastDeletedId, TestCloseCount;
UCHAR TestDeleted[TEST_MAX_IDS];
PVOID TestLastCloseProcess;
ACCESS_MASK TestLastCloseAccess;
ULONG_PTR TestLastCloseHandleCount;
ULONG TestParseCount;
WCHAR TestParseRemaining[64];
PVOID TestDeviceTarget;

size_t TestWcslen(PCWSTR Text) {
    size_t Length = 0;

    while (Text[Length] != 0)
        Length++;
    return Length;
}

BOOLEAN TestStrEq(PCUNICODE_STRING String, PCWSTR Text) {
    size_t Length = TestWcslen(Text);

    return String->Length == Length * sizeof(WCHAR) &&
           (Length == 0 || memcmp(String->Buffer, Text, String->Length) == 0);
}

/* ---- TestEvent ----------------------------------------------------------- */

static VOID TestEventDelete(PVOID Object) {
    PTEST_EVENT Event = Object;

    TestDeleteCount++;
    TestLastDeletedId = Event->Id;
    if (Event->Id < TEST_MAX_IDS)
        TestDeleted[Event->Id]++;
    if (Event->Next != NULL)
        ObDereferenceObject(Event->Next);
}

static VOID TestEventClose(PVOID Process, PVOID Object, ACCESS_MASK GrantedAccess,
                           ULONG_PTR HandleCount) {
    TestCloseCount++;
    TestLastCloseProcess = Process;
    TestLastCloseAccess = GrantedAccess;
    TestLastCloseHandleCount = HandleCount;
}

/* ---- TestDevice: a parse procedure --------------------------------------- */

static BOOLEAN TestIs(PCUNICODE_STRING String, PCWSTR Text) { return TestStrEq(String, Text); }

static NTSTATUS TestDeviceParse(PVOID ParseObject, POBJECT_TYPE ObjectType,
                                KPROCESSOR_MODE AccessMode, ULONG Attributes,
                                PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                                PVOID ParseContext, PVOID *Object) {
    static const WCHAR Redirected[] = u"\\BaseNamedObjects\\redirected";
    size_t Chars = RemainingName->Length / sizeof(WCHAR);

    TestParseCount++;
    if (Chars > 63)
        Chars = 63;
    memcpy(TestParseRemaining, RemainingName->Buffer, Chars * sizeof(WCHAR));
    TestParseRemaining[Chars] = 0;

    if (RemainingName->Length == 0) {
        ObReferenceObject(ParseObject);
        *Object = ParseObject;
        return STATUS_SUCCESS;
    }
    if (TestIs(RemainingName, u"\\sub") && TestDeviceTarget != NULL) {
        ObReferenceObject(TestDeviceTarget);
        *Object = TestDeviceTarget;
        return STATUS_SUCCESS;
    }
    if (TestIs(RemainingName, u"\\redirect")) {
        PWSTR Name = ExAllocatePoolWithTag(0, sizeof(Redirected), OB_NAME_TAG);

        if (Name == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        memcpy(Name, Redirected, sizeof(Redirected));
        CompleteName->Buffer = Name;
        CompleteName->Length = sizeof(Redirected) - sizeof(WCHAR);
        CompleteName->MaximumLength = sizeof(Redirected);
        return STATUS_REPARSE;
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

/* ---- TestFile: a query-name procedure ------------------------------------ */

static NTSTATUS TestFileQueryName(PVOID Object, POBJECT_NAME_INFORMATION Buffer, ULONG Length,
                                  PULONG ReturnLength, ULONG_PTR ClientBase) {
    static const WCHAR Name[] = u"\\Device\\TestFile\\x";

    *ReturnLength = sizeof(*Buffer) + sizeof(Name);
    if (Length < *ReturnLength)
        return STATUS_INFO_LENGTH_MISMATCH;
    Buffer->Name.Length = sizeof(Name) - sizeof(WCHAR);
    Buffer->Name.MaximumLength = sizeof(Name);
    Buffer->Name.Buffer = (PWSTR)(ClientBase + sizeof(*Buffer));
    memcpy(Buffer + 1, Name, sizeof(Name));
    return STATUS_SUCCESS;
}

/* ---- Set-up -------------------------------------------------------------- */

static POBJECT_TYPE TestMakeType(PCWSTR Name, OBJECT_TYPE_INITIALIZER *Init) {
    UNICODE_STRING TypeName;
    POBJECT_TYPE Type;
    NTSTATUS Status;

    RtlInitUnicodeString(&TypeName, Name);
    Init->Length = sizeof(*Init);
    Status = ObCreateObjectType(&TypeName, Init, &Type);
    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "cannot create a test type: %08x\n", (unsigned)Status);
        exit(1);
    }
    return Type;
}

void TestInit(void) {
    OBJECT_TYPE_INITIALIZER Init;
    NTSTATUS Status = ObInitSystem();

    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ObInitSystem failed: %08x\n", (unsigned)Status);
        exit(1);
    }
    memset(&Init, 0, sizeof(Init));
    Init.DefaultObjectBodySize = sizeof(TEST_EVENT);
    Init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | TEST_EVENT_QUERY_STATE;
    Init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | TEST_EVENT_MODIFY_STATE;
    Init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE;
    Init.GenericMapping.GenericAll = TEST_EVENT_ALL_ACCESS;
    Init.ValidAccessMask = TEST_EVENT_ALL_ACCESS;
    Init.DeleteProcedure = TestEventDelete;
    Init.CloseProcedure = TestEventClose;
    TestEventType = TestMakeType(u"TestEvent", &Init);

    Init.DefaultObjectBodySize = 8;
    Init.DeleteProcedure = NULL;
    Init.CloseProcedure = NULL;
    Init.ParseProcedure = TestDeviceParse;
    TestDeviceType = TestMakeType(u"TestDevice", &Init);

    Init.ParseProcedure = NULL;
    Init.QueryNameProcedure = TestFileQueryName;
    TestFileType = TestMakeType(u"TestFile", &Init);
}

PHANDLE_TABLE TestProcess(void) {
    static ULONG_PTR NextOwner = 0x1000;
    PHANDLE_TABLE Table;

    if (!NT_SUCCESS(ObCreateHandleTable((PVOID)NextOwner++, NULL, &Table)))
        abort();
    return Table;
}

/* ---- Short-hands --------------------------------------------------------- */

void InitOa(POBJECT_ATTRIBUTES Oa, PUNICODE_STRING Name, PCWSTR Text, ULONG Attributes,
            HANDLE Root) {
    if (Text != NULL)
        RtlInitUnicodeString(Name, Text);
    InitializeObjectAttributes(Oa, Text ? Name : NULL, Attributes, Root, NULL);
}

NTSTATUS TestCreateEventEx(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                           ACCESS_MASK Access, KPROCESSOR_MODE Mode, PHANDLE Handle) {
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING String;
    NTSTATUS Status;
    PVOID Object;

    InitOa(&Oa, &String, Name, Attributes, Root);
    Status = ObCreateObject(Mode, TestEventType, &Oa, 0, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    ((PTEST_EVENT)Object)->Id = TestNextId++;
    return ObInsertObject(Object, Table, Access, NULL, Handle);
}

NTSTATUS TestCreateEvent(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                         KPROCESSOR_MODE Mode, PHANDLE Handle) {
    return TestCreateEventEx(Table, Name, Attributes, Root, TEST_EVENT_ALL_ACCESS, Mode, Handle);
}

NTSTATUS TestOpen(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                  POBJECT_TYPE Type, ACCESS_MASK Access, KPROCESSOR_MODE Mode, PHANDLE Handle) {
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING String;

    InitOa(&Oa, &String, Name, Attributes, Root);
    return ObOpenObjectByName(Table, &Oa, Type, Mode, Access, NULL, Handle);
}

NTSTATUS TestCreateDir(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                       PHANDLE Handle) {
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING String;

    InitOa(&Oa, &String, Name, Attributes, Root);
    return ObCreateDirectoryObject(Table, DIRECTORY_ALL_ACCESS, &Oa, UserMode, Handle);
}

NTSTATUS TestCreateLink(PHANDLE_TABLE Table, PCWSTR Name, PCWSTR Target, ULONG Attributes,
                        HANDLE Root, PHANDLE Handle) {
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING String, TargetString;

    InitOa(&Oa, &String, Name, Attributes, Root);
    RtlInitUnicodeString(&TargetString, Target);
    return ObCreateSymbolicLinkObject(Table, SYMBOLIC_LINK_ALL_ACCESS, &Oa, &TargetString, UserMode,
                                      Handle);
}

PVOID TestObject(PHANDLE_TABLE Table, HANDLE Handle) {
    PVOID Object;

    if (!NT_SUCCESS(ObReferenceObjectByHandle(Table, Handle, 0, NULL, KernelMode, &Object, NULL)))
        return NULL;
    ObDereferenceObject(Object);
    return Object;
}

static BOOLEAN TestBasic(PHANDLE_TABLE Table, HANDLE Handle, POBJECT_BASIC_INFORMATION Info) {
    return NT_SUCCESS(ObQueryObject(Table, Handle, ObjectBasicInformation, Info, sizeof(*Info),
                                    NULL, KernelMode, (ULONG_PTR)Info));
}

ULONG TestHandleCount(PHANDLE_TABLE Table, HANDLE Handle) {
    OBJECT_BASIC_INFORMATION Info;

    return TestBasic(Table, Handle, &Info) ? Info.HandleCount : ~0u;
}

ULONG TestPointerCount(PHANDLE_TABLE Table, HANDLE Handle) {
    OBJECT_BASIC_INFORMATION Info;

    return TestBasic(Table, Handle, &Info) ? Info.PointerCount : ~0u;
}

BOOLEAN TestExists(PCWSTR Name) {
    UNICODE_STRING String;
    PVOID Object;

    RtlInitUnicodeString(&String, Name);
    if (!NT_SUCCESS(
            ObReferenceObjectByName(&String, OBJ_OPENLINK, NULL, KernelMode, NULL, &Object)))
        return FALSE;
    ObDereferenceObject(Object);
    return TRUE;
}

PCWSTR TestNameOf(PHANDLE_TABLE Table, HANDLE Handle) {
    static union {
        OBJECT_NAME_INFORMATION Info;
        UCHAR Bytes[70000];
    } Buffer;
    ULONG Length;

    if (!NT_SUCCESS(ObQueryObject(Table, Handle, ObjectNameInformation, &Buffer, sizeof(Buffer),
                                  &Length, KernelMode, (ULONG_PTR)&Buffer)))
        return u"<error>";
    return Buffer.Info.Name.Buffer ? Buffer.Info.Name.Buffer : u"";
}

BOOLEAN TestNameIs(PHANDLE_TABLE Table, HANDLE Handle, PCWSTR Text) {
    PCWSTR Name = TestNameOf(Table, Handle);
    size_t Length = TestWcslen(Text);

    return TestWcslen(Name) == Length && memcmp(Name, Text, Length * sizeof(WCHAR)) == 0;
}
