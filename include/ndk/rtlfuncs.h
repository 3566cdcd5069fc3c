/*
 * ndk/rtlfuncs.h — the Rtl routines that live only in ntdll because they
 * need a process around them: process and thread creation, process
 * parameters, the environment block, heaps, the Win32 last-error value and
 * DOS path conversion against the current directory.
 *
 * The pure Rtl routines (strings, bitmaps, AVL tables, time fields, PE
 * parsing), shared with the executive and the host tests, are declared in
 * nt/ntrtl.h, which this header includes.  Prototypes are those of
 * Windows' ntdll exports.
 */
#ifndef NDK_RTLFUNCS_H
#define NDK_RTLFUNCS_H

#include <ndk/ketypes.h>
#include <ndk/pstypes.h>
#include <ndk/rtltypes.h>
#include <nt/ntdef.h>
#include <nt/ntrtl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Process and thread creation ----------------------------------------- */

/* Creates the process suspended: resume ProcessInformation->ThreadHandle.
 * SecurityDescriptor arguments are PSECURITY_DESCRIPTOR (ignored so far). */
NTSYSAPI NTSTATUS NTAPI RtlCreateUserProcess(
    IN PUNICODE_STRING NtImagePathName, IN ULONG AttributesDeprecated,
    IN PRTL_USER_PROCESS_PARAMETERS ProcessParameters, IN PVOID ProcessSecurityDescriptor OPTIONAL,
    IN PVOID ThreadSecurityDescriptor OPTIONAL, IN HANDLE ParentProcess OPTIONAL,
    IN BOOLEAN InheritHandles, IN HANDLE DebugPort OPTIONAL, IN HANDLE TokenHandle OPTIONAL,
    OUT PRTL_USER_PROCESS_INFORMATION ProcessInformation);

NTSYSAPI NTSTATUS NTAPI RtlCreateUserThread(
    IN HANDLE Process, IN PVOID ThreadSecurityDescriptor OPTIONAL, IN BOOLEAN CreateSuspended,
    IN ULONG ZeroBits OPTIONAL, IN SIZE_T MaximumStackSize OPTIONAL,
    IN SIZE_T CommittedStackSize OPTIONAL, IN PUSER_THREAD_START_ROUTINE StartAddress,
    IN PVOID Parameter OPTIONAL, OUT PHANDLE Thread OPTIONAL, OUT PCLIENT_ID ClientId OPTIONAL);

NTSYSAPI DECLSPEC_NORETURN VOID NTAPI RtlExitUserThread(IN NTSTATUS ExitStatus);

/* Ends every other thread, detaches the DLLs (LdrShutdownProcess) and ends
 * the process with ExitStatus. */
NTSYSAPI DECLSPEC_NORETURN VOID NTAPI RtlExitUserProcess(IN NTSTATUS ExitStatus);

/* ---- Process parameters ------------------------------------------------------ */

/* The block is created normalized (absolute pointers) on the process heap. */
NTSYSAPI NTSTATUS NTAPI RtlCreateProcessParameters(
    OUT PRTL_USER_PROCESS_PARAMETERS *ProcessParameters, IN PUNICODE_STRING ImagePathName,
    IN PUNICODE_STRING DllPath OPTIONAL, IN PUNICODE_STRING CurrentDirectory OPTIONAL,
    IN PUNICODE_STRING CommandLine OPTIONAL, IN PVOID Environment OPTIONAL,
    IN PUNICODE_STRING WindowTitle OPTIONAL, IN PUNICODE_STRING DesktopInfo OPTIONAL,
    IN PUNICODE_STRING ShellInfo OPTIONAL, IN PUNICODE_STRING RuntimeData OPTIONAL);

NTSYSAPI NTSTATUS NTAPI RtlCreateProcessParametersEx(
    OUT PRTL_USER_PROCESS_PARAMETERS *ProcessParameters, IN PUNICODE_STRING ImagePathName,
    IN PUNICODE_STRING DllPath OPTIONAL, IN PUNICODE_STRING CurrentDirectory OPTIONAL,
    IN PUNICODE_STRING CommandLine OPTIONAL, IN PVOID Environment OPTIONAL,
    IN PUNICODE_STRING WindowTitle OPTIONAL, IN PUNICODE_STRING DesktopInfo OPTIONAL,
    IN PUNICODE_STRING ShellInfo OPTIONAL, IN PUNICODE_STRING RuntimeData OPTIONAL, IN ULONG Flags);

NTSYSAPI NTSTATUS NTAPI RtlDestroyProcessParameters(IN PRTL_USER_PROCESS_PARAMETERS Parameters);

/* Offsets -> pointers and back (no-ops when already in the wanted form). */
NTSYSAPI PRTL_USER_PROCESS_PARAMETERS NTAPI
RtlNormalizeProcessParams(IN OUT PRTL_USER_PROCESS_PARAMETERS Parameters);
NTSYSAPI PRTL_USER_PROCESS_PARAMETERS NTAPI
RtlDeNormalizeProcessParams(IN OUT PRTL_USER_PROCESS_PARAMETERS Parameters);

/* ---- Environment ----------------------------------------------------------------- */

NTSYSAPI NTSTATUS NTAPI RtlCreateEnvironment(IN BOOLEAN CloneCurrentEnvironment,
                                             OUT PVOID *Environment);
NTSYSAPI NTSTATUS NTAPI RtlDestroyEnvironment(IN PVOID Environment);
/* Environment NULL = the current process's. */
NTSYSAPI NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(IN PVOID Environment OPTIONAL,
                                                      IN PUNICODE_STRING Name,
                                                      IN OUT PUNICODE_STRING Value);
/* Value NULL deletes the variable. */
NTSYSAPI NTSTATUS NTAPI RtlSetEnvironmentVariable(IN OUT PVOID *Environment OPTIONAL,
                                                  IN PUNICODE_STRING Name,
                                                  IN PUNICODE_STRING Value OPTIONAL);

/* ---- Heaps ----------------------------------------------------------------------- */

#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GROWABLE 0x00000002
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010
#define HEAP_TAIL_CHECKING_ENABLED 0x00000020
#define HEAP_FREE_CHECKING_ENABLED 0x00000040
#define HEAP_DISABLE_COALESCE_ON_FREE 0x00000080
#define HEAP_CREATE_ALIGN_16 0x00010000
#define HEAP_CREATE_ENABLE_TRACING 0x00020000
#define HEAP_CREATE_ENABLE_EXECUTE 0x00040000

struct _RTL_HEAP_PARAMETERS;

NTSYSAPI PVOID NTAPI RtlCreateHeap(IN ULONG Flags, IN PVOID HeapBase OPTIONAL,
                                   IN SIZE_T ReserveSize OPTIONAL, IN SIZE_T CommitSize OPTIONAL,
                                   IN PVOID Lock OPTIONAL,
                                   IN struct _RTL_HEAP_PARAMETERS *Parameters OPTIONAL);
/* Returns NULL on success, the heap on failure. */
NTSYSAPI PVOID NTAPI RtlDestroyHeap(IN PVOID HeapHandle);
NTSYSAPI PVOID NTAPI RtlAllocateHeap(IN PVOID HeapHandle, IN ULONG Flags, IN SIZE_T Size);
NTSYSAPI PVOID NTAPI RtlReAllocateHeap(IN PVOID HeapHandle, IN ULONG Flags, IN PVOID BaseAddress,
                                       IN SIZE_T Size);
NTSYSAPI BOOLEAN NTAPI RtlFreeHeap(IN PVOID HeapHandle, IN ULONG Flags,
                                   IN PVOID BaseAddress OPTIONAL);
/* (SIZE_T)-1 if BaseAddress is not a block of the heap. */
NTSYSAPI SIZE_T NTAPI RtlSizeHeap(IN PVOID HeapHandle, IN ULONG Flags, IN PVOID BaseAddress);

/* The heap's lock, held across several calls (recursive; no-op for HEAP_NO_SERIALIZE heaps). */
NTSYSAPI BOOLEAN NTAPI RtlLockHeap(IN PVOID HeapHandle);
NTSYSAPI BOOLEAN NTAPI RtlUnlockHeap(IN PVOID HeapHandle);

/* ---- Critical sections (docs/rtl.md) ---------------------------------------------- */

NTSYSAPI NTSTATUS NTAPI RtlInitializeCriticalSection(OUT PRTL_CRITICAL_SECTION CriticalSection);
NTSYSAPI NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(
    OUT PRTL_CRITICAL_SECTION CriticalSection, IN ULONG SpinCount);
NTSYSAPI NTSTATUS NTAPI RtlInitializeCriticalSectionEx(OUT PRTL_CRITICAL_SECTION CriticalSection,
                                                       IN ULONG SpinCount, IN ULONG Flags);
NTSYSAPI NTSTATUS NTAPI RtlDeleteCriticalSection(IN OUT PRTL_CRITICAL_SECTION CriticalSection);
NTSYSAPI NTSTATUS NTAPI RtlEnterCriticalSection(IN OUT PRTL_CRITICAL_SECTION CriticalSection);
NTSYSAPI NTSTATUS NTAPI RtlLeaveCriticalSection(IN OUT PRTL_CRITICAL_SECTION CriticalSection);
NTSYSAPI BOOLEAN NTAPI RtlTryEnterCriticalSection(IN OUT PRTL_CRITICAL_SECTION CriticalSection);
NTSYSAPI BOOLEAN NTAPI RtlIsCriticalSectionLocked(IN PRTL_CRITICAL_SECTION CriticalSection);
NTSYSAPI BOOLEAN NTAPI RtlIsCriticalSectionLockedByThread(IN PRTL_CRITICAL_SECTION CriticalSection);
/* Returns the previous spin count. */
NTSYSAPI ULONG NTAPI RtlSetCriticalSectionSpinCount(IN OUT PRTL_CRITICAL_SECTION CriticalSection,
                                                    IN ULONG SpinCount);

/* ---- The current process ---------------------------------------------------------- */

NTSYSAPI PPEB NTAPI RtlGetCurrentPeb(VOID);
/* The lock that guards the PEB's process parameters and environment. */
NTSYSAPI VOID NTAPI RtlAcquirePebLock(VOID);
NTSYSAPI VOID NTAPI RtlReleasePebLock(VOID);
NTSYSAPI ULONG NTAPI RtlGetLastWin32Error(VOID);
NTSYSAPI VOID NTAPI RtlSetLastWin32Error(IN ULONG Win32Error);

/* ---- DOS paths ---------------------------------------------------------------------- */

typedef struct _RTL_RELATIVE_NAME_U {
    UNICODE_STRING RelativeName;
    HANDLE ContainingDirectory;
    PVOID CurDirRef;
} RTL_RELATIVE_NAME_U, *PRTL_RELATIVE_NAME_U;

/* NtFileName->Buffer comes from the process heap: free with RtlFreeUnicodeString. */
NTSYSAPI BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(IN PCWSTR DosFileName,
                                                    OUT PUNICODE_STRING NtFileName,
                                                    OUT PWSTR *FilePart OPTIONAL,
                                                    OUT PRTL_RELATIVE_NAME_U RelativeName OPTIONAL);

NTSYSAPI NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(
    IN PCWSTR DosFileName, OUT PUNICODE_STRING NtFileName, OUT PWSTR *FilePart OPTIONAL,
    OUT PRTL_RELATIVE_NAME_U RelativeName OPTIONAL);

/* The full DOS path of FileName against the current directory, in Buffer
 * (BufferLength bytes).  Returns the bytes written without the NUL; the
 * bytes needed with the NUL if Buffer is too small; 0 on error.  *FilePart
 * points at the last component (NULL if the path ends in '\'). */
NTSYSAPI ULONG NTAPI RtlGetFullPathName_U(IN PCWSTR FileName, IN ULONG BufferLength,
                                          OUT PWSTR Buffer, OUT PWSTR *FilePart OPTIONAL);

/* The current directory, without its trailing '\' unless it is a root.
 * Returns the bytes written without the NUL, or the bytes needed with the
 * NUL if BufferLength is too small. */
NTSYSAPI ULONG NTAPI RtlGetCurrentDirectory_U(IN ULONG BufferLength, OUT PWSTR Buffer);

NTSYSAPI NTSTATUS NTAPI RtlSetCurrentDirectory_U(IN PUNICODE_STRING Path);

_Static_assert(sizeof(RTL_RELATIVE_NAME_U) == 0x20, "RTL_RELATIVE_NAME_U size");

/* ---- Exceptions (docs/exceptions.md) ---- */
NTSYSAPI VOID NTAPI RtlCaptureContext(OUT PCONTEXT ContextRecord);
NTSYSAPI VOID NTAPI RtlRestoreContext(IN PCONTEXT ContextRecord, IN PEXCEPTION_RECORD ExceptionRecord OPTIONAL);
NTSYSAPI VOID NTAPI RtlRaiseException(IN PEXCEPTION_RECORD ExceptionRecord);
NTSYSAPI DECLSPEC_NORETURN VOID NTAPI RtlRaiseStatus(IN NTSTATUS Status);
NTSYSAPI BOOLEAN NTAPI RtlDispatchException(IN PEXCEPTION_RECORD ExceptionRecord, IN PCONTEXT ContextRecord);
NTSYSAPI PVOID NTAPI RtlAddVectoredExceptionHandler(IN ULONG First, IN PVECTORED_EXCEPTION_HANDLER Handler);
NTSYSAPI ULONG NTAPI RtlRemoveVectoredExceptionHandler(IN PVOID Handle);
NTSYSAPI PVOID NTAPI RtlAddVectoredContinueHandler(IN ULONG First, IN PVECTORED_EXCEPTION_HANDLER Handler);
NTSYSAPI ULONG NTAPI RtlRemoveVectoredContinueHandler(IN PVOID Handle);
NTSYSAPI PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(IN ULONG64 ControlPc, OUT PULONG64 ImageBase,
                                                        IN OUT PUNWIND_HISTORY_TABLE HistoryTable OPTIONAL);
NTSYSAPI PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(IN ULONG HandlerType, IN ULONG64 ImageBase, IN ULONG64 ControlPc,
                                                   IN PRUNTIME_FUNCTION FunctionEntry, IN OUT PCONTEXT ContextRecord,
                                                   OUT PVOID *HandlerData, OUT PULONG64 EstablisherFrame,
                                                   IN OUT PKNONVOLATILE_CONTEXT_POINTERS ContextPointers OPTIONAL);
NTSYSAPI VOID NTAPI RtlUnwindEx(IN PVOID TargetFrame OPTIONAL, IN PVOID TargetIp OPTIONAL,
                                IN PEXCEPTION_RECORD ExceptionRecord OPTIONAL, IN PVOID ReturnValue,
                                IN PCONTEXT ContextRecord, IN PUNWIND_HISTORY_TABLE HistoryTable OPTIONAL);
NTSYSAPI VOID NTAPI RtlUnwind(IN PVOID TargetFrame OPTIONAL, IN PVOID TargetIp OPTIONAL,
                              IN PEXCEPTION_RECORD ExceptionRecord OPTIONAL, IN PVOID ReturnValue);
NTSYSAPI BOOLEAN NTAPI RtlAddFunctionTable(IN PRUNTIME_FUNCTION FunctionTable, IN ULONG EntryCount,
                                           IN ULONG64 BaseAddress);
NTSYSAPI BOOLEAN NTAPI RtlDeleteFunctionTable(IN PRUNTIME_FUNCTION FunctionTable);
NTSYSAPI EXCEPTION_DISPOSITION NTAPI __C_specific_handler(IN PEXCEPTION_RECORD ExceptionRecord,
                                                          IN PVOID EstablisherFrame, IN OUT PCONTEXT ContextRecord,
                                                          IN OUT PDISPATCHER_CONTEXT DispatcherContext);
NTSYSCALLAPI NTSTATUS NTAPI NtContinue(IN PCONTEXT ContextRecord, IN BOOLEAN TestAlert);
NTSYSCALLAPI NTSTATUS NTAPI NtRaiseException(IN PEXCEPTION_RECORD ExceptionRecord, IN PCONTEXT ContextRecord,
                                             IN BOOLEAN FirstChance);

#ifdef __cplusplus
}
#endif

#endif /* NDK_RTLFUNCS_H */
