/*
 * rtl.c — the Rtl and Ldr routines that need ntdll's own context (the TEB,
 * the PEB, loaded images), on top of the portable rtl/ library.
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntrtl.h>
#include <nt/ntimage.h>
#include <ndk/pstypes.h>

PVOID LdrpFindExport(PVOID Base, const char *Name, ULONG Ordinal);
extern IMAGE_DOS_HEADER __ImageBase;

PPEB NTAPI RtlGetCurrentPeb(VOID) { return NtCurrentTeb()->ProcessEnvironmentBlock; }

/* rtl's allocation hooks (nt/ntrtl.h): the process heap. */
PVOID NTAPI RtlAllocateHeap(HANDLE Heap, ULONG Flags, SIZE_T Size);
BOOLEAN NTAPI RtlFreeHeap(HANDLE Heap, ULONG Flags, PVOID Block);

PVOID NTAPI RtlpAllocateStringMemory(SIZE_T Bytes)
{
    HANDLE heap = RtlGetCurrentPeb()->ProcessHeap;
    return heap ? RtlAllocateHeap(heap, 0, Bytes) : NULL;
}

VOID NTAPI RtlpFreeStringMemory(PVOID Buffer)
{
    HANDLE heap = RtlGetCurrentPeb()->ProcessHeap;
    if (heap && Buffer)
        RtlFreeHeap(heap, 0, Buffer);
}

ULONG NTAPI RtlGetLastWin32Error(VOID) { return NtCurrentTeb()->LastErrorValue; }

VOID NTAPI RtlSetLastWin32Error(ULONG Error) { NtCurrentTeb()->LastErrorValue = Error; }

/* The status is remembered in the TEB, as Windows does. */
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status)
{
    NtCurrentTeb()->LastStatusValue = Status;
    return RtlNtStatusToDosErrorNoTeb(Status);
}

static BOOLEAN LdrpIsNtdllName(PUNICODE_STRING Name)
{
    static const char full[] = "ntdll.dll";
    ULONG n = Name->Length / sizeof(WCHAR);
    if (n != 5 && n != 9)
        return FALSE;
    for (ULONG i = 0; i < n; i++) {
        WCHAR c = Name->Buffer[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (WCHAR)full[i])
            return FALSE;
    }
    return TRUE;
}

/* Loaded modules, in this slice: ntdll itself and the program. */
NTSTATUS NTAPI LdrGetDllHandle(PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *DllHandle)
{
    (void)DllPath;
    (void)DllCharacteristics;
    if (!DllName || !DllHandle)
        return STATUS_INVALID_PARAMETER;
    if (!LdrpIsNtdllName(DllName))
        return STATUS_DLL_NOT_FOUND;
    *DllHandle = &__ImageBase;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrGetProcedureAddress(PVOID BaseAddress, PANSI_STRING Name, ULONG Ordinal, PVOID *ProcedureAddress)
{
    if (!BaseAddress || !ProcedureAddress)
        return STATUS_INVALID_PARAMETER;
    char buf[256];
    const char *n = NULL;
    if (Name) {
        if (Name->Length >= sizeof(buf))
            return STATUS_PROCEDURE_NOT_FOUND;
        for (USHORT i = 0; i < Name->Length; i++)
            buf[i] = Name->Buffer[i];
        buf[Name->Length] = 0;
        n = buf;
    }
    PVOID p = LdrpFindExport(BaseAddress, n, Ordinal);
    if (!p)
        return n ? STATUS_PROCEDURE_NOT_FOUND : STATUS_ORDINAL_NOT_FOUND;
    *ProcedureAddress = p;
    return STATUS_SUCCESS;
}
