/*
 * ndk/mmfuncs.h — virtual memory and section services.
 *
 * Prototypes of Windows' ntdll exports (see ndk/obfuncs.h for the
 * conventions).  BaseAddress and RegionSize are in/out: the system rounds
 * them to page (or, for reservations, 64 KiB allocation-granularity)
 * boundaries and writes back what it actually did.
 */
#ifndef NDK_MMFUNCS_H
#define NDK_MMFUNCS_H

#include <ndk/mmtypes.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSYSCALLAPI NTSTATUS NTAPI NtAllocateVirtualMemory(IN HANDLE ProcessHandle,
                                                    IN OUT PVOID *BaseAddress,
                                                    IN ULONG_PTR ZeroBits,
                                                    IN OUT PSIZE_T RegionSize,
                                                    IN ULONG AllocationType, IN ULONG Protect);

/* FreeType: MEM_DECOMMIT or MEM_RELEASE (a release with *RegionSize == 0
 * frees the whole reservation, and then *BaseAddress must be its base). */
NTSYSCALLAPI NTSTATUS NTAPI NtFreeVirtualMemory(IN HANDLE ProcessHandle, IN OUT PVOID *BaseAddress,
                                                IN OUT PSIZE_T RegionSize, IN ULONG FreeType);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryVirtualMemory(IN HANDLE ProcessHandle,
                                                 IN PVOID BaseAddress OPTIONAL,
                                                 IN MEMORY_INFORMATION_CLASS MemoryInformationClass,
                                                 OUT PVOID MemoryInformation,
                                                 IN SIZE_T MemoryInformationLength,
                                                 OUT PSIZE_T ReturnLength OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtProtectVirtualMemory(IN HANDLE ProcessHandle,
                                                   IN OUT PVOID *BaseAddress,
                                                   IN OUT PSIZE_T RegionSize, IN ULONG NewProtect,
                                                   OUT PULONG OldProtect);

NTSYSCALLAPI NTSTATUS NTAPI NtReadVirtualMemory(IN HANDLE ProcessHandle,
                                                IN PVOID BaseAddress OPTIONAL, OUT PVOID Buffer,
                                                IN SIZE_T BufferSize,
                                                OUT PSIZE_T NumberOfBytesRead OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtWriteVirtualMemory(IN HANDLE ProcessHandle,
                                                 IN PVOID BaseAddress OPTIONAL,
                                                 IN CONST VOID *Buffer, IN SIZE_T BufferSize,
                                                 OUT PSIZE_T NumberOfBytesWritten OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtCreateSection(OUT PHANDLE SectionHandle, IN ACCESS_MASK DesiredAccess,
                                            IN POBJECT_ATTRIBUTES ObjectAttributes OPTIONAL,
                                            IN PLARGE_INTEGER MaximumSize OPTIONAL,
                                            IN ULONG SectionPageProtection,
                                            IN ULONG AllocationAttributes,
                                            IN HANDLE FileHandle OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenSection(OUT PHANDLE SectionHandle, IN ACCESS_MASK DesiredAccess,
                                          IN POBJECT_ATTRIBUTES ObjectAttributes);

/* For an image section, STATUS_IMAGE_NOT_AT_BASE (a success code) means
 * the view is not at the image's preferred base and needs relocating. */
NTSYSCALLAPI NTSTATUS NTAPI NtMapViewOfSection(IN HANDLE SectionHandle, IN HANDLE ProcessHandle,
                                               IN OUT PVOID *BaseAddress, IN ULONG_PTR ZeroBits,
                                               IN SIZE_T CommitSize,
                                               IN OUT PLARGE_INTEGER SectionOffset OPTIONAL,
                                               IN OUT PSIZE_T ViewSize,
                                               IN SECTION_INHERIT InheritDisposition,
                                               IN ULONG AllocationType, IN ULONG Win32Protect);

NTSYSCALLAPI NTSTATUS NTAPI NtUnmapViewOfSection(IN HANDLE ProcessHandle,
                                                 IN PVOID BaseAddress OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtQuerySection(IN HANDLE SectionHandle,
                                           IN SECTION_INFORMATION_CLASS SectionInformationClass,
                                           OUT PVOID SectionInformation,
                                           IN SIZE_T SectionInformationLength,
                                           OUT PSIZE_T ReturnLength OPTIONAL);

#ifdef __cplusplus
}
#endif

#endif /* NDK_MMFUNCS_H */
