/*
 * test_error.c — RtlNtStatusToDosError (rtl/error.c, data/status_to_dos.inc).
 */
#include "harness.h"
#include "rtl_hooks.h"

#include "nt/winerror.h"

ULONG RtlpStatusMapCount(VOID);
ULONG RtlpStatusMapStatus(ULONG Index);

/* The binary search needs the data file strictly ascending. */
static void test_table_sorted(void) {
    ULONG count = RtlpStatusMapCount(), unordered = 0;

    CHECK(count > 300);
    for (ULONG i = 1; i < count; i++)
        unordered += RtlpStatusMapStatus(i - 1) >= RtlpStatusMapStatus(i);
    CHECK_EQ(unordered, 0);
    /* every row is found through the search */
    for (ULONG i = 0; i < count; i++)
        unordered +=
            RtlNtStatusToDosError((NTSTATUS)RtlpStatusMapStatus(i)) == ERROR_MR_MID_NOT_FOUND &&
            RtlpStatusMapStatus(i) != (ULONG)STATUS_MESSAGE_NOT_FOUND;
    CHECK_EQ(unordered, 0);
}

static void test_common_statuses(void) {
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SUCCESS), ERROR_SUCCESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_DENIED), ERROR_ACCESS_DENIED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_NOT_FOUND), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_PATH_NOT_FOUND), ERROR_PATH_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_SUCH_FILE), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_MEMORY), ERROR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_HANDLE), ERROR_INVALID_HANDLE);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_PARAMETER), ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_PARAMETER_12), ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BUFFER_OVERFLOW), ERROR_MORE_DATA);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BUFFER_TOO_SMALL), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NOT_IMPLEMENTED), ERROR_INVALID_FUNCTION);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_COLLISION), ERROR_ALREADY_EXISTS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SHARING_VIOLATION), ERROR_SHARING_VIOLATION);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_END_OF_FILE), ERROR_HANDLE_EOF);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DLL_NOT_FOUND), ERROR_MOD_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ENTRYPOINT_NOT_FOUND), ERROR_PROC_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_MORE_ENTRIES), ERROR_NO_MORE_ITEMS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_MORE_FILES), ERROR_NO_MORE_FILES);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_PENDING), ERROR_IO_PENDING);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_TIMEOUT), ERROR_TIMEOUT);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_VIOLATION), ERROR_NOACCESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DIRECTORY_NOT_EMPTY), ERROR_DIR_NOT_EMPTY);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NAME_TOO_LONG), ERROR_FILENAME_EXCED_RANGE);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_IMAGE_FORMAT), ERROR_BAD_EXE_FORMAT);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_FILE_SYSTEM_LIMITATION), ERROR_FILE_SYSTEM_LIMITATION);
    CHECK_EQ(ERROR_FILE_SYSTEM_LIMITATION, 665);
    CHECK_EQ(ERROR_MR_MID_NOT_FOUND, 317);
    /* exception codes pass through */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BREAKPOINT), (ULONG)STATUS_BREAKPOINT);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INTEGER_DIVIDE_BY_ZERO),
             (ULONG)STATUS_INTEGER_DIVIDE_BY_ZERO);
}

static void test_special_forms(void) {
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xC0001234), ERROR_MR_MID_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xC0070005), 5); /* FACILITY_WIN32 */
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0x80070002), 2);
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xE0001234), 0xE0001234);          /* customer bit */
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xD0000022), ERROR_ACCESS_DENIED); /* NT HRESULT */
    CHECK_EQ(RtlNtStatusToDosErrorNoTeb(STATUS_INVALID_HANDLE), ERROR_INVALID_HANDLE);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_table_sorted),
    HARNESS_TEST(test_common_statuses),
    HARNESS_TEST(test_special_forms),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
