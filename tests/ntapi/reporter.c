/*
 * reporter.c — entry point, checks and output of every native API test
 * program (see ntapi_test.h for how a family file plugs in).
 *
 * NtProcessStartup reads the options from the process command line, runs
 * NtapiTests[] in order, prints one TEST line per test and the program's
 * verdict `N passed, N failed` last, and ends the process with exit status
 * 0 (all passed) or 1.  Nothing here needs more of ntdll than a handful of
 * services, so that a broken service shows up as a failed test rather than
 * as a reporter that cannot speak.
 *
 * Output goes through one of two sinks, chosen at start:
 *
 *   stdout   NtWriteFile on PEB->ProcessParameters->StandardOutput.  This is
 *            what works under Wine, whose NtDisplayString prints nothing.
 *   display  NtDisplayString, the boot console: Neptune's serial log.
 *
 * By default the stdout sink is used when the process has a standard output
 * handle, and the reporter falls back to the display sink for good as soon
 * as a write to it fails; --output=stdout or --output=display forces one.
 * Output is assembled into whole lines first, so that lines of concurrent
 * programs on a shared console do not interleave mid-line.
 */
#include "ntapi_test.h"

#include <stdarg.h>

PVOID NtapiEntryArgument;

typedef enum _NTAPI_SINK { NtapiSinkStdout, NtapiSinkDisplay } NTAPI_SINK;

/* Where the program runs, which decides the markers that skip a test. */
typedef enum _NTAPI_PLATFORM {
    NtapiPlatformNeptune,
    NtapiPlatformWindows,
    NtapiPlatformWine
} NTAPI_PLATFORM;

typedef struct _NTAPI_OPTIONS {
    NTAPI_PLATFORM Platform;
    BOOLEAN ForceSink;
    NTAPI_SINK Sink;
    UNICODE_STRING Only; /* run only this test; Length 0 = all */
    BOOLEAN BadOption;
} NTAPI_OPTIONS;

#define NTAPI_LINE_MAX 480

static NTAPI_SINK NtapipSink = NtapiSinkDisplay;
static HANDLE NtapipStdout;
static CHAR NtapipLine[NTAPI_LINE_MAX];
static ULONG NtapipLineLength;
static ULONG NtapipCheckFailures; /* failed checks in the running test */

/* ---- Sinks ------------------------------------------------------------------- */

static BOOLEAN NtapipWriteStdout(PCSTR Text, ULONG Length) {
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status;

    Iosb.Status = STATUS_PENDING;
    Iosb.Information = 0;
    Status = NtWriteFile(NtapipStdout, NULL, NULL, NULL, &Iosb, Text, Length, NULL, NULL);
    if (Status == STATUS_PENDING) {
        NtWaitForSingleObject(NtapipStdout, FALSE, NULL);
        Status = Iosb.Status;
    }
    return NT_SUCCESS(Status);
}

static VOID NtapipWriteDisplay(PCSTR Text, ULONG Length) {
    WCHAR Wide[NTAPI_LINE_MAX];
    UNICODE_STRING String;
    ULONG Index;

    for (Index = 0; Index < Length && Index < NTAPI_LINE_MAX; Index++)
        Wide[Index] = (UCHAR)Text[Index];
    String.Buffer = Wide;
    String.Length = (USHORT)(Index * sizeof(WCHAR));
    String.MaximumLength = String.Length;
    NtDisplayString(&String);
}

static VOID NtapipFlushLine(VOID) {
    if (NtapipLineLength == 0)
        return;
    if (NtapipSink == NtapiSinkStdout && !NtapipWriteStdout(NtapipLine, NtapipLineLength))
        NtapipSink = NtapiSinkDisplay;
    if (NtapipSink == NtapiSinkDisplay)
        NtapipWriteDisplay(NtapipLine, NtapipLineLength);
    NtapipLineLength = 0;
}

static VOID NtapipPutChar(CHAR Char) {
    if (NtapipLineLength == NTAPI_LINE_MAX)
        NtapipFlushLine();
    NtapipLine[NtapipLineLength++] = Char;
    if (Char == '\n')
        NtapipFlushLine();
}

/* ---- Formatting ----------------------------------------------------------------- */

static VOID NtapipPutString(PCSTR String) {
    if (String == NULL)
        String = "(null)";
    while (*String != '\0')
        NtapipPutChar(*String++);
}

static VOID NtapipPutNumber(ULONG64 Value, ULONG Base, BOOLEAN Negative) {
    CHAR Digits[24];
    ULONG Count = 0;

    do {
        Digits[Count++] = "0123456789abcdef"[Value % Base];
        Value /= Base;
    } while (Value != 0);
    if (Negative)
        NtapipPutChar('-');
    while (Count > 0)
        NtapipPutChar(Digits[--Count]);
}

static VOID NtapipPutUnicode(PCUNICODE_STRING String) {
    ULONG Index;

    if (String == NULL || String->Buffer == NULL) {
        NtapipPutString("(null)");
        return;
    }
    for (Index = 0; Index < String->Length / sizeof(WCHAR); Index++) {
        WCHAR Char = String->Buffer[Index];
        NtapipPutChar(Char >= 0x20 && Char < 0x7f ? (CHAR)Char : '?');
    }
}

/* One conversion after a '%'; returns the format position after it. */
static PCSTR NtapipConvert(PCSTR Format, va_list *Arguments) {
    BOOLEAN Long = FALSE;
    LONG64 Signed;

    if (Format[0] == 'l' && Format[1] == 'l') {
        Long = TRUE;
        Format += 2;
    }
    switch (*Format) {
    case 's':
        NtapipPutString(va_arg(*Arguments, PCSTR));
        break;
    case 'Z':
        NtapipPutUnicode(va_arg(*Arguments, PCUNICODE_STRING));
        break;
    case 'd':
        Signed = Long ? va_arg(*Arguments, LONG64) : va_arg(*Arguments, LONG);
        NtapipPutNumber(Signed < 0 ? (ULONG64)-Signed : (ULONG64)Signed, 10, Signed < 0);
        break;
    case 'u':
        NtapipPutNumber(Long ? va_arg(*Arguments, ULONG64) : va_arg(*Arguments, ULONG), 10, FALSE);
        break;
    case 'x':
        NtapipPutNumber(Long ? va_arg(*Arguments, ULONG64) : va_arg(*Arguments, ULONG), 16, FALSE);
        break;
    case 'p':
        NtapipPutString("0x");
        NtapipPutNumber((ULONG_PTR)va_arg(*Arguments, PVOID), 16, FALSE);
        break;
    case '%':
        NtapipPutChar('%');
        break;
    default: /* unknown conversion: show it rather than guess */
        NtapipPutChar('%');
        NtapipPutChar(*Format);
        break;
    }
    return *Format != '\0' ? Format + 1 : Format;
}

VOID NtapiPrint(PCSTR Format, ...) {
    va_list Arguments;

    va_start(Arguments, Format);
    while (*Format != '\0') {
        if (*Format == '%')
            Format = NtapipConvert(Format + 1, &Arguments);
        else
            NtapipPutChar(*Format++);
    }
    va_end(Arguments);
}

/* ---- Checks ------------------------------------------------------------------------ */

/* Checks print only the file's base name: __FILE__ is a repository path. */
static PCSTR NtapipBaseName(PCSTR Path) {
    PCSTR Base = Path;

    for (; *Path != '\0'; Path++) {
        if (*Path == '/' || *Path == '\\')
            Base = Path + 1;
    }
    return Base;
}

BOOLEAN NtapiCheck(BOOLEAN Ok, PCSTR Expression, PCSTR File, ULONG Line) {
    if (!Ok) {
        NtapipCheckFailures++;
        NtapiPrint("  %s:%u: check failed: %s\n", NtapipBaseName(File), Line, Expression);
    }
    return Ok;
}

BOOLEAN NtapiCheckStatus(NTSTATUS Got, NTSTATUS Expected, PCSTR Expression, PCSTR File,
                         ULONG Line) {
    if (Got == Expected)
        return TRUE;
    NtapipCheckFailures++;
    NtapiPrint("  %s:%u: %s returned 0x%x, expected 0x%x\n", NtapipBaseName(File), Line, Expression,
               (ULONG)Got, (ULONG)Expected);
    return FALSE;
}

BOOLEAN NtapiCheckStatusOneOf(NTSTATUS Got, NTSTATUS Expected1, NTSTATUS Expected2,
                              PCSTR Expression, PCSTR File, ULONG Line) {
    if (Got == Expected1 || Got == Expected2)
        return TRUE;
    NtapipCheckFailures++;
    NtapiPrint("  %s:%u: %s returned 0x%x, expected 0x%x or 0x%x\n", NtapipBaseName(File), Line,
               Expression, (ULONG)Got, (ULONG)Expected1, (ULONG)Expected2);
    return FALSE;
}

BOOLEAN NtapiCheckEqual(ULONG64 Got, ULONG64 Expected, PCSTR Expression, PCSTR File, ULONG Line) {
    if (Got == Expected)
        return TRUE;
    NtapipCheckFailures++;
    NtapiPrint("  %s:%u: %s: got 0x%llx, expected 0x%llx\n", NtapipBaseName(File), Line, Expression,
               Got, Expected);
    return FALSE;
}

/* ---- Helpers for tests ---------------------------------------------------------------- */

VOID NtapiUniqueName(PUNICODE_STRING Name, PWCHAR Buffer, ULONG BufferChars, PCSTR Prefix) {
    PROCESS_BASIC_INFORMATION Basic;
    CHAR Digits[24];
    ULONG64 Id = 0;
    ULONG Count = 0, Length = 0;

    if (NT_SUCCESS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &Basic,
                                             sizeof(Basic), NULL)))
        Id = Basic.UniqueProcessId;
    while (*Prefix != '\0' && Length + 1 < BufferChars)
        Buffer[Length++] = (UCHAR)*Prefix++;
    if (Length + 1 < BufferChars)
        Buffer[Length++] = '-';
    do {
        Digits[Count++] = (CHAR)('0' + Id % 10);
        Id /= 10;
    } while (Id != 0);
    while (Count > 0 && Length + 1 < BufferChars)
        Buffer[Length++] = (UCHAR)Digits[--Count];
    Buffer[Length] = UNICODE_NULL;
    Name->Buffer = Buffer;
    Name->Length = (USHORT)(Length * sizeof(WCHAR));
    Name->MaximumLength = (USHORT)((Length + 1) * sizeof(WCHAR));
}

ULONG64 NtapiMicroseconds(VOID) {
    LARGE_INTEGER Counter, Frequency;
    ULONG64 Ticks, PerSecond;

    if (!NT_SUCCESS(NtQueryPerformanceCounter(&Counter, &Frequency)) || Frequency.QuadPart <= 0)
        return 0;
    Ticks = (ULONG64)Counter.QuadPart;
    PerSecond = (ULONG64)Frequency.QuadPart;
    return Ticks / PerSecond * 1000000 + Ticks % PerSecond * 1000000 / PerSecond;
}

static WCHAR NtapipUpcaseAscii(WCHAR Char) {
    return (Char >= 'a' && Char <= 'z') ? (WCHAR)(Char - 'a' + 'A') : Char;
}

BOOLEAN NtapiEqualsAscii(PCUNICODE_STRING String, PCSTR Ascii) {
    ULONG Index, Chars = String->Length / sizeof(WCHAR);

    for (Index = 0; Index < Chars; Index++) {
        if (Ascii[Index] == '\0' ||
            NtapipUpcaseAscii(String->Buffer[Index]) != NtapipUpcaseAscii((UCHAR)Ascii[Index]))
            return FALSE;
    }
    return Ascii[Index] == '\0';
}

/* ---- Options ---------------------------------------------------------------------------- */

/* Does Word (Length WCHARs) start with the ASCII Prefix? */
static BOOLEAN NtapipWordStarts(PCWSTR Word, ULONG Length, PCSTR Prefix) {
    ULONG Index;

    for (Index = 0; Prefix[Index] != '\0'; Index++) {
        if (Index >= Length || Word[Index] != (UCHAR)Prefix[Index])
            return FALSE;
    }
    return TRUE;
}

static BOOLEAN NtapipWordIs(PCWSTR Word, ULONG Length, PCSTR Text) {
    return NtapipWordStarts(Word, Length, Text) && Text[Length] == '\0';
}

static VOID NtapipParseWord(NTAPI_OPTIONS *Options, PWSTR Word, ULONG Length) {
    if (NtapipWordIs(Word, Length, "--platform=neptune")) {
        Options->Platform = NtapiPlatformNeptune;
    } else if (NtapipWordIs(Word, Length, "--platform=windows")) {
        Options->Platform = NtapiPlatformWindows;
    } else if (NtapipWordIs(Word, Length, "--platform=wine")) {
        Options->Platform = NtapiPlatformWine;
    } else if (NtapipWordIs(Word, Length, "--output=stdout")) {
        Options->ForceSink = TRUE;
        Options->Sink = NtapiSinkStdout;
    } else if (NtapipWordIs(Word, Length, "--output=display")) {
        Options->ForceSink = TRUE;
        Options->Sink = NtapiSinkDisplay;
    } else if (NtapipWordStarts(Word, Length, "--only=")) {
        Options->Only.Buffer = Word + 7;
        Options->Only.Length = (USHORT)((Length - 7) * sizeof(WCHAR));
        Options->Only.MaximumLength = Options->Only.Length;
    } else {
        Options->BadOption = TRUE;
    }
}

/*
 * Splits the command line at spaces; the first word is the program (maybe
 * quoted, maybe with spaces inside the quotes) and is skipped.
 */
static VOID NtapipParseCommandLine(NTAPI_OPTIONS *Options, PCUNICODE_STRING CommandLine) {
    ULONG Index = 0, Start, Chars = CommandLine->Length / sizeof(WCHAR);
    PWSTR Text = CommandLine->Buffer;
    BOOLEAN Quoted = FALSE;

    for (; Index < Chars && (Quoted || Text[Index] != ' '); Index++) {
        if (Text[Index] == '"')
            Quoted = !Quoted;
    }
    while (Index < Chars) {
        while (Index < Chars && Text[Index] == ' ')
            Index++;
        Start = Index;
        while (Index < Chars && Text[Index] != ' ')
            Index++;
        if (Index > Start)
            NtapipParseWord(Options, Text + Start, Index - Start);
    }
}

static PRTL_USER_PROCESS_PARAMETERS NtapipParameters(VOID) {
    PPEB Peb = NtCurrentPeb();

    return Peb != NULL ? Peb->ProcessParameters : NULL;
}

static VOID NtapipSetUp(NTAPI_OPTIONS *Options) {
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtapipParameters();

    if (Parameters != NULL && Parameters->CommandLine.Buffer != NULL)
        NtapipParseCommandLine(Options, &Parameters->CommandLine);
    NtapipStdout = Parameters != NULL ? Parameters->StandardOutput : NULL;
    NtapipSink = NtapipStdout != NULL ? NtapiSinkStdout : NtapiSinkDisplay;
    if (Options->ForceSink)
        NtapipSink = Options->Sink;
}

/* ---- The run ----------------------------------------------------------------------------- */

static BOOLEAN NtapipSelected(const NTAPI_OPTIONS *Options, const NTAPI_TEST *Test) {
    ANSI_STRING Name;
    UNICODE_STRING Wanted = Options->Only;
    ULONG Index;

    if (Wanted.Length == 0)
        return (Test->Flags & NTAPI_TEST_HELPER) == 0;
    RtlInitAnsiString(&Name, Test->Name);
    if (Name.Length != Wanted.Length / sizeof(WCHAR))
        return FALSE;
    for (Index = 0; Index < Name.Length; Index++) {
        if ((UCHAR)Name.Buffer[Index] != Wanted.Buffer[Index])
            return FALSE;
    }
    return TRUE;
}

/* Why Test does not run on this platform, or NULL if it does. */
static PCSTR NtapipSkipReason(const NTAPI_OPTIONS *Options, const NTAPI_TEST *Test) {
    if ((Test->Flags & NTAPI_TEST_NEPTUNE_ONLY) && Options->Platform != NtapiPlatformNeptune)
        return "Neptune internals";
    if ((Test->Flags & NTAPI_TEST_WINE_DIFFERS) && Options->Platform == NtapiPlatformWine)
        return "Wine differs from Windows";
    return NULL;
}

DECLSPEC_NORETURN static VOID NtapipExit(ULONG Failed) {
    NtapipFlushLine();
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), Failed != 0 ? 1 : 0);
}

DECLSPEC_NORETURN VOID NTAPI NtProcessStartup(PVOID Argument) {
    NTAPI_OPTIONS Options = {0};
    const NTAPI_TEST *Test;
    PCSTR Reason;
    ULONG Passed = 0, Failed = 0, Skipped = 0;

    NtapiEntryArgument = Argument;
    NtapipSetUp(&Options);
    if (Options.BadOption) {
        NtapiPrint("%s: unknown option on the command line\n0 passed, 1 failed\n", NtapiFamily);
        NtapipExit(1);
    }
    for (Test = NtapiTests; Test->Name != NULL; Test++) {
        if (!NtapipSelected(&Options, Test))
            continue;
        Reason = NtapipSkipReason(&Options, Test);
        if (Reason != NULL) {
            NtapiPrint("TEST %s %s: SKIP (%s)\n", NtapiFamily, Test->Name, Reason);
            Skipped++;
            continue;
        }
        NtapipCheckFailures = 0;
        Test->Routine();
        if (NtapipCheckFailures == 0) {
            NtapiPrint("TEST %s %s: PASS\n", NtapiFamily, Test->Name);
            Passed++;
        } else {
            NtapiPrint("TEST %s %s: FAIL\n", NtapiFamily, Test->Name);
            Failed++;
        }
    }
    if (Passed + Failed == 0) {
        NtapiPrint("%s: no test ran\n", NtapiFamily);
        Failed++;
    }
    NtapiPrint("%s: %u skipped\n%u passed, %u failed\n", NtapiFamily, Skipped, Passed, Failed);
    NtapipExit(Failed);
}

/*
 * The directory the test images are in: ours, or its parent when we are
 * the mingw build (OUT/tests/ntapi/mingw/loader.exe).  Returns its length
 * in characters, without the trailing '\' (0 if we do not know it).
 */
ULONG NtapiTestDirectory(PCWSTR *Directory) {
    static const char Mingw[] = "\\mingw";
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    PUNICODE_STRING Image;
    ULONG Length = 0, Tail = sizeof(Mingw) - 1;
    BOOLEAN IsMingw;

    if (Parameters == NULL || Parameters->ImagePathName.Buffer == NULL)
        return 0;
    Image = &Parameters->ImagePathName;
    for (ULONG i = 0; i < Image->Length / sizeof(WCHAR); i++) {
        if (Image->Buffer[i] == '\\')
            Length = i;
    }
    IsMingw = Length > Tail;
    for (ULONG i = 0; IsMingw && i < Tail; i++)
        IsMingw = (Image->Buffer[Length - Tail + i] | 0x20) == (Mingw[i] | 0x20);
    if (IsMingw)
        Length -= Tail;
    *Directory = Image->Buffer;
    return Length;
}

PUNICODE_STRING NtapiOwnNtPath(VOID) {
    static const WCHAR Prefix[] = u"\\??\\";
    static WCHAR Buffer[400];
    static UNICODE_STRING Path;
    PUNICODE_STRING Image = &NtCurrentPeb()->ProcessParameters->ImagePathName;
    ULONG Length = 0;

    if (Image->Length >= 4 && Image->Buffer[1] == ':') {
        for (ULONG i = 0; Prefix[i] != 0; i++)
            Buffer[Length++] = Prefix[i];
    }
    for (ULONG i = 0; i < Image->Length / sizeof(WCHAR) && Length + 1 < RTL_NUMBER_OF(Buffer); i++)
        Buffer[Length++] = Image->Buffer[i];
    Buffer[Length] = 0;
    RtlInitUnicodeString(&Path, Buffer);
    return &Path;
}

NTSTATUS NtapiCreateSelf(PCWSTR CommandLine, PRTL_USER_PROCESS_INFORMATION Information) {
    PUNICODE_STRING Image = &NtCurrentPeb()->ProcessParameters->ImagePathName;
    PRTL_USER_PROCESS_PARAMETERS Parameters = NULL;
    UNICODE_STRING Line;
    NTSTATUS Status;

    if (CommandLine != NULL)
        RtlInitUnicodeString(&Line, CommandLine);
    Status = RtlCreateProcessParameters(&Parameters, Image, NULL, NULL, CommandLine != NULL ? &Line : NULL, NULL,
                                        NULL, NULL, NULL, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = RtlCreateUserProcess(NtapiOwnNtPath(), OBJ_CASE_INSENSITIVE, Parameters, NULL, NULL, NULL, FALSE, NULL,
                                  NULL, Information);
    RtlDestroyProcessParameters(Parameters);
    return Status;
}
