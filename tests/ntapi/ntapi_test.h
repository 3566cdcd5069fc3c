/*
 * ntapi_test.h — the native API test framework.
 *
 * Each API family is one native PE program (subsystem native, entry
 * NtProcessStartup in reporter.c) made of one family file plus the reporter.
 * A family file defines two things:
 *
 *     const CHAR NtapiFamily[] = "event";
 *     const NTAPI_TEST NtapiTests[] = {
 *         { "wait-timeout", TestWaitTimeout, 0 },
 *         { "internal-thing", TestInternalThing, NTAPI_TEST_NEPTUNE_ONLY },
 *         { NULL, NULL, 0 },
 *     };
 *
 * The reporter runs the tests in order and prints, for each one,
 *
 *     TEST <family> <name>: PASS | FAIL | SKIP (reason)
 *
 * preceded by one "  file:line: ..." line per failed check, then the
 * program's verdict as its last line, exactly `N passed, N failed`.  The
 * process exit status is 0 if nothing failed, 1 otherwise.
 *
 * Checks record a failure and return FALSE; they never return from the test
 * for you, so a test that cannot go on after a failed check says so:
 *
 *     if (!CHECK_STATUS(NtCreateEvent(&Event, ...), STATUS_SUCCESS))
 *         return;
 *
 * Tests must leave nothing behind (close handles, free memory) and must not
 * depend on each other's order.  Checks are made from the program's main
 * thread only.
 *
 * Two markers keep the suite honest about what it tests where:
 *
 *   NTAPI_TEST_NEPTUNE_ONLY   checks Neptune's own internals, not documented
 *                             NT behaviour: skipped on Windows and Wine.
 *   NTAPI_TEST_WINE_DIFFERS   documented Windows behaviour that Wine 8 does
 *                             not implement (say which in the test's
 *                             comment): skipped on Wine only.
 *
 * Every other test must pass on Windows, on Wine and on Neptune.  The
 * platform comes from the command line (--platform=wine|windows|neptune,
 * default neptune); tests/ntapi/run-wine.sh passes --platform=wine.
 *
 * Command line options (after the program name): --platform=NAME,
 * --only=NAME (run one test), --output=stdout|display (see reporter.c).
 */
#ifndef NTAPI_TEST_H
#define NTAPI_TEST_H

#include <ndk/ntndk.h>

#define NTAPI_TEST_NEPTUNE_ONLY 0x00000001
#define NTAPI_TEST_WINE_DIFFERS 0x00000002
/* Not a test: what a child process started by a test runs (--only=NAME);
 * never run otherwise, never counted in a normal run. */
#define NTAPI_TEST_HELPER 0x00000004

typedef VOID NTAPI_TEST_ROUTINE(VOID);

typedef struct _NTAPI_TEST {
    PCSTR Name;
    NTAPI_TEST_ROUTINE *Routine;
    ULONG Flags; /* NTAPI_TEST_* */
} NTAPI_TEST;

/* Provided by the family file. */
extern const CHAR NtapiFamily[];
extern const NTAPI_TEST NtapiTests[];

/* ---- Checks (reporter.c) --------------------------------------------------- */

BOOLEAN NtapiCheck(BOOLEAN Ok, PCSTR Expression, PCSTR File, ULONG Line);
BOOLEAN NtapiCheckStatus(NTSTATUS Got, NTSTATUS Expected, PCSTR Expression, PCSTR File, ULONG Line);
BOOLEAN NtapiCheckStatusOneOf(NTSTATUS Got, NTSTATUS Expected1, NTSTATUS Expected2,
                              PCSTR Expression, PCSTR File, ULONG Line);
BOOLEAN NtapiCheckEqual(ULONG64 Got, ULONG64 Expected, PCSTR Expression, PCSTR File, ULONG Line);

#define CHECK(Condition) NtapiCheck((Condition) ? TRUE : FALSE, #Condition, __FILE__, __LINE__)
#define CHECK_STATUS(Expression, Expected)                                                         \
    NtapiCheckStatus((Expression), (Expected), #Expression, __FILE__, __LINE__)
/* For refusals whose exact code differs between Windows releases (say
 * STATUS_INVALID_PARAMETER against STATUS_INVALID_PARAMETER_5): either is
 * right, anything else is not.  Neptune returns the first. */
#define CHECK_STATUS_ONE_OF(Expression, Expected1, Expected2)                                      \
    NtapiCheckStatusOneOf((Expression), (Expected1), (Expected2), #Expression, __FILE__, __LINE__)
#define CHECK_EQ(Got, Expected)                                                                    \
    NtapiCheckEqual((ULONG64)(Got), (ULONG64)(Expected), #Got " == " #Expected, __FILE__, __LINE__)

/* ---- Helpers (reporter.c) -------------------------------------------------- */

/*
 * printf-like output through the reporter's sink: %s (char string), %d %u
 * %x (32-bit), %lld %llu %llx (64-bit), %p, %Z (PCUNICODE_STRING, non-ASCII
 * shown as '?'), %%.  Lines are buffered and written whole.
 */
VOID NtapiPrint(PCSTR Format, ...);

/* The argument NtProcessStartup received (the PEB, on Windows). */
extern PVOID NtapiEntryArgument;

/* Addresses no process can touch, for "bad pointer" tests: one in the
 * kernel half of the address space and one in the never-mapped first page. */
#define NTAPI_KERNEL_POINTER ((PVOID)(ULONG_PTR)0xfffff80000001000ULL)
#define NTAPI_LOW_POINTER ((PVOID)(ULONG_PTR)0x10)

/* A handle value that no test ever opens (a multiple of 4, as handles are). */
#define NTAPI_BOGUS_HANDLE ((HANDLE)(ULONG_PTR)0x7ffc1230)

/*
 * Builds "<Prefix>-<process id>" in Buffer (BufferChars WCHARs) and points
 * Name at it, so that named objects of concurrent runs do not collide.
 * Prefix is ASCII; the result is NUL-terminated.
 */
VOID NtapiUniqueName(PUNICODE_STRING Name, PWCHAR Buffer, ULONG BufferChars, PCSTR Prefix);

/* Elapsed time helpers on NtQueryPerformanceCounter, in microseconds. */
ULONG64 NtapiMicroseconds(VOID);

/* Relative timeout or delay of Milliseconds, in NT units (negative 100 ns). */
FORCEINLINE LARGE_INTEGER NtapiRelativeMs(LONG Milliseconds) {
    LARGE_INTEGER Interval;

    Interval.QuadPart = -(LONGLONG)Milliseconds * 10000;
    return Interval;
}

/* Case-insensitive comparison of a counted string with an ASCII literal. */
BOOLEAN NtapiEqualsAscii(PCUNICODE_STRING String, PCSTR Ascii);

/*
 * The directory the test programs are in (from our ImagePathName; the
 * parent for the mingw build in .../mingw/): its length in characters
 * without the trailing '\', 0 if unknown.
 */
ULONG NtapiTestDirectory(PCWSTR *Directory);

/* The NT path of this program ("\\??\\C:\\...\\x.exe"), in a static buffer. */
PUNICODE_STRING NtapiOwnNtPath(VOID);

/* This program again as a child process (RtlCreateUserProcess), its first
 * thread suspended; CommandLine NULL for the image path alone. */
NTSTATUS NtapiCreateSelf(PCWSTR CommandLine, PRTL_USER_PROCESS_INFORMATION Information);

#endif /* NTAPI_TEST_H */
