/*
 * ndk/exfuncs.h — executive services: events, time, system information,
 * the boot console (NtDisplayString) and shutdown.
 *
 * Prototypes of Windows' ntdll exports (see ndk/obfuncs.h for the
 * conventions).
 */
#ifndef NDK_EXFUNCS_H
#define NDK_EXFUNCS_H

#include <ndk/extypes.h>
#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSYSCALLAPI NTSTATUS NTAPI NtCreateEvent(OUT PHANDLE EventHandle, IN ACCESS_MASK DesiredAccess,
                                          IN POBJECT_ATTRIBUTES ObjectAttributes OPTIONAL,
                                          IN EVENT_TYPE EventType, IN BOOLEAN InitialState);

NTSYSCALLAPI NTSTATUS NTAPI NtOpenEvent(OUT PHANDLE EventHandle, IN ACCESS_MASK DesiredAccess,
                                        IN POBJECT_ATTRIBUTES ObjectAttributes);

/* PreviousState receives the state before the call (nonzero = signalled). */
NTSYSCALLAPI NTSTATUS NTAPI NtSetEvent(IN HANDLE EventHandle, OUT PLONG PreviousState OPTIONAL);
NTSYSCALLAPI NTSTATUS NTAPI NtResetEvent(IN HANDLE EventHandle, OUT PLONG PreviousState OPTIONAL);
NTSYSCALLAPI NTSTATUS NTAPI NtClearEvent(IN HANDLE EventHandle);
NTSYSCALLAPI NTSTATUS NTAPI NtPulseEvent(IN HANDLE EventHandle, OUT PLONG PreviousState OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryEvent(IN HANDLE EventHandle,
                                         IN EVENT_INFORMATION_CLASS EventInformationClass,
                                         OUT PVOID EventInformation,
                                         IN ULONG EventInformationLength,
                                         OUT PULONG ReturnLength OPTIONAL);

/* 100 ns units since 1 January 1601, UTC. */
NTSYSCALLAPI NTSTATUS NTAPI NtQuerySystemTime(OUT PLARGE_INTEGER SystemTime);

NTSYSCALLAPI NTSTATUS NTAPI NtQueryPerformanceCounter(
    OUT PLARGE_INTEGER PerformanceCounter, OUT PLARGE_INTEGER PerformanceFrequency OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtQuerySystemInformation(
    IN SYSTEM_INFORMATION_CLASS SystemInformationClass, OUT PVOID SystemInformation,
    IN ULONG SystemInformationLength, OUT PULONG ReturnLength OPTIONAL);

NTSYSCALLAPI NTSTATUS NTAPI NtDisplayString(IN PUNICODE_STRING String);

NTSYSCALLAPI NTSTATUS NTAPI NtShutdownSystem(IN SHUTDOWN_ACTION Action);

#ifdef __cplusplus
}
#endif

#endif /* NDK_EXFUNCS_H */
