/*
 * ldrfile.c — a DLL that is not a known DLL and imports another one
 * (ldrdep.dll, from the same directory), for the loader family's search
 * order tests (tests/ntapi/loader.c).  Both live only in ldrdir\ next to
 * the test programs (tests/ntapi/loader/build.mk).
 */
#include <ndk/ntndk.h>

extern IMAGE_DOS_HEADER __ImageBase;

DECLSPEC_IMPORT ULONG LdrDepValue(VOID);
DECLSPEC_IMPORT PVOID LdrDepBase(VOID);

ULONG LdrFileValue(VOID) { return LdrDepValue() + 1; }

/* Where the ldrdep.dll this DLL was bound to lives. */
PVOID LdrFileDepBase(VOID) { return LdrDepBase(); }

PVOID LdrFileBase(VOID) { return &__ImageBase; }
