/*
 * services.c — the object manager's system services: the NtXxx wrappers
 * that turn the caller's arguments into the captured form the Ob service
 * bodies take (ob.h), and copy results back.
 *
 * Output buffers are probed before anything happens, filled in an
 * executive buffer (at most OBP_MAX_SERVICE_BUFFER bytes), and copied out
 * afterwards; structures that contain string pointers are built for the
 * caller's address (ClientBase), so they copy out unchanged.
 */
#include "../ke/ki.h"
#include <sel4rt/sel4rt.h>

#define OBP_MAX_SERVICE_BUFFER (1024 * 1024)
#define ObpTable(Thread) ((Thread)->Process->ObjectTable)
#define ObpVm(Thread) (&(Thread)->Process->Vm)

static NTSTATUS ObpPutUlong(PETHREAD Thread, PULONG User, ULONG Value)
{
    return User ? MmCopyToUser(ObpVm(Thread), (ULONG_PTR)User, &Value, sizeof(Value)) : STATUS_SUCCESS;
}

NTSTATUS NtClose(PETHREAD Thread, HANDLE Handle)
{
    return ObCloseHandle(ObpTable(Thread), Handle, UserMode);
}

NTSTATUS NtMakeTemporaryObject(PETHREAD Thread, HANDLE Handle)
{
    return ObMakeTemporaryObjectByHandle(ObpTable(Thread), Handle, UserMode);
}

NTSTATUS NtMakePermanentObject(PETHREAD Thread, HANDLE Handle)
{
    return ObMakePermanentObjectByHandle(ObpTable(Thread), Handle, UserMode);
}

/* The handle table of a process handle (PROCESS_DUP_HANDLE), with the
 * process referenced (*Process; NULL for an optional absent handle). */
static NTSTATUS ObpProcessTable(HANDLE Handle, BOOLEAN Optional, PEPROCESS *Process, PHANDLE_TABLE *Table)
{
    *Process = NULL;
    *Table = NULL;
    if (Optional && Handle == NULL)
        return STATUS_SUCCESS;
    NTSTATUS st = PsReferenceLiveProcessByHandle(Handle, PROCESS_DUP_HANDLE, Process);
    if (NT_SUCCESS(st))
        *Table = (*Process)->ObjectTable;
    return st;
}

NTSTATUS NtDuplicateObject(PETHREAD Thread, HANDLE SourceProcessHandle, HANDLE SourceHandle,
                           HANDLE TargetProcessHandle, PHANDLE TargetHandle, ACCESS_MASK DesiredAccess,
                           ULONG HandleAttributes, ULONG Options)
{
    PHANDLE_TABLE source, target = NULL;
    PEPROCESS sp, tp = NULL;
    NTSTATUS st = ObpProcessTable(SourceProcessHandle, FALSE, &sp, &source);
    if (!NT_SUCCESS(st))
        return st;
    st = ObpProcessTable(TargetProcessHandle, TRUE, &tp, &target);
    if (NT_SUCCESS(st) && TargetHandle)
        st = KiPutHandle(Thread, TargetHandle, NULL);
    HANDLE h = NULL;
    if (NT_SUCCESS(st))
        st = ObDuplicateObject(source, SourceHandle, target, TargetHandle ? &h : NULL, DesiredAccess,
                               HandleAttributes, Options, UserMode);
    if (NT_SUCCESS(st) && TargetHandle)
        KiPutHandle(Thread, TargetHandle, h);
    if (tp)
        ObDereferenceObject(tp);
    ObDereferenceObject(sp);
    return st;
}

/* The executive buffer for an output of Length bytes at User (probed). */
static NTSTATUS ObpOutputBuffer(PETHREAD Thread, PVOID User, ULONG Length, PVOID *Kernel, ULONG *KernelLength)
{
    *Kernel = NULL;
    *KernelLength = Length > OBP_MAX_SERVICE_BUFFER ? OBP_MAX_SERVICE_BUFFER : Length;
    if (*KernelLength == 0)
        return STATUS_SUCCESS;
    NTSTATUS st = MmProbeUser(ObpVm(Thread), (ULONG_PTR)User, *KernelLength, TRUE);
    if (!NT_SUCCESS(st))
        return st;
    *Kernel = ExAllocatePoolWithTag(NonPagedPool, *KernelLength, 'fBbO');
    return *Kernel ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS ObpFinishOutput(PETHREAD Thread, NTSTATUS Status, PVOID User, PVOID Kernel, ULONG KernelLength,
                                ULONG Returned, PULONG ReturnLength)
{
    if (Kernel && (NT_SUCCESS(Status) || Status == STATUS_BUFFER_OVERFLOW)) {
        ULONG n = Returned && Returned < KernelLength ? Returned : KernelLength;
        NTSTATUS st = MmCopyToUser(ObpVm(Thread), (ULONG_PTR)User, Kernel, n);
        if (!NT_SUCCESS(st))
            Status = st;
    }
    if (Kernel)
        ExFreePoolWithTag(Kernel, 'fBbO');
    if (ReturnLength) {
        NTSTATUS st = ObpPutUlong(Thread, ReturnLength, Returned);
        if (!NT_SUCCESS(st))
            Status = st;
    }
    return Status;
}

NTSTATUS NtQueryObject(PETHREAD Thread, HANDLE Handle, OBJECT_INFORMATION_CLASS Class, PVOID Buffer, ULONG Length,
                       PULONG ReturnLength)
{
    PVOID k;
    ULONG kl, returned = 0;
    NTSTATUS st = ObpOutputBuffer(Thread, Buffer, Length, &k, &kl);
    if (!NT_SUCCESS(st))
        return st;
    st = ObQueryObject(ObpTable(Thread), Handle, Class, k, kl, &returned, UserMode, (ULONG_PTR)Buffer);
    return ObpFinishOutput(Thread, st, Buffer, k, kl, returned, ReturnLength);
}

NTSTATUS NtSetInformationObject(PETHREAD Thread, HANDLE Handle, OBJECT_INFORMATION_CLASS Class, PVOID Buffer,
                                ULONG Length)
{
    UCHAR k[64];
    if (Length > sizeof(k))
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS st = MmCopyFromUser(ObpVm(Thread), k, (ULONG_PTR)Buffer, Length);
    if (!NT_SUCCESS(st))
        return st;
    return ObSetInformationObject(ObpTable(Thread), Handle, Class, k, Length, UserMode);
}

NTSTATUS NtCreateDirectoryObject(PETHREAD Thread, PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes)
{
    NTSTATUS st = KiPutHandle(Thread, DirectoryHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    HANDLE h;
    st = ObCreateDirectoryObject(ObpTable(Thread), DesiredAccess, ObjectAttributes, UserMode, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, DirectoryHandle, h);
    return st;
}

NTSTATUS NtOpenDirectoryObject(PETHREAD Thread, PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes)
{
    NTSTATUS st = KiPutHandle(Thread, DirectoryHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    HANDLE h;
    st = ObOpenDirectoryObject(ObpTable(Thread), DesiredAccess, ObjectAttributes, UserMode, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, DirectoryHandle, h);
    return st;
}

NTSTATUS NtQueryDirectoryObject(PETHREAD Thread, HANDLE DirectoryHandle, PVOID Buffer, ULONG Length,
                                BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan, PULONG Context, PULONG ReturnLength)
{
    ULONG context;
    NTSTATUS st = MmCopyFromUser(ObpVm(Thread), &context, (ULONG_PTR)Context, sizeof(context));
    if (!NT_SUCCESS(st))
        return st;
    st = MmProbeUser(ObpVm(Thread), (ULONG_PTR)Context, sizeof(context), TRUE);
    if (!NT_SUCCESS(st))
        return st;
    PVOID k;
    ULONG kl, returned = 0;
    st = ObpOutputBuffer(Thread, Buffer, Length, &k, &kl);
    if (!NT_SUCCESS(st))
        return st;
    st = ObQueryDirectoryObject(ObpTable(Thread), DirectoryHandle, k, kl, ReturnSingleEntry, RestartScan, &context,
                                &returned, UserMode, (ULONG_PTR)Buffer);
    if (NT_SUCCESS(st) || st == STATUS_MORE_ENTRIES || st == STATUS_NO_MORE_ENTRIES)
        ObpPutUlong(Thread, Context, context);
    return ObpFinishOutput(Thread, st, Buffer, k, kl, returned, ReturnLength);
}

NTSTATUS NtCreateSymbolicLinkObject(PETHREAD Thread, PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, PUNICODE_STRING LinkTarget)
{
    NTSTATUS st = KiPutHandle(Thread, LinkHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    HANDLE h;
    st = ObCreateSymbolicLinkObject(ObpTable(Thread), DesiredAccess, ObjectAttributes, LinkTarget, UserMode, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, LinkHandle, h);
    return st;
}

NTSTATUS NtOpenSymbolicLinkObject(PETHREAD Thread, PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes)
{
    NTSTATUS st = KiPutHandle(Thread, LinkHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    HANDLE h;
    st = ObOpenSymbolicLinkObject(ObpTable(Thread), DesiredAccess, ObjectAttributes, UserMode, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, LinkHandle, h);
    return st;
}

NTSTATUS NtQuerySymbolicLinkObject(PETHREAD Thread, HANDLE LinkHandle, PUNICODE_STRING LinkTarget,
                                   PULONG ReturnedLength)
{
    UNICODE_STRING user;
    NTSTATUS st = MmCopyFromUser(ObpVm(Thread), &user, (ULONG_PTR)LinkTarget, sizeof(user));
    if (!NT_SUCCESS(st))
        return st;
    st = MmProbeUser(ObpVm(Thread), (ULONG_PTR)LinkTarget, sizeof(user), TRUE);
    if (NT_SUCCESS(st) && user.MaximumLength)
        st = MmProbeUser(ObpVm(Thread), (ULONG_PTR)user.Buffer, user.MaximumLength, TRUE);
    if (NT_SUCCESS(st) && ReturnedLength)
        st = MmProbeUser(ObpVm(Thread), (ULONG_PTR)ReturnedLength, sizeof(ULONG), TRUE);
    if (!NT_SUCCESS(st))
        return st;
    UNICODE_STRING k = { 0, user.MaximumLength, NULL };
    if (user.MaximumLength) {
        k.Buffer = ExAllocatePoolWithTag(NonPagedPool, user.MaximumLength, 'fBbO');
        if (!k.Buffer)
            return STATUS_INSUFFICIENT_RESOURCES;
    }
    ULONG returned = 0;
    st = ObQuerySymbolicLinkObject(ObpTable(Thread), LinkHandle, &k, ReturnedLength ? &returned : NULL, UserMode);
    if (NT_SUCCESS(st)) {
        ULONG n = k.Length + sizeof(WCHAR) <= k.MaximumLength ? k.Length + sizeof(WCHAR) : k.Length;
        MmCopyToUser(ObpVm(Thread), (ULONG_PTR)user.Buffer, k.Buffer, n);
        MmCopyToUser(ObpVm(Thread), (ULONG_PTR)LinkTarget, &k.Length, sizeof(k.Length));
    }
    if (ReturnedLength && (NT_SUCCESS(st) || st == STATUS_BUFFER_TOO_SMALL))
        ObpPutUlong(Thread, ReturnedLength, returned);
    if (k.Buffer)
        ExFreePoolWithTag(k.Buffer, 'fBbO');
    return st;
}
