/*
 * harness.h — a minimal unit-test harness for host-compiled tests.
 *
 * A test binary is one or more C files plus harness.c.  It lists its test
 * functions in a table and hands the table to harness_run():
 *
 *     static void test_labels(void) { CHECK_EQ(CNodeCopy, 20); }
 *
 *     static const struct harness_test tests[] = {
 *             HARNESS_TEST(test_labels),
 *     };
 *
 *     int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
 *
 * Every CHECK counts one passed or failed check; a failure prints the file,
 * line, expression and (for CHECK_EQ/CHECK_STR) both values, and the test
 * carries on.  harness_run() ends with the line `N passed, N failed` and
 * returns non-zero if anything failed.  The binaries build under ASan and
 * UBSan (HOST_CFLAGS), so memory errors abort the run loudly instead.
 */
#ifndef TESTS_HOST_HARNESS_H
#define TESTS_HOST_HARNESS_H

#include <stddef.h>

struct harness_test {
    const char *name;
    void (*fn)(void);
};

#define HARNESS_TEST(fn)                                                                           \
    { #fn, fn }
#define HARNESS_COUNT(table) (sizeof(table) / sizeof((table)[0]))

int harness_check(int ok, const char *expr, const char *file, int line);
int harness_check_eq(unsigned long long actual, unsigned long long expected,
                     const char *actual_expr, const char *expected_expr, const char *file,
                     int line);
int harness_check_str(const char *actual, const char *expected, const char *actual_expr,
                      const char *expected_expr, const char *file, int line);

#define CHECK(cond) harness_check(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(actual, expected)                                                                 \
    harness_check_eq((unsigned long long)(actual), (unsigned long long)(expected), #actual,        \
                     #expected, __FILE__, __LINE__)
#define CHECK_STR(actual, expected)                                                                \
    harness_check_str((actual), (expected), #actual, #expected, __FILE__, __LINE__)

int harness_run(const struct harness_test *tests, size_t count);

#endif /* TESTS_HOST_HARNESS_H */
