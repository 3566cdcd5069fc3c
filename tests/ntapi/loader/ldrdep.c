/*
 * ldrdep.c — a DLL that is not a known DLL (tests/ntapi/loader/build.mk
 * puts it in the ldrdir\ directory next to the test programs, never in
 * \KnownDlls).  ldrfile.dll and ldrimp.exe import it; the loader family
 * checks where it was found and that it is one module however reached.
 */
#include <ndk/ntndk.h>

extern IMAGE_DOS_HEADER __ImageBase;

ULONG LdrDepValue(VOID) { return 0xde90; }

PVOID LdrDepBase(VOID) { return &__ImageBase; }
