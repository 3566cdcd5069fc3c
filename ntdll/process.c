/*
 * process.c — creating and ending processes and threads:
 * RtlCreateUserProcess, RtlCreateUserThread, RtlExitUserProcess,
 * RtlExitUserThread.
 *
 * RtlCreateUserProcess builds a process the Windows way, from services
 * (docs/executive.md, "Contract: processes, threads, sections"):
 *
 *   1. open the program's file and make an image section of it;
 *   2. NtCreateProcessEx with it: an address space with ntdll, the image,
 *      KUSER_SHARED_DATA and a PEB, no thread yet;
 *   3. the parameters: a denormalized copy of the caller's block (strings
 *      as offsets, so it is valid at any address) and the environment, each
 *      written into the new process (NtAllocateVirtualMemory +
 *      NtWriteVirtualMemory on its handle), then the block's address into
 *      the new PEB's ProcessParameters; the new process's
 *      LdrInitializeThunk normalizes it;
 *   4. the first thread, suspended, at the image's entry point with the
 *      PEB as its argument (NtCreateThreadEx); the caller resumes it.
 *
 * Opening the image: NtImagePathName is an NT path ("\??\C:\Boot\a.exe");
 * the file is opened for execution and an image section made from it
 * (NtOpenFile + NtCreateSection(SEC_IMAGE)), as Windows does.  The
 * section holds the file; the handle to the file closes at once.
 *
 * Ending: a thread's start routine returning ends the thread (or, for the
 * first thread, the process) through these functions, from
 * LdrInitializeThunk (ldrinit.c).
 */
#include "ldrp.h"

#include <ndk/ntndk.h>

NTSTATUS RtlpCopyProcessParameters(PRTL_USER_PROCESS_PARAMETERS Source,
                                   PRTL_USER_PROCESS_PARAMETERS *Result);
SIZE_T RtlpEnvironmentSize(PCWSTR Environment);
VOID RtlpHeapLockAll(VOID); /* heap.c */
VOID RtlpHeapUnlockAll(VOID);

#define RTLP_PEB_PROCESS_PARAMETERS 0x20 /* FIELD_OFFSET(PEB, ProcessParameters) */
#define RTLP_PEB_IMAGE_BASE 0x10         /* FIELD_OFFSET(PEB, ImageBaseAddress) */

_Static_assert(FIELD_OFFSET(PEB, ProcessParameters) == RTLP_PEB_PROCESS_PARAMETERS, "PEB");
_Static_assert(FIELD_OFFSET(PEB, ImageBaseAddress) == RTLP_PEB_IMAGE_BASE, "PEB");

/* ---- Ending ---------------------------------------------------------------------------- */

DECLSPEC_NORETURN VOID NTAPI RtlExitUserProcess(NTSTATUS ExitStatus) {
    BOOLEAN Loader = NtCurrentPeb()->Ldr != NULL;

    /* Every lock another thread could hold, so that none dies holding one
     * (the order of ldrinit.c: loader, PEB, heaps). */
    if (Loader)
        LdrpAcquireLoaderLock();
    RtlAcquirePebLock();
    RtlpHeapLockAll();
    NtTerminateProcess(NULL, ExitStatus); /* every other thread */
    RtlpHeapUnlockAll();
    RtlReleasePebLock();
    LdrShutdownProcess();
    NtTerminateProcess(NtCurrentProcess(), ExitStatus);
    for (;;)
        NtYieldExecution(); /* not reached: the executive does not answer */
}

DECLSPEC_NORETURN VOID NTAPI RtlExitUserThread(NTSTATUS ExitStatus) {
    ULONG Last = 0;

    if (NT_SUCCESS(NtQueryInformationThread(NtCurrentThread(), ThreadAmILastThread, &Last,
                                            sizeof(Last), NULL)) &&
        Last)
        RtlExitUserProcess(ExitStatus);
    LdrShutdownThread();
    /* A NULL handle: "this thread, unless it is the last".  Another thread
     * may have ended since the question above; then the executive says
     * STATUS_CANT_TERMINATE_SELF and this thread ends the process. */
    NtTerminateThread(NULL, ExitStatus);
    RtlExitUserProcess(ExitStatus);
}

/* ---- Threads ----------------------------------------------------------------------------- */

NTSTATUS NTAPI RtlCreateUserThread(HANDLE Process, PVOID ThreadSecurityDescriptor,
                                   BOOLEAN CreateSuspended, ULONG ZeroBits, SIZE_T MaximumStackSize,
                                   SIZE_T CommittedStackSize,
                                   PUSER_THREAD_START_ROUTINE StartAddress, PVOID Parameter,
                                   PHANDLE Thread, PCLIENT_ID ClientId) {
    THREAD_BASIC_INFORMATION Basic;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    if (StartAddress == NULL)
        return STATUS_INVALID_PARAMETER;
    InitializeObjectAttributes(&Attributes, NULL, 0, NULL, ThreadSecurityDescriptor);
    Status = NtCreateThreadEx(&Handle, THREAD_ALL_ACCESS, &Attributes, Process, StartAddress,
                              Parameter, CreateSuspended ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0,
                              ZeroBits, CommittedStackSize, MaximumStackSize, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ClientId != NULL) {
        Status =
            NtQueryInformationThread(Handle, ThreadBasicInformation, &Basic, sizeof(Basic), NULL);
        if (!NT_SUCCESS(Status)) {
            if (CreateSuspended)
                NtTerminateThread(Handle, Status);
            NtClose(Handle);
            return Status;
        }
        *ClientId = Basic.ClientId;
    }
    if (Thread != NULL)
        *Thread = Handle;
    else
        NtClose(Handle);
    return STATUS_SUCCESS;
}

/* ---- Processes --------------------------------------------------------------------------- */

/* An image section of the file at ImagePath (an NT path). */
static NTSTATUS RtlpOpenImageSection(PCUNICODE_STRING ImagePath, ULONG Attributes, PHANDLE Section) {
    OBJECT_ATTRIBUTES ObjectAttributes;
    IO_STATUS_BLOCK Io;
    HANDLE File;
    NTSTATUS Status;

    InitializeObjectAttributes(&ObjectAttributes, (PUNICODE_STRING)ImagePath,
                               Attributes & (OBJ_CASE_INSENSITIVE | OBJ_OPENLINK), NULL, NULL);
    Status = NtOpenFile(&File, SYNCHRONIZE | FILE_EXECUTE, &ObjectAttributes, &Io,
                        FILE_SHARE_READ | FILE_SHARE_DELETE,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtCreateSection(Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File);
    NtClose(File);
    return Status;
}

/* Size bytes at Data into fresh memory of Process; *Remote is its address. */
static NTSTATUS RtlpPushToProcess(HANDLE Process, const VOID *Data, SIZE_T Size, PVOID *Remote) {
    SIZE_T Region = Size;
    NTSTATUS Status;

    *Remote = NULL;
    Status = NtAllocateVirtualMemory(Process, Remote, 0, &Region, MEM_RESERVE | MEM_COMMIT,
                                     PAGE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = NtWriteVirtualMemory(Process, *Remote, Data, Size, NULL);
    return Status;
}

/* Places the parameters (and their environment) in the new process and
 * points its PEB at them. */
static NTSTATUS RtlpPushParameters(HANDLE Process, PPEB RemotePeb,
                                   PRTL_USER_PROCESS_PARAMETERS Parameters) {
    PRTL_USER_PROCESS_PARAMETERS Copy;
    PVOID RemoteEnvironment = NULL, RemoteParameters;
    SIZE_T EnvironmentSize;
    NTSTATUS Status = RtlpCopyProcessParameters(Parameters, &Copy);

    if (!NT_SUCCESS(Status))
        return Status;
    EnvironmentSize = RtlpEnvironmentSize(Copy->Environment);
    if (EnvironmentSize != 0)
        Status = RtlpPushToProcess(Process, Copy->Environment, EnvironmentSize, &RemoteEnvironment);
    if (NT_SUCCESS(Status)) {
        Copy->Environment = RemoteEnvironment;
        Copy->EnvironmentSize = EnvironmentSize;
        RtlDeNormalizeProcessParams(Copy);
        Status = RtlpPushToProcess(Process, Copy, Copy->Length, &RemoteParameters);
    }
    if (NT_SUCCESS(Status))
        Status = NtWriteVirtualMemory(Process, (PUCHAR)RemotePeb + RTLP_PEB_PROCESS_PARAMETERS,
                                      &RemoteParameters, sizeof(RemoteParameters), NULL);
    RtlDestroyProcessParameters(Copy);
    return Status;
}

/* Where the new process's image starts running: its base (from the new
 * PEB) plus AddressOfEntryPoint, which stays right if the image did not
 * land at its preferred base; the section's TransferAddress otherwise. */
static PVOID RtlpEntryPoint(HANDLE Process, PPEB RemotePeb, PSECTION_IMAGE_INFORMATION Image) {
    IMAGE_DOS_HEADER Dos;
    IMAGE_NT_HEADERS Nt;
    PUCHAR Base = NULL;

    if (!NT_SUCCESS(NtReadVirtualMemory(Process, (PUCHAR)RemotePeb + RTLP_PEB_IMAGE_BASE, &Base,
                                        sizeof(Base), NULL)) ||
        Base == NULL || !NT_SUCCESS(NtReadVirtualMemory(Process, Base, &Dos, sizeof(Dos), NULL)) ||
        Dos.e_magic != IMAGE_DOS_SIGNATURE ||
        !NT_SUCCESS(NtReadVirtualMemory(Process, Base + Dos.e_lfanew, &Nt, sizeof(Nt), NULL)) ||
        Nt.Signature != IMAGE_NT_SIGNATURE || Nt.OptionalHeader.AddressOfEntryPoint == 0)
        return Image->TransferAddress;
    return Base + Nt.OptionalHeader.AddressOfEntryPoint;
}

/* Steps 2-4 for an opened image section; on failure the process is gone. */
static NTSTATUS RtlpBuildProcess(HANDLE Section, PRTL_USER_PROCESS_PARAMETERS Parameters,
                                 HANDLE ParentProcess, BOOLEAN InheritHandles, HANDLE DebugPort,
                                 PRTL_USER_PROCESS_INFORMATION Information) {
    PROCESS_BASIC_INFORMATION Basic;
    THREAD_BASIC_INFORMATION Thread;
    PSECTION_IMAGE_INFORMATION Image = &Information->ImageInformation;
    NTSTATUS Status;

    Status = NtQuerySection(Section, SectionImageInformation, Image, sizeof(*Image), NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtCreateProcessEx(&Information->ProcessHandle, PROCESS_ALL_ACCESS, NULL,
                               ParentProcess != NULL ? ParentProcess : NtCurrentProcess(),
                               InheritHandles ? PROCESS_CREATE_FLAGS_INHERIT_HANDLES : 0, Section,
                               DebugPort, NULL, 0);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtQueryInformationProcess(Information->ProcessHandle, ProcessBasicInformation, &Basic,
                                       sizeof(Basic), NULL);
    if (NT_SUCCESS(Status))
        Status = RtlpPushParameters(Information->ProcessHandle, Basic.PebBaseAddress, Parameters);
    if (NT_SUCCESS(Status))
        Status = NtCreateThreadEx(
            &Information->ThreadHandle, THREAD_ALL_ACCESS, NULL, Information->ProcessHandle,
            (PUSER_THREAD_START_ROUTINE)RtlpEntryPoint(Information->ProcessHandle,
                                                       Basic.PebBaseAddress, Image),
            Basic.PebBaseAddress, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, Image->ZeroBits,
            Image->CommittedStackSize, Image->MaximumStackSize, NULL);
    if (NT_SUCCESS(Status)) {
        Status = NtQueryInformationThread(Information->ThreadHandle, ThreadBasicInformation,
                                          &Thread, sizeof(Thread), NULL);
        if (NT_SUCCESS(Status))
            Information->ClientId = Thread.ClientId;
        else
            NtClose(Information->ThreadHandle);
    }
    if (!NT_SUCCESS(Status)) {
        NtTerminateProcess(Information->ProcessHandle, Status);
        NtClose(Information->ProcessHandle);
        Information->ProcessHandle = NULL;
        Information->ThreadHandle = NULL;
    }
    return Status;
}

NTSTATUS NTAPI RtlCreateUserProcess(PUNICODE_STRING NtImagePathName, ULONG AttributesDeprecated,
                                    PRTL_USER_PROCESS_PARAMETERS ProcessParameters,
                                    PVOID ProcessSecurityDescriptor, PVOID ThreadSecurityDescriptor,
                                    HANDLE ParentProcess, BOOLEAN InheritHandles, HANDLE DebugPort,
                                    HANDLE TokenHandle,
                                    PRTL_USER_PROCESS_INFORMATION ProcessInformation) {
    HANDLE Section;
    NTSTATUS Status;

    (void)ProcessSecurityDescriptor;
    (void)ThreadSecurityDescriptor;
    (void)TokenHandle;
    if (NtImagePathName == NULL || NtImagePathName->Buffer == NULL || ProcessParameters == NULL ||
        ProcessInformation == NULL)
        return STATUS_INVALID_PARAMETER;
    RtlZeroMemory(ProcessInformation, sizeof(*ProcessInformation));
    ProcessInformation->Length = sizeof(*ProcessInformation);
    Status = RtlpOpenImageSection(NtImagePathName, AttributesDeprecated, &Section);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = RtlpBuildProcess(Section, ProcessParameters, ParentProcess, InheritHandles, DebugPort,
                              ProcessInformation);
    NtClose(Section);
    return Status;
}
