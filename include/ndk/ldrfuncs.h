/*
 * ndk/ldrfuncs.h — the user-mode loader's exports: load and unload a DLL,
 * find a loaded one, find an export.
 *
 * Prototypes of Windows' ntdll exports.  A "DLL handle" is the image's base
 * address.  DllPath/SearchPath is a ';'-separated list of directories or
 * NULL for the default search path.
 */
#ifndef NDK_LDRFUNCS_H
#define NDK_LDRFUNCS_H

#include <ndk/ldrtypes.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSYSAPI NTSTATUS NTAPI LdrLoadDll(IN PWSTR SearchPath OPTIONAL,
                                   IN PULONG DllCharacteristics OPTIONAL,
                                   IN PUNICODE_STRING DllName, OUT PVOID *BaseAddress);

NTSYSAPI NTSTATUS NTAPI LdrUnloadDll(IN PVOID BaseAddress);

NTSYSAPI NTSTATUS NTAPI LdrGetDllHandle(IN PWSTR DllPath OPTIONAL,
                                        IN PULONG DllCharacteristics OPTIONAL,
                                        IN PUNICODE_STRING DllName, OUT PVOID *DllHandle);

/* By name if Name is given, else by Ordinal. */
NTSYSAPI NTSTATUS NTAPI LdrGetProcedureAddress(IN PVOID BaseAddress, IN PANSI_STRING Name OPTIONAL,
                                               IN ULONG Ordinal OPTIONAL,
                                               OUT PVOID *ProcedureAddress);

#ifdef __cplusplus
}
#endif

#endif /* NDK_LDRFUNCS_H */
