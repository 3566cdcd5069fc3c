/*
 * ndk/psfuncs.h — process and thread services: creation, opening,
 * termination, information classes, suspension and register context.
 *
 * Prototypes of Windows' ntdll exports (see ndk/obfuncs.h for the
 * conventions shared by every *funcs.h header).
 */
#ifndef NDK_PSFUNCS_H
#define NDK_PSFUNCS_H

#include <ndk/ketypes.h>
#include <ndk/pstypes.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSYSCALLAPI NTSTATUS NTAPI NtCreateProcess(OUT PHANDLE ProcessHandle, IN ACCESS_MASK DesiredAccess,
                                            IN POBJECT_ATTRIBUTES ObjectAttributes OPTIONAL,
                                            IN HANDLE ParentProcess, IN BOOLEAN InheritObjectTable,
                                            IN HANDLE SectionHandle OPTIONAL,
                                            IN HANDLE DebugPort OPTIONAL,
                                            IN HANDLE ExceptionPort OPTIONAL);

/* Flags: PROCESS_CREATE_FLAGS_*. */
NTSYSCALLAPI NTSTATUS NTAPI
NtCreateProcessEx(OUT PHANDLE ProcessHandle, IN ACCESS_MASK DesiredAccess,
                  IN POBJECT_ATTRIBUTES ObjectAttributes OPTIONAL, IN HANDLE ParentProcess,
                  IN ULONG Flags, IN HANDLE SectionHandle OPTIONAL, IN HANDLE DebugPort OPTIONAL,
                  IN HANDLE ExceptionPort OPTIONAL, IN ULONG JobMemberLevel);

/* The caller has set up the stack (InitialTeb) and the registers. */
NTSYSCALLAPI NTSTATUS NTAPI NtCreateThread(OUT PHANDLE ThreadHandle, IN ACCESS_MASK DesiredAccess,
                                           IN POBJECT_ATTRIBUTES ObjectAttributes OPTIONAL,
                                           IN HANDLE ProcessHandle, OUT PCLIENT_ID ClientId,
                                           IN PCONTEXT ThreadContext, IN PINITIAL_TEB InitialTeb,
                                           IN BOOLEAN CreateSuspended);

/* The system allocates the stack; CreateFlags: THREAD_CREATE_FLAGS_*. */
NTSYSCALLAPI NTSTATUS NTAPI NtCreateThreadEx(OUT PHANDLE ThreadHandle, IN ACCESS_MASK DesiredAccess,
                                             IN POBJECT_ATTRIBUTES ObjectAttributes OPTIONAL,
                                             IN HANDLE ProcessHandle,
                                             IN PUSER_THREAD_START_ROUTINE StartRoutine,
                                             IN PVOID Argument OPTIONAL, IN ULONG CreateFlags,
                                             IN SIZE_T ZeroBits, IN SIZE_T StackSize,
                                             IN SIZE_T MaximumStackSize,
                                             IN PPS_ATTRIBUTE_LIST AttributeList OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenProcess(OUT PHANDLE ProcessHandle, IN ACCESS_MASK DesiredAccess,
                                          IN POBJECT_ATTRIBUTES ObjectAttributes,
                                          IN PCLIENT_ID ClientId OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenThread(OUT PHANDLE ThreadHandle, IN ACCESS_MASK DesiredAccess,
                                         IN POBJECT_ATTRIBUTES ObjectAttributes,
                                         IN PCLIENT_ID ClientId OPTIONAL);

/* A NULL ProcessHandle terminates every other thread of the calling
 * process but not the caller (the process-exit path in ntdll uses this). */
NTSYSCALLAPI NTSTATUS NTAPI NtTerminateProcess(IN HANDLE ProcessHandle OPTIONAL,
                                               IN NTSTATUS ExitStatus);

NTSYSCALLAPI NTSTATUS NTAPI NtTerminateThread(IN HANDLE ThreadHandle OPTIONAL,
                                              IN NTSTATUS ExitStatus);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryInformationProcess(IN HANDLE ProcessHandle,
                                                      IN PROCESSINFOCLASS ProcessInformationClass,
                                                      OUT PVOID ProcessInformation,
                                                      IN ULONG ProcessInformationLength,
                                                      OUT PULONG ReturnLength OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtSetInformationProcess(IN HANDLE ProcessHandle,
                                                    IN PROCESSINFOCLASS ProcessInformationClass,
                                                    IN PVOID ProcessInformation,
                                                    IN ULONG ProcessInformationLength);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryInformationThread(IN HANDLE ThreadHandle,
                                                     IN THREADINFOCLASS ThreadInformationClass,
                                                     OUT PVOID ThreadInformation,
                                                     IN ULONG ThreadInformationLength,
                                                     OUT PULONG ReturnLength OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtSetInformationThread(IN HANDLE ThreadHandle,
                                                   IN THREADINFOCLASS ThreadInformationClass,
                                                   IN PVOID ThreadInformation,
                                                   IN ULONG ThreadInformationLength);

NTSYSCALLAPI NTSTATUS NTAPI NtSuspendThread(IN HANDLE ThreadHandle,
                                            OUT PULONG PreviousSuspendCount OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtResumeThread(IN HANDLE ThreadHandle,
                                           OUT PULONG PreviousSuspendCount OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtAlertResumeThread(IN HANDLE ThreadHandle,
                                                OUT PULONG PreviousSuspendCount OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtSuspendProcess(IN HANDLE ProcessHandle);

NTSYSCALLAPI NTSTATUS NTAPI NtResumeProcess(IN HANDLE ProcessHandle);

NTSYSCALLAPI NTSTATUS NTAPI NtGetContextThread(IN HANDLE ThreadHandle,
                                               IN OUT PCONTEXT ThreadContext);

NTSYSCALLAPI NTSTATUS NTAPI NtSetContextThread(IN HANDLE ThreadHandle, IN PCONTEXT ThreadContext);

#ifdef __cplusplus
}
#endif

#endif /* NDK_PSFUNCS_H */
