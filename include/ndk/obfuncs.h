/*
 * ndk/obfuncs.h — object manager services: handles (close, duplicate,
 * query, flags, temporary/permanent), directory and symbolic-link objects,
 * and the waits on dispatcher objects.
 *
 * Prototypes are those of Windows' ntdll exports, so a program built
 * against these headers links against Windows' ntdll.lib, mingw-w64's
 * libntdll.a or Neptune's own import library alike.  The Zw names are the
 * same entry points in user mode.  These declare what a *caller* sees; the
 * executive's implementations have their own internal signatures and must
 * not include the *funcs.h headers.
 */
#ifndef NDK_OBFUNCS_H
#define NDK_OBFUNCS_H

#include <ndk/ketypes.h>
#include <ndk/obtypes.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSYSCALLAPI NTSTATUS NTAPI NtClose(IN HANDLE Handle);

NTSYSCALLAPI NTSTATUS NTAPI NtDuplicateObject(IN HANDLE SourceProcessHandle, IN HANDLE SourceHandle,
                                              IN HANDLE TargetProcessHandle OPTIONAL,
                                              OUT PHANDLE TargetHandle OPTIONAL,
                                              IN ACCESS_MASK DesiredAccess,
                                              IN ULONG HandleAttributes, IN ULONG Options);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryObject(IN HANDLE Handle OPTIONAL,
                                          IN OBJECT_INFORMATION_CLASS ObjectInformationClass,
                                          OUT PVOID ObjectInformation OPTIONAL,
                                          IN ULONG ObjectInformationLength,
                                          OUT PULONG ReturnLength OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI
NtSetInformationObject(IN HANDLE Handle, IN OBJECT_INFORMATION_CLASS ObjectInformationClass,
                       IN PVOID ObjectInformation, IN ULONG ObjectInformationLength);

NTSYSCALLAPI NTSTATUS NTAPI NtMakeTemporaryObject(IN HANDLE Handle);
NTSYSCALLAPI NTSTATUS NTAPI NtMakePermanentObject(IN HANDLE Handle);

NTSYSCALLAPI NTSTATUS NTAPI NtCreateDirectoryObject(OUT PHANDLE DirectoryHandle,
                                                    IN ACCESS_MASK DesiredAccess,
                                                    IN POBJECT_ATTRIBUTES ObjectAttributes);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenDirectoryObject(OUT PHANDLE DirectoryHandle,
                                                  IN ACCESS_MASK DesiredAccess,
                                                  IN POBJECT_ATTRIBUTES ObjectAttributes);

/* Context is an enumeration cursor: the index of the next entry. */
NTSYSCALLAPI NTSTATUS NTAPI NtQueryDirectoryObject(IN HANDLE DirectoryHandle,
                                                   OUT PVOID Buffer OPTIONAL, IN ULONG Length,
                                                   IN BOOLEAN ReturnSingleEntry,
                                                   IN BOOLEAN RestartScan, IN OUT PULONG Context,
                                                   OUT PULONG ReturnLength OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtCreateSymbolicLinkObject(OUT PHANDLE LinkHandle,
                                                       IN ACCESS_MASK DesiredAccess,
                                                       IN POBJECT_ATTRIBUTES ObjectAttributes,
                                                       IN PUNICODE_STRING LinkTarget);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenSymbolicLinkObject(OUT PHANDLE LinkHandle,
                                                     IN ACCESS_MASK DesiredAccess,
                                                     IN POBJECT_ATTRIBUTES ObjectAttributes);

/* Copies the target into LinkTarget->Buffer (MaximumLength bytes) and sets
 * LinkTarget->Length; ReturnedLength gets the bytes needed. */
NTSYSCALLAPI NTSTATUS NTAPI NtQuerySymbolicLinkObject(IN HANDLE LinkHandle,
                                                      IN OUT PUNICODE_STRING LinkTarget,
                                                      OUT PULONG ReturnedLength OPTIONAL);

/* Timeouts are in 100 ns units: negative = relative, positive = absolute
 * system time, NULL = forever. */
NTSYSCALLAPI NTSTATUS NTAPI NtWaitForSingleObject(IN HANDLE Handle, IN BOOLEAN Alertable,
                                                  IN PLARGE_INTEGER Timeout OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtWaitForMultipleObjects(IN ULONG Count, IN HANDLE Handles[],
                                                     IN WAIT_TYPE WaitType, IN BOOLEAN Alertable,
                                                     IN PLARGE_INTEGER Timeout OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtSignalAndWaitForSingleObject(IN HANDLE SignalHandle,
                                                           IN HANDLE WaitHandle,
                                                           IN BOOLEAN Alertable,
                                                           IN PLARGE_INTEGER Timeout OPTIONAL);

#ifdef __cplusplus
}
#endif

#endif /* NDK_OBFUNCS_H */
