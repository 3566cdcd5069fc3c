/*
 * sysinfo.c — NtQuerySystemInformation (the classes implemented so far).
 *
 * Each class has an exact size; a buffer of any other length is
 * STATUS_INFO_LENGTH_MISMATCH, as on Windows.  The result is built in the
 * executive and copied out, so a bad buffer is STATUS_ACCESS_VIOLATION.
 * Known classes not implemented yet say STATUS_NOT_IMPLEMENTED; numbers
 * beyond the known ones STATUS_INVALID_INFO_CLASS.
 */
#include "../ke/ki.h"

#define EXP_MAX_KNOWN_CLASS 0xd0

NTSTATUS NtQuerySystemInformation(PETHREAD Thread, SYSTEM_INFORMATION_CLASS Class, PVOID Buffer, ULONG Length,
                                  PULONG ReturnLength)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    if ((ULONG)Class != SystemBasicInformation)
        return (ULONG)Class < EXP_MAX_KNOWN_CLASS ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    if (Length != sizeof(SYSTEM_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    MM_STATS ms;
    MmQueryStats(&ms);
    SYSTEM_BASIC_INFORMATION b = { 0 };
    b.TimerResolution = KI_TICK_100NS;
    b.PageSize = 4096;
    b.NumberOfPhysicalPages = (ULONG)(ms.TotalBytes >> 12);
    b.LowestPhysicalPageNumber = 1;
    b.HighestPhysicalPageNumber = (ULONG)(ms.TotalBytes >> 12);
    b.AllocationGranularity = 0x10000;
    b.MinimumUserModeAddress = 0x10000;
    b.MaximumUserModeAddress = 0x7ffffffeffffull;
    b.ActiveProcessorsAffinityMask = 1;
    b.NumberOfProcessors = 1;
    NTSTATUS st = MmCopyToUser(vm, (ULONG_PTR)Buffer, &b, sizeof(b));
    if (NT_SUCCESS(st) && ReturnLength) {
        ULONG n = sizeof(b);
        st = MmCopyToUser(vm, (ULONG_PTR)ReturnLength, &n, sizeof(n));
    }
    return st;
}
