/*
 * test_ob_object.c — object types, the namespace ObInitSystem builds,
 * reference counting, deletion and permanence.
 */
#include <string.h>

#include "ob_test.h"

static void test_init_namespace(void) {
    static const PCWSTR Directories[] = {
        u"\\",          u"\\ObjectTypes",      u"\\Device",   u"\\Driver",
        u"\\KnownDlls", u"\\BaseNamedObjects", u"\\GLOBAL??",
    };
    static const PCWSTR Links[] = {
        u"\\??",
        u"\\DosDevices",
        u"\\BaseNamedObjects\\Global",
        u"\\BaseNamedObjects\\Local",
        u"\\GLOBAL??\\GLOBALROOT",
    };
    PHANDLE_TABLE P = TestProcess();
    HANDLE H;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(Directories); i++) {
        CHECK_STATUS(TestOpen(P, Directories[i], 0, NULL, ObDirectoryObjectType, DIRECTORY_QUERY,
                              UserMode, &H),
                     STATUS_SUCCESS);
        CHECK(H != NULL);
        CHECK(ObCloseHandle(P, H, UserMode) == STATUS_SUCCESS);
    }
    for (i = 0; i < RTL_NUMBER_OF(Links); i++) {
        CHECK_STATUS(TestOpen(P, Links[i], 0, NULL, ObSymbolicLinkObjectType, SYMBOLIC_LINK_QUERY,
                              UserMode, &H),
                     STATUS_SUCCESS);
        ObCloseHandle(P, H, UserMode);
    }
    /* \?? and \DosDevices lead to \GLOBAL??; GLOBALROOT leads back to `\`. */
    CHECK_STATUS(TestOpen(P, u"\\??", 0, NULL, ObDirectoryObjectType, 0, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK(TestNameIs(P, H, u"\\GLOBAL??"));
    ObCloseHandle(P, H, UserMode);
    CHECK_STATUS(TestOpen(P, u"\\DosDevices\\GLOBALROOT\\Device", 0, NULL, ObDirectoryObjectType, 0,
                          UserMode, &H),
                 STATUS_SUCCESS);
    ObCloseHandle(P, H, UserMode);
    ObDestroyHandleTable(P);
}

static void test_init_object_types(void) {
    static const PCWSTR Types[] = {u"Type",      u"Directory",  u"SymbolicLink",
                                   u"TestEvent", u"TestDevice", u"TestFile"};
    UNICODE_STRING Name;
    WCHAR Path[64];
    PVOID Type;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(Types); i++) {
        memcpy(Path, u"\\ObjectTypes\\", 13 * sizeof(WCHAR));
        memcpy(Path + 13, Types[i], (TestWcslen(Types[i]) + 1) * sizeof(WCHAR));
        RtlInitUnicodeString(&Name, Path);
        CHECK_STATUS(ObReferenceObjectByName(&Name, 0, ObTypeObjectType, KernelMode, NULL, &Type),
                     STATUS_SUCCESS);
        if (Type != NULL) {
            CHECK(ObGetObjectType(Type) == ObTypeObjectType);
            ObDereferenceObject(Type);
        }
    }
    CHECK(ObGetObjectType(ObTypeObjectType) == ObTypeObjectType);
    CHECK(ObGetObjectType(TestEventType) == ObTypeObjectType);
    CHECK(TestExists(u"\\ObjectTypes\\Directory"));
    CHECK(TestExists(u"\\ObjectTypes\\directory") == FALSE); /* case-sensitive by default */
}

static void test_create_type_errors(void) {
    OBJECT_TYPE_INITIALIZER Init = {0};
    unsigned long Live = PoolStats.LiveBlocks;
    UNICODE_STRING Name;
    POBJECT_TYPE Type;

    Init.Length = sizeof(Init);
    RtlInitUnicodeString(&Name, u"testevent"); /* type names are case-insensitive */
    CHECK_STATUS(ObCreateObjectType(&Name, &Init, &Type), STATUS_OBJECT_NAME_COLLISION);
    RtlInitUnicodeString(&Name, u"Bad\\Name");
    CHECK_STATUS(ObCreateObjectType(&Name, &Init, &Type), STATUS_OBJECT_NAME_INVALID);
    RtlInitUnicodeString(&Name, u"");
    CHECK_STATUS(ObCreateObjectType(&Name, &Init, &Type), STATUS_OBJECT_NAME_INVALID);
    RtlInitUnicodeString(&Name, u"Fine");
    Init.Length = sizeof(Init) - 1;
    CHECK_STATUS(ObCreateObjectType(&Name, &Init, &Type), STATUS_INVALID_PARAMETER);
    CHECK(Type == NULL);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Reference counting -------------------------------------------------- */

static void test_reference_counting(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    ULONG Deleted = TestDeleteCount, Objects = 0;
    PTEST_EVENT Event;

    Objects = TestEventType->TotalNumberOfObjects;
    CHECK_STATUS(ObCreateObject(KernelMode, TestEventType, NULL, 0, (PVOID *)&Event),
                 STATUS_SUCCESS);
    CHECK_EQ(TestEventType->TotalNumberOfObjects, Objects + 1);
    CHECK(((ULONG_PTR)Event & 15) == 0); /* bodies are 16-byte aligned */
    Event->Id = 4242;
    ObReferenceObject(Event);
    ObReferenceObject(Event);
    ObDereferenceObject(Event);
    ObDereferenceObject(Event);
    CHECK_EQ(TestDeleteCount, Deleted); /* the creation reference remains */
    ObDereferenceObject(Event);
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    CHECK_EQ(TestLastDeletedId, 4242);
    CHECK_EQ(TestEventType->TotalNumberOfObjects, Objects);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_body_size(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PUCHAR Body;

    CHECK_STATUS(ObCreateObject(KernelMode, TestEventType, NULL, 1000, (PVOID *)&Body),
                 STATUS_SUCCESS);
    Body[999] = 1;         /* ASan would object if the body were shorter */
    CHECK(Body[998] == 0); /* and it starts zeroed */
    ObDereferenceObject(Body);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* An object that is never inserted still gets its delete procedure. */
static void test_never_inserted(void) {
    ULONG Deleted = TestDeleteCount;
    unsigned long Live = PoolStats.LiveBlocks;
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING Name;
    PVOID Object;

    InitOa(&Oa, &Name, u"\\BaseNamedObjects\\never", 0, NULL);
    CHECK_STATUS(ObCreateObject(UserMode, TestEventType, &Oa, 0, &Object), STATUS_SUCCESS);
    ObDereferenceObject(Object);
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    CHECK(!TestExists(u"\\BaseNamedObjects\\never"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ObInsertObject consumes the creation reference. */
static void test_insert_without_handle(void) {
    ULONG Deleted = TestDeleteCount;
    unsigned long Live = PoolStats.LiveBlocks;
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING Name;
    PVOID Object, Ref;

    InitOa(&Oa, &Name, u"\\BaseNamedObjects\\nohandle", 0, NULL);
    CHECK_STATUS(ObCreateObject(KernelMode, TestEventType, &Oa, 0, &Object), STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(Object, NULL, 0, NULL, NULL), STATUS_SUCCESS);
    CHECK_EQ(TestDeleteCount, Deleted + 1); /* nothing kept it */
    CHECK(!TestExists(u"\\BaseNamedObjects\\nohandle"));

    /* With ReferencedObject the caller keeps it, and the name lives as long. */
    CHECK_STATUS(ObCreateObject(KernelMode, TestEventType, &Oa, 0, &Object), STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(Object, NULL, 0, &Ref, NULL), STATUS_SUCCESS);
    CHECK(Ref == Object);
    CHECK(TestExists(u"\\BaseNamedObjects\\nohandle"));
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    ObDereferenceObject(Ref);
    CHECK_EQ(TestDeleteCount, Deleted + 2);
    CHECK(!TestExists(u"\\BaseNamedObjects\\nohandle"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* The last handle takes the name away; the last pointer frees the object. */
static void test_last_handle_removes_name(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    ULONG Deleted = TestDeleteCount;
    HANDLE H1, H2;
    PVOID Object;

    CHECK_STATUS(TestCreateEvent(P, u"\\BaseNamedObjects\\ev1", 0, NULL, UserMode, &H1),
                 STATUS_SUCCESS);
    CHECK_STATUS(TestOpen(P, u"\\BaseNamedObjects\\ev1", 0, NULL, TestEventType,
                          TEST_EVENT_ALL_ACCESS, UserMode, &H2),
                 STATUS_SUCCESS);
    CHECK_EQ(TestHandleCount(P, H1), 2);
    CHECK_EQ(TestPointerCount(P, H1), 2);
    CHECK_STATUS(ObCloseHandle(P, H1, UserMode), STATUS_SUCCESS);
    CHECK(TestExists(u"\\BaseNamedObjects\\ev1"));
    CHECK_EQ(TestDeleteCount, Deleted);

    CHECK_STATUS(ObReferenceObjectByHandle(P, H2, 0, TestEventType, UserMode, &Object, NULL),
                 STATUS_SUCCESS);
    CHECK_STATUS(ObCloseHandle(P, H2, UserMode), STATUS_SUCCESS);
    CHECK(!TestExists(u"\\BaseNamedObjects\\ev1")); /* name gone with the last handle */
    CHECK_EQ(TestDeleteCount, Deleted);             /* but a pointer keeps it */
    ObDereferenceObject(Object);
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_permanent(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    ULONG Deleted = TestDeleteCount;
    OBJECT_BASIC_INFORMATION Info;
    HANDLE H;

    CHECK_STATUS(TestCreateEvent(P, u"\\BaseNamedObjects\\perm", OBJ_PERMANENT, NULL, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK_STATUS(ObQueryObject(P, H, ObjectBasicInformation, &Info, sizeof(Info), NULL, UserMode,
                               (ULONG_PTR)&Info),
                 STATUS_SUCCESS);
    CHECK(Info.Attributes & OBJ_PERMANENT);
    CHECK_EQ(Info.PointerCount, 2); /* the handle and the permanence */
    ObCloseHandle(P, H, UserMode);
    CHECK(TestExists(u"\\BaseNamedObjects\\perm"));
    CHECK_EQ(TestDeleteCount, Deleted);

    /* NtMakeTemporaryObject needs DELETE. */
    CHECK_STATUS(TestOpen(P, u"\\BaseNamedObjects\\perm", 0, NULL, TestEventType,
                          TEST_EVENT_QUERY_STATE, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK_STATUS(ObMakeTemporaryObjectByHandle(P, H, UserMode), STATUS_ACCESS_DENIED);
    ObCloseHandle(P, H, UserMode);
    CHECK_STATUS(
        TestOpen(P, u"\\BaseNamedObjects\\perm", 0, NULL, TestEventType, DELETE, UserMode, &H),
        STATUS_SUCCESS);
    CHECK_STATUS(ObMakeTemporaryObjectByHandle(P, H, UserMode), STATUS_SUCCESS);
    CHECK(TestExists(u"\\BaseNamedObjects\\perm")); /* a handle is still open */
    CHECK_EQ(TestDeleteCount, Deleted);
    ObCloseHandle(P, H, UserMode);
    CHECK(!TestExists(u"\\BaseNamedObjects\\perm"));
    CHECK_EQ(TestDeleteCount, Deleted + 1);

    /* NtMakePermanentObject, and making a handle-less object temporary. */
    CHECK_STATUS(TestCreateEvent(P, u"\\BaseNamedObjects\\perm2", 0, NULL, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK_STATUS(ObMakePermanentObjectByHandle(P, H, UserMode), STATUS_SUCCESS);
    CHECK_STATUS(ObMakePermanentObjectByHandle(P, H, UserMode), STATUS_SUCCESS); /* idempotent */
    ObCloseHandle(P, H, UserMode);
    CHECK(TestExists(u"\\BaseNamedObjects\\perm2"));
    {
        UNICODE_STRING Name;
        PVOID Object;

        RtlInitUnicodeString(&Name, u"\\BaseNamedObjects\\perm2");
        CHECK_STATUS(ObReferenceObjectByName(&Name, 0, TestEventType, KernelMode, NULL, &Object),
                     STATUS_SUCCESS);
        ObMakeTemporaryObject(Object);
        CHECK(!TestExists(u"\\BaseNamedObjects\\perm2")); /* no handle: the name goes now */
        CHECK_EQ(TestDeleteCount, Deleted + 1);
        ObDereferenceObject(Object);
        CHECK_EQ(TestDeleteCount, Deleted + 2);
    }
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* A named child keeps its (temporary, handle-less) directory alive. */
static void test_directory_kept_by_child(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    ULONG Directories = ObDirectoryObjectType->TotalNumberOfObjects;
    ULONG Deleted = TestDeleteCount;
    HANDLE Dir, Ev;

    CHECK_STATUS(TestCreateDir(P, u"\\BaseNamedObjects\\kept", 0, NULL, &Dir), STATUS_SUCCESS);
    CHECK_STATUS(TestCreateEvent(P, u"child", 0, Dir, UserMode, &Ev), STATUS_SUCCESS);
    CHECK(TestExists(u"\\BaseNamedObjects\\kept\\child"));
    ObCloseHandle(P, Dir, UserMode);
    CHECK(!TestExists(u"\\BaseNamedObjects\\kept")); /* its name went with its handle */
    CHECK_EQ(ObDirectoryObjectType->TotalNumberOfObjects, Directories + 1);
    ObCloseHandle(P, Ev, UserMode);
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    CHECK_EQ(ObDirectoryObjectType->TotalNumberOfObjects, Directories);
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/*
 * Deletion never recurses.  200 000 objects, each holding the only
 * reference to the previous one (the TestEvent delete procedure drops
 * TEST_EVENT.Next): dropping the last deletes them all.  A recursive
 * deletion would need frames for every object and overflow the stack; the
 * deferred-delete queue runs them in a loop.
 */
static void test_deletion_chain(void) {
    enum { Count = 200000 };
    unsigned long Live = PoolStats.LiveBlocks;
    ULONG Deleted = TestDeleteCount, i;
    PTEST_EVENT Previous = NULL, Event;
    BOOLEAN Ok = TRUE;

    for (i = 0; i < Count && Ok; i++) {
        Ok = ObCreateObject(KernelMode, TestEventType, NULL, 0, (PVOID *)&Event) == STATUS_SUCCESS;
        if (Ok) {
            Event->Next = Previous; /* hands over the creation reference */
            Previous = Event;
        }
    }
    CHECK(Ok);
    CHECK_EQ(TestDeleteCount, Deleted);
    ObDereferenceObject(Previous);
    CHECK_EQ(TestDeleteCount, Deleted + Count);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/*
 * The same through the namespace: 2 000 nested directories, each named in
 * its parent with no handle, kept only by the pointer of its child.  When
 * the innermost goes, every parent is released in turn.
 */
static void test_directory_release_chain(void) {
    enum { Depth = 2000 };
    static WCHAR Path[32 + 2 * Depth];
    ULONG Directories = ObDirectoryObjectType->TotalNumberOfObjects;
    unsigned long Live = PoolStats.LiveBlocks;
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING Name;
    PVOID Parent = NULL, Child;
    size_t Length;
    ULONG i;
    BOOLEAN Ok = TRUE;

    memcpy(Path, u"\\BaseNamedObjects\\chain", 24 * sizeof(WCHAR));
    Length = 23;
    for (i = 0; i <= Depth && Ok; i++) {
        Path[Length] = 0;
        InitOa(&Oa, &Name, Path, 0, NULL);
        Ok = ObCreateObject(KernelMode, ObDirectoryObjectType, &Oa, 0, &Child) == STATUS_SUCCESS &&
             ObInsertObject(Child, NULL, 0, &Child, NULL) == STATUS_SUCCESS;
        if (Parent != NULL)
            ObDereferenceObject(Parent); /* now held by Child only */
        Parent = Ok ? Child : NULL;
        Path[Length++] = u'\\';
        Path[Length++] = u'd';
    }
    CHECK(Ok);
    CHECK_EQ(ObDirectoryObjectType->TotalNumberOfObjects, Directories + Depth + 1);
    CHECK(TestExists(u"\\BaseNamedObjects\\chain\\d\\d\\d"));
    if (Parent != NULL)
        ObDereferenceObject(Parent);
    CHECK(!TestExists(u"\\BaseNamedObjects\\chain"));
    CHECK_EQ(ObDirectoryObjectType->TotalNumberOfObjects, Directories);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/*
 * Out of memory at every allocation of a create-in-a-new-directory-and-open:
 * each attempt either works or says STATUS_INSUFFICIENT_RESOURCES, and
 * leaves nothing behind.
 */
static void test_out_of_memory(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    ULONG Objects = TestEventType->TotalNumberOfObjects, Failures = 0;
    NTSTATUS Status;
    HANDLE Dir, Ev, Ev2;
    long Fail;

    for (Fail = 0; Fail < 40; Fail++) {
        PoolFailAfter(Fail);
        Dir = Ev = Ev2 = NULL;
        Status = TestCreateDir(P, u"\\BaseNamedObjects\\oom", 0, NULL, &Dir);
        if (NT_SUCCESS(Status))
            Status = TestCreateEvent(P, u"\\BaseNamedObjects\\oom\\ev", 0, NULL, UserMode, &Ev);
        if (NT_SUCCESS(Status))
            Status = TestOpen(P, u"\\BaseNamedObjects\\oom\\ev", 0, NULL, TestEventType, 0,
                              UserMode, &Ev2);
        PoolFailAfter(-1);
        if (!NT_SUCCESS(Status)) {
            Failures++;
            CHECK_STATUS(Status, STATUS_INSUFFICIENT_RESOURCES);
        }
        if (Ev2)
            ObCloseHandle(P, Ev2, UserMode);
        if (Ev)
            ObCloseHandle(P, Ev, UserMode);
        if (Dir)
            ObCloseHandle(P, Dir, UserMode);
        CHECK(!TestExists(u"\\BaseNamedObjects\\oom"));
        CHECK_EQ(TestEventType->TotalNumberOfObjects, Objects);
    }
    CHECK(Failures > 5); /* the loop did reach the failure paths */
    CHECK(PoolStats.FailedAllocations >= Failures);
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_init_namespace),
    HARNESS_TEST(test_init_object_types),
    HARNESS_TEST(test_create_type_errors),
    HARNESS_TEST(test_reference_counting),
    HARNESS_TEST(test_body_size),
    HARNESS_TEST(test_never_inserted),
    HARNESS_TEST(test_insert_without_handle),
    HARNESS_TEST(test_last_handle_removes_name),
    HARNESS_TEST(test_permanent),
    HARNESS_TEST(test_directory_kept_by_child),
    HARNESS_TEST(test_deletion_chain),
    HARNESS_TEST(test_directory_release_chain),
    HARNESS_TEST(test_out_of_memory),
};

int main(void) {
    TestInit();
    return harness_run(tests, HARNESS_COUNT(tests));
}
