/*
 * object.c — the Process and Thread object types, handles to them, and the
 * pseudo-handles NtCurrentProcess() (-1) and NtCurrentThread() (-2).
 *
 * Pseudo-handles resolve against the thread whose service is running
 * (KiCallerThread), so they mean the same thing in every service.
 */
#include "../ke/ki.h"

POBJECT_TYPE PsProcessType, PsThreadType;

VOID PspTearDownProcess(PEPROCESS Process);

/* The last reference: threads hold one each, so none is left; a process
 * that never had one is torn down here. */
static VOID PspDeleteProcess(PVOID Object)
{
    PspTearDownProcess(Object);
}

static VOID PspDeleteThread(PVOID Object)
{
    PETHREAD t = Object;
    if (t->Process)
        ObDereferenceObject(t->Process);
}

static NTSTATUS PspResolvePseudoHandle(PHANDLE_TABLE Table, HANDLE Handle, PVOID *Object, PACCESS_MASK Access)
{
    (void)Table;
    PETHREAD t = KiCallerThread;
    if (!t)
        return STATUS_INVALID_HANDLE;
    if (Handle == NtCurrentProcess()) {
        *Object = t->Process;
        *Access = PROCESS_ALL_ACCESS;
    } else if (Handle == NtCurrentThread()) {
        *Object = t;
        *Access = THREAD_ALL_ACCESS;
    } else {
        return STATUS_INVALID_HANDLE;
    }
    ObReferenceObject(*Object);
    return STATUS_SUCCESS;
}

static NTSTATUS PspCreateType(PCWSTR Name, ULONG BodySize, ACCESS_MASK All, ACCESS_MASK Read, ACCESS_MASK Write,
                              OB_DELETE_METHOD Delete, POBJECT_TYPE *Type)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, Name);
    OBJECT_TYPE_INITIALIZER init = { 0 };
    init.Length = sizeof(init);
    init.DefaultObjectBodySize = BodySize;
    init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | Read;
    init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | Write;
    init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE;
    init.GenericMapping.GenericAll = All;
    init.ValidAccessMask = All;
    init.DeleteProcedure = Delete;
    return ObCreateObjectType(&name, &init, Type);
}

NTSTATUS PspInitializeObjectTypes(VOID)
{
    NTSTATUS st = PspCreateType(u"Process", sizeof(EPROCESS), PROCESS_ALL_ACCESS,
                                PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ,
                                PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_TERMINATE,
                                PspDeleteProcess, &PsProcessType);
    if (NT_SUCCESS(st))
        st = PspCreateType(u"Thread", sizeof(ETHREAD), THREAD_ALL_ACCESS,
                           THREAD_QUERY_INFORMATION | THREAD_QUERY_LIMITED_INFORMATION,
                           THREAD_TERMINATE | THREAD_SUSPEND_RESUME, PspDeleteThread, &PsThreadType);
    if (NT_SUCCESS(st))
        ObSetPseudoHandleResolver(PspResolvePseudoHandle);
    return st;
}

/*
 * A handle granted the full query right may always do what the limited
 * one allows (as on Windows, where granting PROCESS_QUERY_INFORMATION
 * grants PROCESS_QUERY_LIMITED_INFORMATION too): asked for Limited, the
 * reference is taken without it and the handle must hold Limited or Full.
 */
static NTSTATUS PspReferenceByHandle(HANDLE Handle, ACCESS_MASK Access, POBJECT_TYPE Type, ACCESS_MASK Limited,
                                     ACCESS_MASK Full, PVOID *Object)
{
    PHANDLE_TABLE table = KiCallerThread->Process->ObjectTable;
    if (!(Access & Limited))
        return ObReferenceObjectByHandle(table, Handle, Access, Type, UserMode, Object, NULL);
    OBJECT_HANDLE_INFORMATION info;
    NTSTATUS st = ObReferenceObjectByHandle(table, Handle, Access & ~Limited, Type, UserMode, Object, &info);
    if (NT_SUCCESS(st) && !(info.GrantedAccess & (Limited | Full))) {
        ObDereferenceObject(*Object);
        *Object = NULL;
        st = STATUS_ACCESS_DENIED;
    }
    return st;
}

NTSTATUS PsReferenceProcessByHandle(HANDLE Handle, ACCESS_MASK Access, PEPROCESS *Process)
{
    return PspReferenceByHandle(Handle, Access, PsProcessType, PROCESS_QUERY_LIMITED_INFORMATION,
                                PROCESS_QUERY_INFORMATION, (PVOID *)Process);
}

NTSTATUS PsReferenceThreadByHandle(HANDLE Handle, ACCESS_MASK Access, PETHREAD *Thread)
{
    return PspReferenceByHandle(Handle, Access, PsThreadType, THREAD_QUERY_LIMITED_INFORMATION,
                                THREAD_QUERY_INFORMATION, (PVOID *)Thread);
}

/* A process whose address space and handle table still exist (its
 * object outlives them): STATUS_PROCESS_IS_TERMINATING once torn down. */
NTSTATUS PsReferenceLiveProcessByHandle(HANDLE Handle, ACCESS_MASK Access, PEPROCESS *Process)
{
    NTSTATUS st = PsReferenceProcessByHandle(Handle, Access, Process);
    if (NT_SUCCESS(st) && (*Process)->TornDown) {
        ObDereferenceObject(*Process);
        *Process = NULL;
        st = STATUS_PROCESS_IS_TERMINATING;
    }
    return st;
}
