/*
 * rtlstr.c — ntdll's counted-string routines as exported: initialisation,
 * comparison (with and without case), prefix, copy and append with their
 * buffer limits, ANSI <-> Unicode conversion, integer conversion, upcasing,
 * RtlCompareMemory and RtlNtStatusToDosError.
 *
 * These run in the calling process, so they test ntdll alone (Neptune's
 * rtl/ through ntdll's exports).  Lengths are in bytes throughout, as the
 * UNICODE_STRING contract says.
 */
#include "ntapi_test.h"

static VOID TestInitUnicodeString(VOID) {
    static const WCHAR Hello[] = u"Hello";
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Hello);
    CHECK_EQ(String.Length, 10);
    CHECK_EQ(String.MaximumLength, 12);
    CHECK(String.Buffer == Hello);
    RtlInitUnicodeString(&String, NULL);
    CHECK_EQ(String.Length, 0);
    CHECK_EQ(String.MaximumLength, 0);
    CHECK(String.Buffer == NULL);
}

static VOID TestInitAnsiString(VOID) {
    ANSI_STRING String;

    RtlInitAnsiString(&String, "abc");
    CHECK_EQ(String.Length, 3);
    CHECK_EQ(String.MaximumLength, 4);
    RtlInitAnsiString(&String, "");
    CHECK_EQ(String.Length, 0);
    CHECK_EQ(String.MaximumLength, 1);
}

static VOID TestCompareUnicodeString(VOID) {
    UNICODE_STRING Lower = RTL_CONSTANT_STRING(u"abc");
    UNICODE_STRING Upper = RTL_CONSTANT_STRING(u"ABC");
    UNICODE_STRING Next = RTL_CONSTANT_STRING(u"abd");
    UNICODE_STRING Short = RTL_CONSTANT_STRING(u"ab");

    CHECK(RtlCompareUnicodeString(&Lower, &Upper, TRUE) == 0);
    CHECK(RtlCompareUnicodeString(&Lower, &Upper, FALSE) > 0); /* 'a' > 'A' */
    CHECK(RtlCompareUnicodeString(&Lower, &Next, FALSE) < 0);
    CHECK(RtlCompareUnicodeString(&Next, &Lower, TRUE) > 0);
    CHECK(RtlCompareUnicodeString(&Short, &Lower, FALSE) < 0); /* a prefix sorts first */
    CHECK(RtlCompareUnicodeString(&Lower, &Lower, FALSE) == 0);
}

static VOID TestEqualUnicodeString(VOID) {
    UNICODE_STRING Path = RTL_CONSTANT_STRING(u"\\Device\\Null");
    UNICODE_STRING Other = RTL_CONSTANT_STRING(u"\\DEVICE\\NULL");
    UNICODE_STRING Longer = RTL_CONSTANT_STRING(u"\\Device\\Null0");

    CHECK(RtlEqualUnicodeString(&Path, &Other, TRUE));
    CHECK(!RtlEqualUnicodeString(&Path, &Other, FALSE));
    CHECK(!RtlEqualUnicodeString(&Path, &Longer, TRUE));
}

static VOID TestPrefixUnicodeString(VOID) {
    UNICODE_STRING Prefix = RTL_CONSTANT_STRING(u"\\Device");
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"\\device\\Harddisk0");

    CHECK(RtlPrefixUnicodeString(&Prefix, &Name, TRUE));
    CHECK(!RtlPrefixUnicodeString(&Prefix, &Name, FALSE));
    CHECK(!RtlPrefixUnicodeString(&Name, &Prefix, TRUE)); /* longer than the string */
}

static VOID TestCopyTruncates(VOID) {
    UNICODE_STRING Source = RTL_CONSTANT_STRING(u"Hello");
    WCHAR Buffer[4] = {'x', 'x', 'x', 'x'};
    UNICODE_STRING Destination;

    Destination.Buffer = Buffer;
    Destination.Length = 0;
    Destination.MaximumLength = 3 * sizeof(WCHAR);
    RtlCopyUnicodeString(&Destination, &Source);
    CHECK_EQ(Destination.Length, 3 * sizeof(WCHAR));
    CHECK(Buffer[0] == 'H' && Buffer[1] == 'e' && Buffer[2] == 'l');
    CHECK_EQ(Buffer[3], 'x'); /* nothing written past MaximumLength */
}

static VOID TestAppend(VOID) {
    WCHAR Buffer[8];
    UNICODE_STRING Destination, Tail = RTL_CONSTANT_STRING(u"def");

    Destination.Buffer = Buffer;
    Destination.Length = 0;
    Destination.MaximumLength = sizeof(Buffer);
    CHECK_STATUS(RtlAppendUnicodeToString(&Destination, u"abc"), STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 6);
    CHECK_STATUS(RtlAppendUnicodeStringToString(&Destination, &Tail), STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 12);
    CHECK(Buffer[0] == 'a' && Buffer[3] == 'd' && Buffer[5] == 'f');
    /* No room for three more: refused, string untouched. */
    CHECK_STATUS(RtlAppendUnicodeStringToString(&Destination, &Tail), STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(RtlAppendUnicodeToString(&Destination, u"ghi"), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Destination.Length, 12);
}

static VOID TestUpcaseChar(VOID) {
    CHECK_EQ(RtlUpcaseUnicodeChar('a'), 'A');
    CHECK_EQ(RtlUpcaseUnicodeChar('z'), 'Z');
    CHECK_EQ(RtlUpcaseUnicodeChar('A'), 'A');
    CHECK_EQ(RtlUpcaseUnicodeChar('1'), '1');
    CHECK_EQ(RtlUpcaseUnicodeChar(0x00e9), 0x00c9); /* e acute */
    CHECK_EQ(RtlUpcaseUnicodeChar(0x03b1), 0x0391); /* greek alpha */
}

static VOID TestAnsiToUnicode(VOID) {
    ANSI_STRING Ansi;
    WCHAR Buffer[8];
    UNICODE_STRING Unicode;

    RtlInitAnsiString(&Ansi, "Neptune");
    Unicode.Buffer = Buffer;
    Unicode.Length = 0;
    Unicode.MaximumLength = sizeof(Buffer);
    CHECK_STATUS(RtlAnsiStringToUnicodeString(&Unicode, &Ansi, FALSE), STATUS_SUCCESS);
    CHECK_EQ(Unicode.Length, 14);
    CHECK(Buffer[0] == 'N' && Buffer[6] == 'e');
    Unicode.MaximumLength = 4 * sizeof(WCHAR);
    CHECK_STATUS(RtlAnsiStringToUnicodeString(&Unicode, &Ansi, FALSE), STATUS_BUFFER_OVERFLOW);
}

static VOID TestUnicodeToAnsiAllocated(VOID) {
    UNICODE_STRING Unicode = RTL_CONSTANT_STRING(u"Heap");
    ANSI_STRING Ansi;

    if (!CHECK_STATUS(RtlUnicodeStringToAnsiString(&Ansi, &Unicode, TRUE), STATUS_SUCCESS))
        return;
    CHECK_EQ(Ansi.Length, 4);
    CHECK(Ansi.MaximumLength >= 5);
    CHECK(Ansi.Buffer[0] == 'H' && Ansi.Buffer[3] == 'p' && Ansi.Buffer[4] == '\0');
    RtlFreeAnsiString(&Ansi);
    CHECK(Ansi.Buffer == NULL);
}

static VOID TestIntegerToUnicode(VOID) {
    WCHAR Buffer[8];
    UNICODE_STRING String;

    String.Buffer = Buffer;
    String.Length = 0;
    String.MaximumLength = sizeof(Buffer);
    CHECK_STATUS(RtlIntegerToUnicodeString(1234, 10, &String), STATUS_SUCCESS);
    CHECK_EQ(String.Length, 8);
    CHECK(Buffer[0] == '1' && Buffer[3] == '4');
    CHECK_STATUS(RtlIntegerToUnicodeString(0x4d2, 16, &String), STATUS_SUCCESS);
    CHECK(String.Length == 6 && Buffer[0] == '4' && Buffer[1] == 'D' && Buffer[2] == '2');
    String.MaximumLength = 2 * sizeof(WCHAR);
    CHECK_STATUS(RtlIntegerToUnicodeString(12345, 10, &String), STATUS_BUFFER_OVERFLOW);
    String.MaximumLength = sizeof(Buffer);
    CHECK_STATUS(RtlIntegerToUnicodeString(1, 7, &String), STATUS_INVALID_PARAMETER);
}

static VOID TestUnicodeToInteger(VOID) {
    UNICODE_STRING Decimal = RTL_CONSTANT_STRING(u"123");
    UNICODE_STRING Hex = RTL_CONSTANT_STRING(u"0x1f");
    UNICODE_STRING Binary = RTL_CONSTANT_STRING(u"0b101");
    ULONG Value = 0;

    CHECK_STATUS(RtlUnicodeStringToInteger(&Decimal, 0, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 123);
    CHECK_STATUS(RtlUnicodeStringToInteger(&Hex, 0, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 31);
    CHECK_STATUS(RtlUnicodeStringToInteger(&Binary, 0, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 5);
    CHECK_STATUS(RtlUnicodeStringToInteger(&Decimal, 3, &Value), STATUS_INVALID_PARAMETER);
}

static VOID TestCompareMemory(VOID) {
    static const UCHAR Left[] = {1, 2, 3, 4, 5};
    static const UCHAR Right[] = {1, 2, 3, 9, 5};

    CHECK_EQ(RtlCompareMemory(Left, Right, sizeof(Left)), 3);
    CHECK_EQ(RtlCompareMemory(Left, Left, sizeof(Left)), sizeof(Left));
    CHECK_EQ(RtlCompareMemory(Left, Right, 0), 0);
}

static VOID TestStatusToDosError(VOID) {
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SUCCESS), 0);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_HANDLE), 6);          /* ERROR_INVALID_HANDLE */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_DENIED), 5);           /* ERROR_ACCESS_DENIED */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_NOT_FOUND), 2);   /* ERROR_FILE_NOT_FOUND */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_COLLISION), 183); /* ERROR_ALREADY_EXISTS */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_VIOLATION), 998);      /* ERROR_NOACCESS */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_TIMEOUT), 1460);              /* ERROR_TIMEOUT */
}

const CHAR NtapiFamily[] = "rtlstr";
const NTAPI_TEST NtapiTests[] = {
    {"init-unicode-string", TestInitUnicodeString, 0},
    {"init-ansi-string", TestInitAnsiString, 0},
    {"compare-unicode-string", TestCompareUnicodeString, 0},
    {"equal-unicode-string", TestEqualUnicodeString, 0},
    {"prefix-unicode-string", TestPrefixUnicodeString, 0},
    {"copy-truncates", TestCopyTruncates, 0},
    {"append", TestAppend, 0},
    {"upcase-char", TestUpcaseChar, 0},
    {"ansi-to-unicode", TestAnsiToUnicode, 0},
    {"unicode-to-ansi-allocated", TestUnicodeToAnsiAllocated, 0},
    {"integer-to-unicode", TestIntegerToUnicode, 0},
    {"unicode-to-integer", TestUnicodeToInteger, 0},
    {"compare-memory", TestCompareMemory, 0},
    {"status-to-dos-error", TestStatusToDosError, 0},
    {NULL, NULL, 0},
};
