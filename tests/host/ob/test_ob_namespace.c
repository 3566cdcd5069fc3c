/*
 * test_ob_namespace.c — names: parsing errors, relative names, collisions,
 * case, symbolic links and their limits, parse procedures, deep paths and
 * directory enumeration.  Expected statuses are Windows' (most of them as
 * Wine's om.c test suite records them).
 */
#include <stdlib.h>
#include <string.h>

#include "ob_test.h"

#define BNO u"\\BaseNamedObjects"

static PHANDLE_TABLE P;

static NTSTATUS OpenEv(PCWSTR Name, ULONG Attributes, HANDLE Root) {
    HANDLE H;
    NTSTATUS Status = TestOpen(P, Name, Attributes, Root, TestEventType, 0, UserMode, &H);

    if (NT_SUCCESS(Status))
        ObCloseHandle(P, H, UserMode);
    return Status;
}

static NTSTATUS OpenDir(PCWSTR Name, ULONG Attributes, HANDLE Root) {
    HANDLE H;
    NTSTATUS Status = TestOpen(P, Name, Attributes, Root, ObDirectoryObjectType, 0, UserMode, &H);

    if (NT_SUCCESS(Status))
        ObCloseHandle(P, H, UserMode);
    return Status;
}

static NTSTATUS CreateEv(PCWSTR Name, ULONG Attributes, HANDLE Root) {
    HANDLE H;
    NTSTATUS Status = TestCreateEvent(P, Name, Attributes, Root, UserMode, &H);

    if (NT_SUCCESS(Status))
        ObCloseHandle(P, H, UserMode);
    return Status;
}

/* ---- Name syntax --------------------------------------------------------- */

static void test_name_syntax(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE Ev;

    CHECK_STATUS(TestCreateEvent(P, BNO u"\\ev", 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"BaseNamedObjects\\ev", 0, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_STATUS(OpenEv(u"", 0, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_STATUS(OpenEv(NULL, 0, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_STATUS(OpenEv(BNO u"\\", 0, NULL), STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(OpenEv(u"\\\\BaseNamedObjects\\ev", 0, NULL), STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(OpenEv(BNO u"\\\\ev", 0, NULL), STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(OpenEv(BNO u"\\ev\\", 0, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(OpenEv(BNO u"\\missing\\", 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(OpenEv(BNO u"\\missing\\ev", 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(OpenEv(u"\\Missing\\ev", 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(OpenEv(BNO u"\\missing", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_STATUS(OpenEv(BNO u"\\ev", 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\ev\\x", 0, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(CreateEv(BNO u"\\missing\\x", 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(CreateEv(BNO u"\\", 0, NULL), STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(CreateEv(u"relative", 0, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ObCloseHandle(P, Ev, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_attribute_validation(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    ULONG Objects = TestEventType->TotalNumberOfObjects;
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING Name;
    HANDLE Dir, H, Created;
    PVOID Object;

    CHECK_STATUS(TestOpen(P, BNO, 0, NULL, NULL, 0, UserMode, &Dir), STATUS_SUCCESS);

    /* Structure length and attribute bits. */
    InitOa(&Oa, &Name, BNO u"\\x", 0, NULL);
    Oa.Length = sizeof(Oa) - 1;
    CHECK_STATUS(ObCreateObject(UserMode, TestEventType, &Oa, 0, &Object),
                 STATUS_INVALID_PARAMETER);
    CHECK_STATUS(ObOpenObjectByName(P, &Oa, TestEventType, UserMode, 0, NULL, &H),
                 STATUS_INVALID_PARAMETER);
    CHECK_STATUS(ObOpenObjectByName(P, NULL, TestEventType, UserMode, 0, NULL, &H),
                 STATUS_INVALID_PARAMETER);
    CHECK_STATUS(CreateEv(BNO u"\\x", 0x80000000, NULL), STATUS_INVALID_PARAMETER);
    CHECK_STATUS(CreateEv(BNO u"\\x", OBJ_PROTECT_CLOSE, NULL), STATUS_INVALID_PARAMETER);
    CHECK_STATUS(CreateEv(BNO u"\\x", OBJ_KERNEL_EXCLUSIVE, NULL), STATUS_INVALID_PARAMETER);

    /* Name lengths: odd, one too long, the longest allowed. */
    InitOa(&Oa, &Name, u"abc", 0, (HANDLE)(ULONG_PTR)0xdeadbeef);
    Name.Length = 3;
    CHECK_STATUS(ObCreateObject(UserMode, TestEventType, &Oa, 0, &Object),
                 STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(ObOpenObjectByName(P, &Oa, TestEventType, UserMode, 0, NULL, &H),
                 STATUS_OBJECT_NAME_INVALID); /* before the bad root handle is noticed */
    {
        PWSTR Long = malloc(65536);
        ULONG i;

        for (i = 0; i < 32768; i++)
            Long[i] = u'a';
        Name.Buffer = Long;
        Name.MaximumLength = 65534;
        Oa.RootDirectory = Dir;
        Name.Length = 65534;
        CHECK_STATUS(ObCreateObject(UserMode, TestEventType, &Oa, 0, &Object),
                     STATUS_OBJECT_NAME_INVALID);
        Name.Length = 65532;
        CHECK_STATUS(ObCreateObject(UserMode, TestEventType, &Oa, 0, &Object), STATUS_SUCCESS);
        CHECK_STATUS(ObInsertObject(Object, P, 0, NULL, &Created), STATUS_SUCCESS);
        CHECK_STATUS(ObOpenObjectByName(P, &Oa, TestEventType, UserMode, 0, NULL, &H),
                     STATUS_SUCCESS);
        CHECK(TestObject(P, H) == TestObject(P, Created));
        ObCloseHandle(P, H, UserMode);
        ObCloseHandle(P, Created, UserMode);
        free(Long);
    }

    /* No name: fine for a create (unnamed, root ignored), not with a root. */
    InitOa(&Oa, &Name, NULL, 0, (HANDLE)(ULONG_PTR)0xdeadbeef);
    CHECK_STATUS(ObCreateObject(UserMode, TestEventType, &Oa, 0, &Object),
                 STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(ObOpenObjectByName(P, &Oa, TestEventType, UserMode, 0, NULL, &H),
                 STATUS_OBJECT_NAME_INVALID);
    CHECK_STATUS(CreateEv(u"", 0, (HANDLE)(ULONG_PTR)0xdeadbeef), STATUS_SUCCESS);
    CHECK_STATUS(CreateEv(NULL, 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(ObCreateObject(UserMode, TestEventType, NULL, 0, &Object), STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(Object, P, 0, NULL, &H), STATUS_SUCCESS);
    ObCloseHandle(P, H, UserMode);
    CHECK_STATUS(CreateEv(u"x", 0, (HANDLE)(ULONG_PTR)0xdeadbeef), STATUS_INVALID_HANDLE);

    ObCloseHandle(P, Dir, UserMode);
    CHECK_EQ(TestEventType->TotalNumberOfObjects, Objects);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Relative names ------------------------------------------------------ */

static void test_root_directory(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE Dir, Ev, Link, Sub, H;

    CHECK_STATUS(
        TestOpen(P, BNO, 0, NULL, ObDirectoryObjectType, DIRECTORY_ALL_ACCESS, UserMode, &Dir),
        STATUS_SUCCESS);
    CHECK_STATUS(TestCreateEvent(P, u"rel", 0, Dir, UserMode, &Ev), STATUS_SUCCESS);
    CHECK(TestNameIs(P, Ev, BNO u"\\rel"));
    CHECK_STATUS(OpenEv(u"rel", 0, Dir), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"\\rel", 0, Dir), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_STATUS(OpenDir(u"\\", 0, Dir), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_STATUS(OpenDir(u"missing\\", 0, Dir), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(OpenDir(u"", 0, Dir), STATUS_SUCCESS); /* the root directory itself */
    CHECK_STATUS(OpenEv(u"", 0, Dir), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(OpenEv(u"rel", 0, (HANDLE)(ULONG_PTR)0xdeadbeef), STATUS_INVALID_HANDLE);

    /* A root that is not a directory. */
    CHECK_STATUS(OpenEv(u"x", 0, Ev), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(OpenEv(u"", 0, Ev), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(CreateEv(u"x", 0, Ev), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(TestOpen(P, BNO u"\\Local", 0, NULL, ObSymbolicLinkObjectType, SYMBOLIC_LINK_QUERY,
                          UserMode, &Link),
                 STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"rel", 0, Link), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(TestCreateDir(P, u"sub", 0, Link, &Sub), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(TestOpen(P, u"", 0, Link, ObSymbolicLinkObjectType, 0, UserMode, &H),
                 STATUS_SUCCESS); /* a link opens as itself */
    ObCloseHandle(P, H, UserMode);

    /* Nested relative names. */
    CHECK_STATUS(TestCreateDir(P, u"sub", 0, Dir, &Sub), STATUS_SUCCESS);
    CHECK_STATUS(CreateEv(u"sub\\inner", OBJ_PERMANENT, Dir), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\sub\\inner", 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"inner", 0, Sub), STATUS_SUCCESS);
    CHECK_STATUS(TestOpen(P, u"inner", 0, Sub, TestEventType, DELETE, UserMode, &H),
                 STATUS_SUCCESS);
    ObMakeTemporaryObjectByHandle(P, H, UserMode);
    ObCloseHandle(P, H, UserMode);

    ObCloseHandle(P, Sub, UserMode);
    ObCloseHandle(P, Link, UserMode);
    ObCloseHandle(P, Ev, UserMode);
    ObCloseHandle(P, Dir, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Collisions and OBJ_OPENIF ------------------------------------------- */

static void test_collisions(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    ULONG Deleted = TestDeleteCount;
    HANDLE Ev, H, Dir;

    CHECK_STATUS(TestCreateEvent(P, BNO u"\\coll", 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    CHECK_STATUS(CreateEv(BNO u"\\coll", 0, NULL), STATUS_OBJECT_NAME_COLLISION);
    CHECK_EQ(TestDeleteCount, Deleted + 1); /* the would-be object is gone */
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\coll", OBJ_OPENIF, NULL, UserMode, &H),
                 STATUS_OBJECT_NAME_EXISTS);
    CHECK(H != NULL && TestObject(P, H) == TestObject(P, Ev));
    CHECK_EQ(TestHandleCount(P, Ev), 2);
    CHECK_EQ(TestDeleteCount, Deleted + 2);
    ObCloseHandle(P, H, UserMode);
    CHECK_STATUS(TestCreateDir(P, BNO u"\\coll", OBJ_OPENIF, NULL, &Dir),
                 STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(TestCreateDir(P, BNO u"\\coll", 0, NULL, &Dir), STATUS_OBJECT_NAME_COLLISION);
    CHECK_STATUS(TestCreateDir(P, u"\\", 0, NULL, &Dir), STATUS_OBJECT_NAME_COLLISION);
    CHECK_STATUS(TestCreateDir(P, u"\\", OBJ_OPENIF, NULL, &Dir), STATUS_OBJECT_NAME_EXISTS);
    CHECK(TestNameIs(P, Dir, u"\\"));
    ObCloseHandle(P, Dir, UserMode);
    CHECK_STATUS(CreateEv(u"\\", OBJ_OPENIF, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ObCloseHandle(P, Ev, UserMode);
    CHECK_STATUS(CreateEv(BNO u"\\coll", 0, NULL), STATUS_SUCCESS); /* free again */
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Case ---------------------------------------------------------------- */

static void test_case(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE A, B, C;

    CHECK_STATUS(TestCreateEvent(P, BNO u"\\Test", 0, NULL, UserMode, &A), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\test", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_STATUS(OpenEv(BNO u"\\TEST", OBJ_CASE_INSENSITIVE, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"\\BASENAMEDOBJECTS\\Test", 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(OpenEv(u"\\basenamedobjects\\tEST", OBJ_CASE_INSENSITIVE, NULL), STATUS_SUCCESS);
    /* Case-sensitive creation of a name differing in case is a new object. */
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\test", 0, NULL, UserMode, &B), STATUS_SUCCESS);
    CHECK(TestObject(P, A) != TestObject(P, B));
    CHECK_STATUS(CreateEv(BNO u"\\TEST", OBJ_CASE_INSENSITIVE, NULL), STATUS_OBJECT_NAME_COLLISION);
    /* Beyond ASCII. */
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\\u00c9v\u00e9nement", 0, NULL, UserMode, &C),
                 STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\\u00e9V\u00c9NEMENT", OBJ_CASE_INSENSITIVE, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\\u00e9v\u00e9nement", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ObCloseHandle(P, A, UserMode);
    ObCloseHandle(P, B, UserMode);
    ObCloseHandle(P, C, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Symbolic links ------------------------------------------------------ */

static void test_symbolic_links(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE Dir, Link, Link2, Ev, H;
    UNICODE_STRING Name;
    PVOID Object;

    CHECK_STATUS(TestCreateDir(P, BNO u"\\target", 0, NULL, &Dir), STATUS_SUCCESS);
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\target\\ev", 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    CHECK_STATUS(TestCreateLink(P, BNO u"\\link", BNO u"\\target", 0, NULL, &Link), STATUS_SUCCESS);

    /* Followed as an intermediate component and as the last one. */
    CHECK_STATUS(OpenEv(BNO u"\\link\\ev", 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenDir(BNO u"\\link", 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\link", 0, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    /* Not followed when the link itself is wanted. */
    CHECK_STATUS(TestOpen(P, BNO u"\\link", 0, NULL, ObSymbolicLinkObjectType, 0, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK(TestObject(P, H) == TestObject(P, Link));
    ObCloseHandle(P, H, UserMode);
    RtlInitUnicodeString(&Name, BNO u"\\link");
    CHECK_STATUS(ObReferenceObjectByName(&Name, OBJ_OPENLINK, NULL, KernelMode, NULL, &Object),
                 STATUS_SUCCESS);
    CHECK(ObGetObjectType(Object) == ObSymbolicLinkObjectType);
    ObDereferenceObject(Object);
    CHECK_STATUS(ObReferenceObjectByName(&Name, 0, NULL, KernelMode, NULL, &Object),
                 STATUS_SUCCESS);
    CHECK(ObGetObjectType(Object) == ObDirectoryObjectType);
    ObDereferenceObject(Object);
    /* OBJ_OPENLINK does not stop intermediate links. */
    CHECK_STATUS(OpenEv(BNO u"\\link\\ev", OBJ_OPENLINK, NULL), STATUS_SUCCESS);

    /* Creating through a link lands in the target. */
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\link\\made", 0, NULL, UserMode, &H), STATUS_SUCCESS);
    CHECK(TestNameIs(P, H, BNO u"\\target\\made"));
    CHECK_STATUS(CreateEv(BNO u"\\target\\made", 0, NULL), STATUS_OBJECT_NAME_COLLISION);
    ObCloseHandle(P, H, UserMode);
    /* A name that already is a link: creating a link there collides... */
    CHECK_STATUS(TestCreateLink(P, BNO u"\\link", u"\\", 0, NULL, &H),
                 STATUS_OBJECT_NAME_COLLISION);
    /* ...and creating an event there finds what the link points to. */
    CHECK_STATUS(CreateEv(BNO u"\\link", OBJ_OPENIF, NULL), STATUS_OBJECT_TYPE_MISMATCH);

    /* A chain of links. */
    CHECK_STATUS(TestCreateLink(P, BNO u"\\link2", BNO u"\\link", 0, NULL, &Link2), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\link2\\ev", 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"\\DosDevices\\GLOBALROOT\\BaseNamedObjects\\link2\\ev", 0, NULL),
                 STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\link2\\ev", OBJ_DONT_REPARSE, NULL),
                 STATUS_REPARSE_POINT_ENCOUNTERED);

    /* Dangling and relative targets fail when followed, not when created. */
    CHECK_STATUS(TestCreateLink(P, BNO u"\\dangling", BNO u"\\nowhere", 0, NULL, &H),
                 STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\dangling", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_STATUS(OpenEv(BNO u"\\dangling\\x", 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    ObCloseHandle(P, H, UserMode);
    CHECK_STATUS(TestCreateLink(P, BNO u"\\relative", u"anywhere", 0, NULL, &H), STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(BNO u"\\relative\\x", 0, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ObCloseHandle(P, H, UserMode);

    /* Bad targets. */
    {
        OBJECT_ATTRIBUTES Oa;
        UNICODE_STRING String, Target = {0};

        InitOa(&Oa, &String, NULL, 0, NULL);
        CHECK_STATUS(ObCreateSymbolicLinkObject(P, 0, &Oa, &Target, UserMode, &H),
                     STATUS_INVALID_PARAMETER);
        RtlInitUnicodeString(&Target, u"\\x");
        Target.Length = 3;
        CHECK_STATUS(ObCreateSymbolicLinkObject(P, 0, &Oa, &Target, UserMode, &H),
                     STATUS_INVALID_PARAMETER);
        CHECK_STATUS(ObCreateSymbolicLinkObject(P, 0, &Oa, NULL, UserMode, &H),
                     STATUS_INVALID_PARAMETER);
    }

    ObCloseHandle(P, Link2, UserMode);
    ObCloseHandle(P, Link, UserMode);
    ObCloseHandle(P, Ev, UserMode);
    ObCloseHandle(P, Dir, UserMode);
    CHECK(!TestExists(BNO u"\\link"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* Loops end after OBP_MAX_REPARSE (32) reparses; 32 links in a row still work. */
static void test_symbolic_link_limits(void) {
    enum { Links = 40 };
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE A, B, Chain[Links], Ev;
    WCHAR Name[64], Target[64];
    ULONG i;

    CHECK_STATUS(TestCreateLink(P, BNO u"\\loopA", BNO u"\\loopB", 0, NULL, &A), STATUS_SUCCESS);
    CHECK_STATUS(TestCreateLink(P, BNO u"\\loopB", BNO u"\\loopA", 0, NULL, &B), STATUS_SUCCESS);
    CHECK_STATUS(OpenDir(BNO u"\\loopA", 0, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    CHECK_STATUS(OpenEv(BNO u"\\loopA\\x\\y", 0, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    CHECK_STATUS(CreateEv(BNO u"\\loopB\\x", 0, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    CHECK_STATUS(TestOpen(P, BNO u"\\loopA", 0, NULL, ObSymbolicLinkObjectType, 0, UserMode, &Ev),
                 STATUS_SUCCESS);
    ObCloseHandle(P, Ev, UserMode);
    ObCloseHandle(P, A, UserMode);
    ObCloseHandle(P, B, UserMode);

    /* chain0 -> chain1 -> ... -> chain39 -> BNO. */
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\chained", 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    for (i = 0; i < Links; i++) {
        memcpy(Name, BNO u"\\chain", 24 * sizeof(WCHAR));
        Name[23] = u'A' + i / 26;
        Name[24] = u'a' + i % 26;
        Name[25] = 0;
        memcpy(Target, Name, sizeof(Name));
        Target[23] = u'A' + (i + 1) / 26;
        Target[24] = u'a' + (i + 1) % 26;
        if (i == Links - 1)
            memcpy(Target, BNO, sizeof(BNO));
        CHECK_STATUS(TestCreateLink(P, Name, Target, 0, NULL, &Chain[i]), STATUS_SUCCESS);
    }
    /* Starting at link k takes Links - k reparses. */
    memcpy(Name, BNO u"\\chainBi\\chained", sizeof(BNO u"\\chainBi\\chained"));
    Name[23] = u'A' + (Links - 32) / 26; /* exactly 32 reparses */
    Name[24] = u'a' + (Links - 32) % 26;
    CHECK_STATUS(OpenEv(Name, 0, NULL), STATUS_SUCCESS);
    Name[23] = u'A' + (Links - 33) / 26; /* 33 */
    Name[24] = u'a' + (Links - 33) % 26;
    CHECK_STATUS(OpenEv(Name, 0, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    for (i = 0; i < Links; i++)
        ObCloseHandle(P, Chain[i], UserMode);
    ObCloseHandle(P, Ev, UserMode);

    /* A target plus the rest of the name must still fit a UNICODE_STRING. */
    {
        PWSTR Long = malloc(70000);
        ULONG j;

        memcpy(Long, BNO u"\\", 18 * sizeof(WCHAR));
        for (j = 18; j < 32740; j++)
            Long[j] = u'x';
        Long[j] = 0;
        CHECK_STATUS(TestCreateLink(P, BNO u"\\big", Long, 0, NULL, &A), STATUS_SUCCESS);
        CHECK_STATUS(OpenEv(BNO u"\\big\\some\\more\\components\\to\\overflow", 0, NULL),
                     STATUS_NAME_TOO_LONG);
        ObCloseHandle(P, A, UserMode);
        free(Long);
    }
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static void test_query_symbolic_link(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    static const WCHAR TargetText[] = BNO u"\\target";
    const ULONG Full = sizeof(TargetText); /* with the NUL */
    WCHAR Buffer[64];
    UNICODE_STRING Target;
    HANDLE Link, Weak, Ev;
    ULONG Returned;

    CHECK_STATUS(TestCreateLink(P, BNO u"\\qlink", TargetText, 0, NULL, &Link), STATUS_SUCCESS);
    Target.Buffer = Buffer;
    Target.Length = 0;

    memset(Buffer, 0xaa, sizeof(Buffer));
    Target.MaximumLength = sizeof(Buffer);
    Returned = 0xdeadbeef;
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Link, &Target, &Returned, UserMode), STATUS_SUCCESS);
    CHECK_EQ(Returned, Full);
    CHECK(TestStrEq(&Target, TargetText));
    CHECK_EQ(Buffer[Full / sizeof(WCHAR) - 1], 0);

    Target.MaximumLength = Full - sizeof(WCHAR);
    Returned = 0;
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Link, &Target, &Returned, UserMode),
                 STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Returned, Full);
    Target.MaximumLength = 0;
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Link, &Target, &Returned, UserMode),
                 STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Returned, Full);
    /* Without ReturnedLength the NUL is not needed. */
    Target.MaximumLength = Full - sizeof(WCHAR);
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Link, &Target, NULL, UserMode), STATUS_SUCCESS);
    CHECK_EQ(Target.Length, Full - sizeof(WCHAR));

    /* Access and type. */
    CHECK_STATUS(
        TestOpen(P, BNO u"\\qlink", 0, NULL, ObSymbolicLinkObjectType, DELETE, UserMode, &Weak),
        STATUS_SUCCESS);
    Target.MaximumLength = sizeof(Buffer);
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Weak, &Target, &Returned, UserMode),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Weak, &Target, &Returned, KernelMode),
                 STATUS_SUCCESS);
    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, Ev, &Target, &Returned, UserMode),
                 STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(ObQuerySymbolicLinkObject(P, (HANDLE)0x1234, &Target, &Returned, UserMode),
                 STATUS_INVALID_HANDLE);
    ObCloseHandle(P, Ev, UserMode);
    ObCloseHandle(P, Weak, UserMode);
    ObCloseHandle(P, Link, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Parse procedures ---------------------------------------------------- */

static void test_parse_procedure(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    OBJECT_ATTRIBUTES Oa;
    UNICODE_STRING Name;
    PVOID Device, Object;
    HANDLE Ev, Redirected, H;
    ULONG Calls;

    InitOa(&Oa, &Name, u"\\Device\\TestDev", OBJ_PERMANENT, NULL);
    CHECK_STATUS(ObCreateObject(KernelMode, TestDeviceType, &Oa, 0, &Device), STATUS_SUCCESS);
    CHECK_STATUS(ObInsertObject(Device, NULL, 0, &Device, NULL), STATUS_SUCCESS);
    CHECK_STATUS(TestCreateEvent(P, NULL, 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    TestDeviceTarget = TestObject(P, Ev);
    CHECK_STATUS(TestCreateEvent(P, BNO u"\\redirected", 0, NULL, UserMode, &Redirected),
                 STATUS_SUCCESS);

    /* The remaining name reaches the procedure, which returns an object... */
    Calls = TestParseCount;
    CHECK_STATUS(TestOpen(P, u"\\Device\\TestDev\\sub", 0, NULL, NULL, 0, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK_EQ(TestParseCount, Calls + 1);
    CHECK(TestStrEq(&(UNICODE_STRING){8, 8, TestParseRemaining}, u"\\sub"));
    CHECK(TestObject(P, H) == TestDeviceTarget);
    ObCloseHandle(P, H, UserMode);
    /* ...or a new name to start again from... */
    CHECK_STATUS(
        TestOpen(P, u"\\Device\\TestDev\\redirect", 0, NULL, TestEventType, 0, UserMode, &H),
        STATUS_SUCCESS);
    CHECK(TestObject(P, H) == TestObject(P, Redirected));
    ObCloseHandle(P, H, UserMode);
    /* ...or an error. */
    CHECK_STATUS(TestOpen(P, u"\\Device\\TestDev\\other", 0, NULL, NULL, 0, UserMode, &H),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    /* The last component is parsed too (empty remaining name)... */
    Calls = TestParseCount;
    CHECK_STATUS(TestOpen(P, u"\\Device\\TestDev", 0, NULL, NULL, 0, UserMode, &H), STATUS_SUCCESS);
    CHECK_EQ(TestParseCount, Calls + 1);
    CHECK_EQ(TestParseRemaining[0], 0);
    ObCloseHandle(P, H, UserMode);
    /* ...unless the caller asks for the object's own type. */
    RtlInitUnicodeString(&Name, u"\\Device\\TestDev");
    CHECK_STATUS(ObReferenceObjectByName(&Name, 0, TestDeviceType, KernelMode, NULL, &Object),
                 STATUS_SUCCESS);
    CHECK(Object == Device);
    CHECK_EQ(TestParseCount, Calls + 1);
    ObDereferenceObject(Object);
    /* Inserting never goes through a parse procedure other than a link's. */
    CHECK_STATUS(CreateEv(u"\\Device\\TestDev\\sub", 0, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_STATUS(CreateEv(u"\\Device\\TestDev", OBJ_OPENIF, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(TestParseCount, Calls + 1);
    /* A parse-capable object as the root of a relative name gets the whole name. */
    CHECK_STATUS(TestOpen(P, u"\\Device\\TestDev", 0, NULL, TestDeviceType, 0, UserMode, &H),
                 STATUS_SUCCESS);
    CHECK_STATUS(OpenEv(u"relative", 0, H), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK(TestStrEq(&(UNICODE_STRING){16, 16, TestParseRemaining}, u"relative"));
    CHECK_STATUS(CreateEv(u"relative", 0, H), STATUS_OBJECT_TYPE_MISMATCH);
    ObCloseHandle(P, H, UserMode);

    TestDeviceTarget = NULL;
    ObCloseHandle(P, Redirected, UserMode);
    ObCloseHandle(P, Ev, UserMode);
    ObMakeTemporaryObject(Device);
    ObDereferenceObject(Device);
    CHECK(!TestExists(u"\\Device\\TestDev"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Deep paths ---------------------------------------------------------- */

static void test_deep_paths(void) {
    enum { Depth = 200 };
    static WCHAR Path[16 + 4 * Depth + 8];
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE Dirs[Depth], Ev;
    size_t Length;
    ULONG i;

    memcpy(Path, BNO u"\\deep", 23 * sizeof(WCHAR));
    Length = 22;
    CHECK_STATUS(TestCreateDir(P, Path, 0, NULL, &Dirs[0]), STATUS_SUCCESS);
    for (i = 1; i < Depth; i++) {
        Path[Length++] = u'\\';
        Path[Length++] = u'0' + i / 100;
        Path[Length++] = u'0' + i / 10 % 10;
        Path[Length++] = u'0' + i % 10;
        Path[Length] = 0;
        CHECK_STATUS(TestCreateDir(P, Path, 0, NULL, &Dirs[i]), STATUS_SUCCESS);
    }
    memcpy(Path + Length, u"\\ev", 4 * sizeof(WCHAR));
    CHECK_STATUS(TestCreateEvent(P, Path, 0, NULL, UserMode, &Ev), STATUS_SUCCESS);
    CHECK(TestNameIs(P, Ev, Path));
    CHECK_STATUS(OpenEv(Path, 0, NULL), STATUS_SUCCESS);
    Path[Length - 1] = u'x'; /* a missing directory near the end */
    CHECK_STATUS(OpenEv(Path, 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_STATUS(OpenEv(u"199\\ev", 0, Dirs[Depth - 2]), STATUS_SUCCESS);
    ObCloseHandle(P, Ev, UserMode);
    for (i = Depth; i-- > 0;)
        ObCloseHandle(P, Dirs[i], UserMode);
    CHECK(!TestExists(BNO u"\\deep"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

/* ---- Directory enumeration ----------------------------------------------- */

typedef struct ENTRY_SEEN {
    PCWSTR Name, Type;
    ULONG Seen;
} ENTRY_SEEN;

static BOOLEAN MarkSeen(ENTRY_SEEN *Entries, ULONG Count, POBJECT_DIRECTORY_INFORMATION Info) {
    ULONG i;

    for (i = 0; i < Count; i++) {
        if (TestStrEq(&Info->Name, Entries[i].Name) &&
            TestStrEq(&Info->TypeName, Entries[i].Type)) {
            Entries[i].Seen++;
            return Info->Name.Buffer[Info->Name.Length / 2] == 0 &&
                   Info->TypeName.Buffer[Info->TypeName.Length / 2] == 0;
        }
    }
    return FALSE;
}

static void test_query_directory(void) {
    enum { Events = 50 };
    static ENTRY_SEEN Entries[Events + 2];
    static WCHAR Names[Events][8];
    static union {
        OBJECT_DIRECTORY_INFORMATION Info[1];
        UCHAR Bytes[8192];
    } Buffer;
    unsigned long Live = PoolStats.LiveBlocks;
    HANDLE Dir, Weak, Handles[Events + 2];
    ULONG i, Context, Length, Total, Needed;
    NTSTATUS Status;
    BOOLEAN Ok;

    CHECK_STATUS(TestCreateDir(P, BNO u"\\enum", 0, NULL, &Dir), STATUS_SUCCESS);
    Context = 77;
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, sizeof(Buffer), FALSE, TRUE, &Context,
                                        &Length, UserMode, (ULONG_PTR)&Buffer),
                 STATUS_NO_MORE_ENTRIES);
    for (i = 0; i < Events; i++) {
        Names[i][0] = u'e';
        Names[i][1] = u'0' + i / 10;
        Names[i][2] = u'0' + i % 10;
        Entries[i] = (ENTRY_SEEN){Names[i], u"TestEvent", 0};
        CHECK_STATUS(TestCreateEvent(P, Names[i], 0, Dir, UserMode, &Handles[i]), STATUS_SUCCESS);
    }
    Entries[Events] = (ENTRY_SEEN){u"sub", u"Directory", 0};
    CHECK_STATUS(TestCreateDir(P, u"sub", 0, Dir, &Handles[Events]), STATUS_SUCCESS);
    Entries[Events + 1] = (ENTRY_SEEN){u"ln", u"SymbolicLink", 0};
    CHECK_STATUS(TestCreateLink(P, u"ln", u"\\", 0, Dir, &Handles[Events + 1]), STATUS_SUCCESS);

    /* One at a time. */
    Context = 0;
    Ok = TRUE;
    for (i = 0; i < Events + 2; i++) {
        Status = ObQueryDirectoryObject(P, Dir, &Buffer, sizeof(Buffer), TRUE, i == 0, &Context,
                                        &Length, UserMode, (ULONG_PTR)&Buffer);
        Ok &= Status == STATUS_SUCCESS && Context == i + 1;
        Ok &= MarkSeen(Entries, Events + 2, &Buffer.Info[0]);
        Ok &= Buffer.Info[1].Name.Buffer == NULL && Buffer.Info[1].TypeName.Length == 0;
    }
    CHECK(Ok);
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, sizeof(Buffer), TRUE, FALSE, &Context,
                                        &Length, UserMode, (ULONG_PTR)&Buffer),
                 STATUS_NO_MORE_ENTRIES);
    for (i = 0; i < Events + 2; i++)
        CHECK_EQ(Entries[i].Seen, 1);

    /* All at once, with pointers relocated to where the caller sees the buffer. */
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, sizeof(Buffer), FALSE, TRUE, &Context,
                                        &Length, UserMode, 0x10000),
                 STATUS_SUCCESS);
    CHECK_EQ(Context, Events + 2);
    CHECK((ULONG_PTR)Buffer.Info[0].Name.Buffer >= 0x10000 + 53 * sizeof(Buffer.Info[0]));
    CHECK((ULONG_PTR)Buffer.Info[Events + 1].TypeName.Buffer < 0x10000 + Length);
    CHECK(Buffer.Info[Events + 2].Name.Length == 0 && Buffer.Info[Events + 2].Name.Buffer == NULL);

    /* In small pieces: STATUS_MORE_ENTRIES until the last piece. */
    for (i = 0; i < Events + 2; i++)
        Entries[i].Seen = 0;
    Context = 0;
    Total = 0;
    Ok = TRUE;
    do {
        Status = ObQueryDirectoryObject(P, Dir, &Buffer, 300, FALSE, FALSE, &Context, &Length,
                                        UserMode, (ULONG_PTR)&Buffer);
        Ok &= Length <= 300 && (Status == STATUS_MORE_ENTRIES || Status == STATUS_SUCCESS);
        for (i = 0; Buffer.Info[i].Name.Length != 0; i++, Total++)
            Ok &= MarkSeen(Entries, Events + 2, &Buffer.Info[i]);
    } while (Status == STATUS_MORE_ENTRIES && Total < 1000);
    CHECK(Ok);
    CHECK_STATUS(Status, STATUS_SUCCESS);
    CHECK_EQ(Total, Events + 2);
    for (i = 0; i < Events + 2; i++)
        CHECK_EQ(Entries[i].Seen, 1);

    /* Too small for one entry: the size it needs. */
    Context = 0;
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, 40, TRUE, FALSE, &Context, &Needed,
                                        UserMode, (ULONG_PTR)&Buffer),
                 STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Context, 0);
    CHECK(Needed > 2 * sizeof(OBJECT_DIRECTORY_INFORMATION));
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, Needed - 1, TRUE, FALSE, &Context, &Length,
                                        UserMode, (ULONG_PTR)&Buffer),
                 STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, Needed, TRUE, FALSE, &Context, &Length,
                                        UserMode, (ULONG_PTR)&Buffer),
                 STATUS_SUCCESS);
    CHECK_EQ(Length, Needed);

    /* DIRECTORY_QUERY is needed from user mode. */
    CHECK_STATUS(TestOpen(P, BNO u"\\enum", 0, NULL, ObDirectoryObjectType, DIRECTORY_TRAVERSE,
                          UserMode, &Weak),
                 STATUS_SUCCESS);
    CHECK_STATUS(ObQueryDirectoryObject(P, Weak, &Buffer, sizeof(Buffer), FALSE, TRUE, &Context,
                                        &Length, UserMode, (ULONG_PTR)&Buffer),
                 STATUS_ACCESS_DENIED);
    CHECK_STATUS(ObQueryDirectoryObject(P, Handles[0], &Buffer, sizeof(Buffer), FALSE, TRUE,
                                        &Context, &Length, UserMode, (ULONG_PTR)&Buffer),
                 STATUS_OBJECT_TYPE_MISMATCH);
    ObCloseHandle(P, Weak, UserMode);

    for (i = 0; i < Events + 2; i++)
        ObCloseHandle(P, Handles[i], UserMode);
    CHECK_STATUS(ObQueryDirectoryObject(P, Dir, &Buffer, sizeof(Buffer), FALSE, TRUE, &Context,
                                        &Length, UserMode, (ULONG_PTR)&Buffer),
                 STATUS_NO_MORE_ENTRIES);
    ObCloseHandle(P, Dir, UserMode);
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_name_syntax),
    HARNESS_TEST(test_attribute_validation),
    HARNESS_TEST(test_root_directory),
    HARNESS_TEST(test_collisions),
    HARNESS_TEST(test_case),
    HARNESS_TEST(test_symbolic_links),
    HARNESS_TEST(test_symbolic_link_limits),
    HARNESS_TEST(test_query_symbolic_link),
    HARNESS_TEST(test_parse_procedure),
    HARNESS_TEST(test_deep_paths),
    HARNESS_TEST(test_query_directory),
};

int main(void) {
    HANDLE H;

    TestInit();
    P = TestProcess();
    /* Let the table grow once, so tests can compare pool counts. */
    TestCreateEvent(P, NULL, 0, NULL, UserMode, &H);
    ObCloseHandle(P, H, UserMode);
    return harness_run(tests, HARNESS_COUNT(tests));
}
