/*
 * path.c — DOS path names to full paths and NT paths, as pure functions.
 *
 * RtlpDosPathNameToNtPathName is the core of ntdll's
 * RtlDosPathNameToNtPathName_U: the caller passes the current directory
 * (PEB->ProcessParameters->CurrentDirectory.DosPath in ntdll) instead of it
 * being read from the PEB.  The result is built in three parts:
 *
 *     \??\  +  root          +  components
 *              "C:\"             "dir\sub\file"
 *              "UNC\srv\share\"
 *              ""  (for \\.\ devices: \\.\COM1 -> \??\COM1)
 *
 * Resolution by path type (RtlDetermineDosPathNameType_U):
 *   C:\x            drive-absolute: root C:\, components of x
 *   C:x             drive-relative: the current directory if it is on drive
 *                   C:, else the root of C: (Windows would consult the "=C:"
 *                   environment variable; this pure version cannot)
 *   \x              rooted: the root (drive or \\server\share) of the
 *                   current directory
 *   x               relative: the current directory
 *   \\server\share\x   UNC: root \??\UNC\server\share\
 *   \\.\x           local device: \??\x, normalised
 *   \\?\x and \??\x    verbatim: \??\x, nothing changed
 *
 * Normalisation: '/' is a separator like '\'; empty components (repeated
 * separators) and "." are dropped; ".." removes the previous component but
 * never the root; trailing dots and spaces are stripped from the last
 * component (a last component made only of them disappears); a trailing
 * separator is kept.  DOS device names (CON, NUL, COM1...) get no special
 * treatment here.
 */
#include "rtlp.h"

#define IS_SEPARATOR(c) ((c) == u'\\' || (c) == u'/')

typedef struct _RTLP_PATH_WRITER {
    PWSTR Buffer;
    SIZE_T Length;   /* characters written */
    SIZE_T Capacity; /* characters available */
    SIZE_T RootEnd;  /* ".." never goes below this */
} RTLP_PATH_WRITER;

/* ---- Path types ---------------------------------------------------------- */

static WCHAR RtlpCharAt(PCWCH Path, SIZE_T Length, SIZE_T Index) {
    return Index < Length ? Path[Index] : UNICODE_NULL;
}

static RTL_PATH_TYPE RtlpPathType(PCWCH Path, SIZE_T Length) {
    WCHAR C0 = RtlpCharAt(Path, Length, 0);
    WCHAR C1 = RtlpCharAt(Path, Length, 1);

    if (IS_SEPARATOR(C0)) {
        WCHAR C2 = RtlpCharAt(Path, Length, 2);

        if (!IS_SEPARATOR(C1))
            return RtlPathTypeRooted;
        if (C2 == u'.' || C2 == u'?') {
            if (Length == 3)
                return RtlPathTypeRootLocalDevice;
            if (IS_SEPARATOR(RtlpCharAt(Path, Length, 3)))
                return RtlPathTypeLocalDevice;
        }
        return RtlPathTypeUncAbsolute;
    }
    if (Length >= 2 && C1 == u':')
        return IS_SEPARATOR(RtlpCharAt(Path, Length, 2)) ? RtlPathTypeDriveAbsolute
                                                         : RtlPathTypeDriveRelative;
    if (Length == 0)
        return RtlPathTypeUnknown;
    return RtlPathTypeRelative;
}

RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR Path) {
    return RtlpPathType(Path, RtlpWideLength(Path));
}

RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_Ustr(PCUNICODE_STRING Path) {
    return RtlpPathType(Path->Buffer, Path->Length / sizeof(WCHAR));
}

/* ---- Writer -------------------------------------------------------------- */

static VOID RtlpPut(RTLP_PATH_WRITER *Writer, WCHAR Char) {
    if (Writer->Length < Writer->Capacity)
        Writer->Buffer[Writer->Length] = Char;
    Writer->Length++;
}

static VOID RtlpPutText(RTLP_PATH_WRITER *Writer, PCWCH Text, SIZE_T Length) {
    for (SIZE_T i = 0; i < Length; i++)
        RtlpPut(Writer, IS_SEPARATOR(Text[i]) ? u'\\' : Text[i]);
}

static VOID RtlpPutLiteral(RTLP_PATH_WRITER *Writer, PCWSTR Text) {
    RtlpPutText(Writer, Text, RtlpWideLength(Text));
}

/* Drops the last component (and its separator) unless only the root is left. */
static VOID RtlpPopComponent(RTLP_PATH_WRITER *Writer) {
    if (Writer->Length <= Writer->RootEnd)
        return;
    Writer->Length--; /* its trailing separator */
    while (Writer->Length > Writer->RootEnd && Writer->Buffer[Writer->Length - 1] != u'\\')
        Writer->Length--;
}

/*
 * Appends the components of Text[0..Length), each followed by '\'.  When
 * IsLast, trailing dots and spaces of the final component are stripped.
 */
static VOID RtlpPutComponents(RTLP_PATH_WRITER *Writer, PCWCH Text, SIZE_T Length, BOOLEAN IsLast) {
    SIZE_T Start = 0;

    while (Start < Length) {
        SIZE_T End = Start;
        SIZE_T NameLength;

        while (End < Length && !IS_SEPARATOR(Text[End]))
            End++;
        NameLength = End - Start;
        if (NameLength == 2 && Text[Start] == u'.' && Text[Start + 1] == u'.') {
            RtlpPopComponent(Writer);
        } else if (!(NameLength == 1 && Text[Start] == u'.')) {
            if (IsLast && End == Length) {
                while (NameLength > 0 && (Text[Start + NameLength - 1] == u'.' ||
                                          Text[Start + NameLength - 1] == u' '))
                    NameLength--;
            }
            if (NameLength > 0) {
                RtlpPutText(Writer, Text + Start, NameLength);
                RtlpPut(Writer, u'\\');
            }
        }
        Start = End + 1;
    }
}

/* ---- Roots --------------------------------------------------------------- */

/*
 * Length of the UNC root "\\server\share\" at the start of Path (two
 * leading separators assumed), without the final separator if absent.
 */
static SIZE_T RtlpUncRootLength(PCWCH Path, SIZE_T Length) {
    SIZE_T Index = 2;

    for (ULONG Part = 0; Part < 2; Part++) {
        while (Index < Length && !IS_SEPARATOR(Path[Index]))
            Index++;
        if (Index < Length)
            Index++; /* the separator after the server or the share */
    }
    return Index;
}

/* Writes the root of a drive path (letter at Path[0]) or UNC path, and records RootEnd. */
static VOID RtlpPutRoot(RTLP_PATH_WRITER *Writer, PCWCH Path, SIZE_T Length, BOOLEAN Nt) {
    if (Length >= 2 && Path[1] == u':') {
        RtlpPut(Writer, Path[0]);
        RtlpPutLiteral(Writer, u":\\");
    } else {
        SIZE_T RootLength = RtlpUncRootLength(Path, Length);

        RtlpPutLiteral(Writer, Nt ? u"UNC\\" : u"\\\\");
        RtlpPutText(Writer, Path + 2, RootLength - 2);
        if (!IS_SEPARATOR(Path[RootLength - 1]))
            RtlpPut(Writer, u'\\');
    }
    Writer->RootEnd = Writer->Length;
}

/* Characters of Path taken by its root (drive "C:\" or UNC "\\srv\share\"). */
static SIZE_T RtlpRootLength(PCWCH Path, SIZE_T Length) {
    if (Length >= 2 && Path[1] == u':')
        return Length >= 3 && IS_SEPARATOR(Path[2]) ? 3 : 2;
    return RtlpUncRootLength(Path, Length);
}

static BOOLEAN RtlpUsableCurrentDirectory(PCUNICODE_STRING CurrentDirectory) {
    RTL_PATH_TYPE Type;

    if (CurrentDirectory == NULL || CurrentDirectory->Length < 3 * sizeof(WCHAR))
        return FALSE;
    Type = RtlDetermineDosPathNameType_Ustr(CurrentDirectory);
    return Type == RtlPathTypeDriveAbsolute || Type == RtlPathTypeUncAbsolute;
}

/* ---- Resolution ---------------------------------------------------------- */

/*
 * Writes the full path for DosPath into Writer (which may be too small: its
 * Length still counts every character).  Nt selects the \??\ form.
 */
static NTSTATUS RtlpResolve(RTLP_PATH_WRITER *Writer, PCWCH Path, SIZE_T Length,
                            PCUNICODE_STRING CurrentDirectory, BOOLEAN Nt) {
    RTL_PATH_TYPE Type = RtlpPathType(Path, Length);
    PCWCH Current = NULL;
    SIZE_T CurrentLength = 0, CurrentRoot = 0;

    if (RtlpUsableCurrentDirectory(CurrentDirectory)) {
        Current = CurrentDirectory->Buffer;
        CurrentLength = CurrentDirectory->Length / sizeof(WCHAR);
        CurrentRoot = RtlpRootLength(Current, CurrentLength);
    }
    if (Nt)
        RtlpPutLiteral(Writer, u"\\??\\");

    switch (Type) {
    case RtlPathTypeDriveAbsolute:
        RtlpPutRoot(Writer, Path, Length, Nt);
        RtlpPutComponents(Writer, Path + 3, Length - 3, TRUE);
        break;
    case RtlPathTypeDriveRelative:
        RtlpPutRoot(Writer, Path, Length, Nt);
        if (Current != NULL && Current[1] == u':' &&
            RtlUpcaseUnicodeChar(Current[0]) == RtlUpcaseUnicodeChar(Path[0]))
            RtlpPutComponents(Writer, Current + CurrentRoot, CurrentLength - CurrentRoot, FALSE);
        RtlpPutComponents(Writer, Path + 2, Length - 2, TRUE);
        break;
    case RtlPathTypeRooted:
    case RtlPathTypeRelative:
        if (Current == NULL)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        RtlpPutRoot(Writer, Current, CurrentLength, Nt);
        if (Type == RtlPathTypeRelative)
            RtlpPutComponents(Writer, Current + CurrentRoot, CurrentLength - CurrentRoot, FALSE);
        RtlpPutComponents(Writer, Path, Length, TRUE);
        break;
    case RtlPathTypeUncAbsolute: {
        SIZE_T Root = RtlpUncRootLength(Path, Length);

        RtlpPutRoot(Writer, Path, Length, Nt);
        RtlpPutComponents(Writer, Path + Root, Length - Root, TRUE);
        break;
    }
    case RtlPathTypeLocalDevice:
    case RtlPathTypeRootLocalDevice:
        if (!Nt)
            RtlpPutLiteral(Writer, u"\\\\.\\");
        Writer->RootEnd = Writer->Length;
        if (Length > 4)
            RtlpPutComponents(Writer, Path + 4, Length - 4, TRUE);
        break;
    default:
        return STATUS_OBJECT_NAME_INVALID;
    }
    /* Keep a trailing separator only where the caller wrote one. */
    if (Writer->Length > Writer->RootEnd && !IS_SEPARATOR(Path[Length - 1]))
        Writer->Length--;
    return STATUS_SUCCESS;
}

/* "\\?\x" (backslashes only) and "\??\x" are taken as they are. */
static BOOLEAN RtlpIsVerbatim(PCWCH Path, SIZE_T Length) {
    return Length >= 4 && Path[0] == u'\\' && Path[3] == u'\\' &&
           ((Path[1] == u'\\' && Path[2] == u'?') || (Path[1] == u'?' && Path[2] == u'?'));
}

static NTSTATUS RtlpFinish(RTLP_PATH_WRITER *Writer, PUNICODE_STRING Result, PWSTR *FilePart) {
    SIZE_T Last;

    if (Writer->Length >= Writer->Capacity) { /* cannot happen: see the bound in RtlpConvert */
        RtlpFreeStringMemory(Writer->Buffer);
        return STATUS_INTERNAL_ERROR;
    }
    if ((Writer->Length + 1) * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES) {
        RtlpFreeStringMemory(Writer->Buffer);
        return STATUS_NAME_TOO_LONG;
    }
    Writer->Buffer[Writer->Length] = UNICODE_NULL;
    Result->Buffer = Writer->Buffer;
    Result->Length = (USHORT)(Writer->Length * sizeof(WCHAR));
    Result->MaximumLength = (USHORT)((Writer->Length + 1) * sizeof(WCHAR));
    if (FilePart != NULL) {
        Last = Writer->Length;
        while (Last > 0 && Writer->Buffer[Last - 1] != u'\\')
            Last--;
        *FilePart = Last < Writer->Length ? Writer->Buffer + Last : NULL;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpConvert(PCUNICODE_STRING DosPath, PCUNICODE_STRING CurrentDirectory,
                            PUNICODE_STRING Result, PWSTR *FilePart, BOOLEAN Nt) {
    PCWCH Path = DosPath != NULL ? DosPath->Buffer : NULL;
    SIZE_T Length = DosPath != NULL ? DosPath->Length / sizeof(WCHAR) : 0;
    SIZE_T CurrentLength = CurrentDirectory != NULL ? CurrentDirectory->Length / sizeof(WCHAR) : 0;
    RTLP_PATH_WRITER Writer = {NULL, 0, 0, 0};
    NTSTATUS Status;

    if (Length == 0 || Path == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    /*
     * Every result fits in "\??\UNC\" + current directory + path, plus a
     * few separators the roots and components may add, plus the NUL.
     */
    Writer.Capacity = 8 + CurrentLength + Length + 8;
    Writer.Buffer = RtlpAllocateStringMemory(Writer.Capacity * sizeof(WCHAR));
    if (Writer.Buffer == NULL)
        return STATUS_NO_MEMORY;

    if (Nt && RtlpIsVerbatim(Path, Length)) {
        RtlpPutLiteral(&Writer, u"\\??\\");
        for (SIZE_T i = 4; i < Length; i++)
            RtlpPut(&Writer, Path[i]);
        Status = STATUS_SUCCESS;
    } else {
        Status = RtlpResolve(&Writer, Path, Length, CurrentDirectory, Nt);
    }
    if (!NT_SUCCESS(Status)) {
        RtlpFreeStringMemory(Writer.Buffer);
        return Status;
    }
    return RtlpFinish(&Writer, Result, FilePart);
}

NTSTATUS NTAPI RtlpDosPathNameToNtPathName(PCUNICODE_STRING DosPath,
                                           PCUNICODE_STRING CurrentDirectory,
                                           PUNICODE_STRING NtPath, PWSTR *FilePart) {
    return RtlpConvert(DosPath, CurrentDirectory, NtPath, FilePart, TRUE);
}

NTSTATUS NTAPI RtlpGetFullDosPathName(PCUNICODE_STRING DosPath, PCUNICODE_STRING CurrentDirectory,
                                      PUNICODE_STRING FullPath, PWSTR *FilePart) {
    return RtlpConvert(DosPath, CurrentDirectory, FullPath, FilePart, FALSE);
}
