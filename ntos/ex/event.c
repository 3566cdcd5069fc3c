/*
 * event.c — event objects and waiting on handles.
 *
 * An event object's body is a KEVENT (ke/wait.c); the object manager
 * provides names, handles and access checks.  Services probe their output
 * pointers before they change anything, so a bad pointer leaves no object
 * or handle behind.
 */
#include "../ke/ki.h"
#include <ndk/extypes.h>

POBJECT_TYPE ExEventObjectType;

#define ExpTable(Thread) ((Thread)->Process->ObjectTable)
#define ExpVm(Thread) (&(Thread)->Process->Vm)

NTSTATUS ExpInitializeEvents(VOID)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, u"Event");
    OBJECT_TYPE_INITIALIZER init = { 0 };
    init.Length = sizeof(init);
    init.DefaultObjectBodySize = sizeof(KEVENT);
    init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | EVENT_QUERY_STATE;
    init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE;
    init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE;
    init.GenericMapping.GenericAll = EVENT_ALL_ACCESS;
    init.ValidAccessMask = EVENT_ALL_ACCESS;
    return ObCreateObjectType(&name, &init, &ExEventObjectType);
}

NTSTATUS NtCreateEvent(PETHREAD Thread, PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType, BOOLEAN InitialState)
{
    NTSTATUS st = KiPutHandle(Thread, EventHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER_4;
    PKEVENT ev;
    st = ObCreateObject(UserMode, ExEventObjectType, ObjectAttributes, sizeof(KEVENT), (PVOID *)&ev);
    if (!NT_SUCCESS(st))
        return st;
    KeInitializeEvent(ev, EventType == NotificationEvent ? KiNotificationEvent : KiSynchronizationEvent,
                      InitialState);
    HANDLE h;
    st = ObInsertObject(ev, ExpTable(Thread), DesiredAccess, NULL, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, EventHandle, h);
    return st;
}

NTSTATUS NtOpenEvent(PETHREAD Thread, PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                     POBJECT_ATTRIBUTES ObjectAttributes)
{
    NTSTATUS st = KiPutHandle(Thread, EventHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    HANDLE h;
    st = ObOpenObjectByName(ExpTable(Thread), ObjectAttributes, ExEventObjectType, UserMode, DesiredAccess, NULL, &h);
    if (NT_SUCCESS(st))
        KiPutHandle(Thread, EventHandle, h);
    return st;
}

typedef enum { ExpSet, ExpReset, ExpClear } EXP_EVENT_OP;

static NTSTATUS ExpChangeEvent(PETHREAD Thread, HANDLE Handle, PLONG PreviousState, EXP_EVENT_OP Op)
{
    LONG previous = 0;
    if (PreviousState) {
        NTSTATUS st = MmCopyToUser(ExpVm(Thread), (ULONG_PTR)PreviousState, &previous, sizeof(previous));
        if (!NT_SUCCESS(st))
            return st;
    }
    PKEVENT ev;
    NTSTATUS st = ObReferenceObjectByHandle(ExpTable(Thread), Handle, EVENT_MODIFY_STATE, ExEventObjectType, UserMode,
                                            (PVOID *)&ev, NULL);
    if (!NT_SUCCESS(st))
        return st;
    previous = Op == ExpSet ? KeSetEvent(ev) : KeResetEvent(ev);
    ObDereferenceObject(ev);
    if (PreviousState)
        MmCopyToUser(ExpVm(Thread), (ULONG_PTR)PreviousState, &previous, sizeof(previous));
    return STATUS_SUCCESS;
}

NTSTATUS NtSetEvent(PETHREAD Thread, HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(Thread, EventHandle, PreviousState, ExpSet);
}

NTSTATUS NtResetEvent(PETHREAD Thread, HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(Thread, EventHandle, PreviousState, ExpReset);
}

NTSTATUS NtClearEvent(PETHREAD Thread, HANDLE EventHandle)
{
    return ExpChangeEvent(Thread, EventHandle, NULL, ExpClear);
}

NTSTATUS NtQueryEvent(PETHREAD Thread, HANDLE EventHandle, EVENT_INFORMATION_CLASS Class, PVOID Buffer,
                      ULONG Length, PULONG ReturnLength)
{
    if ((ULONG)Class != EventBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (Length != sizeof(EVENT_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    PKEVENT ev;
    NTSTATUS st = ObReferenceObjectByHandle(ExpTable(Thread), EventHandle, EVENT_QUERY_STATE, ExEventObjectType,
                                            UserMode, (PVOID *)&ev, NULL);
    if (!NT_SUCCESS(st))
        return st;
    EVENT_BASIC_INFORMATION info;
    info.EventType = ev->Header.Type == KiNotificationEvent ? NotificationEvent : SynchronizationEvent;
    info.EventState = ev->Header.SignalState;
    ObDereferenceObject(ev);
    st = MmCopyToUser(ExpVm(Thread), (ULONG_PTR)Buffer, &info, sizeof(info));
    if (NT_SUCCESS(st) && ReturnLength) {
        ULONG n = sizeof(info);
        st = MmCopyToUser(ExpVm(Thread), (ULONG_PTR)ReturnLength, &n, sizeof(n));
    }
    return st;
}

/* The dispatcher header of a waitable object (event, process, thread,
 * file), or NULL. */
PDISPATCHER_HEADER KeWaitableHeader(PVOID Object)
{
    POBJECT_TYPE type = ObGetObjectType(Object);
    if (type == ExEventObjectType)
        return &((PKEVENT)Object)->Header;
    if (type == PsProcessType)
        return &((PEPROCESS)Object)->Header;
    if (type == PsThreadType)
        return &((PETHREAD)Object)->Header;
    if (type == IoFileObjectType)
        return IoFileWaitableHeader(Object);
    return NULL;
}

NTSTATUS NtWaitForSingleObject(PETHREAD Thread, HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    LARGE_INTEGER timeout;
    if (Timeout) {
        NTSTATUS st = MmCopyFromUser(ExpVm(Thread), &timeout, (ULONG_PTR)Timeout, sizeof(timeout));
        if (!NT_SUCCESS(st))
            return st;
    }
    PVOID object;
    NTSTATUS st = ObReferenceObjectByHandle(ExpTable(Thread), Handle, SYNCHRONIZE, NULL, UserMode, &object, NULL);
    if (!NT_SUCCESS(st))
        return st;
    PDISPATCHER_HEADER header = KeWaitableHeader(object);
    if (!header) {
        ObDereferenceObject(object);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    (void)Alertable; /* no APCs yet */
    st = KeWaitForSingleObject(header, Timeout ? &timeout : NULL); /* may park; the reference keeps the object */
    ObDereferenceObject(object);
    return st;
}

NTSTATUS NtWaitForMultipleObjects(PETHREAD Thread, ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType, BOOLEAN Alertable,
                                  PLARGE_INTEGER Timeout)
{
    if (Count == 0 || Count > KI_MAXIMUM_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER_1;
    if (WaitType != WaitAll && WaitType != WaitAny)
        return STATUS_INVALID_PARAMETER_3;
    HANDLE handles[KI_MAXIMUM_WAIT_OBJECTS];
    NTSTATUS st = MmCopyFromUser(ExpVm(Thread), handles, (ULONG_PTR)Handles, Count * sizeof(HANDLE));
    if (!NT_SUCCESS(st))
        return st;
    LARGE_INTEGER timeout;
    if (Timeout) {
        st = MmCopyFromUser(ExpVm(Thread), &timeout, (ULONG_PTR)Timeout, sizeof(timeout));
        if (!NT_SUCCESS(st))
            return st;
    }
    PVOID objects[KI_MAXIMUM_WAIT_OBJECTS];
    PDISPATCHER_HEADER headers[KI_MAXIMUM_WAIT_OBJECTS];
    ULONG n = 0;
    for (; n < Count; n++) {
        st = ObReferenceObjectByHandle(ExpTable(Thread), handles[n], SYNCHRONIZE, NULL, UserMode, &objects[n], NULL);
        if (!NT_SUCCESS(st))
            break;
        headers[n] = KeWaitableHeader(objects[n]);
        if (!headers[n]) {
            ObDereferenceObject(objects[n]);
            st = STATUS_OBJECT_TYPE_MISMATCH;
            break;
        }
    }
    if (n == Count) {
        (void)Alertable; /* no APCs yet */
        st = KeWaitForMultipleObjects(Count, headers, WaitType == WaitAll, Timeout ? &timeout : NULL);
    }
    while (n)
        ObDereferenceObject(objects[--n]);
    return st;
}
