/*
 * file.c — files: NtCreateFile, NtOpenFile, NtReadFile, NtWriteFile,
 * NtQueryInformationFile, NtSetInformationFile, NtQueryAttributesFile,
 * NtQueryFullAttributesFile, NtQueryDirectoryFile, and sections made from
 * files (NtCreateSection with a FileHandle, SEC_IMAGE or data).
 *
 * The files are next to the test programs: filedata.txt (120 lines of
 * "line NNNN of the Neptune OS file test data\n", 5160 bytes), empty.dat
 * (0 bytes), and this program itself.  On Neptune they are in the boot
 * archive, which the boot volume shows as C:\Boot; under Wine they are in
 * OUT/tests/ntapi.  Everything is opened for reading only, so the same
 * tests run on both; what only a read-only volume can show (refused
 * writes) and Neptune's own names are marked.
 */
#include "ntapi_test.h"

#define DATA_SIZE 5160
#define LINE_LENGTH 43

static WCHAR PathBuffer[400];

/* "\??\<test directory>\<Name>" in PathBuffer. */
static PUNICODE_STRING TestPath(PCWSTR Name) {
    static UNICODE_STRING Path;
    static const WCHAR Prefix[] = u"\\??\\";
    PCWSTR Directory;
    ULONG Chars = NtapiTestDirectory(&Directory), Length = 0;

    for (ULONG i = 0; Prefix[i] != 0; i++)
        PathBuffer[Length++] = Prefix[i];
    for (ULONG i = 0; i < Chars && Length < 300; i++)
        PathBuffer[Length++] = Directory[i];
    if (Name[0] != 0)
        PathBuffer[Length++] = '\\';
    for (ULONG i = 0; Name[i] != 0 && Length + 1 < RTL_NUMBER_OF(PathBuffer); i++)
        PathBuffer[Length++] = Name[i];
    PathBuffer[Length] = 0;
    RtlInitUnicodeString(&Path, PathBuffer);
    return &Path;
}

static NTSTATUS OpenPath(PHANDLE File, PUNICODE_STRING Path, ACCESS_MASK Access, ULONG Share, ULONG Options) {
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;

    *File = NULL;
    InitializeObjectAttributes(&Attributes, Path, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtOpenFile(File, Access, &Attributes, &Io, Share, Options);
}

#define SYNC_READ (FILE_READ_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE)
#define SYNC_OPTIONS (FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)

static HANDLE OpenData(VOID) {
    HANDLE File;

    if (!CHECK_STATUS(OpenPath(&File, TestPath(u"filedata.txt"), SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS),
                      STATUS_SUCCESS))
        return NULL;
    return File;
}

/* What filedata.txt holds at Offset. */
static CHAR Expected(ULONG Offset) {
    static const char Text[] = "line 0000 of the Neptune OS file test data\n";
    ULONG Line = Offset / LINE_LENGTH + 1, Column = Offset % LINE_LENGTH;

    if (Column >= 5 && Column < 9) {
        ULONG Digit = 8 - Column, Value = Line;
        while (Digit--)
            Value /= 10;
        return (CHAR)('0' + Value % 10);
    }
    return Text[Column];
}

static BOOLEAN MatchesData(const UCHAR *Bytes, ULONG Offset, ULONG Length) {
    for (ULONG i = 0; i < Length; i++)
        if (Bytes[i] != (UCHAR)Expected(Offset + i))
            return FALSE;
    return TRUE;
}

/* ---- Opening and reading ------------------------------------------------------------------ */

static VOID TestOpenAndRead(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    UCHAR Buffer[64];
    LARGE_INTEGER Offset;
    FILE_POSITION_INFORMATION Position;
    HANDLE File;

    InitializeObjectAttributes(&Attributes, TestPath(u"filedata.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    Io.Information = 77;
    if (!CHECK_STATUS(NtOpenFile(&File, SYNC_READ, &Attributes, &Io, FILE_SHARE_READ, SYNC_OPTIONS),
                      STATUS_SUCCESS))
        return;
    CHECK_EQ(Io.Status, STATUS_SUCCESS);
    CHECK_EQ(Io.Information, FILE_OPENED);
    /* From the file position, which moves. */
    if (CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 16, NULL, NULL), STATUS_SUCCESS)) {
        CHECK_EQ(Io.Information, 16);
        CHECK(MatchesData(Buffer, 0, 16));
    }
    if (CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 16, NULL, NULL), STATUS_SUCCESS))
        CHECK(MatchesData(Buffer, 16, 16));
    /* At an offset, which moves the position too (synchronous handle). */
    Offset.QuadPart = 4090; /* across a page boundary of the file */
    if (CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 64, &Offset, NULL), STATUS_SUCCESS)) {
        CHECK_EQ(Io.Information, 64);
        CHECK(MatchesData(Buffer, 4090, 64));
    }
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Position, sizeof(Position), FilePositionInformation),
                     STATUS_SUCCESS)) {
        CHECK_EQ(Position.CurrentByteOffset.QuadPart, 4090 + 64);
        CHECK_EQ(Io.Information, sizeof(Position));
    }
    /* The position can be set. */
    Position.CurrentByteOffset.QuadPart = LINE_LENGTH * 9;
    CHECK_STATUS(NtSetInformationFile(File, &Io, &Position, sizeof(Position), FilePositionInformation),
                 STATUS_SUCCESS);
    if (CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 9, NULL, NULL), STATUS_SUCCESS))
        CHECK(MatchesData(Buffer, LINE_LENGTH * 9, 9) && Buffer[8] == '0' && Buffer[7] == '1');
    Position.CurrentByteOffset.QuadPart = -5;
    CHECK_STATUS(NtSetInformationFile(File, &Io, &Position, sizeof(Position), FilePositionInformation),
                 STATUS_INVALID_PARAMETER);
    NtClose(File);
}

static VOID TestReadAtEnd(VOID) {
    HANDLE File = OpenData();
    IO_STATUS_BLOCK Io;
    UCHAR Buffer[100];
    LARGE_INTEGER Offset;

    if (File == NULL)
        return;
    Offset.QuadPart = DATA_SIZE - 4;
    if (CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer), &Offset, NULL),
                     STATUS_SUCCESS)) {
        CHECK_EQ(Io.Information, 4);
        CHECK(MatchesData(Buffer, DATA_SIZE - 4, 4));
    }
    CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer), NULL, NULL), STATUS_END_OF_FILE);
    Offset.QuadPart = DATA_SIZE + 1000;
    CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer), &Offset, NULL),
                 STATUS_END_OF_FILE);
    NtClose(File);
}

static VOID TestMissingFiles(VOID) {
    HANDLE File;

    CHECK_STATUS(OpenPath(&File, TestPath(u"nosuchfile.txt"), SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_STATUS(OpenPath(&File, TestPath(u"nosuchdir\\file.txt"), SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK(File == NULL);
}

static VOID TestDirectories(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    UNICODE_STRING Relative = RTL_CONSTANT_STRING(u"filedata.txt");
    HANDLE Directory, File;
    UCHAR Buffer[16];

    if (!CHECK_STATUS(OpenPath(&Directory, TestPath(u""), FILE_LIST_DIRECTORY | SYNCHRONIZE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE,
                               FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(OpenPath(&File, TestPath(u""), SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS),
                 STATUS_FILE_IS_A_DIRECTORY);
    CHECK_STATUS(OpenPath(&File, TestPath(u"filedata.txt"), SYNC_READ, FILE_SHARE_READ,
                          FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
                 STATUS_NOT_A_DIRECTORY);
    /* A name relative to the directory's handle. */
    InitializeObjectAttributes(&Attributes, &Relative, OBJ_CASE_INSENSITIVE, Directory, NULL);
    if (CHECK_STATUS(NtOpenFile(&File, SYNC_READ, &Attributes, &Io, FILE_SHARE_READ, SYNC_OPTIONS),
                     STATUS_SUCCESS)) {
        if (CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 9, NULL, NULL), STATUS_SUCCESS))
            CHECK(MatchesData(Buffer, 0, 9));
        NtClose(File);
    }
    NtClose(Directory);
}

static VOID TestQueryInformation(VOID) {
    HANDLE File = OpenData();
    IO_STATUS_BLOCK Io;
    FILE_STANDARD_INFORMATION Standard;
    FILE_BASIC_INFORMATION Basic;
    FILE_ACCESS_INFORMATION Access;
    union {
        FILE_NAME_INFORMATION Name;
        UCHAR Bytes[600];
    } Name;
    union {
        FILE_ALL_INFORMATION All;
        UCHAR Bytes[700];
    } All;
    static const WCHAR Tail[] = u"\\filedata.txt";
    ULONG TailChars = RTL_NUMBER_OF(Tail) - 1;

    if (File == NULL)
        return;
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Standard, sizeof(Standard), FileStandardInformation),
                     STATUS_SUCCESS)) {
        CHECK_EQ(Standard.EndOfFile.QuadPart, DATA_SIZE);
        CHECK(Standard.AllocationSize.QuadPart >= DATA_SIZE);
        CHECK(!Standard.Directory && !Standard.DeletePending && Standard.NumberOfLinks >= 1);
        CHECK_EQ(Io.Information, sizeof(Standard));
    }
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Basic, sizeof(Basic), FileBasicInformation),
                     STATUS_SUCCESS)) {
        CHECK(!(Basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY));
        CHECK(Basic.LastWriteTime.QuadPart > 0);
    }
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Access, sizeof(Access), FileAccessInformation),
                     STATUS_SUCCESS))
        CHECK_EQ(Access.AccessFlags & SYNC_READ, SYNC_READ);
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Name, sizeof(Name), FileNameInformation),
                     STATUS_SUCCESS)) {
        ULONG Chars = Name.Name.FileNameLength / sizeof(WCHAR);
        BOOLEAN Same = Chars >= TailChars;
        for (ULONG i = 0; Same && i < TailChars; i++)
            Same = (Name.Name.FileName[Chars - TailChars + i] | 0x20) == (Tail[i] | 0x20);
        CHECK(Same);
        CHECK(Name.Name.FileName[0] == '\\'); /* relative to the volume, no device or drive */
        CHECK_EQ(Io.Information, FIELD_OFFSET(FILE_NAME_INFORMATION, FileName) + Name.Name.FileNameLength);
    }
    /* A name that does not fit: cut, with the whole length. */
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Name, sizeof(FILE_NAME_INFORMATION), FileNameInformation),
                     STATUS_BUFFER_OVERFLOW))
        CHECK(Name.Name.FileNameLength > 2 * sizeof(WCHAR));
    if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &All, sizeof(All), FileAllInformation), STATUS_SUCCESS)) {
        CHECK_EQ(All.All.StandardInformation.EndOfFile.QuadPart, DATA_SIZE);
        CHECK_EQ(All.All.NameInformation.FileNameLength, Name.Name.FileNameLength);
    }
    CHECK_STATUS(NtQueryInformationFile(File, &Io, &Standard, sizeof(Standard) - 1, FileStandardInformation),
                 STATUS_INFO_LENGTH_MISMATCH);
    CHECK_STATUS(NtQueryInformationFile(File, &Io, &Standard, sizeof(Standard), (FILE_INFORMATION_CLASS)0),
                 STATUS_INVALID_INFO_CLASS);
    CHECK_STATUS(NtQueryInformationFile(File, &Io, &Standard, sizeof(Standard), (FILE_INFORMATION_CLASS)200),
                 STATUS_INVALID_INFO_CLASS);
    NtClose(File);
}

static VOID TestQueryAttributes(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    FILE_BASIC_INFORMATION Basic;
    FILE_NETWORK_OPEN_INFORMATION Full;

    InitializeObjectAttributes(&Attributes, TestPath(u"filedata.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (CHECK_STATUS(NtQueryAttributesFile(&Attributes, &Basic), STATUS_SUCCESS))
        CHECK(!(Basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY));
    if (CHECK_STATUS(NtQueryFullAttributesFile(&Attributes, &Full), STATUS_SUCCESS)) {
        CHECK_EQ(Full.EndOfFile.QuadPart, DATA_SIZE);
        CHECK_EQ(Full.LastWriteTime.QuadPart, Basic.LastWriteTime.QuadPart);
    }
    CHECK_STATUS(NtQueryAttributesFile(&Attributes, NTAPI_KERNEL_POINTER), STATUS_ACCESS_VIOLATION);
    InitializeObjectAttributes(&Attributes, TestPath(u""), OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (CHECK_STATUS(NtQueryAttributesFile(&Attributes, &Basic), STATUS_SUCCESS))
        CHECK(Basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY);
    InitializeObjectAttributes(&Attributes, TestPath(u"nosuchfile.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    CHECK_STATUS(NtQueryAttributesFile(&Attributes, &Basic), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* ---- Refusals ----------------------------------------------------------------------------- */

/* Windows refuses these before looking at the name; Wine opens the file
 * (a handle we then close, so that later tests see no stray opener). */
static VOID CheckRefused(NTSTATUS Status, HANDLE File, ULONG Line) {
    if (!NtapiCheckStatus(Status, STATUS_INVALID_PARAMETER, "create parameters", __FILE__, Line) &&
        NT_SUCCESS(Status))
        NtClose(File);
}

static VOID TestBadParameters(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    HANDLE File = NULL;

    InitializeObjectAttributes(&Attributes, TestPath(u"filedata.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    /* Synchronous I/O needs SYNCHRONIZE. */
    CheckRefused(NtOpenFile(&File, FILE_READ_DATA, &Attributes, &Io, FILE_SHARE_READ, SYNC_OPTIONS), File,
                 __LINE__);
    CheckRefused(NtOpenFile(&File, SYNC_READ, &Attributes, &Io, FILE_SHARE_READ,
                            FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT),
                 File, __LINE__);
    CheckRefused(NtOpenFile(&File, SYNC_READ, &Attributes, &Io, FILE_SHARE_READ,
                            FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE),
                 File, __LINE__);
    CheckRefused(NtCreateFile(&File, SYNC_READ, &Attributes, &Io, NULL, 0, FILE_SHARE_READ, 6, SYNC_OPTIONS, NULL, 0),
                 File, __LINE__);
    CheckRefused(NtOpenFile(&File, SYNC_READ, &Attributes, &Io, 0x10, SYNC_OPTIONS), File, __LINE__);
}

static VOID TestBadPointers(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    HANDLE File = OpenData();
    HANDLE Other;
    UCHAR Buffer[16];

    if (File == NULL)
        return;
    InitializeObjectAttributes(&Attributes, TestPath(u"filedata.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    CHECK_STATUS(NtOpenFile(&Other, SYNC_READ, &Attributes, NULL, FILE_SHARE_READ, SYNC_OPTIONS),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtOpenFile(NTAPI_KERNEL_POINTER, SYNC_READ, &Attributes, &Io, FILE_SHARE_READ, SYNC_OPTIONS),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, NTAPI_KERNEL_POINTER, 16, NULL, NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, NTAPI_LOW_POINTER, Buffer, 16, NULL, NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 16, NTAPI_KERNEL_POINTER, NULL),
                 STATUS_ACCESS_VIOLATION);
    CHECK_STATUS(NtQueryInformationFile(File, &Io, NTAPI_KERNEL_POINTER, sizeof(FILE_STANDARD_INFORMATION),
                                        FileStandardInformation),
                 STATUS_ACCESS_VIOLATION);
    NtClose(File);
}

static VOID TestHandleChecks(VOID) {
    IO_STATUS_BLOCK Io;
    UCHAR Buffer[16];
    HANDLE File, Event;
    FILE_BASIC_INFORMATION Basic;

    CHECK_STATUS(NtReadFile(NTAPI_BOGUS_HANDLE, NULL, NULL, NULL, &Io, Buffer, 16, NULL, NULL),
                 STATUS_INVALID_HANDLE);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(NtReadFile(Event, NULL, NULL, NULL, &Io, Buffer, 16, NULL, NULL), STATUS_OBJECT_TYPE_MISMATCH);
        CHECK_STATUS(NtQueryInformationFile(Event, &Io, &Basic, sizeof(Basic), FileBasicInformation),
                     STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(Event);
    }
    /* Opened for attributes only: no reading. */
    if (CHECK_STATUS(OpenPath(&File, TestPath(u"filedata.txt"), FILE_READ_ATTRIBUTES | SYNCHRONIZE,
                              FILE_SHARE_READ, SYNC_OPTIONS),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, 16, NULL, NULL), STATUS_ACCESS_DENIED);
        CHECK_STATUS(NtQueryInformationFile(File, &Io, &Basic, sizeof(Basic), FileBasicInformation),
                     STATUS_SUCCESS);
        NtClose(File);
    }
    /* Opened for reading only: no writing. */
    File = OpenData();
    if (File != NULL) {
        CHECK_STATUS(NtWriteFile(File, NULL, NULL, NULL, &Io, Buffer, 16, NULL, NULL), STATUS_ACCESS_DENIED);
        NtClose(File);
    }
    CHECK_STATUS(NtClose(File), STATUS_INVALID_HANDLE);
}

/* A handle without FILE_SYNCHRONOUS_IO_*: no position, every read says where. */
static VOID TestAsynchronousHandle(VOID) {
    HANDLE File, Event;
    IO_STATUS_BLOCK Io;
    UCHAR Buffer[16];
    LARGE_INTEGER Offset;
    NTSTATUS Status;

    if (!CHECK_STATUS(OpenPath(&File, TestPath(u"filedata.txt"), FILE_READ_DATA, FILE_SHARE_READ,
                               FILE_NON_DIRECTORY_FILE),
                      STATUS_SUCCESS))
        return;
    if (!CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        NtClose(File);
        return;
    }
    CHECK_STATUS(NtReadFile(File, Event, NULL, NULL, &Io, Buffer, 16, NULL, NULL), STATUS_INVALID_PARAMETER);
    Offset.QuadPart = LINE_LENGTH;
    Io.Status = -1;
    Status = NtReadFile(File, Event, NULL, NULL, &Io, Buffer, 16, &Offset, NULL);
    CHECK(Status == STATUS_SUCCESS || Status == STATUS_PENDING);
    CHECK_STATUS(NtWaitForSingleObject(Event, FALSE, NULL), STATUS_SUCCESS);
    CHECK_EQ(Io.Status, STATUS_SUCCESS);
    CHECK_EQ(Io.Information, 16);
    CHECK(MatchesData(Buffer, LINE_LENGTH, 16));
    NtClose(Event);
    NtClose(File);
}

/* On empty.dat, which no earlier test opens (Wine may keep an open of a
 * call that failed on a bad pointer). */
static VOID TestSharing(VOID) {
    HANDLE First, Second, Third;
    PUNICODE_STRING Path = TestPath(u"empty.dat");

    if (!CHECK_STATUS(OpenPath(&First, Path, SYNC_READ, 0, SYNC_OPTIONS), STATUS_SUCCESS))
        return;
    /* Reading needs everyone else to share reading. */
    CHECK_STATUS(OpenPath(&Second, Path, SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS), STATUS_SHARING_VIOLATION);
    /* Attributes alone do not count. */
    if (CHECK_STATUS(OpenPath(&Third, Path, FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0, SYNC_OPTIONS), STATUS_SUCCESS))
        NtClose(Third);
    NtClose(First);
    if (CHECK_STATUS(OpenPath(&Second, Path, SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS), STATUS_SUCCESS)) {
        /* An open that shares nothing is refused while a reader is there. */
        CHECK_STATUS(OpenPath(&Third, Path, SYNC_READ, 0, SYNC_OPTIONS), STATUS_SHARING_VIOLATION);
        NtClose(Second);
    }
}

/* ---- Directory enumeration ---------------------------------------------------------------- */

static VOID TestQueryDirectory(VOID) {
    HANDLE Directory;
    IO_STATUS_BLOCK Io;
    UNICODE_STRING Pattern = RTL_CONSTANT_STRING(u"filedata.*");
    UNICODE_STRING Missing = RTL_CONSTANT_STRING(u"nosuch*");
    static ULONG64 Buffer[512];
    PFILE_DIRECTORY_INFORMATION Entry = (PFILE_DIRECTORY_INFORMATION)Buffer;
    PCWSTR Own = NtCurrentPeb()->ProcessParameters->ImagePathName.Buffer;
    ULONG OwnLength = NtCurrentPeb()->ProcessParameters->ImagePathName.Length / sizeof(WCHAR), OwnStart = 0;
    BOOLEAN FoundSelf = FALSE;
    NTSTATUS Status;
    ULONG Entries = 0;

    for (ULONG i = 0; i < OwnLength; i++)
        if (Own[i] == '\\')
            OwnStart = i + 1;
    if (!CHECK_STATUS(OpenPath(&Directory, TestPath(u""), FILE_LIST_DIRECTORY | SYNCHRONIZE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE,
                               FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
                      STATUS_SUCCESS))
        return;
    CHECK_STATUS(NtQueryDirectoryFile(Directory, NULL, NULL, NULL, &Io, Buffer, 8, FileDirectoryInformation, FALSE,
                                      NULL, FALSE),
                 STATUS_INFO_LENGTH_MISMATCH);
    if (CHECK_STATUS(NtQueryDirectoryFile(Directory, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer),
                                          FileDirectoryInformation, FALSE, &Pattern, TRUE),
                     STATUS_SUCCESS)) {
        CHECK_EQ(Entry->NextEntryOffset, 0); /* one match */
        CHECK_EQ(Entry->FileNameLength, 12 * sizeof(WCHAR));
        CHECK_EQ(Entry->EndOfFile.QuadPart, DATA_SIZE);
        CHECK(!(Entry->FileAttributes & FILE_ATTRIBUTE_DIRECTORY));
        CHECK(Io.Information >= FIELD_OFFSET(FILE_DIRECTORY_INFORMATION, FileName) + 24);
    }
    CHECK_STATUS(NtQueryDirectoryFile(Directory, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer),
                                      FileDirectoryInformation, FALSE, NULL, FALSE),
                 STATUS_NO_MORE_FILES);
    NtClose(Directory);

    /* Everything, one entry at a time, names only: this program is there. */
    if (!CHECK_STATUS(OpenPath(&Directory, TestPath(u""), FILE_LIST_DIRECTORY | SYNCHRONIZE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE,
                               FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
                      STATUS_SUCCESS))
        return;
    while ((Status = NtQueryDirectoryFile(Directory, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer),
                                          FileNamesInformation, TRUE, NULL, FALSE)) == STATUS_SUCCESS &&
           Entries < 10000) {
        PFILE_NAMES_INFORMATION Name = (PFILE_NAMES_INFORMATION)Buffer;
        BOOLEAN Same = Name->FileNameLength == (OwnLength - OwnStart) * sizeof(WCHAR);
        CHECK_EQ(Name->NextEntryOffset, 0);
        for (ULONG i = 0; Same && i < OwnLength - OwnStart; i++)
            Same = (Name->FileName[i] | 0x20) == (Own[OwnStart + i] | 0x20);
        FoundSelf |= Same;
        Entries++;
    }
    CHECK_STATUS(Status, STATUS_NO_MORE_FILES);
    CHECK(FoundSelf);
    CHECK(Entries >= 3);
    NtClose(Directory);

    if (CHECK_STATUS(OpenPath(&Directory, TestPath(u""), FILE_LIST_DIRECTORY | SYNCHRONIZE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE,
                              FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtQueryDirectoryFile(Directory, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer),
                                          FileBothDirectoryInformation, FALSE, &Missing, TRUE),
                     STATUS_NO_SUCH_FILE);
        NtClose(Directory);
    }
}

/* ---- Sections of files -------------------------------------------------------------------- */

static VOID TestImageSectionFromFile(VOID) {
    HANDLE File, Section;
    SECTION_IMAGE_INFORMATION Image;
    PVOID Base = NULL;
    SIZE_T View = 0;

    if (!CHECK_STATUS(OpenPath(&File, NtapiOwnNtPath(), SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA,
                               FILE_SHARE_READ | FILE_SHARE_DELETE, SYNC_OPTIONS),
                      STATUS_SUCCESS))
        return;
    if (CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File),
                     STATUS_SUCCESS)) {
        if (CHECK_STATUS(NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image), NULL),
                         STATUS_SUCCESS)) {
            CHECK(Image.TransferAddress != NULL);
            CHECK_EQ(Image.SubSystemType, IMAGE_SUBSYSTEM_NATIVE);
        }
        CHECK_STATUS_ONE_OF(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewShare, 0,
                                               PAGE_READONLY),
                            STATUS_SUCCESS, STATUS_IMAGE_NOT_AT_BASE);
        if (CHECK(Base != NULL)) {
            CHECK(((PUCHAR)Base)[0] == 'M' && ((PUCHAR)Base)[1] == 'Z');
            CHECK(View >= 0x1000);
            CHECK_STATUS(NtUnmapViewOfSection(NtCurrentProcess(), Base), STATUS_SUCCESS);
        }
        NtClose(Section);
    }
    NtClose(File);
}

static VOID TestImageSectionRefusals(VOID) {
    HANDLE File, Section;

    /* A file that is not a PE image. */
    if (CHECK_STATUS(OpenPath(&File, TestPath(u"filedata.txt"), SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA,
                              FILE_SHARE_READ, SYNC_OPTIONS),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File),
                     STATUS_INVALID_IMAGE_NOT_MZ);
        NtClose(File);
    }
    /* A handle to something else. */
    if (CHECK_STATUS(NtCreateEvent(&File, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File),
                     STATUS_OBJECT_TYPE_MISMATCH);
        NtClose(File);
    }
}

/* A section's protection needs the matching file rights: executing needs
 * FILE_EXECUTE (Wine does not check). */
static VOID TestSectionNeedsFileAccess(VOID) {
    HANDLE File, Section;

    if (CHECK_STATUS(OpenPath(&File, NtapiOwnNtPath(), SYNCHRONIZE | FILE_READ_DATA, FILE_SHARE_READ, SYNC_OPTIONS),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File),
                     STATUS_ACCESS_DENIED);
        NtClose(File);
    }
}

static VOID TestDataSectionFromFile(VOID) {
    HANDLE File = OpenData(), Section, Empty;
    PVOID Base = NULL, Copy = NULL;
    SIZE_T View = 0, CopyView = 0;
    LARGE_INTEGER Size;

    if (File == NULL)
        return;
    if (CHECK_STATUS(NtCreateSection(&Section, SECTION_MAP_READ | SECTION_QUERY, NULL, NULL, PAGE_READONLY,
                                     SEC_COMMIT, File),
                     STATUS_SUCCESS)) {
        if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewUnmap, 0,
                                            PAGE_READONLY),
                         STATUS_SUCCESS)) {
            CHECK(View >= DATA_SIZE);
            CHECK(MatchesData(Base, 0, 64));
            CHECK(MatchesData((PUCHAR)Base + 4096, 4096, DATA_SIZE - 4096));
            CHECK(((PUCHAR)Base)[DATA_SIZE] == 0); /* the rest of the last page is zero */
        }
        /* A copy-on-write view: writes stay in it. */
        if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Copy, 0, 0, NULL, &CopyView, ViewUnmap,
                                            0, PAGE_WRITECOPY),
                         STATUS_SUCCESS)) {
            ((PUCHAR)Copy)[4100] = 'X';
            CHECK(((PUCHAR)Copy)[4100] == 'X');
            if (Base != NULL)
                CHECK(MatchesData((PUCHAR)Base + 4100, 4100, 1));
            CHECK(MatchesData((PUCHAR)Copy + 4101, 4101, 100));
            NtUnmapViewOfSection(NtCurrentProcess(), Copy);
        }
        if (Base != NULL)
            NtUnmapViewOfSection(NtCurrentProcess(), Base);
        NtClose(Section);
    }
    /* Larger than a file it cannot write. */
    Size.QuadPart = DATA_SIZE + 8192;
    CHECK_STATUS(NtCreateSection(&Section, SECTION_MAP_READ, NULL, &Size, PAGE_READONLY, SEC_COMMIT, File),
                 STATUS_SECTION_TOO_BIG);
    /* Writable, from a handle that cannot write. */
    CHECK_STATUS(NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE, SEC_COMMIT, File),
                 STATUS_ACCESS_DENIED);
    NtClose(File);
    if (CHECK_STATUS(OpenPath(&Empty, TestPath(u"empty.dat"), SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS),
                     STATUS_SUCCESS)) {
        CHECK_STATUS(NtCreateSection(&Section, SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_COMMIT, Empty),
                     STATUS_MAPPED_FILE_SIZE_ZERO);
        NtClose(Empty);
    }
}

/* The section keeps the file: it outlives the handle to the file. */
static VOID TestSectionOutlivesFileHandle(VOID) {
    HANDLE File = OpenData(), Section;
    PVOID Base = NULL;
    SIZE_T View = 0;

    if (File == NULL)
        return;
    if (!CHECK_STATUS(NtCreateSection(&Section, SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_COMMIT, File),
                      STATUS_SUCCESS)) {
        NtClose(File);
        return;
    }
    NtClose(File);
    if (CHECK_STATUS(NtMapViewOfSection(Section, NtCurrentProcess(), &Base, 0, 0, NULL, &View, ViewUnmap, 0,
                                        PAGE_READONLY),
                     STATUS_SUCCESS)) {
        CHECK(MatchesData((PUCHAR)Base + LINE_LENGTH * 100, LINE_LENGTH * 100, LINE_LENGTH));
        NtUnmapViewOfSection(NtCurrentProcess(), Base);
    }
    NtClose(Section);
}

/* ---- Neptune's own ------------------------------------------------------------------------ */

/* The boot volume is read-only: nothing is created, written or deleted. */
static VOID TestReadOnlyVolume(VOID) {
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Io;
    HANDLE File;

    InitializeObjectAttributes(&Attributes, TestPath(u"filedata.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    CHECK_STATUS(NtOpenFile(&File, FILE_WRITE_DATA | SYNCHRONIZE, &Attributes, &Io, 0, SYNC_OPTIONS),
                 STATUS_MEDIA_WRITE_PROTECTED);
    CHECK_STATUS(NtOpenFile(&File, DELETE, &Attributes, &Io, 0, FILE_NON_DIRECTORY_FILE),
                 STATUS_MEDIA_WRITE_PROTECTED);
    CHECK_STATUS(NtCreateFile(&File, SYNC_READ, &Attributes, &Io, NULL, 0, 0, FILE_OVERWRITE_IF, SYNC_OPTIONS,
                              NULL, 0),
                 STATUS_MEDIA_WRITE_PROTECTED);
    CHECK_STATUS(NtCreateFile(&File, SYNC_READ, &Attributes, &Io, NULL, 0, 0, FILE_CREATE, SYNC_OPTIONS, NULL, 0),
                 STATUS_OBJECT_NAME_COLLISION);
    InitializeObjectAttributes(&Attributes, TestPath(u"newfile.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    CHECK_STATUS(NtCreateFile(&File, SYNC_READ, &Attributes, &Io, NULL, 0, 0, FILE_CREATE, SYNC_OPTIONS, NULL, 0),
                 STATUS_MEDIA_WRITE_PROTECTED);
    /* MAXIMUM_ALLOWED is what the volume allows: reading. */
    InitializeObjectAttributes(&Attributes, TestPath(u"filedata.txt"), OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (CHECK_STATUS(NtOpenFile(&File, MAXIMUM_ALLOWED, &Attributes, &Io, FILE_SHARE_READ, FILE_NON_DIRECTORY_FILE),
                     STATUS_SUCCESS)) {
        FILE_ACCESS_INFORMATION Access;
        if (CHECK_STATUS(NtQueryInformationFile(File, &Io, &Access, sizeof(Access), FileAccessInformation),
                         STATUS_SUCCESS)) {
            CHECK(Access.AccessFlags & FILE_READ_DATA);
            CHECK(!(Access.AccessFlags & (FILE_WRITE_DATA | DELETE)));
        }
        NtClose(File);
    }
}

/* Names: the device and the links to it. */
static VOID TestBootVolumeNames(VOID) {
    UNICODE_STRING Ntdll = RTL_CONSTANT_STRING(u"\\SystemRoot\\System32\\ntdll.dll");
    UNICODE_STRING Events = RTL_CONSTANT_STRING(u"\\BaseNamedObjects");
    static const char Expected[] = "\\Device\\BootVolume\\Boot\\filedata.txt";
    union {
        OBJECT_NAME_INFORMATION Info;
        UCHAR Bytes[600];
    } Name;
    HANDLE File = OpenData();

    if (File != NULL) {
        if (CHECK_STATUS(NtQueryObject(File, ObjectNameInformation, &Name, sizeof(Name), NULL), STATUS_SUCCESS))
            CHECK(NtapiEqualsAscii(&Name.Info.Name, Expected));
        NtClose(File);
    }
    if (CHECK_STATUS(OpenPath(&File, &Ntdll, SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS), STATUS_SUCCESS))
        NtClose(File);
    CHECK_STATUS(OpenPath(&File, &Events, SYNC_READ, FILE_SHARE_READ, SYNC_OPTIONS), STATUS_OBJECT_TYPE_MISMATCH);
}

/* A file handle is signalled once an I/O on it has completed. */
static VOID TestWaitOnFile(VOID) {
    HANDLE File = OpenData();
    IO_STATUS_BLOCK Io;
    UCHAR Buffer[4];
    LARGE_INTEGER Zero;

    if (File == NULL)
        return;
    Zero.QuadPart = 0;
    CHECK_STATUS(NtReadFile(File, NULL, NULL, NULL, &Io, Buffer, sizeof(Buffer), NULL, NULL), STATUS_SUCCESS);
    CHECK_STATUS(NtWaitForSingleObject(File, FALSE, &Zero), STATUS_SUCCESS);
    NtClose(File);
}

const CHAR NtapiFamily[] = "file";
const NTAPI_TEST NtapiTests[] = {
    {"open-and-read", TestOpenAndRead, 0},
    {"read-at-end", TestReadAtEnd, 0},
    {"missing-files", TestMissingFiles, 0},
    {"directories", TestDirectories, 0},
    {"query-information", TestQueryInformation, 0},
    {"query-attributes", TestQueryAttributes, 0},
    {"bad-parameters", TestBadParameters, NTAPI_TEST_WINE_DIFFERS},
    {"bad-pointers", TestBadPointers, 0},
    {"handle-checks", TestHandleChecks, 0},
    {"asynchronous-handle", TestAsynchronousHandle, 0},
    {"sharing", TestSharing, 0},
    {"query-directory", TestQueryDirectory, 0},
    {"image-section-from-file", TestImageSectionFromFile, 0},
    {"image-section-refusals", TestImageSectionRefusals, 0},
    {"section-needs-file-access", TestSectionNeedsFileAccess, NTAPI_TEST_WINE_DIFFERS},
    {"data-section-from-file", TestDataSectionFromFile, 0},
    {"section-outlives-file-handle", TestSectionOutlivesFileHandle, 0},
    {"read-only-volume", TestReadOnlyVolume, NTAPI_TEST_NEPTUNE_ONLY},
    {"boot-volume-names", TestBootVolumeNames, NTAPI_TEST_NEPTUNE_ONLY},
    {"wait-on-file", TestWaitOnFile, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
