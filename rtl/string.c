/*
 * string.c — counted strings: UNICODE_STRING and STRING (ANSI_STRING).
 *
 * Lengths are in bytes and never include a terminating NUL.  The rules that
 * Windows documents and that callers rely on:
 *
 *  - RtlInit*String never fail: a string too long for a USHORT length is
 *    cut to the largest even (Unicode) or odd (ANSI) length that still
 *    leaves room for the NUL in MaximumLength.  The *Ex forms return
 *    STATUS_NAME_TOO_LONG instead.
 *  - RtlCopy*String copies what fits and NUL-terminates when there is room.
 *  - RtlAppend* fail with STATUS_BUFFER_TOO_SMALL and leave the
 *    destination untouched when the result would not fit, and add a NUL
 *    only when there is room for it.
 *  - Comparisons return <0, 0, >0; only the sign is meaningful.  Case
 *    folding uses the upcase table (unicode.c) for Unicode and RtlUpperChar
 *    for ANSI strings.
 *
 * The allocating helpers (RtlCreateUnicodeString, RtlDuplicateUnicodeString,
 * RtlFree*String) use the RtlpAllocateStringMemory hooks (see ntrtl.h).
 */
#include "rtlp.h"

#define MAX_UNICODE_INIT_BYTES (UNICODE_STRING_MAX_BYTES - sizeof(WCHAR)) /* 65532 */
#define MAX_ANSI_INIT_BYTES (MAXUSHORT - 1)                               /* 65534 */

/* ---- Initialisation ------------------------------------------------------ */

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
    SIZE_T Bytes = 0;

    DestinationString->Buffer = (PWSTR)SourceString;
    if (SourceString == NULL) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    Bytes = RtlpWideLength(SourceString) * sizeof(WCHAR);
    if (Bytes > MAX_UNICODE_INIT_BYTES)
        Bytes = MAX_UNICODE_INIT_BYTES;
    DestinationString->Length = (USHORT)Bytes;
    DestinationString->MaximumLength = (USHORT)(Bytes + sizeof(WCHAR));
}

NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
    SIZE_T Bytes;

    DestinationString->Length = DestinationString->MaximumLength = 0;
    DestinationString->Buffer = (PWSTR)SourceString;
    if (SourceString == NULL)
        return STATUS_SUCCESS;
    Bytes = RtlpWideLength(SourceString) * sizeof(WCHAR);
    if (Bytes > MAX_UNICODE_INIT_BYTES)
        return STATUS_NAME_TOO_LONG;
    DestinationString->Length = (USHORT)Bytes;
    DestinationString->MaximumLength = (USHORT)(Bytes + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString) {
    SIZE_T Bytes;

    DestinationString->Buffer = (PCHAR)SourceString;
    if (SourceString == NULL) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    Bytes = RtlpAnsiLength(SourceString);
    if (Bytes > MAX_ANSI_INIT_BYTES)
        Bytes = MAX_ANSI_INIT_BYTES;
    DestinationString->Length = (USHORT)Bytes;
    DestinationString->MaximumLength = (USHORT)(Bytes + 1);
}

NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSTR SourceString) {
    SIZE_T Bytes;

    DestinationString->Length = DestinationString->MaximumLength = 0;
    DestinationString->Buffer = (PCHAR)SourceString;
    if (SourceString == NULL)
        return STATUS_SUCCESS;
    Bytes = RtlpAnsiLength(SourceString);
    if (Bytes > MAX_ANSI_INIT_BYTES)
        return STATUS_NAME_TOO_LONG;
    DestinationString->Length = (USHORT)Bytes;
    DestinationString->MaximumLength = (USHORT)(Bytes + 1);
    return STATUS_SUCCESS;
}

VOID NTAPI RtlInitString(PSTRING DestinationString, PCSTR SourceString) {
    RtlInitAnsiString(DestinationString, SourceString);
}

VOID NTAPI RtlInitEmptyUnicodeString(PUNICODE_STRING String, PWCHAR Buffer, USHORT BufferSize) {
    String->Length = 0;
    String->MaximumLength = BufferSize;
    String->Buffer = Buffer;
}

/* ---- Copy and append ----------------------------------------------------- */

VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
    ULONG Bytes;

    if (SourceString == NULL) {
        DestinationString->Length = 0;
        return;
    }
    Bytes = RtlpMinUlong(SourceString->Length, DestinationString->MaximumLength & ~1u);
    RtlMoveMemory(DestinationString->Buffer, SourceString->Buffer, Bytes);
    DestinationString->Length = (USHORT)Bytes;
    if (Bytes + sizeof(WCHAR) <= DestinationString->MaximumLength)
        DestinationString->Buffer[Bytes / sizeof(WCHAR)] = UNICODE_NULL;
}

VOID NTAPI RtlCopyString(PSTRING DestinationString, const STRING *SourceString) {
    ULONG Bytes;

    if (SourceString == NULL) {
        DestinationString->Length = 0;
        return;
    }
    Bytes = RtlpMinUlong(SourceString->Length, DestinationString->MaximumLength);
    RtlMoveMemory(DestinationString->Buffer, SourceString->Buffer, Bytes);
    DestinationString->Length = (USHORT)Bytes;
    if (Bytes < DestinationString->MaximumLength)
        DestinationString->Buffer[Bytes] = ANSI_NULL;
}

/* Appends Bytes bytes of Source to a Unicode destination that has room for them. */
static VOID RtlpAppendWide(PUNICODE_STRING Destination, const WCHAR *Source, ULONG Bytes) {
    ULONG NewLength = Destination->Length + Bytes;

    RtlMoveMemory((PUCHAR)Destination->Buffer + Destination->Length, Source, Bytes);
    Destination->Length = (USHORT)NewLength;
    if (NewLength + sizeof(WCHAR) <= Destination->MaximumLength)
        Destination->Buffer[NewLength / sizeof(WCHAR)] = UNICODE_NULL;
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination,
                                              PCUNICODE_STRING Source) {
    if (Source == NULL || Source->Length == 0)
        return STATUS_SUCCESS;
    if ((ULONG)Destination->Length + Source->Length > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    RtlpAppendWide(Destination, Source->Buffer, Source->Length);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source) {
    SIZE_T Bytes;

    if (Source == NULL)
        return STATUS_SUCCESS;
    Bytes = RtlpWideLength(Source) * sizeof(WCHAR);
    if (Bytes == 0)
        return STATUS_SUCCESS;
    if (Destination->Length + Bytes > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    RtlpAppendWide(Destination, Source, (ULONG)Bytes);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendStringToString(PSTRING Destination, const STRING *Source) {
    ULONG NewLength;

    if (Source == NULL || Source->Length == 0)
        return STATUS_SUCCESS;
    NewLength = (ULONG)Destination->Length + Source->Length;
    if (NewLength > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    RtlMoveMemory(Destination->Buffer + Destination->Length, Source->Buffer, Source->Length);
    Destination->Length = (USHORT)NewLength;
    return STATUS_SUCCESS;
}

/* ---- Comparison ---------------------------------------------------------- */

LONG NTAPI RtlCompareUnicodeStrings(PCWCH String1, SIZE_T String1Length, PCWCH String2,
                                    SIZE_T String2Length, BOOLEAN CaseInSensitive) {
    SIZE_T Common = RtlpMinPtr(String1Length, String2Length);

    for (SIZE_T i = 0; i < Common; i++) {
        WCHAR A = String1[i];
        WCHAR B = String2[i];

        if (A != B && CaseInSensitive) {
            A = RtlUpcaseUnicodeChar(A);
            B = RtlUpcaseUnicodeChar(B);
        }
        if (A != B)
            return (LONG)A - (LONG)B;
    }
    if (String1Length == String2Length)
        return 0;
    return String1Length < String2Length ? -1 : 1;
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                   BOOLEAN CaseInSensitive) {
    return RtlCompareUnicodeStrings(String1->Buffer, String1->Length / sizeof(WCHAR),
                                    String2->Buffer, String2->Length / sizeof(WCHAR),
                                    CaseInSensitive);
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive) {
    if (String1->Length != String2->Length)
        return FALSE;
    return RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0;
}

/* TRUE if String1 is a prefix of String2. */
BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive) {
    SIZE_T Chars = String1->Length / sizeof(WCHAR);

    if (String1->Length > String2->Length)
        return FALSE;
    return RtlCompareUnicodeStrings(String1->Buffer, Chars, String2->Buffer, Chars,
                                    CaseInSensitive) == 0;
}

static LONG RtlpCompareAnsi(const CHAR *String1, SIZE_T Length1, const CHAR *String2,
                            SIZE_T Length2, BOOLEAN CaseInSensitive) {
    SIZE_T Common = RtlpMinPtr(Length1, Length2);

    for (SIZE_T i = 0; i < Common; i++) {
        CHAR A = String1[i];
        CHAR B = String2[i];

        if (A != B && CaseInSensitive) {
            A = RtlUpperChar(A);
            B = RtlUpperChar(B);
        }
        if (A != B)
            return (LONG)(UCHAR)A - (LONG)(UCHAR)B;
    }
    if (Length1 == Length2)
        return 0;
    return Length1 < Length2 ? -1 : 1;
}

LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive) {
    return RtlpCompareAnsi(String1->Buffer, String1->Length, String2->Buffer, String2->Length,
                           CaseInSensitive);
}

BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2,
                             BOOLEAN CaseInSensitive) {
    if (String1->Length != String2->Length)
        return FALSE;
    return RtlCompareString(String1, String2, CaseInSensitive) == 0;
}

BOOLEAN NTAPI RtlPrefixString(const STRING *String1, const STRING *String2,
                              BOOLEAN CaseInSensitive) {
    if (String1->Length > String2->Length)
        return FALSE;
    return RtlpCompareAnsi(String1->Buffer, String1->Length, String2->Buffer, String1->Length,
                           CaseInSensitive) == 0;
}

/* ---- Allocating helpers -------------------------------------------------- */

BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
    SIZE_T Bytes = (RtlpWideLength(SourceString) + 1) * sizeof(WCHAR);
    PWSTR Buffer;

    if (Bytes > UNICODE_STRING_MAX_BYTES)
        return FALSE;
    Buffer = RtlpAllocateStringMemory(Bytes);
    if (Buffer == NULL)
        return FALSE;
    RtlMoveMemory(Buffer, SourceString, Bytes);
    DestinationString->Buffer = Buffer;
    DestinationString->Length = (USHORT)(Bytes - sizeof(WCHAR));
    DestinationString->MaximumLength = (USHORT)Bytes;
    return TRUE;
}

NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                         PUNICODE_STRING StringOut) {
    const ULONG ValidFlags = RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                             RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING;
    BOOLEAN Terminate = (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) != 0;
    ULONG Bytes;
    PWSTR Buffer;

    if (StringIn == NULL || StringOut == NULL || (Flags & ~ValidFlags) != 0 ||
        Flags == RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING || (StringIn->Length & 1) != 0 ||
        (StringIn->Length != 0 && StringIn->Buffer == NULL))
        return STATUS_INVALID_PARAMETER;
    if (StringIn->Length == 0 && Flags != ValidFlags) {
        StringOut->Length = StringOut->MaximumLength = 0;
        StringOut->Buffer = NULL;
        return STATUS_SUCCESS;
    }
    Bytes = StringIn->Length + (Terminate ? sizeof(WCHAR) : 0);
    if (Bytes > UNICODE_STRING_MAX_BYTES)
        return STATUS_NAME_TOO_LONG;
    Buffer = RtlpAllocateStringMemory(Bytes);
    if (Buffer == NULL)
        return STATUS_NO_MEMORY;
    RtlMoveMemory(Buffer, StringIn->Buffer, StringIn->Length);
    if (Terminate)
        Buffer[StringIn->Length / sizeof(WCHAR)] = UNICODE_NULL;
    StringOut->Buffer = Buffer;
    StringOut->Length = StringIn->Length;
    StringOut->MaximumLength = (USHORT)Bytes;
    return STATUS_SUCCESS;
}

VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString) {
    if (UnicodeString->Buffer != NULL)
        RtlpFreeStringMemory(UnicodeString->Buffer);
    UnicodeString->Buffer = NULL;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString) {
    if (AnsiString->Buffer != NULL)
        RtlpFreeStringMemory(AnsiString->Buffer);
    AnsiString->Buffer = NULL;
    AnsiString->Length = AnsiString->MaximumLength = 0;
}
