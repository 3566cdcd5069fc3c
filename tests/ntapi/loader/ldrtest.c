/*
 * ldrtest.c — the DLL the loader family (tests/ntapi/loader.c) loads with
 * LdrLoadDll.  It carries one of each thing a loader must handle when a
 * DLL arrives at run time:
 *
 *   imports      from ntdll by name (RtlUpcaseUnicodeChar,
 *                RtlQueryEnvironmentVariable_U) and from sample.dll
 *                (tests/ntapi/toolchain) by name, by ordinal (#10, NONAME)
 *                and of data (SampleCounter), so sample.dll loads with it
 *   forwarders   LdrTestForwardUpcase = ntdll.RtlUpcaseUnicodeChar,
 *                LdrTestForwardSecret = sample.#10, LdrTestForwardAdd
 *   relocations  a table of function pointers (LdrTestApply); the test
 *                occupies the preferred base so that the DLL must move
 *   static TLS   two __declspec(thread) variables (one initialized, one
 *                zero) and a TLS callback, with the TLS directory this file
 *                defines itself (_tls_used: there is no C runtime)
 *   DllMain      records every call; fails DLL_PROCESS_ATTACH when the
 *                environment variable LDRTEST_FAIL_ATTACH is set
 *
 * Every TLS callback and DllMain call appends an event, (kind << 8) |
 * reason with kind 'T' (TLS callback) or 'M' (DllMain), which the test
 * reads with LdrTestEvents.  The process-detach calls happen as the DLL is
 * unloaded, when the test can no longer call it, so they also go to a log
 * the test provides (LdrTestSetDetachLog).
 */
#include <ndk/ntndk.h>

extern IMAGE_DOS_HEADER __ImageBase;

DECLSPEC_IMPORT LONG SampleAdd(LONG Left, LONG Right);
DECLSPEC_IMPORT ULONG SampleSecret(VOID);
DECLSPEC_IMPORT extern LONG SampleCounter;

#define LDRTEST_MAX_EVENTS 64

static ULONG LdrTestEventLog[LDRTEST_MAX_EVENTS];
static ULONG LdrTestEventCount;
static PULONG LdrTestDetachLog; /* [0] = count, then events */

static VOID LdrTestRecord(CHAR Kind, ULONG Reason) {
    ULONG Event = ((ULONG)Kind << 8) | Reason;

    if (LdrTestEventCount < LDRTEST_MAX_EVENTS)
        LdrTestEventLog[LdrTestEventCount++] = Event;
    if (Reason == DLL_PROCESS_DETACH && LdrTestDetachLog != NULL && LdrTestDetachLog[0] < 8)
        LdrTestDetachLog[1 + LdrTestDetachLog[0]++] = Event;
}

/* ---- Static TLS, without a C runtime -------------------------------------------- */

/* The compiler addresses thread variables through _tls_index and the
 * template between _tls_start and _tls_end (.tls sorts before .tls$,
 * .tls$ZZZ after); the callbacks are the pointers between __xl_a and
 * __xl_z in .CRT$XL*; lld-link points the TLS directory at _tls_used. */
ULONG _tls_index;
__attribute__((section(".tls"))) CHAR _tls_start = 0;
__attribute__((section(".tls$ZZZ"))) CHAR _tls_end = 0;

static VOID NTAPI LdrTestTlsCallback(PVOID DllHandle, ULONG Reason, PVOID Reserved) {
    LdrTestRecord('T', Reason);
}

__attribute__((section(".CRT$XLA"), used)) PIMAGE_TLS_CALLBACK __xl_a = NULL;
__attribute__((section(".CRT$XLC"), used)) PIMAGE_TLS_CALLBACK LdrTestTlsCallbackEntry =
    LdrTestTlsCallback;
__attribute__((section(".CRT$XLZ"), used)) PIMAGE_TLS_CALLBACK __xl_z = NULL;

const IMAGE_TLS_DIRECTORY64 _tls_used = {
    (ULONGLONG)&_tls_start,
    (ULONGLONG)&_tls_end,
    (ULONGLONG)&_tls_index,
    (ULONGLONG)(&__xl_a + 1),
    0,
    0,
};

__declspec(thread) LONG LdrTestTlsValue = 0x1234;
__declspec(thread) LONG LdrTestTlsZero;

LONG LdrTestTlsRead(VOID) { return LdrTestTlsValue; }

VOID LdrTestTlsWrite(LONG Value) { LdrTestTlsValue = Value; }

LONG LdrTestTlsZeroRead(VOID) { return LdrTestTlsZero; }

/* ---- Imports and relocations -------------------------------------------------------- */

typedef LONG LDRTEST_OPERATION(LONG Value);

static LONG LdrTestNegate(LONG Value) { return -Value; }

static LONG LdrTestTriple(LONG Value) { return 3 * Value; }

/* Writable, so the absolute addresses stay in the image (DIR64 relocations). */
static LDRTEST_OPERATION *LdrTestOperations[] = {LdrTestNegate, LdrTestTriple};

LONG LdrTestApply(ULONG Index, LONG Value) {
    if (Index >= RTL_NUMBER_OF(LdrTestOperations))
        return 0x7fffffff;
    return LdrTestOperations[Index](Value);
}

WCHAR LdrTestUpcase(WCHAR Char) { return RtlUpcaseUnicodeChar(Char); }

ULONG LdrTestSecret(VOID) { return SampleSecret(); }

LONG LdrTestCounter(VOID) { return SampleCounter; }

LONG LdrTestAdd(LONG Left, LONG Right) { return SampleAdd(Left, Right); }

PVOID LdrTestImageBase(VOID) { return &__ImageBase; }

/* Copies up to Max events; returns how many there are. */
ULONG LdrTestEvents(PULONG Events, ULONG Max) {
    for (ULONG i = 0; i < LdrTestEventCount && i < Max; i++)
        Events[i] = LdrTestEventLog[i];
    return LdrTestEventCount;
}

VOID LdrTestSetDetachLog(PULONG Log) { LdrTestDetachLog = Log; }

/* ---- DllMain ---------------------------------------------------------------------------- */

static BOOLEAN LdrTestAttachShouldFail(VOID) {
    UNICODE_STRING Name = RTL_CONSTANT_STRING(u"LDRTEST_FAIL_ATTACH");
    WCHAR Buffer[8];
    UNICODE_STRING Value;

    Value.Buffer = Buffer;
    Value.Length = 0;
    Value.MaximumLength = sizeof(Buffer);
    return NT_SUCCESS(RtlQueryEnvironmentVariable_U(NULL, &Name, &Value));
}

BOOL NTAPI LdrTestDllMain(PVOID DllHandle, ULONG Reason, PVOID Reserved) {
    LdrTestRecord('M', Reason);
    if (Reason == DLL_PROCESS_ATTACH && LdrTestAttachShouldFail())
        return FALSE;
    return TRUE;
}
