/*
 * ldrmiss.c — a DLL whose import cannot be satisfied: it imports
 * LdrNoneValue from ldrnone.dll, which exists nowhere (only its import
 * library is built).  Loading it must fail with STATUS_DLL_NOT_FOUND and
 * leave nothing behind (tests/ntapi/loader.c).
 */
#include <ndk/ntndk.h>

DECLSPEC_IMPORT ULONG LdrNoneValue(VOID);

ULONG LdrMissValue(VOID) { return LdrNoneValue(); }
