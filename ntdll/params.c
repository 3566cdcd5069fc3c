/*
 * params.c — process parameters, the environment block, the current
 * directory and DOS path conversion against it.
 *
 * RTL_USER_PROCESS_PARAMETERS is one block: the structure, then its strings
 * (each NUL-terminated, 8-byte aligned), in this order:
 *
 *   +--------------------------+ 0
 *   | RTL_USER_PROCESS_PARAMS  |   MaximumLength = Length = whole block
 *   +--------------------------+ 0x440
 *   | CurrentDirectory.DosPath |   MaximumLength >= MAX_PATH WCHARs, so the
 *   |                          |   current directory changes in place
 *   | DllPath                  |
 *   | ImagePathName            |
 *   | CommandLine              |
 *   | WindowTitle, DesktopInfo,|
 *   | ShellInfo, RuntimeData   |
 *   +--------------------------+ Length
 *   | environment (a copy)     |   RtlCreateProcessParameters(Ex) only
 *   +--------------------------+
 *
 * "Normalized" (RTL_USER_PROC_PARAMS_NORMALIZED in Flags), each Buffer is a
 * pointer; denormalized it is the offset from the start of the block,
 * which is how a block travels into another process (RtlCreateUserProcess
 * writes it there as is; the new process's LdrInitializeThunk normalizes
 * it).  RtlCreateProcessParameters returns a denormalized block, as on
 * Windows; RtlCreateProcessParametersEx with RTL_USER_PROC_PARAMS_NORMALIZED
 * in Flags a normalized one.  Both copy the environment (the caller's, or
 * the current process's) into the same allocation right after the block
 * (outside Length, as Windows and Wine do); the Environment pointer is
 * never an offset.
 *
 * The environment is a sequence of "NAME=value\0" strings ended by an empty
 * string.  Names compare case-insensitively and are kept in sorted order;
 * a name may start with '=' (the "=C:" drive directories), so '=' is looked
 * for from the second character.  Environments live in their own
 * NtAllocateVirtualMemory regions (as on Windows): RtlSetEnvironmentVariable
 * builds the new block in a new region and releases the old one.
 *
 * The current process's parameters and environment are guarded by the PEB
 * lock (RtlAcquirePebLock).  Everything reaches the PEB through
 * RtlGetCurrentPeb and the heap through RtlAllocateHeap, so the host tests
 * (tests/host/ntdll/) run this file against a fake PEB.
 */
#include <ndk/ntndk.h>

#define RTLP_MAX_PATH 260
#define RTLP_CURDIR_BYTES (RTLP_MAX_PATH * sizeof(WCHAR))

/* ---- Process parameters ------------------------------------------------------------ */

/* The strings of a parameter block, in layout order. */
enum {
    RtlpCurrentDirectoryString,
    RtlpDllPathString,
    RtlpImagePathNameString,
    RtlpCommandLineString,
    RtlpWindowTitleString,
    RtlpDesktopInfoString,
    RtlpShellInfoString,
    RtlpRuntimeDataString,
    RTLP_PARAMETER_STRING_COUNT
};

static PUNICODE_STRING RtlpBlockString(PRTL_USER_PROCESS_PARAMETERS Parameters, ULONG Index) {
    switch (Index) {
    case RtlpCurrentDirectoryString:
        return &Parameters->CurrentDirectory.DosPath;
    case RtlpDllPathString:
        return &Parameters->DllPath;
    case RtlpImagePathNameString:
        return &Parameters->ImagePathName;
    case RtlpCommandLineString:
        return &Parameters->CommandLine;
    case RtlpWindowTitleString:
        return &Parameters->WindowTitle;
    case RtlpDesktopInfoString:
        return &Parameters->DesktopInfo;
    case RtlpShellInfoString:
        return &Parameters->ShellInfo;
    default:
        return &Parameters->RuntimeData;
    }
}

/* The bytes a string takes in the block: RuntimeData is binary (no NUL),
 * the current directory keeps room for MAX_PATH. */
static USHORT RtlpStringCapacity(ULONG Index, PCUNICODE_STRING String, USHORT Minimum) {
    ULONG Capacity = String->Length;

    if (Index != RtlpRuntimeDataString)
        Capacity += sizeof(WCHAR);
    if (Capacity < Minimum)
        Capacity = Minimum;
    return Capacity > 0xfffe ? 0xfffe : (USHORT)Capacity;
}

/* A normalized block on the process heap holding copies of Strings, and
 * EnvironmentSize bytes after it for a copy of the environment. */
static NTSTATUS RtlpAllocateParameters(const UNICODE_STRING *Source, USHORT CurrentDirectoryMax,
                                       SIZE_T EnvironmentSize,
                                       PRTL_USER_PROCESS_PARAMETERS *Result) {
    SIZE_T Size = sizeof(RTL_USER_PROCESS_PARAMETERS);
    PRTL_USER_PROCESS_PARAMETERS Parameters;
    PUCHAR Next;

    for (ULONG i = 0; i < RTLP_PARAMETER_STRING_COUNT; i++) {
        if (Source[i].Length > 0xfffc)
            return STATUS_NAME_TOO_LONG;
        Size += ALIGN_UP_BY(RtlpStringCapacity(i, &Source[i], i == 0 ? CurrentDirectoryMax : 0),
                            sizeof(ULONG_PTR));
    }
    if (Size > 0xffffffffu)
        return STATUS_NAME_TOO_LONG;
    Parameters =
        RtlAllocateHeap(RtlGetCurrentPeb()->ProcessHeap, HEAP_ZERO_MEMORY, Size + EnvironmentSize);
    if (Parameters == NULL)
        return STATUS_NO_MEMORY;
    Parameters->MaximumLength = (ULONG)Size;
    Parameters->Length = (ULONG)Size;
    Parameters->Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
    Next = (PUCHAR)(Parameters + 1);
    for (ULONG i = 0; i < RTLP_PARAMETER_STRING_COUNT; i++) {
        PUNICODE_STRING Target = RtlpBlockString(Parameters, i);
        USHORT Capacity = RtlpStringCapacity(i, &Source[i], i == 0 ? CurrentDirectoryMax : 0);

        Target->Length = Source[i].Length;
        Target->MaximumLength = Capacity;
        Target->Buffer = Capacity != 0 ? (PWSTR)Next : NULL;
        if (Source[i].Length != 0)
            RtlCopyMemory(Next, Source[i].Buffer, Source[i].Length);
        Next += ALIGN_UP_BY(Capacity, sizeof(ULONG_PTR));
    }
    *Result = Parameters;
    return STATUS_SUCCESS;
}

/* Where a string of a block really is, whether the block is normalized or not. */
static PWSTR RtlpParameterBuffer(PRTL_USER_PROCESS_PARAMETERS Parameters, PCUNICODE_STRING String) {
    if (String->Buffer == NULL || (Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED))
        return String->Buffer;
    return (PWSTR)((PUCHAR)Parameters + (ULONG_PTR)String->Buffer);
}

static VOID RtlpSetString(PUNICODE_STRING Target, PCUNICODE_STRING Given,
                          PCUNICODE_STRING Default) {
    static WCHAR Empty[1];

    if (Given != NULL && Given->Buffer != NULL) {
        *Target = *Given;
    } else if (Default != NULL && Default->Buffer != NULL) {
        *Target = *Default;
    } else {
        Target->Buffer = Empty;
        Target->Length = 0;
        Target->MaximumLength = 0;
    }
}

/* Bytes of an environment block up to and including its final empty string. */
SIZE_T RtlpEnvironmentSize(PCWSTR Environment) {
    PCWSTR Next = Environment;

    if (Environment == NULL)
        return 0;
    while (*Next != 0) {
        while (*Next != 0)
            Next++;
        Next++;
    }
    return (SIZE_T)(Next - Environment + 1) * sizeof(WCHAR);
}

NTSTATUS NTAPI RtlCreateProcessParametersEx(PRTL_USER_PROCESS_PARAMETERS *ProcessParameters,
                                            PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath,
                                            PUNICODE_STRING CurrentDirectory,
                                            PUNICODE_STRING CommandLine, PVOID Environment,
                                            PUNICODE_STRING WindowTitle,
                                            PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo,
                                            PUNICODE_STRING RuntimeData, ULONG Flags) {
    PRTL_USER_PROCESS_PARAMETERS Current, Parameters;
    UNICODE_STRING Strings[RTLP_PARAMETER_STRING_COUNT];
    SIZE_T EnvironmentSize;
    NTSTATUS Status;

    if (ProcessParameters == NULL || ImagePathName == NULL)
        return STATUS_INVALID_PARAMETER;
    RtlAcquirePebLock();
    Current = RtlGetCurrentPeb()->ProcessParameters;
    RtlpSetString(&Strings[RtlpCurrentDirectoryString], CurrentDirectory,
                  Current != NULL ? &Current->CurrentDirectory.DosPath : NULL);
    RtlpSetString(&Strings[RtlpDllPathString], DllPath, Current != NULL ? &Current->DllPath : NULL);
    RtlpSetString(&Strings[RtlpImagePathNameString], ImagePathName, NULL);
    RtlpSetString(&Strings[RtlpCommandLineString], CommandLine, ImagePathName);
    RtlpSetString(&Strings[RtlpWindowTitleString], WindowTitle, NULL);
    RtlpSetString(&Strings[RtlpDesktopInfoString], DesktopInfo, NULL);
    RtlpSetString(&Strings[RtlpShellInfoString], ShellInfo, NULL);
    RtlpSetString(&Strings[RtlpRuntimeDataString], RuntimeData, NULL);
    if (Environment == NULL && Current != NULL)
        Environment = Current->Environment;
    EnvironmentSize = RtlpEnvironmentSize(Environment);
    Status = RtlpAllocateParameters(Strings, RTLP_CURDIR_BYTES, EnvironmentSize, &Parameters);
    if (NT_SUCCESS(Status) && EnvironmentSize != 0) {
        Parameters->Environment = (PUCHAR)Parameters + Parameters->Length;
        Parameters->EnvironmentSize = EnvironmentSize;
        RtlCopyMemory(Parameters->Environment, Environment, EnvironmentSize);
    }
    RtlReleasePebLock();
    if (!NT_SUCCESS(Status))
        return Status;
    if (!(Flags & RTL_USER_PROC_PARAMS_NORMALIZED))
        RtlDeNormalizeProcessParams(Parameters);
    *ProcessParameters = Parameters;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateProcessParameters(PRTL_USER_PROCESS_PARAMETERS *ProcessParameters,
                                          PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath,
                                          PUNICODE_STRING CurrentDirectory,
                                          PUNICODE_STRING CommandLine, PVOID Environment,
                                          PUNICODE_STRING WindowTitle, PUNICODE_STRING DesktopInfo,
                                          PUNICODE_STRING ShellInfo, PUNICODE_STRING RuntimeData) {
    return RtlCreateProcessParametersEx(ProcessParameters, ImagePathName, DllPath, CurrentDirectory,
                                        CommandLine, Environment, WindowTitle, DesktopInfo,
                                        ShellInfo, RuntimeData, 0);
}

NTSTATUS NTAPI RtlDestroyProcessParameters(PRTL_USER_PROCESS_PARAMETERS Parameters) {
    if (Parameters != NULL)
        RtlFreeHeap(RtlGetCurrentPeb()->ProcessHeap, 0, Parameters);
    return STATUS_SUCCESS;
}

/*
 * A normalized copy of any block (normalized or not) on the process heap,
 * with the same scalars and Environment pointer: what RtlCreateUserProcess
 * sends to a new process (process.c).
 */
NTSTATUS RtlpCopyProcessParameters(PRTL_USER_PROCESS_PARAMETERS Source,
                                   PRTL_USER_PROCESS_PARAMETERS *Result) {
    USHORT CurrentDirectoryMax = Source->CurrentDirectory.DosPath.MaximumLength;
    UNICODE_STRING Copy[RTLP_PARAMETER_STRING_COUNT];
    PRTL_USER_PROCESS_PARAMETERS Parameters;
    NTSTATUS Status;

    for (ULONG i = 0; i < RTLP_PARAMETER_STRING_COUNT; i++) {
        PUNICODE_STRING From = RtlpBlockString(Source, i);

        Copy[i].Length = From->Buffer != NULL ? From->Length : 0;
        Copy[i].MaximumLength = Copy[i].Length;
        Copy[i].Buffer = RtlpParameterBuffer(Source, From);
    }
    if (CurrentDirectoryMax < RTLP_CURDIR_BYTES)
        CurrentDirectoryMax = RTLP_CURDIR_BYTES;
    Status = RtlpAllocateParameters(Copy, CurrentDirectoryMax, 0, &Parameters);
    if (!NT_SUCCESS(Status))
        return Status;
    Parameters->Flags = Source->Flags | RTL_USER_PROC_PARAMS_NORMALIZED;
    Parameters->DebugFlags = Source->DebugFlags;
    Parameters->ConsoleHandle = Source->ConsoleHandle;
    Parameters->ConsoleFlags = Source->ConsoleFlags;
    Parameters->StandardInput = Source->StandardInput;
    Parameters->StandardOutput = Source->StandardOutput;
    Parameters->StandardError = Source->StandardError;
    Parameters->CurrentDirectory.Handle = NULL;
    Parameters->Environment = Source->Environment;
    Parameters->EnvironmentSize = Source->EnvironmentSize;
    Parameters->EnvironmentVersion = Source->EnvironmentVersion;
    Parameters->StartingX = Source->StartingX;
    Parameters->StartingY = Source->StartingY;
    Parameters->CountX = Source->CountX;
    Parameters->CountY = Source->CountY;
    Parameters->CountCharsX = Source->CountCharsX;
    Parameters->CountCharsY = Source->CountCharsY;
    Parameters->FillAttribute = Source->FillAttribute;
    Parameters->WindowFlags = Source->WindowFlags;
    Parameters->ShowWindowFlags = Source->ShowWindowFlags;
    Parameters->ProcessGroupId = Source->ProcessGroupId;
    *Result = Parameters;
    return STATUS_SUCCESS;
}

/* Offsets -> pointers (and back) for the strings a block carries. */
static VOID RtlpRebaseStrings(PRTL_USER_PROCESS_PARAMETERS Parameters, BOOLEAN ToPointers) {
    PUNICODE_STRING Extra[] = {&Parameters->RedirectionDllName, &Parameters->HeapPartitionName};

    for (ULONG i = 0; i < RTLP_PARAMETER_STRING_COUNT + RTL_NUMBER_OF(Extra); i++) {
        PUNICODE_STRING String = i < RTLP_PARAMETER_STRING_COUNT
                                     ? RtlpBlockString(Parameters, i)
                                     : Extra[i - RTLP_PARAMETER_STRING_COUNT];

        if (String->Buffer == NULL)
            continue;
        if (ToPointers)
            String->Buffer = (PWSTR)((PUCHAR)Parameters + (ULONG_PTR)String->Buffer);
        else
            String->Buffer = (PWSTR)((PUCHAR)String->Buffer - (PUCHAR)Parameters);
    }
}

PRTL_USER_PROCESS_PARAMETERS NTAPI
RtlNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS Parameters) {
    if (Parameters != NULL && !(Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED)) {
        RtlpRebaseStrings(Parameters, TRUE);
        Parameters->Flags |= RTL_USER_PROC_PARAMS_NORMALIZED;
    }
    return Parameters;
}

PRTL_USER_PROCESS_PARAMETERS NTAPI
RtlDeNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS Parameters) {
    if (Parameters != NULL && (Parameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED)) {
        RtlpRebaseStrings(Parameters, FALSE);
        Parameters->Flags &= ~RTL_USER_PROC_PARAMS_NORMALIZED;
    }
    return Parameters;
}

/* ---- Environment --------------------------------------------------------------------------- */

static PWSTR RtlpAllocateEnvironment(SIZE_T Bytes) {
    PVOID Block = NULL;
    SIZE_T Size = Bytes;

    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Block, 0, &Size,
                                            MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)))
        return NULL;
    return Block;
}

static VOID RtlpFreeEnvironment(PVOID Environment) {
    SIZE_T Size = 0;

    if (Environment != NULL)
        NtFreeVirtualMemory(NtCurrentProcess(), &Environment, &Size, MEM_RELEASE);
}

NTSTATUS NTAPI RtlCreateEnvironment(BOOLEAN CloneCurrentEnvironment, PVOID *Environment) {
    PRTL_USER_PROCESS_PARAMETERS Current;
    SIZE_T Size = 0;
    PWSTR Block;

    if (Environment == NULL)
        return STATUS_INVALID_PARAMETER;
    RtlAcquirePebLock();
    Current = RtlGetCurrentPeb()->ProcessParameters;
    if (CloneCurrentEnvironment && Current != NULL)
        Size = RtlpEnvironmentSize(Current->Environment);
    Block = RtlpAllocateEnvironment(Size != 0 ? Size : 2 * sizeof(WCHAR));
    if (Block != NULL && Size != 0)
        RtlCopyMemory(Block, Current->Environment, Size);
    RtlReleasePebLock();
    if (Block == NULL)
        return STATUS_NO_MEMORY;
    *Environment = Block;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDestroyEnvironment(PVOID Environment) {
    RtlpFreeEnvironment(Environment);
    return STATUS_SUCCESS;
}

static WCHAR RtlpUpcase(WCHAR Char) {
    return (Char >= 'a' && Char <= 'z') ? (WCHAR)(Char - ('a' - 'A')) : RtlUpcaseUnicodeChar(Char);
}

/* Compares an entry's name (up to its '=', looked for from the second
 * character) with Name, case-insensitively: <0, 0, >0. */
static LONG RtlpCompareEntryName(PCWSTR Entry, PCUNICODE_STRING Name, PCWSTR *Value) {
    SIZE_T NameChars = Name->Length / sizeof(WCHAR), Length = 1;

    while (Entry[Length] != 0 && Entry[Length] != '=')
        Length++;
    *Value = Entry[Length] == '=' ? Entry + Length + 1 : Entry + Length;
    for (SIZE_T i = 0; i < Length && i < NameChars; i++) {
        WCHAR a = RtlpUpcase(Entry[i]), b = RtlpUpcase(Name->Buffer[i]);

        if (a != b)
            return a < b ? -1 : 1;
    }
    return Length == NameChars ? 0 : (Length < NameChars ? -1 : 1);
}

static SIZE_T RtlpWideLength(PCWSTR String) {
    SIZE_T Length = 0;

    while (String[Length] != 0)
        Length++;
    return Length;
}

/* Finds Name: *Entry is its entry (Found) or the entry it would go before. */
static BOOLEAN RtlpFindVariable(PWSTR Environment, PCUNICODE_STRING Name, PWSTR *Entry,
                                PCWSTR *Value) {
    PWSTR Next = Environment;

    while (Next != NULL && *Next != 0) {
        LONG Order = RtlpCompareEntryName(Next, Name, Value);

        if (Order >= 0) {
            *Entry = Next;
            return Order == 0;
        }
        Next += RtlpWideLength(Next) + 1;
    }
    *Entry = Next;
    return FALSE;
}

/* An empty name is STATUS_INVALID_PARAMETER_1 (as Wine), a '=' after the
 * first character STATUS_INVALID_PARAMETER. */
static NTSTATUS RtlpCheckVariableName(PCUNICODE_STRING Name) {
    if (Name == NULL || Name->Buffer == NULL || Name->Length < sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER_1;
    for (USHORT i = 1; i < Name->Length / sizeof(WCHAR); i++) {
        if (Name->Buffer[i] == '=')
            return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

/* The block with Name's entry replaced by Name=Value (or removed). */
static NTSTATUS RtlpRebuildEnvironment(PWSTR Old, PCUNICODE_STRING Name, PCUNICODE_STRING Value,
                                       PWSTR *New, SIZE_T *NewSize) {
    SIZE_T OldSize = RtlpEnvironmentSize(Old), Before, After, Added = 0, Removed = 0;
    PWSTR Entry, Block, Out;
    PCWSTR OldValue;
    BOOLEAN Found = RtlpFindVariable(Old, Name, &Entry, &OldValue);

    if (Old == NULL)
        OldSize = sizeof(WCHAR);
    if (Found)
        Removed = (RtlpWideLength(Entry) + 1) * sizeof(WCHAR);
    if (Value != NULL)
        Added = Name->Length + sizeof(WCHAR) + Value->Length + sizeof(WCHAR);
    Before = Old != NULL ? (SIZE_T)((PUCHAR)Entry - (PUCHAR)Old) : 0;
    After = OldSize - Before - Removed;
    *NewSize = Before + Added + After;
    Block = RtlpAllocateEnvironment(*NewSize);
    if (Block == NULL)
        return STATUS_NO_MEMORY;
    Out = Block;
    if (Before != 0)
        RtlCopyMemory(Out, Old, Before);
    Out = (PWSTR)((PUCHAR)Out + Before);
    if (Value != NULL) {
        RtlCopyMemory(Out, Name->Buffer, Name->Length);
        Out += Name->Length / sizeof(WCHAR);
        *Out++ = '=';
        if (Value->Length != 0)
            RtlCopyMemory(Out, Value->Buffer, Value->Length);
        Out += Value->Length / sizeof(WCHAR);
        *Out++ = 0;
    }
    if (Old != NULL)
        RtlCopyMemory(Out, (PUCHAR)Old + Before + Removed, After);
    else
        *Out = 0;
    *New = Block;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetEnvironmentVariable(PVOID *Environment, PUNICODE_STRING Name,
                                         PUNICODE_STRING Value) {
    PRTL_USER_PROCESS_PARAMETERS Current = NULL;
    PWSTR Old, New, Entry;
    PCWSTR OldValue;
    SIZE_T NewSize;
    NTSTATUS Status;

    Status = RtlpCheckVariableName(Name);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Value != NULL && Value->Length != 0 && Value->Buffer == NULL)
        return STATUS_INVALID_PARAMETER;
    RtlAcquirePebLock();
    if (Environment != NULL) {
        Old = *Environment;
    } else {
        Current = RtlGetCurrentPeb()->ProcessParameters;
        Old = Current != NULL ? Current->Environment : NULL;
    }
    if (Value == NULL && !RtlpFindVariable(Old, Name, &Entry, &OldValue)) {
        RtlReleasePebLock();
        return STATUS_SUCCESS; /* deleting what is not there */
    }
    Status = RtlpRebuildEnvironment(Old, Name, Value, &New, &NewSize);
    if (NT_SUCCESS(Status)) {
        if (Environment != NULL) {
            *Environment = New;
        } else if (Current != NULL) {
            Current->Environment = New;
            Current->EnvironmentSize = NewSize;
        } else {
            Status = STATUS_INVALID_PARAMETER; /* a process without parameters */
        }
        RtlpFreeEnvironment(NT_SUCCESS(Status) ? Old : New);
    }
    RtlReleasePebLock();
    return Status;
}

NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(PVOID Environment, PUNICODE_STRING Name,
                                             PUNICODE_STRING Value) {
    PRTL_USER_PROCESS_PARAMETERS Current;
    PCWSTR Found;
    PWSTR Entry;
    SIZE_T Length;
    NTSTATUS Status;

    if (Name == NULL || Value == NULL)
        return STATUS_INVALID_PARAMETER;
    RtlAcquirePebLock();
    if (Environment == NULL) {
        Current = RtlGetCurrentPeb()->ProcessParameters;
        Environment = Current != NULL ? Current->Environment : NULL;
    }
    if (Name->Length == 0 || !RtlpFindVariable(Environment, Name, &Entry, &Found)) {
        RtlReleasePebLock();
        return STATUS_VARIABLE_NOT_FOUND;
    }
    Length = RtlpWideLength(Found) * sizeof(WCHAR);
    Value->Length = Length > 0xfffe ? 0xfffe : (USHORT)Length;
    if (Length > Value->MaximumLength) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else {
        if (Length != 0)
            RtlCopyMemory(Value->Buffer, Found, Length);
        if (Length + sizeof(WCHAR) <= Value->MaximumLength)
            Value->Buffer[Length / sizeof(WCHAR)] = 0;
        Status = STATUS_SUCCESS;
    }
    RtlReleasePebLock();
    return Status;
}

/* ---- Current directory and DOS paths ------------------------------------------------------------
 */

/* The current directory as RtlpDosPathNameToNtPathName wants it (NULL if
 * there is none).  Call with the PEB lock held. */
static PCUNICODE_STRING RtlpCurrentDirectory(VOID) {
    PRTL_USER_PROCESS_PARAMETERS Current = RtlGetCurrentPeb()->ProcessParameters;

    if (Current == NULL || Current->CurrentDirectory.DosPath.Length == 0 ||
        Current->CurrentDirectory.DosPath.Buffer == NULL)
        return NULL;
    return &Current->CurrentDirectory.DosPath;
}

NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR DosFileName,
                                                       PUNICODE_STRING NtFileName, PWSTR *FilePart,
                                                       PRTL_RELATIVE_NAME_U RelativeName) {
    UNICODE_STRING Dos;
    NTSTATUS Status;

    if (DosFileName == NULL || NtFileName == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    Status = RtlInitUnicodeStringEx(&Dos, DosFileName);
    if (!NT_SUCCESS(Status))
        return Status;
    if (RelativeName != NULL) {
        RelativeName->RelativeName.Buffer = NULL;
        RelativeName->RelativeName.Length = 0;
        RelativeName->RelativeName.MaximumLength = 0;
        RelativeName->ContainingDirectory = NULL;
        RelativeName->CurDirRef = NULL;
    }
    RtlAcquirePebLock();
    Status = RtlpDosPathNameToNtPathName(&Dos, RtlpCurrentDirectory(), NtFileName, FilePart);
    RtlReleasePebLock();
    return Status;
}

BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosFileName, PUNICODE_STRING NtFileName,
                                           PWSTR *FilePart, PRTL_RELATIVE_NAME_U RelativeName) {
    return NT_SUCCESS(
        RtlDosPathNameToNtPathName_U_WithStatus(DosFileName, NtFileName, FilePart, RelativeName));
}

ULONG NTAPI RtlGetFullPathName_U(PCWSTR FileName, ULONG BufferLength, PWSTR Buffer,
                                 PWSTR *FilePart) {
    UNICODE_STRING Dos, Full;
    PWSTR Part = NULL;
    NTSTATUS Status;
    ULONG Result;

    if (FilePart != NULL)
        *FilePart = NULL;
    if (FileName == NULL || !NT_SUCCESS(RtlInitUnicodeStringEx(&Dos, FileName)) || Dos.Length == 0)
        return 0;
    RtlAcquirePebLock();
    Status = RtlpGetFullDosPathName(&Dos, RtlpCurrentDirectory(), &Full, &Part);
    RtlReleasePebLock();
    if (!NT_SUCCESS(Status))
        return 0;
    if (Full.Length + sizeof(WCHAR) > BufferLength) {
        Result = Full.Length + sizeof(WCHAR);
    } else {
        RtlCopyMemory(Buffer, Full.Buffer, Full.Length);
        Buffer[Full.Length / sizeof(WCHAR)] = 0;
        if (FilePart != NULL && Part != NULL)
            *FilePart = Buffer + (Part - Full.Buffer);
        Result = Full.Length;
    }
    RtlFreeUnicodeString(&Full);
    return Result;
}

/* "C:\" stays as it is; any other directory loses its trailing '\'. */
static USHORT RtlpVisibleDirectoryLength(PCUNICODE_STRING Directory) {
    USHORT Chars = Directory->Length / sizeof(WCHAR);

    if (Chars > 1 && Directory->Buffer[Chars - 1] == '\\' &&
        !(Chars == 3 && Directory->Buffer[1] == ':'))
        Chars--;
    return Chars;
}

ULONG NTAPI RtlGetCurrentDirectory_U(ULONG BufferLength, PWSTR Buffer) {
    PCUNICODE_STRING Directory;
    ULONG Bytes;

    RtlAcquirePebLock();
    Directory = RtlpCurrentDirectory();
    if (Directory == NULL) {
        RtlReleasePebLock();
        if (BufferLength >= sizeof(WCHAR))
            Buffer[0] = 0;
        return 0;
    }
    Bytes = RtlpVisibleDirectoryLength(Directory) * sizeof(WCHAR);
    if (Bytes + sizeof(WCHAR) > BufferLength) {
        RtlReleasePebLock();
        return Bytes + sizeof(WCHAR);
    }
    RtlCopyMemory(Buffer, Directory->Buffer, Bytes);
    Buffer[Bytes / sizeof(WCHAR)] = 0;
    RtlReleasePebLock();
    return Bytes;
}

/*
 * Makes Path (resolved against the current directory) the current
 * directory, with a trailing '\'.  There is no file system yet, so the
 * directory is not opened and need not exist (docs/loader.md); the new
 * path must fit in the block's buffer (MAX_PATH characters).
 */
NTSTATUS NTAPI RtlSetCurrentDirectory_U(PUNICODE_STRING Path) {
    PRTL_USER_PROCESS_PARAMETERS Current;
    UNICODE_STRING Full;
    PUNICODE_STRING Target;
    NTSTATUS Status;
    USHORT Chars;

    if (Path == NULL || Path->Buffer == NULL || Path->Length == 0)
        return STATUS_INVALID_PARAMETER;
    RtlAcquirePebLock();
    Current = RtlGetCurrentPeb()->ProcessParameters;
    if (Current == NULL) {
        RtlReleasePebLock();
        return STATUS_INVALID_PARAMETER;
    }
    Status = RtlpGetFullDosPathName(Path, RtlpCurrentDirectory(), &Full, NULL);
    if (NT_SUCCESS(Status)) {
        Target = &Current->CurrentDirectory.DosPath;
        Chars = Full.Length / sizeof(WCHAR);
        BOOLEAN Slash = Chars > 0 && Full.Buffer[Chars - 1] == '\\';
        ULONG Needed = Full.Length + (Slash ? 0 : sizeof(WCHAR)) + sizeof(WCHAR);

        if (Needed > Target->MaximumLength || Target->Buffer == NULL) {
            Status = STATUS_NAME_TOO_LONG;
        } else {
            RtlCopyMemory(Target->Buffer, Full.Buffer, Full.Length);
            if (!Slash)
                Target->Buffer[Chars++] = '\\';
            Target->Buffer[Chars] = 0;
            Target->Length = (USHORT)(Chars * sizeof(WCHAR));
            Current->CurrentDirectory.Handle = NULL;
        }
        RtlFreeUnicodeString(&Full);
    }
    RtlReleasePebLock();
    return Status;
}
