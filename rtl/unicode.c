/*
 * unicode.c — case mapping and character-set conversion.
 *
 * Case mapping: RtlUpcaseUnicodeChar/RtlDowncaseUnicodeChar look the
 * character up in the two-level delta tables of data/casemap.inc, generated
 * from the Unicode character database by tools/gen_casemap.py (simple 1:1
 * mappings over the BMP).  RtlUpperChar works on the ANSI code page.
 *
 * Code page: this implementation's ANSI (and OEM) code page is ISO 8859-1.
 * A byte b is the character U+00bb; a character above U+00FF becomes '?'
 * (the default character) on the way back.  Each WCHAR is one byte, so the
 * size functions are exact without a conversion pass.
 *
 * UTF-8 (RtlUnicodeToUTF8N, RtlUTF8ToUnicodeN) follows the documented
 * contract: a NULL destination asks for the size only; invalid input (an
 * unpaired surrogate in UTF-16, an ill-formed UTF-8 sequence) becomes
 * U+FFFD and the result is STATUS_SOME_NOT_MAPPED; a destination that is
 * too small receives the characters that fit completely and the result is
 * STATUS_BUFFER_TOO_SMALL.  An ill-formed UTF-8 sequence is replaced one
 * "maximal subpart" at a time (the Unicode recommendation): the longest
 * prefix that could have started a valid sequence yields one U+FFFD.
 */
#include "rtlp.h"

#include "data/casemap.inc"

#define RTL_DEFAULT_CHAR '?'
#define REPLACEMENT_CHAR 0xFFFD

/* ---- Case mapping -------------------------------------------------------- */

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter) {
    USHORT Block = RtlpUpcaseIndex[SourceCharacter >> 6];

    return (WCHAR)(SourceCharacter + RtlpUpcaseBlocks[Block][SourceCharacter & 63]);
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter) {
    USHORT Block = RtlpDowncaseIndex[SourceCharacter >> 6];

    return (WCHAR)(SourceCharacter + RtlpDowncaseBlocks[Block][SourceCharacter & 63]);
}

/*
 * ANSI upper case.  In Latin-1 the upcased character must itself be
 * Latin-1: U+00FF (y diaeresis) and U+00B5 (micro) upcase outside it and so
 * stay as they are.
 */
CHAR NTAPI RtlUpperChar(CHAR Character) {
    WCHAR Upper = RtlUpcaseUnicodeChar((UCHAR)Character);

    return Upper <= 0xFF ? (CHAR)Upper : Character;
}

static NTSTATUS RtlpPrepareCaseDestination(PUNICODE_STRING DestinationString,
                                           PCUNICODE_STRING SourceString, BOOLEAN Allocate) {
    if (Allocate) {
        PWSTR Buffer = RtlpAllocateStringMemory(SourceString->Length);

        if (Buffer == NULL && SourceString->Length != 0)
            return STATUS_NO_MEMORY;
        DestinationString->Buffer = Buffer;
        DestinationString->MaximumLength = SourceString->Length;
    } else if (SourceString->Length > DestinationString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString,
                                      PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString) {
    NTSTATUS Status =
        RtlpPrepareCaseDestination(DestinationString, SourceString, AllocateDestinationString);
    ULONG Chars = SourceString->Length / sizeof(WCHAR);

    if (!NT_SUCCESS(Status))
        return Status;
    for (ULONG i = 0; i < Chars; i++)
        DestinationString->Buffer[i] = RtlUpcaseUnicodeChar(SourceString->Buffer[i]);
    DestinationString->Length = (USHORT)(Chars * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString,
                                        PCUNICODE_STRING SourceString,
                                        BOOLEAN AllocateDestinationString) {
    NTSTATUS Status =
        RtlpPrepareCaseDestination(DestinationString, SourceString, AllocateDestinationString);
    ULONG Chars = SourceString->Length / sizeof(WCHAR);

    if (!NT_SUCCESS(Status))
        return Status;
    for (ULONG i = 0; i < Chars; i++)
        DestinationString->Buffer[i] = RtlDowncaseUnicodeChar(SourceString->Buffer[i]);
    DestinationString->Length = (USHORT)(Chars * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* Copies min(lengths) characters, upcased; the destination is never terminated. */
VOID NTAPI RtlUpperString(PSTRING DestinationString, const STRING *SourceString) {
    ULONG Bytes = RtlpMinUlong(SourceString->Length, DestinationString->MaximumLength);

    for (ULONG i = 0; i < Bytes; i++)
        DestinationString->Buffer[i] = RtlUpperChar(SourceString->Buffer[i]);
    DestinationString->Length = (USHORT)Bytes;
}

/* ---- ANSI (ISO 8859-1) <-> UTF-16 ---------------------------------------- */

ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString) {
    return UnicodeString->Length / sizeof(WCHAR) + 1;
}

ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString) {
    return (AnsiString->Length + 1) * sizeof(WCHAR);
}

NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString,
                                      PULONG BytesInUnicodeString, const CHAR *MultiByteString,
                                      ULONG BytesInMultiByteString) {
    ULONG Chars = RtlpMinUlong(MaxBytesInUnicodeString / sizeof(WCHAR), BytesInMultiByteString);

    for (ULONG i = 0; i < Chars; i++)
        UnicodeString[i] = (UCHAR)MultiByteString[i];
    if (BytesInUnicodeString != NULL)
        *BytesInUnicodeString = Chars * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG BytesInUnicodeString, const CHAR *MultiByteString,
                                         ULONG BytesInMultiByteString) {
    *BytesInUnicodeString = BytesInMultiByteString * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR MultiByteString, ULONG MaxBytesInMultiByteString,
                                      PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                      ULONG BytesInUnicodeString) {
    ULONG Chars = RtlpMinUlong(MaxBytesInMultiByteString, BytesInUnicodeString / sizeof(WCHAR));

    for (ULONG i = 0; i < Chars; i++) {
        WCHAR Char = UnicodeString[i];

        MultiByteString[i] = Char <= 0xFF ? (CHAR)Char : RTL_DEFAULT_CHAR;
    }
    if (BytesInMultiByteString != NULL)
        *BytesInMultiByteString = Chars;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                         ULONG BytesInUnicodeString) {
    *BytesInMultiByteString = BytesInUnicodeString / sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/*
 * As on Windows: the result is always NUL-terminated; a caller-supplied
 * buffer that is too small receives as much as fits and the status is
 * STATUS_BUFFER_OVERFLOW (a zero-sized one receives nothing).
 */
NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
    ULONG AnsiBytes = RtlxUnicodeStringToAnsiSize(SourceString);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Converted;

    if (AnsiBytes > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;
    DestinationString->Length = (USHORT)(AnsiBytes - 1);
    if (AllocateDestinationString) {
        DestinationString->Buffer = RtlpAllocateStringMemory(AnsiBytes);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)AnsiBytes;
    } else if (DestinationString->Length >= DestinationString->MaximumLength) {
        if (DestinationString->MaximumLength == 0)
            return STATUS_BUFFER_OVERFLOW;
        Status = STATUS_BUFFER_OVERFLOW;
        DestinationString->Length = DestinationString->MaximumLength - 1;
    }
    RtlUnicodeToMultiByteN(DestinationString->Buffer, DestinationString->Length, &Converted,
                           SourceString->Buffer, SourceString->Length);
    DestinationString->Buffer[Converted] = ANSI_NULL;
    return Status;
}

NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                            PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
    ULONG UnicodeBytes = RtlxAnsiStringToUnicodeSize(SourceString);
    ULONG Converted;

    if (UnicodeBytes > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;
    if (AllocateDestinationString) {
        DestinationString->Buffer = RtlpAllocateStringMemory(UnicodeBytes);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)UnicodeBytes;
    } else if (UnicodeBytes > DestinationString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW; /* no room for the text and its NUL */
    }
    RtlMultiByteToUnicodeN(DestinationString->Buffer, UnicodeBytes - sizeof(WCHAR), &Converted,
                           SourceString->Buffer, SourceString->Length);
    DestinationString->Length = (USHORT)Converted;
    DestinationString->Buffer[Converted / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

/* ---- UTF-16 -> UTF-8 ------------------------------------------------------ */

/* Reads one code point at Source[*Index], advancing *Index; FALSE if it was ill-formed. */
static BOOLEAN RtlpNextUtf16(PCWCH Source, ULONG Chars, ULONG *Index, ULONG *CodePoint) {
    WCHAR High = Source[(*Index)++];

    *CodePoint = High;
    if (High < 0xD800 || High > 0xDFFF)
        return TRUE;
    if (High <= 0xDBFF && *Index < Chars) {
        WCHAR Low = Source[*Index];

        if (Low >= 0xDC00 && Low <= 0xDFFF) {
            (*Index)++;
            *CodePoint = 0x10000 + ((ULONG)(High - 0xD800) << 10) + (Low - 0xDC00);
            return TRUE;
        }
    }
    *CodePoint = REPLACEMENT_CHAR;
    return FALSE;
}

static ULONG RtlpEncodeUtf8(ULONG CodePoint, UCHAR Out[4]) {
    if (CodePoint < 0x80) {
        Out[0] = (UCHAR)CodePoint;
        return 1;
    }
    if (CodePoint < 0x800) {
        Out[0] = (UCHAR)(0xC0 | (CodePoint >> 6));
        Out[1] = (UCHAR)(0x80 | (CodePoint & 0x3F));
        return 2;
    }
    if (CodePoint < 0x10000) {
        Out[0] = (UCHAR)(0xE0 | (CodePoint >> 12));
        Out[1] = (UCHAR)(0x80 | ((CodePoint >> 6) & 0x3F));
        Out[2] = (UCHAR)(0x80 | (CodePoint & 0x3F));
        return 3;
    }
    Out[0] = (UCHAR)(0xF0 | (CodePoint >> 18));
    Out[1] = (UCHAR)(0x80 | ((CodePoint >> 12) & 0x3F));
    Out[2] = (UCHAR)(0x80 | ((CodePoint >> 6) & 0x3F));
    Out[3] = (UCHAR)(0x80 | (CodePoint & 0x3F));
    return 4;
}

NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR UTF8StringDestination, ULONG UTF8StringMaxByteCount,
                                 PULONG UTF8StringActualByteCount, PCWCH UnicodeStringSource,
                                 ULONG UnicodeStringByteCount) {
    ULONG Chars = UnicodeStringByteCount / sizeof(WCHAR);
    ULONG Index = 0, Written = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    if (UnicodeStringSource == NULL)
        return STATUS_INVALID_PARAMETER_4;
    if (UTF8StringActualByteCount == NULL)
        return STATUS_INVALID_PARAMETER;
    if (UTF8StringDestination != NULL && (UnicodeStringByteCount & 1) != 0)
        return STATUS_INVALID_PARAMETER_5;

    while (Index < Chars) {
        ULONG CodePoint;
        UCHAR Bytes[4];
        ULONG Count;

        if (!RtlpNextUtf16(UnicodeStringSource, Chars, &Index, &CodePoint))
            Status = STATUS_SOME_NOT_MAPPED;
        Count = RtlpEncodeUtf8(CodePoint, Bytes);
        if (UTF8StringDestination != NULL) {
            if (Written + Count > UTF8StringMaxByteCount) {
                Status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            for (ULONG i = 0; i < Count; i++)
                UTF8StringDestination[Written + i] = (CHAR)Bytes[i];
        }
        Written += Count;
    }
    *UTF8StringActualByteCount = Written;
    return Status;
}

/* ---- UTF-8 -> UTF-16 ------------------------------------------------------ */

/*
 * Decodes one sequence at Source[*Index], advancing *Index past it (or past
 * its maximal ill-formed subpart, returning FALSE and U+FFFD).  The ranges
 * for the second byte exclude overlong forms (E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..BF).
 */
static BOOLEAN RtlpNextUtf8(const UCHAR *Source, ULONG Length, ULONG *Index, ULONG *CodePoint) {
    UCHAR Lead = Source[(*Index)++];
    ULONG Trail, Value;
    UCHAR Low = 0x80, High = 0xBF;

    *CodePoint = REPLACEMENT_CHAR;
    if (Lead < 0x80) {
        *CodePoint = Lead;
        return TRUE;
    }
    if (Lead >= 0xC2 && Lead <= 0xDF) {
        Trail = 1;
        Value = Lead & 0x1F;
    } else if (Lead >= 0xE0 && Lead <= 0xEF) {
        Trail = 2;
        Value = Lead & 0x0F;
        if (Lead == 0xE0)
            Low = 0xA0;
        else if (Lead == 0xED)
            High = 0x9F;
    } else if (Lead >= 0xF0 && Lead <= 0xF4) {
        Trail = 3;
        Value = Lead & 0x07;
        if (Lead == 0xF0)
            Low = 0x90;
        else if (Lead == 0xF4)
            High = 0x8F;
    } else {
        return FALSE; /* 80..C1 and F5..FF never start a sequence */
    }
    for (ULONG i = 0; i < Trail; i++) {
        UCHAR Byte;

        if (*Index >= Length)
            return FALSE;
        Byte = Source[*Index];
        if (Byte < Low || Byte > High)
            return FALSE;
        Low = 0x80;
        High = 0xBF;
        Value = (Value << 6) | (Byte & 0x3F);
        (*Index)++;
    }
    *CodePoint = Value;
    return TRUE;
}

NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR UnicodeStringDestination, ULONG UnicodeStringMaxByteCount,
                                 PULONG UnicodeStringActualByteCount, PCCH UTF8StringSource,
                                 ULONG UTF8StringByteCount) {
    const UCHAR *Source = (const UCHAR *)UTF8StringSource;
    ULONG MaxChars = UnicodeStringMaxByteCount / sizeof(WCHAR);
    ULONG Index = 0, Written = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    if (UTF8StringSource == NULL)
        return STATUS_INVALID_PARAMETER_4;
    if (UnicodeStringActualByteCount == NULL)
        return STATUS_INVALID_PARAMETER;

    while (Index < UTF8StringByteCount) {
        ULONG CodePoint;
        ULONG Units;

        if (!RtlpNextUtf8(Source, UTF8StringByteCount, &Index, &CodePoint))
            Status = STATUS_SOME_NOT_MAPPED;
        Units = CodePoint >= 0x10000 ? 2 : 1;
        if (UnicodeStringDestination != NULL) {
            if (Written + Units > MaxChars) {
                Status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            if (Units == 2) {
                CodePoint -= 0x10000;
                UnicodeStringDestination[Written] = (WCHAR)(0xD800 + (CodePoint >> 10));
                UnicodeStringDestination[Written + 1] = (WCHAR)(0xDC00 + (CodePoint & 0x3FF));
            } else {
                UnicodeStringDestination[Written] = (WCHAR)CodePoint;
            }
        }
        Written += Units;
    }
    *UnicodeStringActualByteCount = Written * sizeof(WCHAR);
    return Status;
}
