/*
 * app.c — the program half of the PE toolchain self-test: a native
 * executable (built by pe_exe with /base:0x10000000) importing sample.dll
 * through an import library made from sample.def by pe_import_lib.
 *
 * Each test exercises one thing the build rules must get right and the
 * loader (Wine's here, Neptune's ntdll later) must honour: imports by name,
 * by ordinal and of data, a forwarder, DllMain, base relocations of a DLL
 * that cannot load at its preferred base, and the loader's own view of the
 * DLL (LdrGetDllHandle, LdrGetProcedureAddress, the PEB module list).
 */
#include "../ntapi_test.h"

DECLSPEC_IMPORT LONG SampleAdd(LONG Left, LONG Right);
DECLSPEC_IMPORT LONG SampleApply(ULONG Index, LONG Value);
DECLSPEC_IMPORT ULONG SampleAttachCount(VOID);
DECLSPEC_IMPORT extern LONG SampleCounter;
DECLSPEC_IMPORT PVOID SampleImageBase(VOID);
DECLSPEC_IMPORT LONG SampleReadCounter(VOID);
DECLSPEC_IMPORT ULONG SampleSecret(VOID);
DECLSPEC_IMPORT WCHAR NTAPI SampleUpcase(WCHAR Char);

#define SAMPLE_PREFERRED_BASE ((PVOID)(ULONG_PTR)0x10000000)

static VOID TestImportByName(VOID) {
    CHECK_EQ(SampleAdd(2, 3), 5);
    CHECK_EQ(SampleAdd(-7, 7), 0);
}

static VOID TestImportData(VOID) {
    CHECK_EQ(SampleCounter, 5);
    SampleCounter = 7;
    CHECK_EQ(SampleReadCounter(), 7); /* the same variable, not a copy */
    SampleCounter = 5;
}

static VOID TestImportByOrdinal(VOID) { CHECK_EQ(SampleSecret(), 0x5ec2e7); }

static VOID TestForwarder(VOID) { CHECK_EQ(SampleUpcase('q'), 'Q'); }

static VOID TestDllMainCalledOnce(VOID) { CHECK_EQ(SampleAttachCount(), 1); }

static VOID TestRelocatedDll(VOID) {
    /* app.exe was linked at the DLL's preferred base, so the DLL moved... */
    CHECK(SampleImageBase() != SAMPLE_PREFERRED_BASE);
    /* ...and its absolute pointers were fixed up. */
    CHECK_EQ(SampleApply(0, 21), 42);
    CHECK_EQ(SampleApply(1, 5), 25);
}

static VOID TestLoaderFindsDll(VOID) {
    UNICODE_STRING DllName = RTL_CONSTANT_STRING(u"sample.dll");
    ANSI_STRING Name;
    PVOID Handle = NULL, Address = NULL;

    if (!CHECK_STATUS(LdrGetDllHandle(NULL, NULL, &DllName, &Handle), STATUS_SUCCESS))
        return;
    CHECK(Handle == SampleImageBase());
    RtlInitAnsiString(&Name, "SampleAdd");
    CHECK_STATUS(LdrGetProcedureAddress(Handle, &Name, 0, &Address), STATUS_SUCCESS);
    CHECK(Address == (PVOID)SampleAdd);
    CHECK_STATUS(LdrGetProcedureAddress(Handle, NULL, 10, &Address), STATUS_SUCCESS);
    CHECK(Address == (PVOID)SampleSecret);
    RtlInitAnsiString(&Name, "SampleMissing");
    CHECK_STATUS(LdrGetProcedureAddress(Handle, &Name, 0, &Address), STATUS_PROCEDURE_NOT_FOUND);
}

/* The DLL is on the PEB's load-order list with its real base and size. */
static VOID TestModuleList(VOID) {
    PPEB_LDR_DATA Ldr = NtCurrentPeb()->Ldr;
    PLIST_ENTRY Link;
    PLDR_DATA_TABLE_ENTRY Found = NULL;

    for (Link = Ldr->InLoadOrderModuleList.Flink; Link != &Ldr->InLoadOrderModuleList;
         Link = Link->Flink) {
        PLDR_DATA_TABLE_ENTRY Entry =
            CONTAINING_RECORD(Link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        if (NtapiEqualsAscii(&Entry->BaseDllName, "sample.dll"))
            Found = Entry;
    }
    if (!CHECK(Found != NULL))
        return;
    CHECK(Found->DllBase == SampleImageBase());
    CHECK(Found->SizeOfImage >= 0x3000);
}

const CHAR NtapiFamily[] = "toolchain";
const NTAPI_TEST NtapiTests[] = {
    {"import-by-name", TestImportByName, 0},
    {"import-data", TestImportData, 0},
    {"import-by-ordinal", TestImportByOrdinal, 0},
    {"forwarder", TestForwarder, 0},
    {"dllmain-called-once", TestDllMainCalledOnce, 0},
    {"relocated-dll", TestRelocatedDll, 0},
    {"loader-finds-dll", TestLoaderFindsDll, 0},
    {"module-list", TestModuleList, 0},
    {NULL, NULL, 0},
};
