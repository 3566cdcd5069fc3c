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
#include <nt/ntimage.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* LdrLockLoaderLock's Flags and *Disposition. */
#define LDR_LOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS 0x00000001
#define LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY 0x00000002
#define LDR_UNLOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS 0x00000001
#define LDR_LOCK_LOADER_LOCK_DISPOSITION_INVALID 0
#define LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_ACQUIRED 1
#define LDR_LOCK_LOADER_LOCK_DISPOSITION_LOCK_NOT_ACQUIRED 2

/* Takes the loader lock (PEB->LoaderLock); *Cookie is what LdrUnlockLoaderLock
 * wants back (0 when the lock was not taken). */
NTSYSAPI NTSTATUS NTAPI LdrLockLoaderLock(IN ULONG Flags, OUT PULONG Disposition OPTIONAL,
                                          OUT PULONG_PTR Cookie);
NTSYSAPI NTSTATUS NTAPI LdrUnlockLoaderLock(IN ULONG Flags, IN ULONG_PTR Cookie OPTIONAL);

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

/* DLL_THREAD_ATTACH/DETACH are no longer delivered to the DLL's entry point
 * (DisableThreadLibraryCalls).  Not for DLLs with TLS callbacks. */
NTSYSAPI NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(IN PVOID BaseAddress);

/* The loaded module whose image contains Address, or STATUS_NO_MORE_ENTRIES. */
NTSYSAPI NTSTATUS NTAPI LdrFindEntryForAddress(IN PVOID Address,
                                               OUT PLDR_DATA_TABLE_ENTRY *Entry);

/* DLL_THREAD_DETACH to every DLL for the calling thread, and its static TLS
 * freed: what RtlExitUserThread does before NtTerminateThread. */
NTSYSAPI VOID NTAPI LdrShutdownThread(VOID);

/* DLL_PROCESS_DETACH to every initialized DLL (reverse initialization
 * order): what RtlExitUserProcess does before NtTerminateProcess. */
NTSYSAPI VOID NTAPI LdrShutdownProcess(VOID);

/* Applies Count base-relocation entries (TypeOffset) to the page at
 * Address for an image moved by Delta; returns the next block, or NULL at
 * an unknown entry type. */
NTSYSAPI PIMAGE_BASE_RELOCATION NTAPI LdrProcessRelocationBlock(IN ULONG_PTR Address,
                                                                IN ULONG Count,
                                                                IN PUSHORT TypeOffset,
                                                                IN LONG_PTR Delta);

#ifdef __cplusplus
}
#endif

#endif /* NDK_LDRFUNCS_H */
