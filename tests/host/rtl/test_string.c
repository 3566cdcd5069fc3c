/*
 * test_string.c — counted strings (rtl/string.c) and integer conversions
 * (rtl/integer.c).
 */
#include "harness.h"
#include "rtl_hooks.h"

#include <stdlib.h>
#include <string.h>

static WCHAR *make_wide(size_t chars, WCHAR fill) {
    WCHAR *text = malloc((chars + 1) * sizeof(WCHAR));

    for (size_t i = 0; i < chars; i++)
        text[i] = fill;
    text[chars] = 0;
    return text;
}

static void test_init_unicode(void) {
    UNICODE_STRING s;
    WCHAR *big;

    RtlInitUnicodeString(&s, NULL);
    CHECK_EQ(s.Length, 0);
    CHECK_EQ(s.MaximumLength, 0);
    CHECK(s.Buffer == NULL);
    RtlInitUnicodeString(&s, u"");
    CHECK_EQ(s.Length, 0);
    CHECK_EQ(s.MaximumLength, 2);
    RtlInitUnicodeString(&s, u"abc");
    CHECK_EQ(s.Length, 6);
    CHECK_EQ(s.MaximumLength, 8);

    big = make_wide(40000, u'x');
    RtlInitUnicodeString(&s, big);
    CHECK_EQ(s.Length, 65532);
    CHECK_EQ(s.MaximumLength, 65534);
    CHECK_EQ(RtlInitUnicodeStringEx(&s, big), STATUS_NAME_TOO_LONG);
    big[32767] = 0;
    CHECK_EQ(RtlInitUnicodeStringEx(&s, big), STATUS_NAME_TOO_LONG);
    big[32766] = 0;
    CHECK_EQ(RtlInitUnicodeStringEx(&s, big), STATUS_SUCCESS);
    CHECK_EQ(s.Length, 65532);
    CHECK_EQ(RtlInitUnicodeStringEx(&s, NULL), STATUS_SUCCESS);
    CHECK_EQ(s.MaximumLength, 0);
    free(big);
}

static void test_init_ansi(void) {
    ANSI_STRING s;
    char *big = malloc(70001);

    memset(big, 'y', 70000);
    big[70000] = 0;
    RtlInitAnsiString(&s, "hello");
    CHECK_EQ(s.Length, 5);
    CHECK_EQ(s.MaximumLength, 6);
    RtlInitAnsiString(&s, big);
    CHECK_EQ(s.Length, 65534);
    CHECK_EQ(s.MaximumLength, 65535);
    CHECK_EQ(RtlInitAnsiStringEx(&s, big), STATUS_NAME_TOO_LONG);
    big[65534] = 0;
    CHECK_EQ(RtlInitAnsiStringEx(&s, big), STATUS_SUCCESS);
    CHECK_EQ(s.Length, 65534);
    RtlInitString(&s, NULL);
    CHECK_EQ(s.Length, 0);
    CHECK(s.Buffer == NULL);
    free(big);
}

static void test_copy(void) {
    UNICODE_STRING source = WSTR(u"hello");
    WCHAR buffer[8];
    UNICODE_STRING dest;

    for (int i = 0; i < 8; i++)
        buffer[i] = 0x5555;
    RtlInitEmptyUnicodeString(&dest, buffer, 4);
    RtlCopyUnicodeString(&dest, &source);
    CHECK_EQ(dest.Length, 4);
    CHECK(buffer[0] == u'h' && buffer[1] == u'e');
    CHECK_EQ(buffer[2], 0x5555); /* no room for the NUL: none written */

    RtlInitEmptyUnicodeString(&dest, buffer, 7); /* odd: only whole characters */
    RtlCopyUnicodeString(&dest, &source);
    CHECK_EQ(dest.Length, 6);
    CHECK_EQ(buffer[3], 0x5555);

    RtlInitEmptyUnicodeString(&dest, buffer, 16);
    RtlCopyUnicodeString(&dest, &source);
    CHECK_EQ(dest.Length, 10);
    CHECK_EQ(buffer[5], 0);

    RtlCopyUnicodeString(&dest, NULL);
    CHECK_EQ(dest.Length, 0);

    {
        ANSI_STRING a = ASTR("abcdef");
        char out[4] = {'#', '#', '#', '#'};
        STRING d = {0, 3, out};

        RtlCopyString(&d, &a);
        CHECK_EQ(d.Length, 3);
        CHECK(memcmp(out, "abc#", 4) == 0);
    }
}

static void test_append(void) {
    WCHAR buffer[6];
    UNICODE_STRING dest;
    UNICODE_STRING abc = WSTR(u"abc");
    UNICODE_STRING empty = {0, 0, NULL};

    for (int i = 0; i < 6; i++)
        buffer[i] = 0x5555;
    RtlInitEmptyUnicodeString(&dest, buffer, sizeof(buffer));
    CHECK_EQ(RtlAppendUnicodeStringToString(&dest, &abc), STATUS_SUCCESS);
    CHECK_EQ(dest.Length, 6);
    CHECK_EQ(buffer[3], 0); /* room left: terminated */
    CHECK_EQ(RtlAppendUnicodeStringToString(&dest, &empty), STATUS_SUCCESS);
    CHECK_EQ(RtlAppendUnicodeToString(&dest, u"defg"), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(dest.Length, 6); /* untouched on failure */
    CHECK_EQ(RtlAppendUnicodeToString(&dest, u"def"), STATUS_SUCCESS);
    CHECK_EQ(dest.Length, 12);
    CHECK(rtl_wide_equals(&dest, u"abcdef"));
    CHECK_EQ(RtlAppendUnicodeToString(&dest, NULL), STATUS_SUCCESS);
    CHECK_EQ(RtlAppendUnicodeToString(&dest, u""), STATUS_SUCCESS);
    CHECK_EQ(RtlAppendUnicodeStringToString(&dest, &abc), STATUS_BUFFER_TOO_SMALL);

    {
        char out[5];
        STRING d = {0, sizeof(out), out};
        STRING src = ASTR("abc");

        CHECK_EQ(RtlAppendStringToString(&d, &src), STATUS_SUCCESS);
        CHECK_EQ(RtlAppendStringToString(&d, &src), STATUS_BUFFER_TOO_SMALL);
        CHECK_EQ(d.Length, 3);
    }
}

static void test_compare(void) {
    UNICODE_STRING lower = WSTR(u"abc"), upper = WSTR(u"ABC"), ab = WSTR(u"ab");
    UNICODE_STRING abcd = WSTR(u"abcd"), empty = {0, 0, NULL};
    UNICODE_STRING umlaut_u = WSTR(u"\u00c4\u00d6\u00dc"), umlaut_l = WSTR(u"\u00e4\u00f6\u00fc");
    UNICODE_STRING sharp = WSTR(u"stra\u00dfe"), strasse = WSTR(u"STRASSE");

    CHECK(RtlCompareUnicodeString(&lower, &upper, TRUE) == 0);
    CHECK(RtlCompareUnicodeString(&lower, &upper, FALSE) > 0);
    CHECK(RtlCompareUnicodeString(&ab, &lower, FALSE) < 0);
    CHECK(RtlCompareUnicodeString(&lower, &ab, FALSE) > 0);
    CHECK(RtlCompareUnicodeString(&empty, &empty, FALSE) == 0);
    CHECK(RtlCompareUnicodeString(&empty, &ab, FALSE) < 0);
    CHECK(RtlEqualUnicodeString(&lower, &upper, TRUE));
    CHECK(!RtlEqualUnicodeString(&lower, &upper, FALSE));
    CHECK(!RtlEqualUnicodeString(&lower, &ab, TRUE));
    CHECK(RtlEqualUnicodeString(&umlaut_u, &umlaut_l, TRUE));
    CHECK(!RtlEqualUnicodeString(&sharp, &strasse, TRUE));
    CHECK(RtlPrefixUnicodeString(&ab, &lower, FALSE));
    CHECK(RtlPrefixUnicodeString(&empty, &lower, FALSE));
    CHECK(!RtlPrefixUnicodeString(&abcd, &lower, FALSE));
    CHECK(RtlPrefixUnicodeString(&upper, &abcd, TRUE));
    CHECK(!RtlPrefixUnicodeString(&upper, &abcd, FALSE));
    CHECK(RtlCompareUnicodeStrings(u"abc", 2, u"abd", 2, FALSE) == 0);

    {
        STRING a = ASTR("Hello"), b = ASTR("hELLO"), p = ASTR("HE"), c = ASTR("Help");

        CHECK(RtlEqualString(&a, &b, TRUE));
        CHECK(!RtlEqualString(&a, &b, FALSE));
        CHECK(RtlCompareString(&a, &c, FALSE) < 0);
        CHECK(RtlPrefixString(&p, &a, TRUE));
        CHECK(!RtlPrefixString(&p, &a, FALSE));
        CHECK(!RtlPrefixString(&c, &p, TRUE));
    }
}

static void test_allocating(void) {
    UNICODE_STRING s, d, empty = {0, 0, NULL};
    UNICODE_STRING abc = WSTR(u"abc");

    CHECK(RtlCreateUnicodeString(&s, u"xyz"));
    CHECK_EQ(s.Length, 6);
    CHECK_EQ(s.MaximumLength, 8);
    CHECK_EQ(s.Buffer[3], 0);
    RtlFreeUnicodeString(&s);
    CHECK(s.Buffer == NULL);
    rtl_fail_allocations(1);
    CHECK(!RtlCreateUnicodeString(&s, u"xyz"));

    CHECK_EQ(RtlDuplicateUnicodeString(0, &abc, &d), STATUS_SUCCESS);
    CHECK_EQ(d.MaximumLength, 6);
    CHECK(rtl_wide_equals(&d, u"abc"));
    RtlFreeUnicodeString(&d);
    CHECK_EQ(RtlDuplicateUnicodeString(1, &abc, &d), STATUS_SUCCESS);
    CHECK_EQ(d.MaximumLength, 8);
    CHECK_EQ(d.Buffer[3], 0);
    RtlFreeUnicodeString(&d);
    CHECK_EQ(RtlDuplicateUnicodeString(1, &empty, &d), STATUS_SUCCESS);
    CHECK(d.Buffer == NULL);
    CHECK_EQ(RtlDuplicateUnicodeString(3, &empty, &d), STATUS_SUCCESS);
    CHECK(d.Buffer != NULL && d.Length == 0 && d.MaximumLength == 2 && d.Buffer[0] == 0);
    RtlFreeUnicodeString(&d);
    CHECK_EQ(RtlDuplicateUnicodeString(2, &abc, &d), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlDuplicateUnicodeString(4, &abc, &d), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlDuplicateUnicodeString(0, NULL, &d), STATUS_INVALID_PARAMETER);
    rtl_fail_allocations(1);
    CHECK_EQ(RtlDuplicateUnicodeString(0, &abc, &d), STATUS_NO_MEMORY);
    CHECK_EQ(rtl_outstanding_allocations, 0);
}

static void test_integer_to_char(void) {
    char out[40];

    memset(out, '#', sizeof(out));
    CHECK_EQ(RtlIntegerToChar(123, 10, 3, out), STATUS_SUCCESS);
    CHECK(memcmp(out, "123#", 4) == 0); /* exact fit: no NUL */
    CHECK_EQ(RtlIntegerToChar(123, 0, 4, out), STATUS_SUCCESS);
    CHECK_STR(out, "123");
    CHECK_EQ(RtlIntegerToChar(123, 10, 2, out), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(RtlIntegerToChar(0xBEEF, 16, sizeof(out), out), STATUS_SUCCESS);
    CHECK_STR(out, "BEEF");
    CHECK_EQ(RtlIntegerToChar(5, 2, sizeof(out), out), STATUS_SUCCESS);
    CHECK_STR(out, "101");
    CHECK_EQ(RtlIntegerToChar(8, 8, sizeof(out), out), STATUS_SUCCESS);
    CHECK_STR(out, "10");
    CHECK_EQ(RtlIntegerToChar(0, 10, sizeof(out), out), STATUS_SUCCESS);
    CHECK_STR(out, "0");
    CHECK_EQ(RtlIntegerToChar(0xFFFFFFFF, 2, sizeof(out), out), STATUS_SUCCESS);
    CHECK_EQ(strlen(out), 32);
    CHECK_EQ(RtlIntegerToChar(1, 7, sizeof(out), out), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlIntegerToChar(1, 10, 4, NULL), STATUS_ACCESS_VIOLATION);
}

static void test_integer_to_unicode(void) {
    WCHAR buffer[24];
    UNICODE_STRING s;

    RtlInitEmptyUnicodeString(&s, buffer, 6); /* "123" needs 6 + 2 */
    CHECK_EQ(RtlIntegerToUnicodeString(123, 10, &s), STATUS_BUFFER_OVERFLOW);
    RtlInitEmptyUnicodeString(&s, buffer, 8);
    CHECK_EQ(RtlIntegerToUnicodeString(123, 10, &s), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&s, u"123"));
    CHECK_EQ(buffer[3], 0);
    RtlInitEmptyUnicodeString(&s, buffer, sizeof(buffer));
    CHECK_EQ(RtlIntegerToUnicodeString(0xFFFFFFFF, 16, &s), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&s, u"FFFFFFFF"));
    CHECK_EQ(RtlIntegerToUnicodeString(1, 3, &s), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlInt64ToUnicodeString(0x123456789ABCDEF0ull, 16, &s), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&s, u"123456789ABCDEF0"));
    CHECK_EQ(RtlInt64ToUnicodeString(18446744073709551615ull, 0, &s), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&s, u"18446744073709551615"));
}

static void test_char_to_integer(void) {
    ULONG v = 99;

    CHECK_EQ(RtlCharToInteger("  123", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 123);
    CHECK_EQ(RtlCharToInteger("\t-1", 10, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 0xFFFFFFFF);
    CHECK_EQ(RtlCharToInteger("+7", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 7);
    CHECK_EQ(RtlCharToInteger("0x1A", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 26);
    CHECK_EQ(RtlCharToInteger("0x1A", 16, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 0); /* prefixes only with base 0 */
    CHECK_EQ(RtlCharToInteger("1a", 16, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 26);
    CHECK_EQ(RtlCharToInteger("0X1A", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 0);
    CHECK_EQ(RtlCharToInteger("0b101", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 5);
    CHECK_EQ(RtlCharToInteger("0o17", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 15);
    CHECK_EQ(RtlCharToInteger("12abc", 10, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 12);
    CHECK_EQ(RtlCharToInteger("129", 8, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 10);
    CHECK_EQ(RtlCharToInteger("", 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 0);
    CHECK_EQ(RtlCharToInteger("4294967296", 10, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 0); /* wraps */
    CHECK_EQ(RtlCharToInteger("1", 3, &v), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlCharToInteger("1", 10, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(RtlCharToInteger(NULL, 10, &v), STATUS_ACCESS_VIOLATION);
}

static void test_unicode_to_integer(void) {
    UNICODE_STRING s = WSTR(u" -0x10");
    UNICODE_STRING cut = WSTR(u"123456");
    UNICODE_STRING empty = {0, 0, NULL};
    ULONG v = 99;

    CHECK_EQ(RtlUnicodeStringToInteger(&s, 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, (ULONG)-16);
    cut.Length = 3 * sizeof(WCHAR);
    CHECK_EQ(RtlUnicodeStringToInteger(&cut, 10, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 123);
    CHECK_EQ(RtlUnicodeStringToInteger(&empty, 0, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 0);
    s = WSTR(u"0");
    CHECK_EQ(RtlUnicodeStringToInteger(&s, 0, &v), STATUS_SUCCESS); /* "0" then no prefix */
    CHECK_EQ(v, 0);
    s = WSTR(u"ff");
    CHECK_EQ(RtlUnicodeStringToInteger(&s, 16, &v), STATUS_SUCCESS);
    CHECK_EQ(v, 255);
    CHECK_EQ(RtlUnicodeStringToInteger(&s, 5, &v), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlUnicodeStringToInteger(&s, 10, NULL), STATUS_ACCESS_VIOLATION);
}

static void test_memory(void) {
    char buffer[16] = "0123456789";

    RtlMoveMemory(buffer + 2, buffer, 8); /* overlapping, upwards */
    CHECK(memcmp(buffer, "0101234567", 10) == 0);
    RtlMoveMemory(buffer, buffer + 2, 8); /* overlapping, downwards */
    CHECK(memcmp(buffer, "0123456767", 10) == 0);
    CHECK_EQ(RtlCompareMemory("abcd", "abxd", 4), 2);
    CHECK_EQ(RtlCompareMemory("abcd", "abcd", 4), 4);
    RtlFillMemory(buffer, 3, 'z');
    CHECK(memcmp(buffer, "zzz", 3) == 0);
    RtlZeroMemory(buffer, 16);
    CHECK_EQ(buffer[15], 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_init_unicode),
    HARNESS_TEST(test_init_ansi),
    HARNESS_TEST(test_copy),
    HARNESS_TEST(test_append),
    HARNESS_TEST(test_compare),
    HARNESS_TEST(test_allocating),
    HARNESS_TEST(test_integer_to_char),
    HARNESS_TEST(test_integer_to_unicode),
    HARNESS_TEST(test_char_to_integer),
    HARNESS_TEST(test_unicode_to_integer),
    HARNESS_TEST(test_memory),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
