/*
 * capture.c — copying service arguments out of the caller's memory.
 *
 * The generated dispatcher (from ntos/services.spec) calls these for the
 * argument types it captures.  A capture validates what Windows validates
 * and copies into executive pool, so the service sees stable kernel data
 * that the caller can no longer change.
 */
#include "ki.h"

#define KI_MAX_CAPTURED_STRING 0xfffe

NTSTATUS KiCaptureUnicodeString(PETHREAD Thread, ULONG_PTR UserAddress, PUNICODE_STRING Captured)
{
    UNICODE_STRING u;
    Captured->Buffer = NULL;
    Captured->Length = Captured->MaximumLength = 0;
    if (!UserAddress)
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = MmCopyFromUser(&Thread->Process->Vm, &u, UserAddress, sizeof(u));
    if (!NT_SUCCESS(st))
        return st;
    if ((u.Length & 1) || u.Length > u.MaximumLength)
        return STATUS_INVALID_PARAMETER;
    if (u.Length == 0)
        return STATUS_SUCCESS;
    PWSTR buf = ExAllocatePoolWithTag(NonPagedPool, u.Length + sizeof(WCHAR), 'rtSK');
    if (!buf)
        return STATUS_INSUFFICIENT_RESOURCES;
    st = MmCopyFromUser(&Thread->Process->Vm, buf, (ULONG_PTR)u.Buffer, u.Length);
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(buf, 'rtSK');
        return st;
    }
    Captured->Buffer = buf;
    Captured->Length = Captured->MaximumLength = u.Length;
    return STATUS_SUCCESS;
}

VOID KiReleaseUnicodeString(PUNICODE_STRING Captured)
{
    if (Captured->Buffer)
        ExFreePoolWithTag(Captured->Buffer, 'rtSK');
    Captured->Buffer = NULL;
}

/*
 * OBJECT_ATTRIBUTES: the structure and its name are copied; Length and the
 * OBJ_* attributes are left for ObCreateObject / the lookup to validate.
 * With Optional, a NULL pointer is fine (the wrapper passes NULL on).
 */
NTSTATUS KiCaptureObjectAttributes(PETHREAD Thread, ULONG_PTR UserAddress, BOOLEAN Optional,
                                   POBJECT_ATTRIBUTES Captured, PUNICODE_STRING NameStorage)
{
    NameStorage->Buffer = NULL;
    NameStorage->Length = NameStorage->MaximumLength = 0;
    if (!UserAddress)
        return Optional ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
    NTSTATUS st = MmCopyFromUser(&Thread->Process->Vm, Captured, UserAddress, sizeof(*Captured));
    if (!NT_SUCCESS(st))
        return st;
    if (Captured->ObjectName) {
        st = KiCaptureUnicodeString(Thread, (ULONG_PTR)Captured->ObjectName, NameStorage);
        if (!NT_SUCCESS(st))
            return st == STATUS_INVALID_PARAMETER ? STATUS_OBJECT_NAME_INVALID : st;
        Captured->ObjectName = NameStorage;
    }
    Captured->SecurityDescriptor = NULL;
    Captured->SecurityQualityOfService = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS KiPutHandle(PETHREAD Thread, PHANDLE User, HANDLE Value)
{
    return MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)User, &Value, sizeof(Value));
}
