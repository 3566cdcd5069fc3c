/*
 * test_ob_handle.c — handle tables: values and reuse, lookups and their
 * errors, access checks, protect-from-close, kernel handles and kernel-only
 * objects, OBJ_EXCLUSIVE, duplication, inheritance, pseudo handles, close
 * procedures and whole-table teardown.
 */
#include <string.h>

#include "ob_test.h"

#define BNO u"\\BaseNamedObjects"

static HANDLE NewEvent(PHANDLE_TABLE Table, ACCESS_MASK Access, ULONG Attributes) {
    HANDLE H = NULL;

    CHECK_STATUS(TestCreateEventEx(Table, NULL, Attributes, NULL, Access, UserMode, &H),
                 STATUS_SUCCESS);
    return H;
}

static NTSTATUS Ref(PHANDLE_TABLE Table, HANDLE H, ACCESS_MASK Access, POBJECT_TYPE Type,
                    KPROCESSOR_MODE Mode) {
    PVOID Object;
    NTSTATUS Status = ObReferenceObjectByHandle(Table, H, Access, Type, Mode, &Object, NULL);

    if (NT_SUCCESS(Status))
        ObDereferenceObject(Object);
    else
        CHECK(Object == NULL);
    return Status;
}

/* ---- Values -------------------------------------------------------------- */

static void test_handle_values(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    HANDLE H1, H2, H3, H4, H5;

    H1 = NewEvent(P, 0, 0);
    H2 = NewEvent(P, 0, 0);
    H3 = NewEvent(P, 0, 0);
    CHECK_EQ((ULONG_PTR)H1, 4);
    CHECK_EQ((ULONG_PTR)H2, 8);
    CHECK_EQ((ULONG_PTR)H3, 12);
    CHECK_EQ(ObGetHandleCount(P), 3);

    /* The most recently closed value is reused first. */
    ObCloseHandle(P, H2, UserMode);
    H4 = NewEvent(P, 0, 0);
    CHECK_EQ((ULONG_PTR)H4, 8);
    ObCloseHandle(P, H1, UserMode);
    ObCloseHandle(P, H3, UserMode);
    H5 = NewEvent(P, 0, 0);
    CHECK_EQ((ULONG_PTR)H5, 12);
    H1 = NewEvent(P, 0, 0);
    CHECK_EQ((ULONG_PTR)H1, 4);
    H2 = NewEvent(P, 0, 0);
    CHECK_EQ((ULONG_PTR)H2, 16);

    /* The low two bits are ignored. */
    CHECK(TestObject(P, (HANDLE)5) == TestObject(P, H1));
    CHECK(TestObject(P, (HANDLE)6) == TestObject(P, H1));
    CHECK(TestObject(P, (HANDLE)7) == TestObject(P, H1));
    CHECK_STATUS(ObCloseHandle(P, (HANDLE)7, UserMode), STATUS_SUCCESS);
    CHECK_STATUS(Ref(P, H1, 0, NULL, UserMode), STATUS_INVALID_HANDLE);

    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_invalid_handles(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    HANDLE H = NewEvent(P, TEST_EVENT_ALL_ACCESS, 0);
    static const ULONG_PTR Bad[] = {
        0,
        1,
        2,
        3,
        8,
        0x1000,
        0xdeadbeef,
        0x100000000ull,
        0xffffffff80000004ull,
        (ULONG_PTR)-7,
        (ULONG_PTR)-1,
        (ULONG_PTR)-2,
    };
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(Bad); i++) {
        CHECK_STATUS(Ref(P, (HANDLE)Bad[i], 0, NULL, UserMode), STATUS_INVALID_HANDLE);
        CHECK_STATUS(ObCloseHandle(P, (HANDLE)Bad[i], UserMode), STATUS_INVALID_HANDLE);
    }
    CHECK_STATUS(ObCloseHandle(P, H, UserMode), STATUS_SUCCESS);
    CHECK_STATUS(ObCloseHandle(P, H, UserMode), STATUS_INVALID_HANDLE); /* closed */
    CHECK_STATUS(Ref(P, H, 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* A handle of one process means nothing in another. */
static void test_tables_are_separate(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess(), Q = TestProcess();
    HANDLE H = NewEvent(P, 0, 0);

    CHECK_STATUS(Ref(Q, H, 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObCloseHandle(Q, H, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(Ref(P, H, 0, NULL, UserMode), STATUS_SUCCESS);
    ObDestroyHandleTable(P);
    ObDestroyHandleTable(Q);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Access -------------------------------------------------------------- */

static void test_access_checks(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    OBJECT_HANDLE_INFORMATION Info;
    HANDLE Query, Read, Max, Junk;
    PVOID Object;

    Query = NewEvent(P, TEST_EVENT_QUERY_STATE, 0);
    CHECK_STATUS(Ref(P, Query, TEST_EVENT_QUERY_STATE, TestEventType, UserMode), STATUS_SUCCESS);
    CHECK_STATUS(Ref(P, Query, TEST_EVENT_MODIFY_STATE, TestEventType, UserMode),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(Ref(P, Query, TEST_EVENT_MODIFY_STATE, TestEventType, KernelMode),
                 STATUS_SUCCESS); /* kernel mode is not checked */
    CHECK_STATUS(Ref(P, Query, 0, ObDirectoryObjectType, UserMode), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(Ref(P, Query, 0, ObDirectoryObjectType, KernelMode),
                 STATUS_OBJECT_TYPE_MISMATCH); /* the type is */
    /* Type before access. */
    CHECK_STATUS(Ref(P, Query, DELETE, ObDirectoryObjectType, UserMode),
                 STATUS_OBJECT_TYPE_MISMATCH);

    /* Generic rights map through the type's mapping, both ways. */
    Read = NewEvent(P, GENERIC_READ, 0);
    CHECK_STATUS(ObReferenceObjectByHandle(P, Read, 0, NULL, UserMode, &Object, &Info),
                 STATUS_SUCCESS);
    ObDereferenceObject(Object);
    CHECK_EQ(Info.GrantedAccess, STANDARD_RIGHTS_READ | TEST_EVENT_QUERY_STATE);
    CHECK_STATUS(Ref(P, Read, GENERIC_READ, NULL, UserMode), STATUS_SUCCESS);
    CHECK_STATUS(Ref(P, Read, GENERIC_WRITE, NULL, UserMode), STATUS_ACCESS_DENIED);
    CHECK_STATUS(Ref(P, Read, MAXIMUM_ALLOWED, NULL, UserMode), STATUS_SUCCESS);

    /* MAXIMUM_ALLOWED grants everything the type has; invalid bits are dropped. */
    Max = NewEvent(P, MAXIMUM_ALLOWED, 0);
    CHECK_STATUS(ObReferenceObjectByHandle(P, Max, GENERIC_ALL, NULL, UserMode, &Object, &Info),
                 STATUS_SUCCESS);
    ObDereferenceObject(Object);
    CHECK_EQ(Info.GrantedAccess, TEST_EVENT_ALL_ACCESS);
    Junk = NewEvent(P, TEST_EVENT_QUERY_STATE | 0x0100 | ACCESS_SYSTEM_SECURITY, 0);
    CHECK_STATUS(ObReferenceObjectByHandle(P, Junk, 0, NULL, UserMode, &Object, &Info),
                 STATUS_SUCCESS);
    ObDereferenceObject(Object);
    CHECK_EQ(Info.GrantedAccess, TEST_EVENT_QUERY_STATE);

    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_protect_from_close(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    OBJECT_HANDLE_FLAG_INFORMATION Flags;
    ULONG Deleted = TestDeleteCount;
    HANDLE H = NewEvent(P, 0, 0);

    Flags.Inherit = FALSE;
    Flags.ProtectFromClose = TRUE;
    CHECK_STATUS(
        ObSetInformationObject(P, H, ObjectHandleFlagInformation, &Flags, sizeof(Flags), UserMode),
        STATUS_SUCCESS);
    CHECK_STATUS(ObCloseHandle(P, H, UserMode), STATUS_HANDLE_NOT_CLOSABLE);
    CHECK_STATUS(ObCloseHandle(P, H, KernelMode), STATUS_HANDLE_NOT_CLOSABLE);
    CHECK_STATUS(Ref(P, H, 0, NULL, UserMode), STATUS_SUCCESS);
    Flags.ProtectFromClose = FALSE;
    ObSetInformationObject(P, H, ObjectHandleFlagInformation, &Flags, sizeof(Flags), UserMode);
    CHECK_STATUS(ObCloseHandle(P, H, UserMode), STATUS_SUCCESS);
    CHECK_EQ(TestDeleteCount, Deleted + 1);

    /* Table teardown closes protected handles too. */
    H = NewEvent(P, 0, 0);
    Flags.ProtectFromClose = TRUE;
    ObSetInformationObject(P, H, ObjectHandleFlagInformation, &Flags, sizeof(Flags), UserMode);
    ObDestroyHandleTable(P);
    CHECK_EQ(TestDeleteCount, Deleted + 2);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Kernel handles and kernel-only objects ------------------------------ */

static void test_kernel_handles(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess(), Q = TestProcess();
    ULONG Deleted = TestDeleteCount;
    HANDLE K, U;

    CHECK_STATUS(TestCreateEvent(P, NULL, OBJ_KERNEL_HANDLE, NULL, KernelMode, &K), STATUS_SUCCESS);
    CHECK(((ULONG_PTR)K & 0xffffffff80000000ull) == 0xffffffff80000000ull);
    CHECK_EQ(ObGetHandleCount(P), 0);
    CHECK_STATUS(Ref(P, K, 0, NULL, KernelMode), STATUS_SUCCESS);
    CHECK_STATUS(Ref(Q, K, 0, NULL, KernelMode), STATUS_SUCCESS); /* from any process */
    CHECK_STATUS(Ref(P, K, 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObCloseHandle(P, K, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObCloseHandle(Q, K, KernelMode), STATUS_SUCCESS);
    CHECK_EQ(TestDeleteCount, Deleted + 1);

    /* From user mode, OBJ_KERNEL_HANDLE is ignored. */
    CHECK_STATUS(TestCreateEvent(P, NULL, OBJ_KERNEL_HANDLE, NULL, UserMode, &U), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)U & 0xffffffff80000000ull, 0);
    CHECK_STATUS(Ref(P, U, 0, NULL, UserMode), STATUS_SUCCESS);
    ObDestroyHandleTable(P);
    ObDestroyHandleTable(Q);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_kernel_only_objects(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    HANDLE K, H;

    CHECK_STATUS(TestCreateEvent(P, BNO u"\\konly", OBJ_KERNEL_EXCLUSIVE, NULL, KernelMode, &K),
                 STATUS_SUCCESS);
    CHECK_STATUS(TestOpen(P, BNO u"\\konly", 0, NULL, TestEventType, 0, UserMode, &H),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\konly", OBJ_OPENIF, NULL, UserMode, &H),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(ObDuplicateObject(P, K, P, &H, 0, 0, DUPLICATE_SAME_ACCESS, UserMode),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(TestOpen(P, BNO u"\\konly", 0, NULL, TestEventType, 0, KernelMode, &H),
                 STATUS_SUCCESS);
    ObCloseHandle(P, H, KernelMode);
    ObCloseHandle(P, K, KernelMode);
    CHECK(!TestExists(BNO u"\\konly"));
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_exclusive(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess(), Q = TestProcess();
    OBJECT_BASIC_INFORMATION Info;
    HANDLE H, H2, Shared;

    CHECK_STATUS(
        TestCreateEvent(P, BNO u"\\excl", OBJ_EXCLUSIVE | OBJ_PERMANENT, NULL, UserMode, &H),
        STATUS_SUCCESS);
    ObQueryObject(P, H, ObjectBasicInformation, &Info, sizeof(Info), NULL, UserMode,
                  (ULONG_PTR)&Info);
    CHECK(Info.Attributes & OBJ_EXCLUSIVE);
    CHECK_STATUS(TestOpen(Q, BNO u"\\excl", 0, NULL, TestEventType, 0, UserMode, &H2),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(ObDuplicateObject(P, H, Q, &H2, 0, 0, DUPLICATE_SAME_ACCESS, UserMode),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(TestOpen(P, BNO u"\\excl", 0, NULL, TestEventType, 0, UserMode, &H2),
                 STATUS_SUCCESS);
    ObCloseHandle(P, H2, UserMode);
    ObCloseHandle(P, H, UserMode);
    /* With no handle left the object is nobody's. */
    CHECK_STATUS(TestOpen(Q, BNO u"\\excl", 0, NULL, TestEventType, DELETE, UserMode, &H2),
                 STATUS_SUCCESS);
    /* OBJ_EXCLUSIVE on an object someone else has open is refused. */
    CHECK_STATUS(TestOpen(P, BNO u"\\excl", OBJ_EXCLUSIVE, NULL, TestEventType, 0, UserMode, &H),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\shared", 0, NULL, UserMode, &Shared), STATUS_SUCCESS);
    CHECK_STATUS(TestOpen(P, BNO u"\\shared", OBJ_EXCLUSIVE, NULL, TestEventType, 0, UserMode, &H),
                 STATUS_ACCESS_DENIED);
    ObCloseHandle(P, Shared, UserMode);
    ObMakeTemporaryObjectByHandle(Q, H2, UserMode);
    ObDestroyHandleTable(P);
    ObDestroyHandleTable(Q);
    CHECK(!TestExists(BNO u"\\excl"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Duplication --------------------------------------------------------- */

static ACCESS_MASK Granted(PHANDLE_TABLE Table, HANDLE H) {
    OBJECT_BASIC_INFORMATION Info;

    if (!NT_SUCCESS(ObQueryObject(Table, H, ObjectBasicInformation, &Info, sizeof(Info), NULL,
                                  KernelMode, (ULONG_PTR)&Info)))
        return 0xdeadbeef;
    return Info.GrantedAccess;
}

static void test_duplicate(void) {
    const ACCESS_MASK Both = TEST_EVENT_QUERY_STATE | TEST_EVENT_MODIFY_STATE;
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess(), Q = TestProcess();
    OBJECT_HANDLE_FLAG_INFORMATION Flags;
    ULONG Deleted = TestDeleteCount;
    HANDLE Src, Dup, Out;

    Src = NewEvent(P, Both, OBJ_INHERIT);
    CHECK_STATUS(ObDuplicateObject(P, Src, Q, &Dup, 0, 0, DUPLICATE_SAME_ACCESS, UserMode),
                 STATUS_SUCCESS);
    CHECK(TestObject(Q, Dup) == TestObject(P, Src));
    CHECK_EQ(Granted(Q, Dup), Both);
    CHECK_EQ(TestHandleCount(P, Src), 2);
    ObQueryObject(Q, Dup, ObjectHandleFlagInformation, &Flags, sizeof(Flags), NULL, UserMode, 0);
    CHECK(!Flags.Inherit); /* attributes are not copied without SAME_ATTRIBUTES */
    ObCloseHandle(Q, Dup, UserMode);

    CHECK_STATUS(ObDuplicateObject(P, Src, P, &Dup, 0, 0, DUPLICATE_SAME_ATTRIBUTES, UserMode),
                 STATUS_SUCCESS);
    ObQueryObject(P, Dup, ObjectHandleFlagInformation, &Flags, sizeof(Flags), NULL, UserMode, 0);
    CHECK(Flags.Inherit);
    CHECK_EQ(Granted(P, Dup), 0);
    ObCloseHandle(P, Dup, UserMode);

    /* Subsets are fine; more than the source has is not (from user mode). */
    CHECK_STATUS(ObDuplicateObject(P, Src, Q, &Dup, TEST_EVENT_QUERY_STATE, 0, 0, UserMode),
                 STATUS_SUCCESS);
    CHECK_EQ(Granted(Q, Dup), TEST_EVENT_QUERY_STATE);
    CHECK_STATUS(ObDuplicateObject(Q, Dup, P, &Out, TEST_EVENT_MODIFY_STATE, 0, 0, UserMode),
                 STATUS_ACCESS_DENIED);
    CHECK(Out == NULL);
    CHECK_STATUS(ObDuplicateObject(Q, Dup, P, &Out, GENERIC_WRITE, 0, 0, UserMode),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(ObDuplicateObject(Q, Dup, Q, &Dup, MAXIMUM_ALLOWED, 0, 0, UserMode),
                 STATUS_SUCCESS);
    CHECK_EQ(Granted(Q, Dup), TEST_EVENT_QUERY_STATE);
    CHECK_STATUS(ObDuplicateObject(Q, Dup, Q, &Dup, Both, 0, 0, KernelMode), STATUS_SUCCESS);
    CHECK_EQ(Granted(Q, Dup), Both);

    /* DUPLICATE_CLOSE_SOURCE, with and without a target. */
    CHECK_STATUS(ObDuplicateObject(P, Src, Q, &Dup, 0, 0,
                                   DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE, UserMode),
                 STATUS_SUCCESS);
    CHECK_STATUS(Ref(P, Src, 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObDuplicateObject(Q, Dup, NULL, NULL, 0, 0, 0, UserMode),
                 STATUS_INVALID_PARAMETER);
    CHECK_STATUS(Ref(Q, Dup, 0, NULL, UserMode), STATUS_SUCCESS);
    ObDestroyHandleTable(Q); /* the other duplicates in Q go too */
    CHECK_EQ(TestDeleteCount, Deleted + 1);

    /* Moving the only handle of a temporary named object keeps its name
     * (regression: the source used to be closed first, taking the name). */
    Q = TestProcess();
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\moved", 0, NULL, UserMode, &Src), STATUS_SUCCESS);
    CHECK_STATUS(ObDuplicateObject(P, Src, Q, &Dup, 0, 0,
                                   DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE, UserMode),
                 STATUS_SUCCESS);
    CHECK(TestExists(BNO u"\\moved"));
    CHECK(TestNameIs(Q, Dup, BNO u"\\moved"));
    ObCloseHandle(Q, Dup, UserMode);
    CHECK(!TestExists(BNO u"\\moved"));
    CHECK_EQ(TestDeleteCount, Deleted + 2);

    /* Errors. */
    Src = NewEvent(P, Both, 0);
    CHECK_STATUS(ObDuplicateObject(P, (HANDLE)0x400, Q, &Dup, 0, 0, 0, UserMode),
                 STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObDuplicateObject(P, Src, Q, &Dup, 0, 0, 0x8, UserMode), STATUS_INVALID_PARAMETER);
    CHECK_STATUS(ObDuplicateObject(P, Src, Q, &Dup, 0, OBJ_PERMANENT, 0, UserMode),
                 STATUS_INVALID_PARAMETER);
    CHECK_STATUS(ObDuplicateObject(P, Src, NULL, NULL, 0, 0, DUPLICATE_CLOSE_SOURCE, UserMode),
                 STATUS_SUCCESS);
    CHECK_STATUS(Ref(P, Src, 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    CHECK_EQ(TestDeleteCount, Deleted + 3);
    ObDestroyHandleTable(P);
    ObDestroyHandleTable(Q);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Inheritance --------------------------------------------------------- */

static void test_inheritance(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE Parent = TestProcess(), Child;
    ULONG Deleted = TestDeleteCount;
    HANDLE A, B, C, D, New;

    A = NewEvent(Parent, TEST_EVENT_QUERY_STATE, OBJ_INHERIT);
    B = NewEvent(Parent, 0, 0);
    C = NewEvent(Parent, TEST_EVENT_ALL_ACCESS, OBJ_INHERIT);
    CHECK_STATUS(
        TestCreateEvent(Parent, NULL, OBJ_INHERIT | OBJ_KERNEL_HANDLE, NULL, KernelMode, &D),
        STATUS_SUCCESS);
    CHECK_STATUS(ObCreateHandleTable((PVOID)0x5678, Parent, &Child), STATUS_SUCCESS);
    CHECK_EQ(ObGetHandleCount(Child), 2);
    CHECK(TestObject(Child, A) == TestObject(Parent, A));
    CHECK(TestObject(Child, C) == TestObject(Parent, C));
    CHECK(TestObject(Child, B) == NULL);
    CHECK_EQ(Granted(Child, A), TEST_EVENT_QUERY_STATE);
    CHECK_EQ(Granted(Child, C), TEST_EVENT_ALL_ACCESS);
    CHECK_EQ(TestHandleCount(Parent, A), 2);
    CHECK_STATUS(Ref(Child, D, 0, NULL, UserMode), STATUS_INVALID_HANDLE);

    /* The hole left by B is the child's next handle. */
    New = NewEvent(Child, 0, 0);
    CHECK(New == B);
    ObCloseHandle(Child, New, UserMode);
    CHECK_EQ(TestDeleteCount, Deleted + 1);

    /* A grandchild inherits what the child has marked inheritable. */
    {
        PHANDLE_TABLE Grandchild;

        CHECK_STATUS(ObCreateHandleTable(NULL, Child, &Grandchild), STATUS_SUCCESS);
        CHECK(TestObject(Grandchild, C) == TestObject(Parent, C));
        CHECK_EQ(TestHandleCount(Parent, C), 3);
        ObDestroyHandleTable(Grandchild);
    }

    /* TestEvent's close procedure sees the owner of the table. */
    ObCloseHandle(Child, A, UserMode);
    CHECK(TestLastCloseProcess == (PVOID)0x5678);
    CHECK_EQ(TestLastCloseHandleCount, 2);
    CHECK_EQ(TestLastCloseAccess, TEST_EVENT_QUERY_STATE);
    ObDestroyHandleTable(Child);
    CHECK_EQ(TestHandleCount(Parent, C), 1);
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    ObCloseHandle(Parent, D, KernelMode);
    ObDestroyHandleTable(Parent);
    CHECK_EQ(TestDeleteCount, Deleted + 5);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Pseudo handles ------------------------------------------------------ */

static PVOID FakeProcess, FakeThread;

static NTSTATUS FakeResolver(PHANDLE_TABLE Table, HANDLE Handle, PVOID *Object,
                             PACCESS_MASK GrantedAccess) {
    if (Handle == NtCurrentProcess())
        *Object = FakeProcess;
    else if (Handle == NtCurrentThread())
        *Object = FakeThread;
    else
        return STATUS_INVALID_HANDLE;
    ObReferenceObject(*Object);
    *GrantedAccess = TEST_EVENT_ALL_ACCESS;
    return STATUS_SUCCESS;
}

static void test_pseudo_handles(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    PVOID Object;
    HANDLE H;

    CHECK_STATUS(Ref(P, NtCurrentProcess(), 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObCreateObject(KernelMode, TestEventType, NULL, 0, &FakeProcess), STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(FakeProcess, NULL, 0, &FakeProcess, NULL), STATUS_SUCCESS);
    CHECK_STATUS(ObCreateObject(KernelMode, ObDirectoryObjectType, NULL, 0, &FakeThread),
                 STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(FakeThread, NULL, 0, &FakeThread, NULL), STATUS_SUCCESS);
    ObSetPseudoHandleResolver(FakeResolver);

    CHECK_STATUS(ObReferenceObjectByHandle(P, NtCurrentProcess(), TEST_EVENT_MODIFY_STATE,
                                           TestEventType, UserMode, &Object, NULL),
                 STATUS_SUCCESS);
    CHECK(Object == FakeProcess);
    ObDereferenceObject(Object);
    CHECK_STATUS(Ref(P, NtCurrentThread(), 0, TestEventType, UserMode),
                 STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(Ref(P, NtCurrentThread(), 0, ObDirectoryObjectType, UserMode), STATUS_SUCCESS);
    CHECK_STATUS(Ref(P, (HANDLE)(LONG_PTR)-3, 0, NULL, UserMode), STATUS_INVALID_HANDLE);
    CHECK_STATUS(ObCloseHandle(P, NtCurrentProcess(), UserMode), STATUS_INVALID_HANDLE);

    /* Duplicating a pseudo handle gives a real one. */
    CHECK_STATUS(
        ObDuplicateObject(P, NtCurrentProcess(), P, &H, 0, 0, DUPLICATE_SAME_ACCESS, UserMode),
        STATUS_SUCCESS);
    CHECK(TestObject(P, H) == FakeProcess);
    CHECK_EQ(Granted(P, H), TEST_EVENT_ALL_ACCESS);
    CHECK_EQ(TestPointerCount(P, H), 2); /* the creation reference and the handle */
    ObCloseHandle(P, H, UserMode);
    /* NtQueryObject works on them too. */
    CHECK(TestNameIs(P, NtCurrentProcess(), u""));

    ObSetPseudoHandleResolver(NULL);
    ObDereferenceObject(FakeProcess);
    ObDereferenceObject(FakeThread);
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Growth, close procedures, ObOpenObjectByPointer --------------------- */

static void test_many_handles(void) {
    enum { Count = 5000 };
    static HANDLE Handles[Count];
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    ULONG Deleted = TestDeleteCount, i;
    PVOID Object;
    BOOLEAN Ok = TRUE;
    HANDLE H;

    CHECK_STATUS(ObCreateObject(KernelMode, TestEventType, NULL, 0, &Object), STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(Object, NULL, 0, &Object, NULL), STATUS_SUCCESS);
    for (i = 0; i < Count; i++) {
        Ok &= ObOpenObjectByPointer(P, Object, 0, 0, TestEventType, UserMode, &Handles[i]) ==
              STATUS_SUCCESS;
        Ok &= (ULONG_PTR)Handles[i] == 4 * (i + 1);
    }
    CHECK(Ok);
    CHECK_EQ(TestHandleCount(P, Handles[0]), Count);
    CHECK_EQ(TestPointerCount(P, Handles[0]), Count + 1);
    CHECK_EQ(TestEventType->TotalNumberOfHandles >= Count, 1);
    CHECK_STATUS(ObOpenObjectByPointer(P, Object, 0, 0, ObDirectoryObjectType, UserMode, &H),
                 STATUS_OBJECT_TYPE_MISMATCH);
    for (i = 0; i < Count; i += 2)
        Ok &= ObCloseHandle(P, Handles[i], UserMode) == STATUS_SUCCESS;
    CHECK_EQ(ObGetHandleCount(P), Count / 2);
    ObDereferenceObject(Object);
    CHECK_EQ(TestDeleteCount, Deleted);
    ObDestroyHandleTable(P);
    CHECK_EQ(TestDeleteCount, Deleted + 1);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_close_procedure(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    PHANDLE_TABLE P = TestProcess();
    ULONG Closes = TestCloseCount;
    HANDLE A, B;

    CHECK_STATUS(
        TestCreateEventEx(P, BNO u"\\closeproc", 0, NULL, TEST_EVENT_MODIFY_STATE, UserMode, &A),
        STATUS_SUCCESS);
    CHECK_STATUS(TestOpen(P, BNO u"\\closeproc", 0, NULL, TestEventType, TEST_EVENT_QUERY_STATE,
                          UserMode, &B),
                 STATUS_SUCCESS);
    ObCloseHandle(P, B, UserMode);
    CHECK_EQ(TestCloseCount, Closes + 1);
    CHECK_EQ(TestLastCloseHandleCount, 2);
    CHECK_EQ(TestLastCloseAccess, TEST_EVENT_QUERY_STATE);
    ObCloseHandle(P, A, UserMode);
    CHECK_EQ(TestCloseCount, Closes + 2);
    CHECK_EQ(TestLastCloseHandleCount, 1);
    CHECK_EQ(TestLastCloseAccess, TEST_EVENT_MODIFY_STATE);
    ObDestroyHandleTable(P);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_handle_values),       HARNESS_TEST(test_invalid_handles),
    HARNESS_TEST(test_tables_are_separate), HARNESS_TEST(test_access_checks),
    HARNESS_TEST(test_protect_from_close),  HARNESS_TEST(test_kernel_handles),
    HARNESS_TEST(test_kernel_only_objects), HARNESS_TEST(test_exclusive),
    HARNESS_TEST(test_duplicate),           HARNESS_TEST(test_inheritance),
    HARNESS_TEST(test_pseudo_handles),      HARNESS_TEST(test_many_handles),
    HARNESS_TEST(test_close_procedure),
};

int main(void) {
    HANDLE H;

    TestInit();
    /* Let the kernel table grow once, so tests can compare pool counts. */
    TestCreateEvent(NULL, NULL, OBJ_KERNEL_HANDLE, NULL, KernelMode, &H);
    ObCloseHandle(NULL, H, KernelMode);
    return harness_run(tests, HARNESS_COUNT(tests));
}
