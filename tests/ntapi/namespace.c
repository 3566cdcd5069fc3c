/*
 * namespace.c — the object namespace: directory objects (create, open,
 * enumerate, lifetime of temporary names), symbolic links (create, open,
 * query with too-small buffers, reparse through a link in a path), name
 * lookup rules (case sensitivity, OBJ_OPENIF, collisions, bad syntax,
 * missing path components, wrong type) and bad pointers in
 * OBJECT_ATTRIBUTES.
 *
 * Every test works under its own directory, \BaseNamedObjects\NtapiNs-<pid>
 * (Scratch below), created without OBJ_PERMANENT so that closing the last
 * handle removes it and everything under it that nobody holds.
 */
#include "ntapi_test.h"

typedef struct _SCRATCH {
    WCHAR NameBuffer[64];
    UNICODE_STRING Name; /* its full path */
    HANDLE Handle;
} SCRATCH;

static BOOLEAN OpenScratch(SCRATCH *Scratch) {
    OBJECT_ATTRIBUTES Attributes;

    NtapiUniqueName(&Scratch->Name, Scratch->NameBuffer, RTL_NUMBER_OF(Scratch->NameBuffer),
                    "\\BaseNamedObjects\\NtapiNs");
    InitializeObjectAttributes(&Attributes, &Scratch->Name, 0, NULL, NULL);
    return CHECK_STATUS(
        NtCreateDirectoryObject(&Scratch->Handle, DIRECTORY_ALL_ACCESS, &Attributes),
        STATUS_SUCCESS);
}

/* Creates (Create) or opens a directory Name relative to Root. */
static NTSTATUS Directory(BOOLEAN Create, HANDLE Root, PCWSTR Name, ULONG Flags, PHANDLE Out) {
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, Flags, Root, NULL);
    if (Create)
        return NtCreateDirectoryObject(Out, DIRECTORY_ALL_ACCESS, &Attributes);
    return NtOpenDirectoryObject(Out, DIRECTORY_ALL_ACCESS, &Attributes);
}

static VOID TestUnnamedDirectory(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    UCHAR Buffer[sizeof(OBJECT_TYPE_INFORMATION) + 64];
    POBJECT_TYPE_INFORMATION Type = (POBJECT_TYPE_INFORMATION)Buffer;
    HANDLE Handle;

    InitializeObjectAttributes(&Attributes, NULL, 0, NULL, NULL);
    if (!CHECK_STATUS(NtCreateDirectoryObject(&Handle, DIRECTORY_ALL_ACCESS, &Attributes),
                      STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtQueryObject(Handle, ObjectTypeInformation, Type, sizeof(Buffer), NULL),
                     STATUS_SUCCESS))
        CHECK(NtapiEqualsAscii(&Type->TypeName, "Directory"));
    NtClose(Handle);
}

static VOID TestCreateOpenRelative(VOID) {
    SCRATCH Scratch;
    HANDLE Child, Opened, Again;

    if (!OpenScratch(&Scratch))
        return;
    if (CHECK_STATUS(Directory(TRUE, Scratch.Handle, u"Child", 0, &Child), STATUS_SUCCESS)) {
        CHECK_STATUS(Directory(FALSE, Scratch.Handle, u"Child", 0, &Opened), STATUS_SUCCESS);
        NtClose(Opened);
        CHECK_STATUS(Directory(TRUE, Scratch.Handle, u"Child", 0, &Again),
                     STATUS_OBJECT_NAME_COLLISION);
        if (CHECK_STATUS(Directory(TRUE, Scratch.Handle, u"Child", OBJ_OPENIF, &Again),
                         STATUS_OBJECT_NAME_EXISTS))
            NtClose(Again);
        NtClose(Child);
    }
    CHECK_STATUS(Directory(FALSE, Scratch.Handle, u"Missing", 0, &Opened),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    NtClose(Scratch.Handle);
}

static VOID TestCaseSensitivity(VOID) {
    SCRATCH Scratch;
    HANDLE Child, Opened;

    if (!OpenScratch(&Scratch))
        return;
    if (CHECK_STATUS(Directory(TRUE, Scratch.Handle, u"MixedCase", 0, &Child), STATUS_SUCCESS)) {
        if (CHECK_STATUS(
                Directory(FALSE, Scratch.Handle, u"MIXEDCASE", OBJ_CASE_INSENSITIVE, &Opened),
                STATUS_SUCCESS))
            NtClose(Opened);
        CHECK_STATUS(Directory(FALSE, Scratch.Handle, u"MIXEDCASE", 0, &Opened),
                     STATUS_OBJECT_NAME_NOT_FOUND);
        NtClose(Child);
    }
    NtClose(Scratch.Handle);
}

static VOID TestTemporaryNameGoesAway(VOID) {
    SCRATCH Scratch;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Opened;

    if (!OpenScratch(&Scratch))
        return;
    CHECK_STATUS(NtMakeTemporaryObject(Scratch.Handle), STATUS_SUCCESS); /* already temporary */
    NtClose(Scratch.Handle);
    InitializeObjectAttributes(&Attributes, &Scratch.Name, 0, NULL, NULL);
    CHECK_STATUS(NtOpenDirectoryObject(&Opened, DIRECTORY_QUERY, &Attributes),
                 STATUS_OBJECT_NAME_NOT_FOUND);
}

static VOID TestNameSyntax(VOID) {
    SCRATCH Scratch;
    HANDLE Handle;
    UNICODE_STRING Odd;
    OBJECT_ATTRIBUTES Attributes;
    WCHAR Path[96];
    ULONG Index, Chars;
    static const char Tail[] = "\\NoSuchDir\\Leaf";

    CHECK_STATUS(Directory(FALSE, NULL, u"NotRooted", 0, &Handle), STATUS_OBJECT_PATH_SYNTAX_BAD);
    if (!OpenScratch(&Scratch))
        return;
    /* A missing directory in the middle of the path. */
    Chars = Scratch.Name.Length / sizeof(WCHAR);
    for (Index = 0; Index < Chars; Index++)
        Path[Index] = Scratch.Name.Buffer[Index];
    for (Index = 0; Tail[Index] != '\0'; Index++)
        Path[Chars + Index] = (UCHAR)Tail[Index];
    Path[Chars + Index] = UNICODE_NULL;
    CHECK_STATUS(Directory(FALSE, NULL, Path, 0, &Handle), STATUS_OBJECT_PATH_NOT_FOUND);
    /* A name whose length is not a whole number of WCHARs. */
    RtlInitUnicodeString(&Odd, u"Odd");
    Odd.Length = 5;
    InitializeObjectAttributes(&Attributes, &Odd, 0, Scratch.Handle, NULL);
    CHECK_STATUS(NtCreateDirectoryObject(&Handle, DIRECTORY_ALL_ACCESS, &Attributes),
                 STATUS_OBJECT_NAME_INVALID);
    NtClose(Scratch.Handle);
}

static VOID TestWrongType(VOID) {
    SCRATCH Scratch;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"AnEvent");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Event, Handle;

    if (!OpenScratch(&Scratch))
        return;
    InitializeObjectAttributes(&Attributes, &Name, 0, Scratch.Handle, NULL);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtOpenDirectoryObject(&Handle, DIRECTORY_QUERY, &Attributes),
                     STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(NtOpenSymbolicLinkObject(&Handle, SYMBOLIC_LINK_QUERY, &Attributes),
                     STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
    NtClose(Scratch.Handle);
}

static VOID TestBadAttributes(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"\\BaseNamedObjects");
    UNICODE_STRING Wild;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;

    CHECK_STATUS(
        NtOpenDirectoryObject(&Handle, DIRECTORY_QUERY, (POBJECT_ATTRIBUTES)NTAPI_KERNEL_POINTER),
        STATUS_ACCESS_VIOLATION);
    InitializeObjectAttributes(&Attributes, (PUNICODE_STRING)NTAPI_KERNEL_POINTER, 0, NULL, NULL);
    CHECK_STATUS(NtOpenDirectoryObject(&Handle, DIRECTORY_QUERY, &Attributes),
                 STATUS_ACCESS_VIOLATION);
    Wild.Buffer = (PWSTR)NTAPI_KERNEL_POINTER;
    Wild.Length = Wild.MaximumLength = 8;
    InitializeObjectAttributes(&Attributes, &Wild, 0, NULL, NULL);
    CHECK_STATUS(NtOpenDirectoryObject(&Handle, DIRECTORY_QUERY, &Attributes),
                 STATUS_ACCESS_VIOLATION);
    InitializeObjectAttributes(&Attributes, &Name, 0, NULL, NULL);
    CHECK_STATUS(NtOpenDirectoryObject((PHANDLE)NTAPI_KERNEL_POINTER, DIRECTORY_QUERY, &Attributes),
                 STATUS_ACCESS_VIOLATION);
    Attributes.Length = sizeof(Attributes) + 8;
    CHECK_STATUS(NtOpenDirectoryObject(&Handle, DIRECTORY_QUERY, &Attributes),
                 STATUS_INVALID_PARAMETER);
}

static VOID TestSymbolicLinkQuery(VOID) {
    SCRATCH Scratch;
    UNICODE_STRING LinkName = RTL_CONSTANT_STRING(u"Link");
    UNICODE_STRING Target = RTL_CONSTANT_STRING(u"\\Somewhere\\Else");
    UNICODE_STRING Result;
    OBJECT_ATTRIBUTES Attributes;
    WCHAR Buffer[32];
    ULONG Returned = 0;
    HANDLE Link, Opened;

    if (!OpenScratch(&Scratch))
        return;
    InitializeObjectAttributes(&Attributes, &LinkName, 0, Scratch.Handle, NULL);
    if (!CHECK_STATUS(
            NtCreateSymbolicLinkObject(&Link, SYMBOLIC_LINK_ALL_ACCESS, &Attributes, &Target),
            STATUS_SUCCESS)) {
        NtClose(Scratch.Handle);
        return;
    }
    Result.Buffer = Buffer;
    Result.Length = 0;
    Result.MaximumLength = sizeof(Buffer);
    CHECK_STATUS(NtQuerySymbolicLinkObject(Link, &Result, &Returned), STATUS_SUCCESS);
    CHECK(RtlEqualUnicodeString(&Result, &Target, FALSE));
    CHECK_EQ(Returned, Target.Length + sizeof(WCHAR));
    /* Too small: refused with the length needed. */
    Result.MaximumLength = Target.Length - sizeof(WCHAR);
    Returned = 0;
    CHECK_STATUS(NtQuerySymbolicLinkObject(Link, &Result, &Returned), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Returned, Target.Length + sizeof(WCHAR));
    /* Opening the name opens the link itself, not its (missing) target. */
    if (CHECK_STATUS(NtOpenSymbolicLinkObject(&Opened, SYMBOLIC_LINK_QUERY, &Attributes),
                     STATUS_SUCCESS))
        NtClose(Opened);
    NtClose(Link);
    NtClose(Scratch.Handle);
}

/* \...\NtapiNs-<pid>\Alias -> \...\NtapiNs-<pid>\Target: paths through Alias
 * reparse into Target. */
static VOID TestSymbolicLinkReparse(VOID) {
    SCRATCH Scratch;
    UNICODE_STRING AliasName = RTL_CONSTANT_STRING(u"Alias");
    UNICODE_STRING TargetPath, EventName = RTL_CONSTANT_STRING(u"Alias\\Event");
    OBJECT_ATTRIBUTES Attributes;
    WCHAR Buffer[96];
    HANDLE Target, Link, Event, Opened;
    LARGE_INTEGER Zero;

    if (!OpenScratch(&Scratch))
        return;
    TargetPath.Buffer = Buffer;
    TargetPath.Length = 0;
    TargetPath.MaximumLength = sizeof(Buffer);
    RtlAppendUnicodeStringToString(&TargetPath, &Scratch.Name);
    RtlAppendUnicodeToString(&TargetPath, u"\\Target");
    if (!CHECK_STATUS(Directory(TRUE, Scratch.Handle, u"Target", 0, &Target), STATUS_SUCCESS))
        goto CloseScratch;
    InitializeObjectAttributes(&Attributes, &AliasName, 0, Scratch.Handle, NULL);
    if (!CHECK_STATUS(
            NtCreateSymbolicLinkObject(&Link, SYMBOLIC_LINK_ALL_ACCESS, &Attributes, &TargetPath),
            STATUS_SUCCESS))
        goto CloseTarget;
    /* Create through the link, then find the event in the real directory. */
    InitializeObjectAttributes(&Attributes, &EventName, 0, Scratch.Handle, NULL);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, TRUE),
                     STATUS_SUCCESS)) {
        UNICODE_STRING Direct = RTL_CONSTANT_STRING(u"Event");

        InitializeObjectAttributes(&Attributes, &Direct, 0, Target, NULL);
        if (CHECK_STATUS(NtOpenEvent(&Opened, EVENT_ALL_ACCESS, &Attributes), STATUS_SUCCESS)) {
            Zero.QuadPart = 0;
            CHECK_STATUS(NtWaitForSingleObject(Opened, FALSE, &Zero), STATUS_SUCCESS);
            NtClose(Opened);
        }
        NtClose(Event);
    }
    /* Opening the link's name as a directory follows it. */
    if (CHECK_STATUS(Directory(FALSE, Scratch.Handle, u"Alias", 0, &Opened), STATUS_SUCCESS))
        NtClose(Opened);
    NtClose(Link);
CloseTarget:
    NtClose(Target);
CloseScratch:
    NtClose(Scratch.Handle);
}

/* Enumerates Directory one entry at a time; sets bit 0 for "Target"
 * (a Directory) and bit 1 for "Alias" (a SymbolicLink), counts entries. */
static ULONG Enumerate(HANDLE Directory, PULONG Seen) {
    UCHAR Buffer[512];
    POBJECT_DIRECTORY_INFORMATION Entry = (POBJECT_DIRECTORY_INFORMATION)Buffer;
    ULONG Context = 0, Count = 0, Length;
    NTSTATUS Status;
    BOOLEAN Restart = TRUE;

    *Seen = 0;
    while ((Status = NtQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), TRUE, Restart,
                                            &Context, &Length)) == STATUS_SUCCESS) {
        Restart = FALSE;
        Count++;
        if (NtapiEqualsAscii(&Entry->Name, "Target") &&
            NtapiEqualsAscii(&Entry->TypeName, "Directory"))
            *Seen |= 1;
        if (NtapiEqualsAscii(&Entry->Name, "Alias") &&
            NtapiEqualsAscii(&Entry->TypeName, "SymbolicLink"))
            *Seen |= 2;
        if (Count > 16)
            break;
    }
    CHECK_STATUS(Status, STATUS_NO_MORE_ENTRIES);
    return Count;
}

static VOID TestQueryDirectory(VOID) {
    SCRATCH Scratch;
    UNICODE_STRING AliasName = RTL_CONSTANT_STRING(u"Alias");
    UNICODE_STRING Nowhere = RTL_CONSTANT_STRING(u"\\Nowhere");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Target, Link;
    ULONG Seen = 0, Context = 0, Length = 0;
    UCHAR Tiny[8];

    if (!OpenScratch(&Scratch))
        return;
    CHECK_STATUS(
        NtQueryDirectoryObject(Scratch.Handle, Tiny, sizeof(Tiny), TRUE, TRUE, &Context, &Length),
        STATUS_NO_MORE_ENTRIES); /* empty */
    if (CHECK_STATUS(Directory(TRUE, Scratch.Handle, u"Target", 0, &Target), STATUS_SUCCESS)) {
        InitializeObjectAttributes(&Attributes, &AliasName, 0, Scratch.Handle, NULL);
        if (CHECK_STATUS(
                NtCreateSymbolicLinkObject(&Link, SYMBOLIC_LINK_ALL_ACCESS, &Attributes, &Nowhere),
                STATUS_SUCCESS)) {
            CHECK_EQ(Enumerate(Scratch.Handle, &Seen), 2);
            CHECK_EQ(Seen, 3);
            Context = 0;
            Length = 0;
            CHECK_STATUS(NtQueryDirectoryObject(Scratch.Handle, Tiny, sizeof(Tiny), TRUE, TRUE,
                                                &Context, &Length),
                         STATUS_BUFFER_TOO_SMALL);
            CHECK(Length > sizeof(OBJECT_DIRECTORY_INFORMATION));
            NtClose(Link);
        }
        NtClose(Target);
    }
    NtClose(Scratch.Handle);
}

static VOID TestQueryDirectoryName(VOID) {
    SCRATCH Scratch;
    UCHAR Buffer[256];
    POBJECT_NAME_INFORMATION Info = (POBJECT_NAME_INFORMATION)Buffer;
    ULONG Length = 0;

    if (!OpenScratch(&Scratch))
        return;
    CHECK_STATUS(
        NtQueryObject(Scratch.Handle, ObjectNameInformation, Info, sizeof(Buffer), &Length),
        STATUS_SUCCESS);
    CHECK(RtlEqualUnicodeString(&Info->Name, &Scratch.Name, TRUE));
    NtClose(Scratch.Handle);
}

const CHAR NtapiFamily[] = "namespace";
const NTAPI_TEST NtapiTests[] = {
    {"unnamed-directory", TestUnnamedDirectory, 0},
    {"create-open-relative", TestCreateOpenRelative, 0},
    {"case-sensitivity", TestCaseSensitivity, 0},
    {"temporary-name-goes-away", TestTemporaryNameGoesAway, 0},
    {"name-syntax", TestNameSyntax, 0},
    {"wrong-type", TestWrongType, 0},
    {"bad-attributes", TestBadAttributes, 0},
    {"symbolic-link-query", TestSymbolicLinkQuery, 0},
    {"symbolic-link-reparse", TestSymbolicLinkReparse, 0},
    {"query-directory", TestQueryDirectory, 0},
    {"query-directory-name", TestQueryDirectoryName, 0},
    {NULL, NULL, 0},
};
