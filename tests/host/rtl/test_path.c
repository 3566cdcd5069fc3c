/*
 * test_path.c — DOS path types and DOS -> full / NT path conversion
 * (rtl/path.c).
 */
#include "harness.h"
#include "rtl_hooks.h"

#include <stdlib.h>

static const WCHAR *current_dir = u"C:\\dir\\sub\\";

/* Converts Dos against Current and compares with Expected and the expected file part. */
static void expect(const WCHAR *dos, const WCHAR *current, BOOLEAN nt, const WCHAR *expected,
                   const WCHAR *file_part, int line) {
    UNICODE_STRING dos_string, current_string, result;
    PWSTR part = (PWSTR)1;
    NTSTATUS status;
    int ok;

    RtlInitUnicodeString(&dos_string, dos);
    RtlInitUnicodeString(&current_string, current);
    status =
        nt ? RtlpDosPathNameToNtPathName(&dos_string, current ? &current_string : NULL, &result,
                                         &part)
           : RtlpGetFullDosPathName(&dos_string, current ? &current_string : NULL, &result, &part);
    ok = harness_check_eq(status, STATUS_SUCCESS, "status", "STATUS_SUCCESS", __FILE__, line);
    if (!ok)
        return;
    ok = rtl_wide_equals(&result, expected);
    if (!ok) {
        UNICODE_STRING want;

        RtlInitUnicodeString(&want, expected);
        harness_check_str(rtl_wide_ascii(&result), rtl_wide_ascii(&want), "result", "expected",
                          __FILE__, line);
    } else {
        harness_check(1, "result", __FILE__, line);
    }
    CHECK_EQ(result.Buffer[result.Length / 2], 0);
    CHECK_EQ(result.MaximumLength, result.Length + 2);
    if (file_part == NULL) {
        harness_check(part == NULL, "file part is NULL", __FILE__, line);
    } else {
        UNICODE_STRING got;

        RtlInitUnicodeString(&got, part);
        harness_check(part != NULL && part >= result.Buffer && rtl_wide_equals(&got, file_part),
                      "file part", __FILE__, line);
    }
    RtlFreeUnicodeString(&result);
}

#define NT(dos, expected, part) expect(dos, current_dir, TRUE, expected, part, __LINE__)
#define FULL(dos, expected, part) expect(dos, current_dir, FALSE, expected, part, __LINE__)

static void test_types(void) {
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\\\server\\share"), RtlPathTypeUncAbsolute);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"//server/share"), RtlPathTypeUncAbsolute);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"C:\\x"), RtlPathTypeDriveAbsolute);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"C:/x"), RtlPathTypeDriveAbsolute);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"C:x"), RtlPathTypeDriveRelative);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"C:"), RtlPathTypeDriveRelative);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\x"), RtlPathTypeRooted);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"x"), RtlPathTypeRelative);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\\\.\\COM1"), RtlPathTypeLocalDevice);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\\\?\\C:\\x"), RtlPathTypeLocalDevice);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\\\."), RtlPathTypeRootLocalDevice);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\\\?"), RtlPathTypeRootLocalDevice);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u"\\\\.x"), RtlPathTypeUncAbsolute);
    CHECK_EQ(RtlDetermineDosPathNameType_U(u""), RtlPathTypeUnknown);
}

static void test_drive_paths(void) {
    NT(u"C:\\x\\y", u"\\??\\C:\\x\\y", u"y");
    NT(u"C:/x/y", u"\\??\\C:\\x\\y", u"y");
    NT(u"d:\\X", u"\\??\\d:\\X", u"X");
    NT(u"C:\\x\\..\\y", u"\\??\\C:\\y", u"y");
    NT(u"C:\\..\\..\\y", u"\\??\\C:\\y", u"y");
    NT(u"C:\\x\\.\\y\\", u"\\??\\C:\\x\\y\\", NULL);
    NT(u"C:\\\\x\\\\\\y", u"\\??\\C:\\x\\y", u"y");
    NT(u"C:\\", u"\\??\\C:\\", NULL);
    NT(u"C:\\x\\b.", u"\\??\\C:\\x\\b", u"b");
    NT(u"C:\\x\\b. . ", u"\\??\\C:\\x\\b", u"b");
    NT(u"C:\\x.\\b", u"\\??\\C:\\x.\\b", u"b"); /* only the last component */
    NT(u"C:\\x\\...", u"\\??\\C:\\x", u"x");
    NT(u"C:\\x\\.", u"\\??\\C:\\x", u"x");
    NT(u"C:\\x\\..", u"\\??\\C:\\", NULL);
}

static void test_relative_paths(void) {
    NT(u"x.txt", u"\\??\\C:\\dir\\sub\\x.txt", u"x.txt");
    NT(u"..\\x", u"\\??\\C:\\dir\\x", u"x");
    NT(u"..\\..\\..\\..\\x", u"\\??\\C:\\x", u"x");
    NT(u".", u"\\??\\C:\\dir\\sub", u"sub");
    NT(u"..", u"\\??\\C:\\dir", u"dir");
    NT(u"a/b/", u"\\??\\C:\\dir\\sub\\a\\b\\", NULL);
    NT(u"\\x", u"\\??\\C:\\x", u"x");
    NT(u"/", u"\\??\\C:\\", NULL);
    NT(u"C:x", u"\\??\\C:\\dir\\sub\\x", u"x");
    NT(u"c:x", u"\\??\\c:\\dir\\sub\\x", u"x"); /* same drive, any case */
    NT(u"C:", u"\\??\\C:\\dir\\sub", u"sub");
    NT(u"D:x", u"\\??\\D:\\x", u"x"); /* another drive: its root */
    expect(u"x", u"C:\\dir", TRUE, u"\\??\\C:\\dir\\x", u"x", __LINE__); /* no trailing '\' */
}

static void test_unc_and_devices(void) {
    const WCHAR *unc_dir = u"\\\\srv\\sh\\d\\";

    NT(u"\\\\server\\share\\a\\..\\b", u"\\??\\UNC\\server\\share\\b", u"b");
    NT(u"\\\\server\\share\\..\\..", u"\\??\\UNC\\server\\share\\", NULL);
    NT(u"//server/share/x", u"\\??\\UNC\\server\\share\\x", u"x");
    NT(u"\\\\server", u"\\??\\UNC\\server\\", NULL);
    NT(u"\\\\?\\C:\\a\\..\\b", u"\\??\\C:\\a\\..\\b", u"b"); /* verbatim */
    NT(u"\\??\\C:\\x", u"\\??\\C:\\x", u"x");
    NT(u"\\\\.\\COM1", u"\\??\\COM1", u"COM1");
    NT(u"\\\\.\\C:\\a\\..\\b", u"\\??\\C:\\b", u"b");
    NT(u"\\\\.", u"\\??\\", NULL);
    expect(u"x", unc_dir, TRUE, u"\\??\\UNC\\srv\\sh\\d\\x", u"x", __LINE__);
    expect(u"\\x", unc_dir, TRUE, u"\\??\\UNC\\srv\\sh\\x", u"x", __LINE__);
    expect(u"..\\..\\y", unc_dir, TRUE, u"\\??\\UNC\\srv\\sh\\y", u"y", __LINE__);
}

static void test_full_dos_paths(void) {
    FULL(u"..\\x", u"C:\\dir\\x", u"x");
    FULL(u"C:/a/./b", u"C:\\a\\b", u"b");
    FULL(u"\\\\srv\\sh\\..\\x", u"\\\\srv\\sh\\x", u"x");
    FULL(u"\\\\.\\COM1", u"\\\\.\\COM1", u"COM1");
    expect(u"C:\\abs", NULL, FALSE, u"C:\\abs", u"abs", __LINE__);
}

static void test_errors(void) {
    UNICODE_STRING dos, current, result, empty = {0, 0, NULL};
    WCHAR *big = malloc(40001 * sizeof(WCHAR));

    RtlInitUnicodeString(&dos, u"x");
    CHECK_EQ(RtlpDosPathNameToNtPathName(&dos, NULL, &result, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    RtlInitUnicodeString(&current, u"relative\\dir\\");
    CHECK_EQ(RtlpDosPathNameToNtPathName(&dos, &current, &result, NULL),
             STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_EQ(RtlpDosPathNameToNtPathName(&empty, NULL, &result, NULL), STATUS_OBJECT_NAME_INVALID);
    CHECK_EQ(RtlpDosPathNameToNtPathName(NULL, NULL, &result, NULL), STATUS_OBJECT_NAME_INVALID);

    RtlInitUnicodeString(&dos, u"C:\\x");
    rtl_fail_allocations(1);
    CHECK_EQ(RtlpDosPathNameToNtPathName(&dos, NULL, &result, NULL), STATUS_NO_MEMORY);

    /* 32764 characters: fine as a DOS path, too long once \??\ is added */
    big[0] = u'C';
    big[1] = u':';
    big[2] = u'\\';
    for (int i = 3; i < 32764; i++)
        big[i] = u'a';
    dos.Buffer = big;
    dos.Length = dos.MaximumLength = 32764 * sizeof(WCHAR);
    CHECK_EQ(RtlpGetFullDosPathName(&dos, NULL, &result, NULL), STATUS_SUCCESS);
    RtlFreeUnicodeString(&result);
    CHECK_EQ(RtlpDosPathNameToNtPathName(&dos, NULL, &result, NULL), STATUS_NAME_TOO_LONG);
    free(big);
    CHECK_EQ(rtl_outstanding_allocations, 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_types),          HARNESS_TEST(test_drive_paths),
    HARNESS_TEST(test_relative_paths), HARNESS_TEST(test_unc_and_devices),
    HARNESS_TEST(test_full_dos_paths), HARNESS_TEST(test_errors),
};

int main(void) {
    int status = harness_run(tests, HARNESS_COUNT(tests));

    return status;
}
