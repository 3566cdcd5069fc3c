/*
 * test_unicode.c — case mapping, the ANSI (ISO 8859-1) code page and UTF-8
 * (rtl/unicode.c).
 */
#include "harness.h"
#include "rtl_hooks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void test_upcase_char(void) {
    for (int c = 0; c < 128; c++)
        CHECK_EQ(RtlUpcaseUnicodeChar((WCHAR)c), toupper(c));
    CHECK_EQ(RtlUpcaseUnicodeChar(0x00E4), 0x00C4); /* a umlaut */
    CHECK_EQ(RtlUpcaseUnicodeChar(0x00FF), 0x0178); /* y diaeresis leaves Latin-1 */
    CHECK_EQ(RtlUpcaseUnicodeChar(0x00B5), 0x039C); /* micro sign */
    CHECK_EQ(RtlUpcaseUnicodeChar(0x00DF), 0x00DF); /* sharp s: "SS" is not 1:1 */
    CHECK_EQ(RtlUpcaseUnicodeChar(0x03B1), 0x0391); /* alpha */
    CHECK_EQ(RtlUpcaseUnicodeChar(0x044F), 0x042F); /* ya */
    CHECK_EQ(RtlUpcaseUnicodeChar(0xFF41), 0xFF21); /* fullwidth a */
    CHECK_EQ(RtlUpcaseUnicodeChar(0xD800), 0xD800); /* surrogates stay */
    CHECK_EQ(RtlUpcaseUnicodeChar(0xFFFF), 0xFFFF);
}

static void test_downcase_char(void) {
    for (int c = 0; c < 128; c++)
        CHECK_EQ(RtlDowncaseUnicodeChar((WCHAR)c), tolower(c));
    CHECK_EQ(RtlDowncaseUnicodeChar(0x0178), 0x00FF);
    CHECK_EQ(RtlDowncaseUnicodeChar(0x0391), 0x03B1);
    CHECK_EQ(RtlDowncaseUnicodeChar(0x042F), 0x044F);
    CHECK_EQ(RtlDowncaseUnicodeChar(0x00C4), 0x00E4);
    CHECK_EQ(RtlDowncaseUnicodeChar(0x0130), 0x0130); /* full mapping is two characters */
}

/* No character maps into the surrogate range, and upcasing is idempotent. */
static void test_case_properties(void) {
    int bad_surrogate = 0, not_idempotent = 0;

    for (unsigned c = 0; c < 0x10000; c++) {
        WCHAR up = RtlUpcaseUnicodeChar((WCHAR)c);

        if (c < 0xD800 || c > 0xDFFF)
            bad_surrogate += up >= 0xD800 && up <= 0xDFFF;
        not_idempotent += RtlUpcaseUnicodeChar(up) != up && up != c;
    }
    CHECK_EQ(bad_surrogate, 0);
    CHECK(not_idempotent < 8); /* a handful of Unicode oddities at most */
}

static void test_upper_char(void) {
    CHECK_EQ((UCHAR)RtlUpperChar('a'), 'A');
    CHECK_EQ((UCHAR)RtlUpperChar('{'), '{');
    CHECK_EQ((UCHAR)RtlUpperChar((CHAR)0xE4), 0xC4);
    CHECK_EQ((UCHAR)RtlUpperChar((CHAR)0xFF), 0xFF); /* upper case is outside Latin-1 */
    CHECK_EQ((UCHAR)RtlUpperChar((CHAR)0xB5), 0xB5);
}

static void test_upcase_string(void) {
    UNICODE_STRING src = WSTR(u"Gr\u00fc\u00dfe!"), dest;
    WCHAR buffer[6];

    CHECK_EQ(RtlUpcaseUnicodeString(&dest, &src, TRUE), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&dest, u"GR\u00dc\u00dfE!"));
    CHECK_EQ(dest.MaximumLength, src.Length);
    RtlFreeUnicodeString(&dest);

    RtlInitEmptyUnicodeString(&dest, buffer, 10);
    CHECK_EQ(RtlUpcaseUnicodeString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
    RtlInitEmptyUnicodeString(&dest, buffer, 12);
    CHECK_EQ(RtlUpcaseUnicodeString(&dest, &src, FALSE), STATUS_SUCCESS);
    CHECK_EQ(dest.Length, 12);
    CHECK_EQ(RtlDowncaseUnicodeString(&dest, &src, FALSE), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&dest, u"gr\u00fc\u00dfe!"));
    rtl_fail_allocations(1);
    CHECK_EQ(RtlUpcaseUnicodeString(&dest, &src, TRUE), STATUS_NO_MEMORY);

    {
        STRING a = ASTR("mixed Case \xe4");
        char out[32];
        STRING d = {0, sizeof(out), out};

        RtlUpperString(&d, &a);
        CHECK_EQ(d.Length, a.Length);
        CHECK(memcmp(out, "MIXED CASE \xc4", a.Length) == 0);
    }
    CHECK_EQ(rtl_outstanding_allocations, 0);
}

static void test_unicode_to_ansi(void) {
    UNICODE_STRING src = WSTR(u"h\u00e9llo\u20ac");
    ANSI_STRING dest;
    char buffer[8];

    CHECK_EQ(RtlxUnicodeStringToAnsiSize(&src), 7);
    CHECK_EQ(RtlUnicodeStringToAnsiString(&dest, &src, TRUE), STATUS_SUCCESS);
    CHECK_EQ(dest.Length, 6);
    CHECK_EQ(dest.MaximumLength, 7);
    CHECK(memcmp(dest.Buffer, "h\xe9llo?", 7) == 0); /* includes the NUL */
    RtlFreeAnsiString(&dest);

    memset(buffer, '#', sizeof(buffer));
    dest.Buffer = buffer;
    dest.MaximumLength = 4;
    CHECK_EQ(RtlUnicodeStringToAnsiString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(dest.Length, 3);
    CHECK(memcmp(buffer, "h\xe9l\0#", 5) == 0);
    memset(buffer, '#', sizeof(buffer));
    dest.MaximumLength = 0;
    CHECK_EQ(RtlUnicodeStringToAnsiString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(buffer[0], '#');
    dest.MaximumLength = 7;
    CHECK_EQ(RtlUnicodeStringToAnsiString(&dest, &src, FALSE), STATUS_SUCCESS);
    rtl_fail_allocations(1);
    CHECK_EQ(RtlUnicodeStringToAnsiString(&dest, &src, TRUE), STATUS_NO_MEMORY);
    CHECK_EQ(rtl_outstanding_allocations, 0);
}

static void test_ansi_to_unicode(void) {
    ANSI_STRING src = ASTR("\xe9t\xe9");
    UNICODE_STRING dest;
    WCHAR buffer[8];
    char *big;

    CHECK_EQ(RtlxAnsiStringToUnicodeSize(&src), 8);
    CHECK_EQ(RtlAnsiStringToUnicodeString(&dest, &src, TRUE), STATUS_SUCCESS);
    CHECK(rtl_wide_equals(&dest, u"\u00e9t\u00e9"));
    CHECK_EQ(dest.MaximumLength, 8);
    CHECK_EQ(dest.Buffer[3], 0);
    RtlFreeUnicodeString(&dest);

    RtlInitEmptyUnicodeString(&dest, buffer, 6);
    CHECK_EQ(RtlAnsiStringToUnicodeString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
    RtlInitEmptyUnicodeString(&dest, buffer, 7);
    CHECK_EQ(RtlAnsiStringToUnicodeString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
    RtlInitEmptyUnicodeString(&dest, buffer, 8);
    CHECK_EQ(RtlAnsiStringToUnicodeString(&dest, &src, FALSE), STATUS_SUCCESS);
    CHECK_EQ(dest.Length, 6);

    big = malloc(40000);
    memset(big, 'q', 40000);
    src.Buffer = big;
    src.Length = src.MaximumLength = 40000;
    CHECK_EQ(RtlAnsiStringToUnicodeString(&dest, &src, TRUE), STATUS_INVALID_PARAMETER_2);
    free(big);

    {
        ULONG bytes = 0;
        WCHAR out[4];

        CHECK_EQ(RtlMultiByteToUnicodeN(out, 5, &bytes, "abc", 3), STATUS_SUCCESS);
        CHECK_EQ(bytes, 4); /* two whole characters fit in 5 bytes */
        CHECK_EQ(RtlUnicodeToMultiByteSize(&bytes, u"abc", 6), STATUS_SUCCESS);
        CHECK_EQ(bytes, 3);
        CHECK_EQ(RtlMultiByteToUnicodeSize(&bytes, "abc", 3), STATUS_SUCCESS);
        CHECK_EQ(bytes, 6);
    }
    CHECK_EQ(rtl_outstanding_allocations, 0);
}

static void test_to_utf8(void) {
    const WCHAR text[] = u"a\u00e9\u20ac\U0001F600";
    const char expected[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    char out[16];
    ULONG actual = 0;

    CHECK_EQ(RtlUnicodeToUTF8N(NULL, 0, &actual, text, 10), STATUS_SUCCESS);
    CHECK_EQ(actual, 10);
    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, text, 10), STATUS_SUCCESS);
    CHECK_EQ(actual, 10);
    CHECK(memcmp(out, expected, 10) == 0);
    CHECK_EQ(RtlUnicodeToUTF8N(out, 5, &actual, text, 10), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(actual, 3); /* 'a' and e-acute; the euro sign needs 3 more */
    CHECK_EQ(RtlUnicodeToUTF8N(out, 9, &actual, text, 10), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(actual, 6); /* never half a surrogate pair */

    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, u"\xD800x", 4), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(actual, 4);
    CHECK(memcmp(out, "\xef\xbf\xbdx", 4) == 0);
    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, u"\xDC00", 2), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(actual, 3);
    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, u"a\xD83D", 4), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(actual, 4);

    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, text, 3), STATUS_INVALID_PARAMETER_5);
    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, NULL, 2), STATUS_INVALID_PARAMETER_4);
    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), NULL, text, 2), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &actual, text, 0), STATUS_SUCCESS);
    CHECK_EQ(actual, 0);
}

/* Decodes Utf8 and compares with Expected (Count units); returns the status. */
static NTSTATUS decode(const char *utf8, ULONG bytes, const WCHAR *expected, ULONG count) {
    WCHAR out[32];
    ULONG actual = 0;
    NTSTATUS status = RtlUTF8ToUnicodeN(out, sizeof(out), &actual, utf8, bytes);

    CHECK_EQ(actual, count * sizeof(WCHAR));
    CHECK(actual == count * sizeof(WCHAR) && memcmp(out, expected, actual) == 0);
    return status;
}

static void test_from_utf8(void) {
    ULONG actual = 0;
    WCHAR out[4];

    CHECK_EQ(decode("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, u"a\u00e9\u20ac\U0001F600", 5),
             STATUS_SUCCESS);
    CHECK_EQ(decode("\x80", 1, u"\xFFFD", 1), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(decode("\xc0\xaf", 2, u"\xFFFD\xFFFD", 2), STATUS_SOME_NOT_MAPPED); /* overlong */
    CHECK_EQ(decode("\xe0\x80\xaf", 3, u"\xFFFD\xFFFD\xFFFD", 3), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(decode("\xed\xa0\x80", 3, u"\xFFFD\xFFFD\xFFFD", 3), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(decode("\xf4\x90\x80\x80", 4, u"\xFFFD\xFFFD\xFFFD\xFFFD", 4),
             STATUS_SOME_NOT_MAPPED);                                      /* above U+10FFFF */
    CHECK_EQ(decode("\xe2\x82", 2, u"\xFFFD", 1), STATUS_SOME_NOT_MAPPED); /* truncated */
    CHECK_EQ(decode("\xe2\x82x", 3, u"\xFFFDx", 2), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(decode("\xf0\x9f\x98"
                    "A",
                    4,
                    u"\xFFFD"
                    "A",
                    2),
             STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(decode("\xff\xfe", 2, u"\xFFFD\xFFFD", 2), STATUS_SOME_NOT_MAPPED);
    CHECK_EQ(decode("\xef\xbf\xbf", 3, u"\xFFFF", 1), STATUS_SUCCESS); /* a noncharacter is valid */
    CHECK_EQ(decode("", 0, u"", 0), STATUS_SUCCESS);

    CHECK_EQ(RtlUTF8ToUnicodeN(NULL, 0, &actual, "a\xf0\x9f\x98\x80", 5), STATUS_SUCCESS);
    CHECK_EQ(actual, 6);
    CHECK_EQ(RtlUTF8ToUnicodeN(out, 2, &actual, "\xf0\x9f\x98\x80", 4), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(actual, 0);
    CHECK_EQ(RtlUTF8ToUnicodeN(out, 5, &actual, "abc", 3), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(actual, 4);
    CHECK_EQ(RtlUTF8ToUnicodeN(out, 8, &actual, NULL, 3), STATUS_INVALID_PARAMETER_4);
    CHECK_EQ(RtlUTF8ToUnicodeN(out, 8, NULL, "abc", 3), STATUS_INVALID_PARAMETER);
}

/* Every BMP scalar value survives UTF-16 -> UTF-8 -> UTF-16. */
static void test_utf8_round_trip(void) {
    int failures = 0;

    for (unsigned c = 1; c < 0x10000; c++) {
        WCHAR in = (WCHAR)c, back[2];
        char mid[4];
        ULONG bytes, units;

        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        if (RtlUnicodeToUTF8N(mid, sizeof(mid), &bytes, &in, 2) != STATUS_SUCCESS ||
            RtlUTF8ToUnicodeN(back, sizeof(back), &units, mid, bytes) != STATUS_SUCCESS ||
            units != 2 || back[0] != in)
            failures++;
    }
    CHECK_EQ(failures, 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_upcase_char),     HARNESS_TEST(test_downcase_char),
    HARNESS_TEST(test_case_properties), HARNESS_TEST(test_upper_char),
    HARNESS_TEST(test_upcase_string),   HARNESS_TEST(test_unicode_to_ansi),
    HARNESS_TEST(test_ansi_to_unicode), HARNESS_TEST(test_to_utf8),
    HARNESS_TEST(test_from_utf8),       HARNESS_TEST(test_utf8_round_trip),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
