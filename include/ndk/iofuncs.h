/*
 * ndk/iofuncs.h — the file services: create/open, read and write, file
 * information, attributes by name, directory enumeration.
 *
 * Prototypes of Windows' ntdll exports (see ndk/obfuncs.h for the
 * conventions).  A synchronous handle (FILE_SYNCHRONOUS_IO_*) completes the
 * call before returning; otherwise STATUS_PENDING may come back and the
 * final status arrives in IoStatusBlock, with Event signalled.
 */
#ifndef NDK_IOFUNCS_H
#define NDK_IOFUNCS_H

#include <ndk/iotypes.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSYSCALLAPI NTSTATUS NTAPI NtCreateFile(OUT PHANDLE FileHandle, IN ACCESS_MASK DesiredAccess,
                                         IN POBJECT_ATTRIBUTES ObjectAttributes,
                                         OUT PIO_STATUS_BLOCK IoStatusBlock,
                                         IN PLARGE_INTEGER AllocationSize OPTIONAL,
                                         IN ULONG FileAttributes, IN ULONG ShareAccess,
                                         IN ULONG CreateDisposition, IN ULONG CreateOptions,
                                         IN PVOID EaBuffer OPTIONAL, IN ULONG EaLength);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenFile(OUT PHANDLE FileHandle, IN ACCESS_MASK DesiredAccess,
                                       IN POBJECT_ATTRIBUTES ObjectAttributes,
                                       OUT PIO_STATUS_BLOCK IoStatusBlock, IN ULONG ShareAccess,
                                       IN ULONG OpenOptions);

NTSYSCALLAPI NTSTATUS NTAPI NtReadFile(IN HANDLE FileHandle, IN HANDLE Event OPTIONAL,
                                       IN PIO_APC_ROUTINE ApcRoutine OPTIONAL,
                                       IN PVOID ApcContext OPTIONAL,
                                       OUT PIO_STATUS_BLOCK IoStatusBlock, OUT PVOID Buffer,
                                       IN ULONG Length, IN PLARGE_INTEGER ByteOffset OPTIONAL,
                                       IN PULONG Key OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtWriteFile(IN HANDLE FileHandle, IN HANDLE Event OPTIONAL,
                                        IN PIO_APC_ROUTINE ApcRoutine OPTIONAL,
                                        IN PVOID ApcContext OPTIONAL,
                                        OUT PIO_STATUS_BLOCK IoStatusBlock, IN CONST VOID *Buffer,
                                        IN ULONG Length, IN PLARGE_INTEGER ByteOffset OPTIONAL,
                                        IN PULONG Key OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryInformationFile(IN HANDLE FileHandle,
                                                   OUT PIO_STATUS_BLOCK IoStatusBlock,
                                                   OUT PVOID FileInformation, IN ULONG Length,
                                                   IN FILE_INFORMATION_CLASS FileInformationClass);

NTSYSCALLAPI NTSTATUS NTAPI NtSetInformationFile(IN HANDLE FileHandle,
                                                 OUT PIO_STATUS_BLOCK IoStatusBlock,
                                                 IN PVOID FileInformation, IN ULONG Length,
                                                 IN FILE_INFORMATION_CLASS FileInformationClass);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryAttributesFile(IN POBJECT_ATTRIBUTES ObjectAttributes,
                                                  OUT PFILE_BASIC_INFORMATION FileInformation);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryFullAttributesFile(
    IN POBJECT_ATTRIBUTES ObjectAttributes, OUT PFILE_NETWORK_OPEN_INFORMATION FileInformation);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryDirectoryFile(
    IN HANDLE FileHandle, IN HANDLE Event OPTIONAL, IN PIO_APC_ROUTINE ApcRoutine OPTIONAL,
    IN PVOID ApcContext OPTIONAL, OUT PIO_STATUS_BLOCK IoStatusBlock, OUT PVOID FileInformation,
    IN ULONG Length, IN FILE_INFORMATION_CLASS FileInformationClass, IN BOOLEAN ReturnSingleEntry,
    IN PUNICODE_STRING FileName OPTIONAL, IN BOOLEAN RestartScan);

#ifdef __cplusplus
}
#endif

#endif /* NDK_IOFUNCS_H */
