/*
 * test_fmt.c — sel4rt's printf engine (lib/sel4rt/src/fmt.c) on the host.
 */
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "fmt.h"
#include "harness.h"

static char buf[256];

static const char *fmt(const char *format, ...) {
    va_list ap;

    va_start(ap, format);
    rt_vsnprintf(buf, sizeof(buf), format, ap);
    va_end(ap);
    return buf;
}

static int fmt_n(char *dst, size_t size, const char *format, ...) {
    va_list ap;
    int n;

    va_start(ap, format);
    n = rt_vsnprintf(dst, size, format, ap);
    va_end(ap);
    return n;
}

static void test_integers(void) {
    CHECK_STR(fmt("%d", 0), "0");
    CHECK_STR(fmt("%d %i", -42, 17), "-42 17");
    CHECK_STR(fmt("%d", INT_MIN), "-2147483648");
    CHECK_STR(fmt("%u", 4000000000u), "4000000000");
    CHECK_STR(fmt("%x %X", 0xabcu, 0xabcu), "abc ABC");
    CHECK_STR(fmt("%lx", 0xffffffffffffffffUL), "ffffffffffffffff");
    CHECK_STR(fmt("%lu", 18446744073709551615UL), "18446744073709551615");
    CHECK_STR(fmt("%ld", LONG_MIN), "-9223372036854775808");
    CHECK_STR(fmt("%llx", 0x123456789abcdefULL), "123456789abcdef");
    CHECK_STR(fmt("%lld", -5LL), "-5");
    CHECK_STR(fmt("%zu", (size_t)99), "99");
    CHECK_STR(fmt("%hhx", 0x1ff), "ff");
    CHECK_STR(fmt("%hd", 70000), "4464");
    CHECK_STR(fmt("%o", 8), "10");
    CHECK_STR(fmt("%#x %#x", 255, 0), "0xff 0");
    CHECK_STR(fmt("%+d % d", 5, 5), "+5  5");
}

static void test_width_and_padding(void) {
    CHECK_STR(fmt("%5d|", 42), "   42|");
    CHECK_STR(fmt("%-5d|", 42), "42   |");
    CHECK_STR(fmt("%05d", 42), "00042");
    CHECK_STR(fmt("%05d", -42), "-0042");
    CHECK_STR(fmt("%016lx", 0x1234UL), "0000000000001234");
    CHECK_STR(fmt("%08x", 0xdeadbeef), "deadbeef");
    CHECK_STR(fmt("%2d", 12345), "12345");
    CHECK_STR(fmt("%*d", 4, 7), "   7");
    CHECK_STR(fmt("%-*d|", 3, 7), "7  |");
    CHECK_STR(fmt("%.3d", 7), "007");
    CHECK_STR(fmt("%-05d|", 3), "3    |");
}

static void test_strings_and_chars(void) {
    CHECK_STR(fmt("%s", "hello"), "hello");
    CHECK_STR(fmt("%8s|", "abc"), "     abc|");
    CHECK_STR(fmt("%-8s|", "abc"), "abc     |");
    CHECK_STR(fmt("%.2s", "abc"), "ab");
    CHECK_STR(fmt("%s", (char *)NULL), "(null)");
    CHECK_STR(fmt("%c%c", 'o', 'k'), "ok");
    CHECK_STR(fmt("%3c|", 'x'), "  x|");
    CHECK_STR(fmt("100%%"), "100%");
    CHECK_STR(fmt("%p", (void *)0x1000), "0x1000");
    CHECK_STR(fmt("%q"), "%q");
    CHECK_STR(fmt("tail %"), "tail %");
}

static void test_truncation(void) {
    char small[6];

    memset(small, 'z', sizeof(small));
    CHECK_EQ(fmt_n(small, sizeof(small), "%s", "abcdefgh"), 8);
    CHECK_STR(small, "abcde");
    CHECK_EQ(fmt_n(small, 1, "%d", 12345), 5);
    CHECK_EQ(small[0], '\0');
    CHECK_EQ(fmt_n(NULL, 0, "%d", 123), 3);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_integers),
    HARNESS_TEST(test_width_and_padding),
    HARNESS_TEST(test_strings_and_chars),
    HARNESS_TEST(test_truncation),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
