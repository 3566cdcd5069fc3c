/*
 * svcfuzz.c — every system service with garbage arguments (Neptune only).
 *
 * Walks ntdll's export table for the Nt* service stubs and calls each one,
 * many times, with arguments drawn from pools of hostile values: NULL,
 * low, kernel-range, non-canonical and unaligned pointers, pointers into a
 * scratch buffer full of random bytes (so that a service writing through
 * one harms nobody), invalid, closed, pseudo and real handles of several
 * types, and sizes from 0 to 2^64-1.  The executive must answer every call
 * with a status and keep serving: afterwards the program checks that the
 * basic services still work.  The scenario's fail patterns catch an
 * executive fault or bug check; a fault in this program shows as smss's
 * FAILED line.
 *
 * Left out, because they would end or corrupt this program rather than
 * test the executive: services that terminate, shut down, suspend (a
 * pseudo-handle would stop this program for good) or wait (a random
 * timeout may be forever), that start threads at random addresses, or
 * that write into or free this process's own memory by address
 * (NtWriteVirtualMemory, NtReadVirtualMemory, NtFreeVirtualMemory,
 * NtUnmapViewOfSection).  Not run under Wine: garbage calls may well crash
 * a Unix process, which is not what this tests.
 */
#include "ntapi_test.h"

typedef NTSTATUS(NTAPI *FUZZ_SERVICE)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                      ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);

#define FUZZ_ROUNDS 1000       /* calls per service */
#define FUZZ_SCRATCH 0x4000

static ULONG64 FuzzState = 0x9e3779b97f4a7c15ull;
static UCHAR FuzzScratch[FUZZ_SCRATCH] __attribute__((aligned(64)));
static ULONG_PTR FuzzHandles[10];

static ULONG64 FuzzNext(VOID) {
    FuzzState ^= FuzzState << 13;
    FuzzState ^= FuzzState >> 7;
    FuzzState ^= FuzzState << 17;
    return FuzzState;
}

static BOOLEAN FuzzNameIs(PCSTR Name, PCSTR Other) {
    ULONG i = 0;
    while (Name[i] && Name[i] == Other[i])
        i++;
    return Name[i] == Other[i];
}

static BOOLEAN FuzzNameHas(PCSTR Name, PCSTR Part) {
    for (ULONG i = 0; Name[i]; i++) {
        ULONG k = 0;
        while (Part[k] && Name[i + k] == Part[k])
            k++;
        if (!Part[k])
            return TRUE;
    }
    return FALSE;
}

static BOOLEAN FuzzExcluded(PCSTR Name) {
    static const PCSTR Exact[] = {
        "NtTerminateProcess", "NtTerminateThread", "NtShutdownSystem", "NtWriteVirtualMemory",
        "NtReadVirtualMemory", "NtFreeVirtualMemory", "NtUnmapViewOfSection", "NtCreateThread",
        "NtCreateThreadEx", "NtContinue", "NtRaiseException", "NtSetContextThread", "NtSuspendThread",
        "NtSuspendProcess", NULL,
    };
    for (ULONG i = 0; Exact[i]; i++)
        if (FuzzNameIs(Name, Exact[i]))
            return TRUE;
    return FuzzNameHas(Name, "Wait") || FuzzNameHas(Name, "Delay") || FuzzNameHas(Name, "Alert");
}

/* One argument: a hostile pointer, a handle, a size or a flag word. */
static ULONG_PTR FuzzArgument(VOID) {
    ULONG64 r = FuzzNext();
    switch (r % 16) {
    case 0: return 0;
    case 1: return 0x10;
    case 2: return 0xfffff80000001000ull;                           /* kernel */
    case 3: return 0x8000000000000000ull;                           /* non-canonical */
    case 4: return 0x00007ffffffff000ull;                           /* top of user space, unmapped */
    case 5: return (ULONG_PTR)&FuzzScratch[(r >> 8) % FUZZ_SCRATCH]; /* any alignment */
    case 6: return (ULONG_PTR)&FuzzScratch[FUZZ_SCRATCH - 8];        /* runs off the end */
    case 7: return (ULONG_PTR)&FuzzScratch[((r >> 8) % (FUZZ_SCRATCH / 64)) * 64];
    case 8: return (ULONG_PTR)-1;                                     /* NtCurrentProcess, or ~0 */
    case 9: return (ULONG_PTR)-2;                                     /* NtCurrentThread */
    case 10: return FuzzHandles[(r >> 8) % 10];
    case 11: return (r >> 8) & 0xfffc;                                /* small handle values */
    case 12: return (r >> 8) & 0xff;                                  /* small numbers, classes */
    case 13: return 1ull << ((r >> 8) % 64);                          /* one bit: flags, sizes */
    case 14: return (r >> 8) & 0xffffffff;
    default: return r;
    }
}

static VOID FuzzRefillScratch(VOID) {
    for (ULONG i = 0; i < FUZZ_SCRATCH; i += 8)
        *(ULONG64 *)&FuzzScratch[i] = FuzzNext();
    /* now and then a plausible UNICODE_STRING / OBJECT_ATTRIBUTES at the start */
    if (FuzzNext() & 1) {
        PUNICODE_STRING s = (PUNICODE_STRING)FuzzScratch;
        s->Length = (USHORT)(FuzzNext() & 0x3e);
        s->MaximumLength = s->Length;
        s->Buffer = (PWSTR)&FuzzScratch[256];
        POBJECT_ATTRIBUTES a = (POBJECT_ATTRIBUTES)&FuzzScratch[64];
        a->Length = sizeof(*a);
        a->RootDirectory = NULL;
        a->ObjectName = s;
        a->Attributes = (ULONG)(FuzzNext() & 0x3f2);
        a->SecurityDescriptor = NULL;
        a->SecurityQualityOfService = NULL;
    }
}

static VOID FuzzMakeHandles(VOID) {
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE h;

    FuzzHandles[0] = (ULONG_PTR)NTAPI_BOGUS_HANDLE;
    if (NT_SUCCESS(NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE)))
        FuzzHandles[1] = (ULONG_PTR)h;
    if (NT_SUCCESS(NtCreateEvent(&h, SYNCHRONIZE, NULL, SynchronizationEvent, TRUE)))
        FuzzHandles[2] = (ULONG_PTR)h; /* little access */
    RtlInitUnicodeString(&Name, u"\\Boot\\smss.exe");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(NtOpenSection(&h, SECTION_ALL_ACCESS, &Attributes)))
        FuzzHandles[3] = (ULONG_PTR)h;
    RtlInitUnicodeString(&Name, u"\\BaseNamedObjects");
    if (NT_SUCCESS(NtOpenDirectoryObject(&h, DIRECTORY_ALL_ACCESS, &Attributes)))
        FuzzHandles[4] = (ULONG_PTR)h;
    if (NT_SUCCESS(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &h,
                                     PROCESS_QUERY_LIMITED_INFORMATION, 0, 0)))
        FuzzHandles[5] = (ULONG_PTR)h;
    if (NT_SUCCESS(NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE))) {
        NtClose(h);
        FuzzHandles[6] = (ULONG_PTR)h; /* closed */
    }
    FuzzHandles[7] = (ULONG_PTR)NtCurrentThread();
    /* A file and a directory of the boot volume (read-only: nothing to harm). */
    IO_STATUS_BLOCK Io;
    RtlInitUnicodeString(&Name, u"\\??\\C:\\Boot\\filedata.txt");
    if (NT_SUCCESS(NtOpenFile(&h, FILE_GENERIC_READ | FILE_EXECUTE, &Attributes, &Io, FILE_SHARE_READ,
                              FILE_SYNCHRONOUS_IO_NONALERT)))
        FuzzHandles[8] = (ULONG_PTR)h;
    RtlInitUnicodeString(&Name, u"\\??\\C:\\Boot");
    if (NT_SUCCESS(NtOpenFile(&h, FILE_LIST_DIRECTORY, &Attributes, &Io, FILE_SHARE_READ, FILE_DIRECTORY_FILE)))
        FuzzHandles[9] = (ULONG_PTR)h;
}

static VOID TestServicesSurviveGarbage(VOID) {
    PVOID Ntdll = NULL;
    UNICODE_STRING NtdllName = RTL_CONSTANT_STRING(u"ntdll.dll");

    if (!CHECK_STATUS(LdrGetDllHandle(NULL, NULL, &NtdllName, &Ntdll), STATUS_SUCCESS))
        return;
    PUCHAR Base = Ntdll;
    PIMAGE_NT_HEADERS64 Nt = (PIMAGE_NT_HEADERS64)(Base + ((PIMAGE_DOS_HEADER)Base)->e_lfanew);
    PIMAGE_DATA_DIRECTORY Dir = &Nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    if (!CHECK(Dir->VirtualAddress != 0))
        return;
    PIMAGE_EXPORT_DIRECTORY Exports = (PIMAGE_EXPORT_DIRECTORY)(Base + Dir->VirtualAddress);
    PULONG Names = (PULONG)(Base + Exports->AddressOfNames);
    PUSHORT Ordinals = (PUSHORT)(Base + Exports->AddressOfNameOrdinals);
    PULONG Functions = (PULONG)(Base + Exports->AddressOfFunctions);
    ULONG Services = 0, Calls = 0;

    FuzzMakeHandles();
    CHECK(FuzzHandles[8] != 0 && FuzzHandles[9] != 0); /* the file handles */
    for (ULONG i = 0; i < Exports->NumberOfNames; i++) {
        PCSTR Name = (PCSTR)(Base + Names[i]);
        if (Name[0] != 'N' || Name[1] != 't' || FuzzExcluded(Name))
            continue;
        FUZZ_SERVICE Service = (FUZZ_SERVICE)(Base + Functions[Ordinals[i]]);
        Services++;
        for (ULONG Round = 0; Round < FUZZ_ROUNDS; Round++) {
            ULONG_PTR a[12];
            FuzzRefillScratch();
            for (ULONG k = 0; k < 12; k++)
                a[k] = FuzzArgument();
            Service(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
            Calls++;
        }
    }
    NtapiPrint("svcfuzz: %u services, %u calls with garbage arguments\n", Services, Calls);
    CHECK(Services >= 40);

    /* The executive still serves, correctly. */
    LARGE_INTEGER Time = {.QuadPart = 0}, Zero = {.QuadPart = 0};
    HANDLE Event;
    CHECK_STATUS(NtQuerySystemTime(&Time), STATUS_SUCCESS);
    CHECK(Time.QuadPart > 0);
    if (CHECK_STATUS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS)) {
        CHECK_STATUS(NtWaitForSingleObject(Event, FALSE, &Zero), STATUS_TIMEOUT);
        CHECK_STATUS(NtSetEvent(Event, NULL), STATUS_SUCCESS);
        CHECK_STATUS(NtWaitForSingleObject(Event, FALSE, &Zero), STATUS_WAIT_0);
        CHECK_STATUS(NtClose(Event), STATUS_SUCCESS);
    }
    CHECK_STATUS(NtClose(NTAPI_BOGUS_HANDLE), STATUS_INVALID_HANDLE);
}

const CHAR NtapiFamily[] = "svcfuzz";
const NTAPI_TEST NtapiTests[] = {
    {"services-survive-garbage", TestServicesSurviveGarbage, NTAPI_TEST_NEPTUNE_ONLY},
    {NULL, NULL, 0},
};
