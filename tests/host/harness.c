/*
 * harness.c — counters and reporting for harness.h.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static unsigned passed, failed;
static const char *current_test = "?";

static int record(int ok) {
    if (ok)
        passed++;
    else
        failed++;
    return ok;
}

int harness_check(int ok, const char *expr, const char *file, int line) {
    if (!ok)
        printf("FAIL %s: %s:%d: CHECK(%s)\n", current_test, file, line, expr);
    return record(ok);
}

int harness_check_eq(unsigned long long actual, unsigned long long expected,
                     const char *actual_expr, const char *expected_expr, const char *file,
                     int line) {
    int ok = actual == expected;

    if (!ok)
        printf("FAIL %s: %s:%d: %s == %s: got %#llx (%lld), expected %#llx (%lld)\n", current_test,
               file, line, actual_expr, expected_expr, actual, (long long)actual, expected,
               (long long)expected);
    return record(ok);
}

int harness_check_str(const char *actual, const char *expected, const char *actual_expr,
                      const char *expected_expr, const char *file, int line) {
    int ok = actual != NULL && expected != NULL && strcmp(actual, expected) == 0;

    if (!ok)
        printf("FAIL %s: %s:%d: %s == %s: got \"%s\", expected \"%s\"\n", current_test, file, line,
               actual_expr, expected_expr, actual ? actual : "(null)",
               expected ? expected : "(null)");
    return record(ok);
}

int harness_run(const struct harness_test *tests, size_t count) {
    for (size_t i = 0; i < count; i++) {
        unsigned failed_before = failed;

        current_test = tests[i].name;
        tests[i].fn();
        if (failed != failed_before)
            printf("test %s: %u failed checks\n", tests[i].name, failed - failed_before);
    }
    printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed != 0;
}
