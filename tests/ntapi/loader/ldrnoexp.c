/*
 * ldrnoexp.c — a DLL that imports a function its (existing) dependency
 * does not export: LdrDepMissing from ldrdep.dll, through an import
 * library (ldrdepx.def) that claims more than ldrdep.dll has.  Loading it
 * must fail with STATUS_PROCEDURE_NOT_FOUND (tests/ntapi/loader.c).
 */
#include <ndk/ntndk.h>

DECLSPEC_IMPORT ULONG LdrDepMissing(VOID);

ULONG LdrNoExpValue(VOID) { return LdrDepMissing(); }
