/*
 * params.c — process parameters, environment blocks, the current directory
 * and DOS path conversion: RtlCreateProcessParameters(Ex),
 * RtlNormalizeProcessParams/RtlDeNormalizeProcessParams,
 * RtlCreateEnvironment, RtlSetEnvironmentVariable,
 * RtlQueryEnvironmentVariable_U, Rtl{Get,Set}CurrentDirectory_U,
 * RtlGetFullPathName_U and RtlDosPathNameToNtPathName_U.
 *
 * Everything here runs inside the process, so it tests ntdll itself: under
 * Wine these pin down what Windows' ntdll does, on Neptune ours.
 */
#include "ntapi_test.h"

static VOID EmptyString(PUNICODE_STRING String, PWCHAR Buffer, USHORT Bytes) {
    String->Buffer = Buffer;
    String->Length = 0;
    String->MaximumLength = Bytes;
}

static BOOLEAN EqualsWide(PCUNICODE_STRING String, PCWSTR Text) {
    UNICODE_STRING Other;

    RtlInitUnicodeString(&Other, Text);
    return RtlEqualUnicodeString(String, &Other, FALSE);
}

/* A denormalized string's Buffer is an offset into the block. */
static PWSTR AtOffset(PRTL_USER_PROCESS_PARAMETERS Parameters, PUNICODE_STRING String) {
    return (PWSTR)((PUCHAR)Parameters + (ULONG_PTR)String->Buffer);
}

/* Past the fixed fields (Wine's structure is Windows 7's, shorter than
 * Windows 10's 0x440 bytes), inside the block. */
static BOOLEAN OffsetInside(PRTL_USER_PROCESS_PARAMETERS Parameters, PUNICODE_STRING String) {
    ULONG_PTR Offset = (ULONG_PTR)String->Buffer;

    return Offset >= FIELD_OFFSET(RTL_USER_PROCESS_PARAMETERS, EnvironmentSize) &&
           Offset + String->Length <= Parameters->Length;
}

/* ---- Parameter blocks ------------------------------------------------------------- */

static VOID TestCreateDenormalized(VOID) {
    UNICODE_STRING Image = RTL_CONSTANT_STRING(u"C:\\dir\\app.exe");
    UNICODE_STRING Command = RTL_CONSTANT_STRING(u"app.exe -x");
    UNICODE_STRING Directory = RTL_CONSTANT_STRING(u"C:\\dir\\");
    static const WCHAR Environment[] = u"A=1\0B=22\0";
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;

    if (!CHECK_STATUS(RtlCreateProcessParameters(&Parameters, &Image, NULL, &Directory, &Command,
                                                 (PVOID)Environment, NULL, NULL, NULL, NULL),
                      STATUS_SUCCESS))
        return;
    CHECK_EQ(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED, 0);
    CHECK_EQ(Parameters->Length, Parameters->MaximumLength);
    CHECK(OffsetInside(Parameters, &Parameters->ImagePathName));
    CHECK(OffsetInside(Parameters, &Parameters->CommandLine));
    CHECK(OffsetInside(Parameters, &Parameters->CurrentDirectory.DosPath));
    CHECK_EQ(Parameters->ImagePathName.Length, Image.Length);
    CHECK_EQ(AtOffset(Parameters, &Parameters->ImagePathName)[Image.Length / sizeof(WCHAR)], 0);
    /* Room for MAX_PATH characters, so SetCurrentDirectory works in place. */
    CHECK_EQ(Parameters->CurrentDirectory.DosPath.MaximumLength, 260 * sizeof(WCHAR));
    CHECK_EQ(Parameters->WindowTitle.Length, 0);
    /* The environment is copied, right after the block and outside Length. */
    CHECK((PUCHAR)Parameters->Environment >= (PUCHAR)Parameters + Parameters->Length);
    CHECK(RtlCompareMemory(Parameters->Environment, Environment, sizeof(Environment)) ==
          sizeof(Environment));
    CHECK(Parameters->EnvironmentSize >= sizeof(Environment));
    PVOID Copied = Parameters->Environment;
    RtlNormalizeProcessParams(Parameters);
    CHECK(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED);
    CHECK(EqualsWide(&Parameters->ImagePathName, u"C:\\dir\\app.exe"));
    CHECK(EqualsWide(&Parameters->CommandLine, u"app.exe -x"));
    CHECK(EqualsWide(&Parameters->CurrentDirectory.DosPath, u"C:\\dir\\"));
    CHECK(Parameters->Environment == Copied); /* a pointer, never an offset */
    RtlDestroyProcessParameters(Parameters);
}

static VOID TestCreateDefaults(VOID) {
    UNICODE_STRING Image = RTL_CONSTANT_STRING(u"C:\\dir\\app.exe");
    PRTL_USER_PROCESS_PARAMETERS Current = NtCurrentPeb()->ProcessParameters;
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;

    if (!CHECK_STATUS(RtlCreateProcessParametersEx(&Parameters, &Image, NULL, NULL, NULL, NULL,
                                                   NULL, NULL, NULL, NULL,
                                                   RTL_USER_PROC_PARAMS_NORMALIZED),
                      STATUS_SUCCESS))
        return;
    CHECK(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED);
    /* The command line defaults to the image path... */
    CHECK(EqualsWide(&Parameters->CommandLine, u"C:\\dir\\app.exe"));
    /* ...the directory and the environment to (a copy of) the caller's. */
    if (Current != NULL) {
        CHECK(RtlEqualUnicodeString(&Parameters->CurrentDirectory.DosPath,
                                    &Current->CurrentDirectory.DosPath, TRUE));
        CHECK(Parameters->Environment != NULL && Parameters->Environment != Current->Environment);
        CHECK(RtlCompareMemory(Parameters->Environment, Current->Environment,
                               Parameters->EnvironmentSize) == Parameters->EnvironmentSize);
    }
    RtlDestroyProcessParameters(Parameters);
}

static VOID TestNormalizeRoundTrip(VOID) {
    UNICODE_STRING Image = RTL_CONSTANT_STRING(u"C:\\x.exe");
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;
    PWSTR Pointer;
    ULONG_PTR Offset;

    if (!CHECK_STATUS(RtlCreateProcessParameters(&Parameters, &Image, NULL, NULL, NULL, NULL, NULL,
                                                 NULL, NULL, NULL),
                      STATUS_SUCCESS))
        return;
    Offset = (ULONG_PTR)Parameters->ImagePathName.Buffer;
    CHECK(RtlNormalizeProcessParams(Parameters) == Parameters);
    Pointer = Parameters->ImagePathName.Buffer;
    CHECK(Pointer == (PWSTR)((PUCHAR)Parameters + Offset));
    RtlNormalizeProcessParams(Parameters); /* twice: no change */
    CHECK(Parameters->ImagePathName.Buffer == Pointer);
    CHECK(RtlDeNormalizeProcessParams(Parameters) == Parameters);
    CHECK_EQ((ULONG_PTR)Parameters->ImagePathName.Buffer, Offset);
    CHECK_EQ(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED, 0);
    RtlDeNormalizeProcessParams(Parameters);
    CHECK_EQ((ULONG_PTR)Parameters->ImagePathName.Buffer, Offset);
    CHECK(RtlNormalizeProcessParams(NULL) == NULL);
    RtlDestroyProcessParameters(Parameters);
}

/* ---- Environment ------------------------------------------------------------------- */

/* The names of an environment block, "A|B|", for order checks. */
static VOID EnvironmentNames(PCWSTR Environment, PCHAR Text, ULONG Size) {
    ULONG Length = 0;

    while (*Environment != 0) {
        PCWSTR Entry = Environment;

        for (ULONG i = 0; Entry[i] != 0 && (i == 0 || Entry[i] != '='); i++) {
            if (Length + 2 < Size)
                Text[Length++] = (CHAR)Entry[i];
        }
        if (Length + 2 < Size)
            Text[Length++] = '|';
        while (*Environment != 0)
            Environment++;
        Environment++;
    }
    Text[Length] = 0;
}

static BOOLEAN SameText(PCSTR A, PCSTR B) {
    while (*A != 0 && *A == *B)
        A++, B++;
    return *A == *B;
}

/* How many entries of Environment are named Name (case-insensitively). */
static ULONG CountEntries(PCWSTR Environment, PCSTR Name) {
    ULONG Count = 0;

    for (; *Environment != 0; Environment++) {
        ULONG i = 0;

        while (Name[i] != 0 && (Environment[i] | 0x20) == (Name[i] | 0x20))
            i++;
        if (Name[i] == 0 && Environment[i] == '=')
            Count++;
        while (*Environment != 0)
            Environment++;
    }
    return Count;
}

static VOID TestEnvironmentSetReplaceDelete(VOID) {
    UNICODE_STRING Beta = RTL_CONSTANT_STRING(u"beta"), BetaUpper = RTL_CONSTANT_STRING(u"BETA");
    UNICODE_STRING Alpha = RTL_CONSTANT_STRING(u"Alpha"), Drive = RTL_CONSTANT_STRING(u"=C:");
    UNICODE_STRING One = RTL_CONSTANT_STRING(u"1"), Two = RTL_CONSTANT_STRING(u"22");
    UNICODE_STRING Empty = RTL_CONSTANT_STRING(u""), Invalid = RTL_CONSTANT_STRING(u"A=B");
    WCHAR Buffer[16];
    UNICODE_STRING Value;
    PVOID Environment = NULL;

    if (!CHECK_STATUS(RtlCreateEnvironment(FALSE, &Environment), STATUS_SUCCESS))
        return;
    CHECK_EQ(*(PWCHAR)Environment, 0);
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Beta, &One), STATUS_SUCCESS);
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Alpha, &One), STATUS_SUCCESS);
    /* Names compare case-insensitively: BETA replaces beta. */
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &BetaUpper, &Two), STATUS_SUCCESS);
    CHECK_EQ(CountEntries(Environment, "beta"), 1);
    EmptyString(&Value, Buffer, sizeof(Buffer));
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Beta, &Value), STATUS_SUCCESS);
    CHECK(EqualsWide(&Value, u"22"));
    /* A leading '=' belongs to the name ("=C:", the drive directories). */
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Drive, &One), STATUS_SUCCESS);
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Drive, &Value), STATUS_SUCCESS);
    CHECK(EqualsWide(&Value, u"1"));
    /* An empty value is a value. */
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Alpha, &Empty), STATUS_SUCCESS);
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Alpha, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value.Length, 0);
    /* Refused names. */
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Invalid, &One), STATUS_INVALID_PARAMETER);
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Empty, &One), STATUS_INVALID_PARAMETER_1);
    /* Deleting, and deleting again. */
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Beta, NULL), STATUS_SUCCESS);
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Beta, &Value),
                 STATUS_VARIABLE_NOT_FOUND);
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Beta, NULL), STATUS_SUCCESS);
    CHECK_EQ(CountEntries(Environment, "alpha"), 1);
    CHECK_STATUS(RtlDestroyEnvironment(Environment), STATUS_SUCCESS);
}

/* Windows keeps the block sorted by name, case-insensitively (CreateProcess
 * requires a sorted environment block); Wine 8 appends new names. */
static VOID TestEnvironmentSorted(VOID) {
    UNICODE_STRING Charlie = RTL_CONSTANT_STRING(u"Charlie"), Alpha = RTL_CONSTANT_STRING(u"Alpha");
    UNICODE_STRING Beta = RTL_CONSTANT_STRING(u"beta"), One = RTL_CONSTANT_STRING(u"1");
    CHAR Names[64];
    PVOID Environment = NULL;

    if (!CHECK_STATUS(RtlCreateEnvironment(FALSE, &Environment), STATUS_SUCCESS))
        return;
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Charlie, &One), STATUS_SUCCESS);
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Alpha, &One), STATUS_SUCCESS);
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Beta, &One), STATUS_SUCCESS);
    EnvironmentNames(Environment, Names, sizeof(Names));
    CHECK(SameText(Names, "Alpha|beta|Charlie|"));
    RtlDestroyEnvironment(Environment);
}

static VOID TestEnvironmentQueryBuffers(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"NTAPI_VAR"), Data = RTL_CONSTANT_STRING(u"abcdef");
    UNICODE_STRING Prefix = RTL_CONSTANT_STRING(u"NTAPI_VA"), Value;
    WCHAR Buffer[16];
    PVOID Environment = NULL;

    if (!CHECK_STATUS(RtlCreateEnvironment(FALSE, &Environment), STATUS_SUCCESS))
        return;
    CHECK_STATUS(RtlSetEnvironmentVariable(&Environment, &Name, &Data), STATUS_SUCCESS);
    /* Room to spare: copied and NUL-terminated. */
    RtlFillMemory(Buffer, sizeof(Buffer), 0x55);
    EmptyString(&Value, Buffer, sizeof(Buffer));
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Name, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value.Length, 12);
    CHECK_EQ(Buffer[6], 0);
    /* Too small: the length needed. */
    EmptyString(&Value, Buffer, 10);
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Name, &Value),
                 STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Value.Length, 12);
    /* A prefix of a name is another name. */
    EmptyString(&Value, Buffer, sizeof(Buffer));
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(Environment, &Prefix, &Value),
                 STATUS_VARIABLE_NOT_FOUND);
    RtlDestroyEnvironment(Environment);
}

/* The process's own environment (Environment NULL), and a clone of it. */
static VOID TestEnvironmentCurrent(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"NTAPI_PARAMS_TEST");
    UNICODE_STRING Data = RTL_CONSTANT_STRING(u"here"), Value;
    WCHAR Buffer[16];
    PVOID Clone = NULL;

    EmptyString(&Value, Buffer, sizeof(Buffer));
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(NULL, &Name, &Value), STATUS_VARIABLE_NOT_FOUND);
    if (!CHECK_STATUS(RtlSetEnvironmentVariable(NULL, &Name, &Data), STATUS_SUCCESS))
        return;
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(NULL, &Name, &Value), STATUS_SUCCESS);
    CHECK(EqualsWide(&Value, u"here"));
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(NtCurrentPeb()->ProcessParameters->Environment,
                                               &Name, &Value),
                 STATUS_SUCCESS);
    if (CHECK_STATUS(RtlCreateEnvironment(TRUE, &Clone), STATUS_SUCCESS)) {
        CHECK(Clone != NtCurrentPeb()->ProcessParameters->Environment);
        CHECK_STATUS(RtlQueryEnvironmentVariable_U(Clone, &Name, &Value), STATUS_SUCCESS);
        RtlDestroyEnvironment(Clone);
    }
    CHECK_STATUS(RtlSetEnvironmentVariable(NULL, &Name, NULL), STATUS_SUCCESS);
    CHECK_STATUS(RtlQueryEnvironmentVariable_U(NULL, &Name, &Value), STATUS_VARIABLE_NOT_FOUND);
}

/* ---- Current directory and paths -------------------------------------------------------- */

static VOID TestCurrentDirectory(VOID) {
    UNICODE_STRING Parent = RTL_CONSTANT_STRING(u".."), Saved;
    WCHAR Before[300], After[300], Again[300];
    ULONG Bytes, ParentBytes;

    Bytes = RtlGetCurrentDirectory_U(sizeof(Before), Before);
    if (!CHECK(Bytes > 0 && Bytes < sizeof(Before)))
        return;
    CHECK(Before[1] == ':');
    /* No trailing '\' (unless it is a drive's root), NUL-terminated. */
    CHECK(Bytes == 3 * sizeof(WCHAR) || Before[Bytes / sizeof(WCHAR) - 1] != '\\');
    CHECK_EQ(Before[Bytes / sizeof(WCHAR)], 0);
    /* Too small: the size needed, with the NUL. */
    CHECK_EQ(RtlGetCurrentDirectory_U(Bytes, Again), Bytes + sizeof(WCHAR));
    /* ".." moves up one level. */
    if (!CHECK_STATUS(RtlSetCurrentDirectory_U(&Parent), STATUS_SUCCESS))
        return;
    ParentBytes = RtlGetCurrentDirectory_U(sizeof(After), After);
    CHECK(ParentBytes < Bytes);
    CHECK(RtlCompareMemory(After, Before, ParentBytes) == ParentBytes);
    /* Back to where we were. */
    Saved.Buffer = Before;
    Saved.Length = (USHORT)Bytes;
    Saved.MaximumLength = sizeof(Before);
    CHECK_STATUS(RtlSetCurrentDirectory_U(&Saved), STATUS_SUCCESS);
    CHECK_EQ(RtlGetCurrentDirectory_U(sizeof(Again), Again), Bytes);
    CHECK(RtlCompareMemory(Again, Before, Bytes) == Bytes);
    /* Stored with its trailing '\'. */
    PUNICODE_STRING Stored = &NtCurrentPeb()->ProcessParameters->CurrentDirectory.DosPath;
    CHECK(Stored->Length >= sizeof(WCHAR) &&
          Stored->Buffer[Stored->Length / sizeof(WCHAR) - 1] == '\\');
}

static VOID TestDosPathConversion(VOID) {
    WCHAR Directory[300], Full[300];
    UNICODE_STRING Nt;
    PWSTR FilePart = NULL;
    ULONG Bytes, FullBytes;

    if (CHECK(RtlDosPathNameToNtPathName_U(u"C:\\a\\..\\b\\file.txt", &Nt, &FilePart, NULL))) {
        CHECK(EqualsWide(&Nt, u"\\??\\C:\\b\\file.txt"));
        CHECK(FilePart != NULL && FilePart == Nt.Buffer + 9);
        RtlFreeUnicodeString(&Nt);
    }
    /* Relative to the current directory. */
    Bytes = RtlGetCurrentDirectory_U(sizeof(Directory), Directory);
    if (CHECK(RtlDosPathNameToNtPathName_U(u"file.txt", &Nt, NULL, NULL))) {
        CHECK_EQ(Nt.Length, 4 * sizeof(WCHAR) + Bytes + (Bytes == 6 ? 0 : 2) + 8 * sizeof(WCHAR));
        CHECK(RtlCompareMemory(Nt.Buffer + 4, Directory, Bytes) == Bytes);
        RtlFreeUnicodeString(&Nt);
    }
    FullBytes = RtlGetFullPathName_U(u"sub\\x.txt", sizeof(Full), Full, &FilePart);
    CHECK_EQ(FullBytes, Bytes + (Bytes == 6 ? 0 : 2) + 9 * sizeof(WCHAR));
    CHECK(RtlCompareMemory(Full, Directory, Bytes) == Bytes);
    CHECK(FilePart != NULL && FilePart == Full + FullBytes / sizeof(WCHAR) - 5);
    CHECK_EQ(RtlGetFullPathName_U(u"sub\\x.txt", 4, Full, &FilePart), FullBytes + sizeof(WCHAR));
}

const CHAR NtapiFamily[] = "params";
const NTAPI_TEST NtapiTests[] = {
    {"create-denormalized", TestCreateDenormalized, 0},
    {"create-defaults", TestCreateDefaults, 0},
    {"normalize-round-trip", TestNormalizeRoundTrip, 0},
    {"environment-set-replace-delete", TestEnvironmentSetReplaceDelete, 0},
    {"environment-sorted", TestEnvironmentSorted, NTAPI_TEST_WINE_DIFFERS},
    {"environment-query-buffers", TestEnvironmentQueryBuffers, 0},
    {"environment-current", TestEnvironmentCurrent, 0},
    {"current-directory", TestCurrentDirectory, 0},
    {"dos-path-conversion", TestDosPathConversion, 0},
    {NULL, NULL, 0},
};
