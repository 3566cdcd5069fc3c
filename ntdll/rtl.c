/*
 * rtl.c — the Rtl routines that need ntdll's own context (the TEB, the
 * PEB), on top of the portable rtl/ library.  The loader's exports
 * (LdrGetDllHandle, LdrGetProcedureAddress...) are in ldrload.c.
 */
#include <nt/ntdef.h>
#include <nt/ntstatus.h>
#include <nt/ntrtl.h>
#include <nt/ntimage.h>
#include <ndk/pstypes.h>

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
