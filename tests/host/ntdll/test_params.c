/*
 * test_params.c — host tests of ntdll/params.c: process parameter blocks
 * (layout, defaults from the current process, normalize/denormalize, the
 * copy RtlCreateUserProcess sends), environment blocks (set, replace,
 * delete, sorted insertion, queries and their buffer rules), the current
 * directory and DOS path conversion against it.  The PEB, heap, PEB lock
 * and virtual memory are ntdll_mock.c's.
 */
#include "harness.h"
#include "ntdll_mock.h"
#include "rtl_hooks.h"

#include <string.h>
#include <uchar.h>

NTSTATUS RtlpCopyProcessParameters(PRTL_USER_PROCESS_PARAMETERS Source,
                                   PRTL_USER_PROCESS_PARAMETERS *Result);
SIZE_T RtlpEnvironmentSize(PCWSTR Environment);

static UNICODE_STRING us(const char16_t *text) {
    UNICODE_STRING s;

    RtlInitUnicodeString(&s, (PCWSTR)text);
    return s;
}

static int wide_equals(PCUNICODE_STRING s, const char16_t *text) {
    size_t n = 0;

    while (text[n])
        n++;
    return s->Length == n * 2 && (n == 0 || memcmp(s->Buffer, text, n * 2) == 0);
}

/* The string's buffer in a denormalized block. */
static PWSTR at_offset(PRTL_USER_PROCESS_PARAMETERS p, PUNICODE_STRING s) {
    return (PWSTR)((PUCHAR)p + (ULONG_PTR)s->Buffer);
}

static int offset_inside(PRTL_USER_PROCESS_PARAMETERS p, PUNICODE_STRING s) {
    ULONG_PTR offset = (ULONG_PTR)s->Buffer;

    return offset >= sizeof(*p) && offset + s->MaximumLength <= p->Length && offset % 8 == 0;
}

static void check_peb_lock_balanced(void) {
    CHECK_EQ(mock_peb_lock_depth, 0);
    CHECK_EQ(mock_peb_lock_errors, 0);
}

/* A current process with a normalized block and an environment. */
static PRTL_USER_PROCESS_PARAMETERS make_current_process(void) {
    UNICODE_STRING image = us(u"\\??\\C:\\cur\\self.exe"), dir = us(u"C:\\cur\\"),
                   dlls = us(u"C:\\dlls;C:\\more"), name = us(u"PATH"), value = us(u"C:\\bin");
    PRTL_USER_PROCESS_PARAMETERS p = NULL;
    PVOID env = NULL;

    mock_reset_peb();
    CHECK_EQ(RtlCreateEnvironment(FALSE, &env), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &name, &value), STATUS_SUCCESS);
    CHECK_EQ(RtlCreateProcessParametersEx(&p, &image, &dlls, &dir, NULL, env, NULL, NULL, NULL,
                                          NULL, RTL_USER_PROC_PARAMS_NORMALIZED),
             STATUS_SUCCESS);
    RtlDestroyEnvironment(env); /* the block has its own copy */
    mock_peb.ProcessParameters = p;
    return p;
}

static void destroy_current_process(void) {
    PRTL_USER_PROCESS_PARAMETERS p = mock_peb.ProcessParameters;

    if (p != NULL) {
        if ((PUCHAR)p->Environment != (PUCHAR)p + p->Length) /* replaced since */
            RtlDestroyEnvironment(p->Environment);
        RtlDestroyProcessParameters(p);
    }
    mock_reset_peb();
}

/* ---- Parameter blocks --------------------------------------------------------------- */

static void test_create_denormalized(void) {
    UNICODE_STRING image = us(u"\\??\\C:\\dir\\app.exe"), cmd = us(u"app.exe -x"),
                   dir = us(u"C:\\dir\\"), title = us(u"Title"), runtime = us(u"RT");
    static const char16_t env_text[] = u"A=1\0B=22\0";
    PRTL_USER_PROCESS_PARAMETERS p = NULL;
    long heap = mock_heap_blocks;

    mock_reset_peb();
    CHECK_EQ(RtlCreateProcessParameters(&p, &image, NULL, &dir, &cmd, (PVOID)env_text, &title, NULL,
                                        NULL, &runtime),
             STATUS_SUCCESS);
    if (p == NULL)
        return;
    CHECK_EQ(p->Flags & RTL_USER_PROC_PARAMS_NORMALIZED, 0);
    CHECK_EQ(p->Length, p->MaximumLength);
    CHECK(p->Length >= sizeof(*p));
    CHECK(offset_inside(p, &p->ImagePathName));
    CHECK(offset_inside(p, &p->CommandLine));
    CHECK(offset_inside(p, &p->CurrentDirectory.DosPath));
    CHECK(offset_inside(p, &p->WindowTitle));
    CHECK(offset_inside(p, &p->DesktopInfo));
    CHECK(offset_inside(p, &p->RuntimeData));
    CHECK_EQ(p->CurrentDirectory.DosPath.MaximumLength, 520);
    CHECK_EQ(p->ImagePathName.MaximumLength, image.Length + 2);
    CHECK_EQ(at_offset(p, &p->ImagePathName)[image.Length / 2], 0); /* NUL-terminated */
    CHECK_EQ(p->DesktopInfo.Length, 0); /* absent: empty, with its NUL */
    CHECK_EQ(p->DesktopInfo.MaximumLength, 2);
    CHECK_EQ(p->RuntimeData.MaximumLength, 4); /* binary: no NUL */
    /* The environment is copied right after the block, outside Length. */
    CHECK((PUCHAR)p->Environment == (PUCHAR)p + p->Length);
    CHECK(memcmp(p->Environment, env_text, sizeof(env_text)) == 0);
    CHECK_EQ(p->EnvironmentSize, sizeof(env_text));
    PVOID copied = p->Environment;

    CHECK(RtlNormalizeProcessParams(p) == p);
    CHECK(p->Flags & RTL_USER_PROC_PARAMS_NORMALIZED);
    CHECK(wide_equals(&p->ImagePathName, u"\\??\\C:\\dir\\app.exe"));
    CHECK(wide_equals(&p->CommandLine, u"app.exe -x"));
    CHECK(wide_equals(&p->CurrentDirectory.DosPath, u"C:\\dir\\"));
    CHECK(wide_equals(&p->WindowTitle, u"Title"));
    CHECK(wide_equals(&p->DllPath, u""));
    CHECK(p->Environment == copied); /* never an offset */
    /* Normalizing twice changes nothing. */
    PWSTR buffer = p->CommandLine.Buffer;
    RtlNormalizeProcessParams(p);
    CHECK(p->CommandLine.Buffer == buffer);
    /* And back. */
    RtlDeNormalizeProcessParams(p);
    CHECK_EQ(p->Flags & RTL_USER_PROC_PARAMS_NORMALIZED, 0);
    CHECK(at_offset(p, &p->CommandLine) == buffer);
    RtlDeNormalizeProcessParams(p);
    CHECK(at_offset(p, &p->CommandLine) == buffer);
    CHECK(RtlNormalizeProcessParams(NULL) == NULL);
    CHECK(RtlDeNormalizeProcessParams(NULL) == NULL);
    CHECK_EQ(RtlDestroyProcessParameters(p), STATUS_SUCCESS);
    CHECK_EQ(mock_heap_blocks, heap);
    check_peb_lock_balanced();
}

static void test_create_defaults_from_current(void) {
    UNICODE_STRING image = us(u"\\??\\C:\\x\\child.exe");
    PRTL_USER_PROCESS_PARAMETERS current = make_current_process(), p = NULL;

    CHECK_EQ(RtlCreateProcessParametersEx(&p, &image, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                          NULL, RTL_USER_PROC_PARAMS_NORMALIZED),
             STATUS_SUCCESS);
    if (p == NULL)
        return;
    CHECK(p->Flags & RTL_USER_PROC_PARAMS_NORMALIZED);
    CHECK(wide_equals(&p->CommandLine, u"\\??\\C:\\x\\child.exe")); /* the image path */
    CHECK(wide_equals(&p->CurrentDirectory.DosPath, u"C:\\cur\\"));
    CHECK(wide_equals(&p->DllPath, u"C:\\dlls;C:\\more"));
    CHECK(p->Environment != current->Environment); /* a copy of it */
    CHECK_EQ(p->EnvironmentSize, RtlpEnvironmentSize(current->Environment));
    CHECK(memcmp(p->Environment, current->Environment, p->EnvironmentSize) == 0);
    CHECK(p->CommandLine.Buffer != image.Buffer); /* copied into the block */
    RtlDestroyProcessParameters(p);
    destroy_current_process();
    check_peb_lock_balanced();
}

static void test_create_refusals(void) {
    UNICODE_STRING image = us(u"x.exe");
    PRTL_USER_PROCESS_PARAMETERS p = NULL;

    mock_reset_peb();
    CHECK_EQ(
        RtlCreateProcessParameters(NULL, &image, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlCreateProcessParameters(&p, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
             STATUS_INVALID_PARAMETER);
    check_peb_lock_balanced();
}

/* The copy RtlCreateUserProcess sends: from a denormalized source (the
 * usual case) and from a normalized one. */
static void test_copy_parameters(void) {
    UNICODE_STRING image = us(u"\\??\\C:\\x\\child.exe"), cmd = us(u"child --flag");
    PRTL_USER_PROCESS_PARAMETERS source = NULL, copy = NULL;
    long heap = mock_heap_blocks;

    mock_reset_peb();
    CHECK_EQ(
        RtlCreateProcessParameters(&source, &image, NULL, NULL, &cmd, NULL, NULL, NULL, NULL, NULL),
        STATUS_SUCCESS);
    source->StandardOutput = (HANDLE)0x44;
    source->ShowWindowFlags = 5;
    for (int pass = 0; pass < 2; pass++) {
        CHECK_EQ(RtlpCopyProcessParameters(source, &copy), STATUS_SUCCESS);
        CHECK(copy->Flags & RTL_USER_PROC_PARAMS_NORMALIZED);
        CHECK(wide_equals(&copy->ImagePathName, u"\\??\\C:\\x\\child.exe"));
        CHECK(wide_equals(&copy->CommandLine, u"child --flag"));
        CHECK_EQ(copy->CurrentDirectory.DosPath.MaximumLength, 520);
        CHECK(copy->StandardOutput == (HANDLE)0x44);
        CHECK_EQ(copy->ShowWindowFlags, 5);
        CHECK(copy->ImagePathName.Buffer >= (PWSTR)(copy + 1) &&
              (PUCHAR)copy->ImagePathName.Buffer < (PUCHAR)copy + copy->Length);
        RtlDestroyProcessParameters(copy);
        RtlNormalizeProcessParams(source); /* second pass: from a normalized block */
    }
    RtlDestroyProcessParameters(source);
    CHECK_EQ(mock_heap_blocks, heap);
}

/* ---- Environment ---------------------------------------------------------------------- */

/* The environment as "A=1|B=2|" for comparisons. */
static const char *env_text(PCWSTR env) {
    static char text[512];
    size_t n = 0;

    for (; env != NULL && *env; env++) {
        while (*env && n < sizeof(text) - 2)
            text[n++] = (char)*env++;
        text[n++] = '|';
    }
    text[n] = 0;
    return text;
}

static void test_environment_set_and_delete(void) {
    UNICODE_STRING a = us(u"Alpha"), b = us(u"beta"), c = us(u"Charlie"), upper_b = us(u"BETA"),
                   eq = us(u"=C:"), one = us(u"1"), two = us(u"two"), three = us(u"3"),
                   dir = us(u"C:\\dir"), empty = us(u"");
    PVOID env = NULL;
    long regions = mock_vm_regions;

    mock_reset_peb();
    CHECK_EQ(RtlCreateEnvironment(FALSE, &env), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "");
    CHECK_EQ(RtlpEnvironmentSize(env), 2);
    /* Inserted in order whatever the order of the calls. */
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &c, &three), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &a, &one), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &b, &two), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "Alpha=1|beta=two|Charlie=3|");
    /* "=C:" sorts first and keeps its leading '='. */
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &eq, &dir), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "=C:=C:\\dir|Alpha=1|beta=two|Charlie=3|");
    /* Names are case-insensitive: BETA replaces beta (and takes its spelling). */
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &upper_b, &three), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "=C:=C:\\dir|Alpha=1|BETA=3|Charlie=3|");
    /* An empty value is a value. */
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &a, &empty), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "=C:=C:\\dir|Alpha=|BETA=3|Charlie=3|");
    /* Deleting, and deleting what is not there. */
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &b, NULL), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "=C:=C:\\dir|Alpha=|Charlie=3|");
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &b, NULL), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &eq, NULL), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &a, NULL), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &c, NULL), STATUS_SUCCESS);
    CHECK_STR(env_text(env), "");
    CHECK_EQ(RtlDestroyEnvironment(env), STATUS_SUCCESS);
    CHECK_EQ(mock_vm_regions, regions); /* every replaced block was released */
    check_peb_lock_balanced();
}

static void test_environment_refusals(void) {
    UNICODE_STRING with_eq = us(u"A=B"), empty = us(u""), value = us(u"v");
    PVOID env = NULL;

    mock_reset_peb();
    CHECK_EQ(RtlCreateEnvironment(FALSE, &env), STATUS_SUCCESS);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &with_eq, &value), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &empty, &value), STATUS_INVALID_PARAMETER_1);
    CHECK_EQ(RtlSetEnvironmentVariable(&env, NULL, &value), STATUS_INVALID_PARAMETER_1);
    CHECK_EQ(RtlCreateEnvironment(FALSE, NULL), STATUS_INVALID_PARAMETER);
    /* No parameters at all: the current environment cannot be set. */
    CHECK_EQ(RtlSetEnvironmentVariable(NULL, &value, &value), STATUS_INVALID_PARAMETER);
    CHECK_STR(env_text(env), "");
    RtlDestroyEnvironment(env);
    check_peb_lock_balanced();
}

static void test_environment_query(void) {
    UNICODE_STRING name = us(u"Path"), other = us(u"PATHX"), eq = us(u"=C:"), dir = us(u"C:\\d"),
                   value;
    WCHAR buffer[16];
    PVOID env;

    make_current_process();
    env = mock_peb.ProcessParameters->Environment;
    CHECK_EQ(RtlSetEnvironmentVariable(&env, &eq, &dir), STATUS_SUCCESS);
    mock_peb.ProcessParameters->Environment = env;

    memset(buffer, 0x55, sizeof(buffer));
    RtlInitEmptyUnicodeString(&value, buffer, sizeof(buffer));
    CHECK_EQ(RtlQueryEnvironmentVariable_U(env, &name, &value), STATUS_SUCCESS);
    CHECK(wide_equals(&value, u"C:\\bin"));
    CHECK_EQ(buffer[6], 0); /* NUL-terminated when there is room */
    /* NULL: the current process's environment. */
    value.Length = 0;
    CHECK_EQ(RtlQueryEnvironmentVariable_U(NULL, &name, &value), STATUS_SUCCESS);
    CHECK(wide_equals(&value, u"C:\\bin"));
    CHECK_EQ(RtlQueryEnvironmentVariable_U(NULL, &eq, &value), STATUS_SUCCESS);
    CHECK(wide_equals(&value, u"C:\\d"));
    /* Exactly the value's size: copied, no NUL. */
    memset(buffer, 0x55, sizeof(buffer));
    RtlInitEmptyUnicodeString(&value, buffer, 12);
    CHECK_EQ(RtlQueryEnvironmentVariable_U(NULL, &name, &value), STATUS_SUCCESS);
    CHECK_EQ(value.Length, 12);
    CHECK_EQ(buffer[6], 0x5555);
    /* Too small: the size needed, nothing copied. */
    memset(buffer, 0x55, sizeof(buffer));
    RtlInitEmptyUnicodeString(&value, buffer, 10);
    CHECK_EQ(RtlQueryEnvironmentVariable_U(NULL, &name, &value), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(value.Length, 12);
    CHECK_EQ(buffer[0], 0x5555);
    /* Not there; a longer name is not a prefix match. */
    CHECK_EQ(RtlQueryEnvironmentVariable_U(NULL, &other, &value), STATUS_VARIABLE_NOT_FOUND);
    /* Setting the current environment replaces PEB's block. */
    UNICODE_STRING fresh = us(u"FRESH"), v = us(u"yes");
    CHECK_EQ(RtlSetEnvironmentVariable(NULL, &fresh, &v), STATUS_SUCCESS);
    CHECK(mock_peb.ProcessParameters->Environment != env);
    CHECK_STR(env_text(mock_peb.ProcessParameters->Environment),
              "=C:=C:\\d|FRESH=yes|PATH=C:\\bin|");
    CHECK_EQ(mock_peb.ProcessParameters->EnvironmentSize,
             RtlpEnvironmentSize(mock_peb.ProcessParameters->Environment));
    /* Cloning copies the current block. */
    PVOID clone = NULL;
    CHECK_EQ(RtlCreateEnvironment(TRUE, &clone), STATUS_SUCCESS);
    CHECK(clone != mock_peb.ProcessParameters->Environment);
    CHECK_STR(env_text(clone), "=C:=C:\\d|FRESH=yes|PATH=C:\\bin|");
    RtlDestroyEnvironment(clone);
    destroy_current_process();
    CHECK_EQ(mock_vm_regions, 0);
    check_peb_lock_balanced();
}

/* ---- Current directory and paths ------------------------------------------------------------ */

static void test_current_directory(void) {
    UNICODE_STRING sub = us(u"sub"), up = us(u"..\\other\\"), root = us(u"D:\\"),
                   absolute = us(u"C:\\a\\b");
    WCHAR buffer[64];
    ULONG bytes;

    make_current_process();
    bytes = RtlGetCurrentDirectory_U(sizeof(buffer), buffer);
    CHECK_EQ(bytes, 12); /* "C:\cur": no trailing '\' */
    CHECK(memcmp(buffer, u"C:\\cur", 14) == 0);
    /* Too small: the size needed with the NUL. */
    CHECK_EQ(RtlGetCurrentDirectory_U(12, buffer), 14);

    CHECK_EQ(RtlSetCurrentDirectory_U(&sub), STATUS_SUCCESS);
    CHECK(wide_equals(&mock_peb.ProcessParameters->CurrentDirectory.DosPath, u"C:\\cur\\sub\\"));
    CHECK_EQ(RtlSetCurrentDirectory_U(&up), STATUS_SUCCESS);
    CHECK(wide_equals(&mock_peb.ProcessParameters->CurrentDirectory.DosPath, u"C:\\cur\\other\\"));
    CHECK_EQ(RtlSetCurrentDirectory_U(&root), STATUS_SUCCESS);
    CHECK_EQ(RtlGetCurrentDirectory_U(sizeof(buffer), buffer), 6); /* a root keeps its '\' */
    CHECK(memcmp(buffer, u"D:\\", 8) == 0);
    CHECK_EQ(RtlSetCurrentDirectory_U(&absolute), STATUS_SUCCESS);
    CHECK(wide_equals(&mock_peb.ProcessParameters->CurrentDirectory.DosPath, u"C:\\a\\b\\"));
    CHECK_EQ(RtlSetCurrentDirectory_U(NULL), STATUS_INVALID_PARAMETER);

    /* Longer than the block's MAX_PATH buffer. */
    WCHAR long_path[300];
    UNICODE_STRING too_long;
    long_path[0] = 'C';
    long_path[1] = ':';
    for (int i = 2; i < 299; i++)
        long_path[i] = (i % 10 == 2) ? '\\' : 'x';
    long_path[299] = 0;
    RtlInitUnicodeString(&too_long, long_path);
    CHECK_EQ(RtlSetCurrentDirectory_U(&too_long), STATUS_NAME_TOO_LONG);
    CHECK(wide_equals(&mock_peb.ProcessParameters->CurrentDirectory.DosPath, u"C:\\a\\b\\"));
    destroy_current_process();
    check_peb_lock_balanced();
}

static void test_dos_path_conversion(void) {
    UNICODE_STRING nt;
    RTL_RELATIVE_NAME_U relative;
    PWSTR part = NULL;
    WCHAR buffer[64];
    long before = rtl_outstanding_allocations;

    make_current_process();
    memset(&relative, 0x55, sizeof(relative));
    CHECK(RtlDosPathNameToNtPathName_U((PCWSTR)u"file.txt", &nt, &part, &relative));
    CHECK(wide_equals(&nt, u"\\??\\C:\\cur\\file.txt"));
    CHECK(part != NULL && memcmp(part, u"file.txt", 16) == 0);
    CHECK(relative.RelativeName.Length == 0 && relative.ContainingDirectory == NULL);
    RtlFreeUnicodeString(&nt);
    CHECK(RtlDosPathNameToNtPathName_U((PCWSTR)u"D:\\x\\..\\y", &nt, NULL, NULL));
    CHECK(wide_equals(&nt, u"\\??\\D:\\y"));
    RtlFreeUnicodeString(&nt);
    CHECK_EQ(RtlDosPathNameToNtPathName_U_WithStatus(NULL, &nt, NULL, NULL),
             STATUS_OBJECT_NAME_INVALID);
    CHECK(!RtlDosPathNameToNtPathName_U((PCWSTR)u"", &nt, NULL, NULL));

    CHECK_EQ(RtlGetFullPathName_U((PCWSTR)u"a\\b.txt", sizeof(buffer), buffer, &part), 28);
    CHECK(memcmp(buffer, u"C:\\cur\\a\\b.txt", 30) == 0);
    CHECK(part == buffer + 9);
    CHECK_EQ(RtlGetFullPathName_U((PCWSTR)u"a\\b.txt", 20, buffer, &part), 30);
    CHECK(part == NULL);
    CHECK_EQ(RtlGetFullPathName_U((PCWSTR)u"", sizeof(buffer), buffer, NULL), 0);

    /* Without a current directory only absolute paths convert. */
    destroy_current_process();
    CHECK(!RtlDosPathNameToNtPathName_U((PCWSTR)u"file.txt", &nt, NULL, NULL));
    CHECK(RtlDosPathNameToNtPathName_U((PCWSTR)u"C:\\file.txt", &nt, NULL, NULL));
    RtlFreeUnicodeString(&nt);
    CHECK_EQ(RtlGetCurrentDirectory_U(sizeof(buffer), buffer), 0);
    CHECK_EQ(rtl_outstanding_allocations, before);
    check_peb_lock_balanced();
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_create_denormalized),
    HARNESS_TEST(test_create_defaults_from_current),
    HARNESS_TEST(test_create_refusals),
    HARNESS_TEST(test_copy_parameters),
    HARNESS_TEST(test_environment_set_and_delete),
    HARNESS_TEST(test_environment_refusals),
    HARNESS_TEST(test_environment_query),
    HARNESS_TEST(test_current_directory),
    HARNESS_TEST(test_dos_path_conversion),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
