/*
 * integer.c — conversions between integers and strings.
 *
 * RtlIntegerToChar and friends print an unsigned value in base 2, 8, 10 or
 * 16 (0 means 10) with upper-case digits.  RtlCharToInteger and
 * RtlUnicodeStringToInteger parse the other way with Windows' rules:
 * leading characters up to and including ' ' are skipped, then one '+' or
 * '-', then — only when Base is 0 — a prefix "0x" (16), "0o" (8) or "0b" (2)
 * picks the base, else it is 10.  Parsing stops silently at the first
 * character that is not a digit of the base; a string with no digits yields
 * 0.  Overflow wraps (the result is the low 32 bits), and '-' negates the
 * unsigned result.
 */
#include "rtlp.h"

#define MAX_DIGITS 64 /* a 64-bit value in base 2 */

static BOOLEAN RtlpValidBase(ULONG Base) {
    return Base == 2 || Base == 8 || Base == 10 || Base == 16;
}

/* Writes the digits of Value into the end of Buffer; returns the index of the first. */
static ULONG RtlpFormatDigits(ULONGLONG Value, ULONG Base, CHAR Buffer[MAX_DIGITS]) {
    ULONG Position = MAX_DIGITS;

    do {
        ULONG Digit = (ULONG)(Value % Base);

        Buffer[--Position] = (CHAR)(Digit < 10 ? '0' + Digit : 'A' + Digit - 10);
        Value /= Base;
    } while (Value != 0);
    return Position;
}

NTSTATUS NTAPI RtlIntegerToChar(ULONG Value, ULONG Base, LONG OutputLength, PCHAR String) {
    CHAR Digits[MAX_DIGITS];
    ULONG First, Count;

    if (Base == 0)
        Base = 10;
    if (!RtlpValidBase(Base))
        return STATUS_INVALID_PARAMETER;
    First = RtlpFormatDigits(Value, Base, Digits);
    Count = MAX_DIGITS - First;
    /* OutputLength is compared as unsigned, as on Windows. */
    if (Count > (ULONG)OutputLength)
        return STATUS_BUFFER_OVERFLOW;
    if (String == NULL)
        return STATUS_ACCESS_VIOLATION;
    RtlMoveMemory(String, Digits + First, Count);
    if (Count < (ULONG)OutputLength)
        String[Count] = ANSI_NULL;
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String) {
    CHAR Digits[MAX_DIGITS];
    ANSI_STRING Ansi;
    ULONG First;

    if (Base == 0)
        Base = 10;
    if (!RtlpValidBase(Base))
        return STATUS_INVALID_PARAMETER;
    First = RtlpFormatDigits(Value, Base, Digits);
    Ansi.Buffer = Digits + First;
    Ansi.Length = (USHORT)(MAX_DIGITS - First);
    Ansi.MaximumLength = Ansi.Length;
    return RtlAnsiStringToUnicodeString(String, &Ansi, FALSE);
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String) {
    return RtlpInt64ToUnicodeString(Value, Base, String);
}

NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String) {
    return RtlpInt64ToUnicodeString(Value, Base, String);
}

/* ---- Parsing ------------------------------------------------------------- */

/* The value of Char as a digit in any base up to 36, or 36 if it is none. */
static ULONG RtlpDigitValue(ULONG Char) {
    if (Char >= '0' && Char <= '9')
        return Char - '0';
    if (Char >= 'A' && Char <= 'Z')
        return Char - 'A' + 10;
    if (Char >= 'a' && Char <= 'z')
        return Char - 'a' + 10;
    return 36;
}

/* The parser reads either an ANSI or a Unicode string: exactly one of Narrow/Wide is set. */
typedef struct _RTLP_PARSE {
    const CHAR *Narrow;
    PCWCH Wide;
    SIZE_T Count;
    SIZE_T Position;
} RTLP_PARSE;

static ULONG RtlpPeek(const RTLP_PARSE *Parse, SIZE_T Ahead) {
    SIZE_T At = Parse->Position + Ahead;

    if (At >= Parse->Count)
        return 0;
    return Parse->Wide != NULL ? Parse->Wide[At] : (UCHAR)Parse->Narrow[At];
}

static NTSTATUS RtlpParseInteger(RTLP_PARSE *Parse, ULONG Base, PULONG Value) {
    BOOLEAN Negative = FALSE;
    ULONG Result = 0;

    while (Parse->Position < Parse->Count && RtlpPeek(Parse, 0) <= ' ')
        Parse->Position++;
    if (RtlpPeek(Parse, 0) == '+') {
        Parse->Position++;
    } else if (RtlpPeek(Parse, 0) == '-') {
        Negative = TRUE;
        Parse->Position++;
    }
    if (Base == 0) {
        Base = 10;
        if (RtlpPeek(Parse, 0) == '0') {
            ULONG Prefix = RtlpPeek(Parse, 1);

            if (Prefix == 'x' || Prefix == 'o' || Prefix == 'b') {
                Base = Prefix == 'x' ? 16 : Prefix == 'o' ? 8 : 2;
                Parse->Position += 2;
            }
        }
    } else if (!RtlpValidBase(Base)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Value == NULL)
        return STATUS_ACCESS_VIOLATION;
    while (Parse->Position < Parse->Count) {
        ULONG Digit = RtlpDigitValue(RtlpPeek(Parse, 0));

        if (Digit >= Base)
            break;
        Result = Result * Base + Digit;
        Parse->Position++;
    }
    *Value = Negative ? (ULONG)(0u - Result) : Result;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCharToInteger(PCSTR String, ULONG Base, PULONG Value) {
    RTLP_PARSE Parse = {String, NULL, 0, 0};

    if (String == NULL)
        return STATUS_ACCESS_VIOLATION;
    Parse.Count = RtlpAnsiLength(String);
    return RtlpParseInteger(&Parse, Base, Value);
}

NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value) {
    RTLP_PARSE Parse = {NULL, String->Buffer, String->Length / sizeof(WCHAR), 0};

    return RtlpParseInteger(&Parse, Base, Value);
}
