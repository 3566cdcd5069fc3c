/*
 * ob_test.h — shared pieces of the object manager's host tests.
 *
 * The tests link the real ntos/ob sources with a malloc-backed pool
 * (pool_stub.c) and the rtl/ sources of the string routines they call.
 * TestInit runs ObInitSystem once and creates the test types:
 *
 *   TestEvent   a plain object type whose delete and close procedures count
 *               their calls and remember what they saw (TEST_EVENT.Id lets a
 *               test tell objects apart);
 *   TestDevice  a type with a parse procedure, to exercise the parse
 *               contract (see TestDeviceParse in ob_test_util.c);
 *   TestFile    a type with a query-name procedure.
 *
 * Each test checks that the pool holds exactly as many blocks at its end
 * as at its start (PoolStats.LiveBlocks), which is how "freed exactly when
 * the last reference goes" is observed.
 */
#ifndef TESTS_HOST_OB_TEST_H
#define TESTS_HOST_OB_TEST_H

#include "harness.h"
#include "obp.h"

/* ---- Pool stub ----------------------------------------------------------- */

typedef struct POOL_STATS {
    unsigned long Allocations, Frees, LiveBlocks, FailedAllocations;
} POOL_STATS;
extern POOL_STATS PoolStats;
ULONG PoolLiveBlocksWithTag(ULONG Tag);
/* The allocation after the next `Allocations` ones fails; -1 turns this off. */
VOID PoolFailAfter(long Allocations);

/* ---- Test types ---------------------------------------------------------- */

#define TEST_EVENT_QUERY_STATE 0x0001
#define TEST_EVENT_MODIFY_STATE 0x0002
#define TEST_EVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

typedef struct TEST_EVENT {
    ULONG Id;
    PVOID Next; /* a referenced object the delete procedure releases */
} TEST_EVENT, *PTEST_EVENT;

extern POBJECT_TYPE TestEventType, TestDeviceType, TestFileType;

#define TEST_MAX_IDS 100000
extern ULONG TestNextId;      /* Id of the next TestEvent created */
extern ULONG TestDeleteCount; /* TestEvent delete procedure calls */
extern ULONG TestLastDeletedId;
extern UCHAR TestDeleted[TEST_MAX_IDS]; /* times each Id was deleted */
extern ULONG TestCloseCount;            /* TestEvent close procedure calls */
extern PVOID TestLastCloseProcess;
extern ACCESS_MASK TestLastCloseAccess;
extern ULONG_PTR TestLastCloseHandleCount;

/* TestDevice parse procedure: what it was last called with. */
extern ULONG TestParseCount;
extern WCHAR TestParseRemaining[64];
extern PVOID TestDeviceTarget; /* object returned for RemainingName `\sub` */

void TestInit(void);
PHANDLE_TABLE TestProcess(void);

/* ---- Short-hands --------------------------------------------------------- */

/* Text NULL gives ObjectName NULL. */
void InitOa(POBJECT_ATTRIBUTES Oa, PUNICODE_STRING Name, PCWSTR Text, ULONG Attributes,
            HANDLE Root);
NTSTATUS TestCreateEvent(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                         KPROCESSOR_MODE Mode, PHANDLE Handle);
NTSTATUS TestCreateEventEx(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                           ACCESS_MASK Access, KPROCESSOR_MODE Mode, PHANDLE Handle);
NTSTATUS TestOpen(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                  POBJECT_TYPE Type, ACCESS_MASK Access, KPROCESSOR_MODE Mode, PHANDLE Handle);
NTSTATUS TestCreateDir(PHANDLE_TABLE Table, PCWSTR Name, ULONG Attributes, HANDLE Root,
                       PHANDLE Handle);
NTSTATUS TestCreateLink(PHANDLE_TABLE Table, PCWSTR Name, PCWSTR Target, ULONG Attributes,
                        HANDLE Root, PHANDLE Handle);
/* The object behind a handle (no reference kept), NULL if none. */
PVOID TestObject(PHANDLE_TABLE Table, HANDLE Handle);
ULONG TestHandleCount(PHANDLE_TABLE Table, HANDLE Handle);
ULONG TestPointerCount(PHANDLE_TABLE Table, HANDLE Handle);
/* Whether an absolute name resolves (kernel mode, case-sensitive). */
BOOLEAN TestExists(PCWSTR Name);
/* Full name of the object behind a handle, as UTF-16 in a static buffer. */
PCWSTR TestNameOf(PHANDLE_TABLE Table, HANDLE Handle);
/* Whether the full name of the object behind a handle is Text. */
BOOLEAN TestNameIs(PHANDLE_TABLE Table, HANDLE Handle, PCWSTR Text);
/* Compares a counted string with a NUL-terminated one. */
BOOLEAN TestStrEq(PCUNICODE_STRING String, PCWSTR Text);
size_t TestWcslen(PCWSTR Text);

#define CHECK_STATUS(expr, expected) CHECK_EQ((ULONG)(expr), (ULONG)(expected))

#endif /* TESTS_HOST_OB_TEST_H */
