/*
 * virtual.c — NtAllocateVirtualMemory and NtFreeVirtualMemory.
 *
 * Reservations take 64 KiB-aligned ranges of the caller's address space
 * (a VAD each); commits set a VAD's per-page commit bits; pages are backed
 * on first touch (vad.c).  Decommit and release give frames back at once.
 * Arguments are checked in the order and with the statuses Windows uses
 * (tests/ntapi checks them against Wine); the in/out pointers are read and
 * written back before anything changes, so a bad pointer changes nothing.
 *
 * Limits of this slice: only the current process (no process handles
 * yet); a VAD has one protection; MEM_RELEASE frees a whole reservation.
 */
#include "mi.h"
#include "../ke/ki.h"

#define MI_ALLOCATION_GRANULARITY 0x10000ull
#define MiCurrentProcess ((HANDLE)(LONG_PTR)-1)

static BOOLEAN MiValidProtect(ULONG Protect)
{
    ULONG base = Protect & 0xff, mods = Protect & ~0xffu;
    if (mods & ~(ULONG)(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE))
        return FALSE;
    switch (base) {
    case PAGE_NOACCESS:
    case PAGE_READONLY:
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        return base != PAGE_NOACCESS || mods == 0;
    default:
        return FALSE;
    }
}

/* Find a free range of Size bytes, granularity-aligned. */
static ULONG_PTR MiFindFreeRange(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown)
{
    if (TopDown) {
        for (ULONG_PTR s = (MI_USER_END - Size) & ~(MI_ALLOCATION_GRANULARITY - 1); s >= MI_USER_START;
             s -= MI_ALLOCATION_GRANULARITY)
            if (MiRangeFree(Vm, s, s + Size))
                return s;
        return 0;
    }
    for (ULONG_PTR s = MI_USER_START; s + Size <= MI_USER_END; s += MI_ALLOCATION_GRANULARITY)
        if (MiRangeFree(Vm, s, s + Size))
            return s;
    return 0;
}

static NTSTATUS MiCaptureInOut(PMMSUPPORT Vm, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG_PTR *Base,
                               SIZE_T *Size)
{
    NTSTATUS st = MmCopyFromUser(Vm, Base, (ULONG_PTR)BaseAddress, sizeof(*Base));
    if (NT_SUCCESS(st))
        st = MmCopyFromUser(Vm, Size, (ULONG_PTR)RegionSize, sizeof(*Size));
    /* probe for writing now: writing the same values back changes nothing */
    if (NT_SUCCESS(st))
        st = MmCopyToUser(Vm, (ULONG_PTR)BaseAddress, Base, sizeof(*Base));
    if (NT_SUCCESS(st))
        st = MmCopyToUser(Vm, (ULONG_PTR)RegionSize, Size, sizeof(*Size));
    return st;
}

static VOID MiReturnInOut(PMMSUPPORT Vm, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG_PTR Base, SIZE_T Size)
{
    MmCopyToUser(Vm, (ULONG_PTR)BaseAddress, &Base, sizeof(Base));
    MmCopyToUser(Vm, (ULONG_PTR)RegionSize, &Size, sizeof(Size));
}

NTSTATUS NtAllocateVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                 PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    if (ProcessHandle != MiCurrentProcess)
        return STATUS_INVALID_HANDLE; /* process handles arrive with the object manager */
    ULONG_PTR base;
    SIZE_T size;
    NTSTATUS st = MiCaptureInOut(vm, BaseAddress, RegionSize, &base, &size);
    if (!NT_SUCCESS(st))
        return st;
    if (ZeroBits > 21 && ZeroBits < 32)
        return STATUS_INVALID_PARAMETER_3;
    if (!(AllocationType & (MEM_COMMIT | MEM_RESERVE)) ||
        (AllocationType & ~(ULONG)(MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN)))
        return STATUS_INVALID_PARAMETER_5;
    if (!MiValidProtect(Protect))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (size == 0)
        return STATUS_INVALID_PARAMETER_4;
    if (base >= MI_USER_END || size > MI_USER_END || base + size > MI_USER_END)
        return STATUS_INVALID_PARAMETER_2;
    if (base && base < MI_USER_START)
        return STATUS_INVALID_PARAMETER_2;

    ULONG_PTR start, end;
    MMVAD *vad;
    if ((AllocationType & MEM_RESERVE) || base == 0) {
        if (base) {
            start = base & ~(MI_ALLOCATION_GRANULARITY - 1);
            end = (base + size + 0xfff) & ~0xfffull;
        } else {
            SIZE_T rounded = (size + 0xfff) & ~0xfffull;
            start = MiFindFreeRange(vm, rounded, (AllocationType & MEM_TOP_DOWN) != 0);
            if (!start)
                return STATUS_NO_MEMORY;
            end = start + rounded;
        }
        st = MiInsertVad(vm, start, end, MEM_PRIVATE, Protect, &vad);
        if (!NT_SUCCESS(st))
            return st;
    } else {
        start = base & ~0xfffull;
        end = (base + size + 0xfff) & ~0xfffull;
        vad = MiFindVad(vm, start);
        if (!vad || end > MiVadEnd(vad) || MiVadType(vad) != MEM_PRIVATE)
            return STATUS_CONFLICTING_ADDRESSES;
    }
    if (AllocationType & MEM_COMMIT)
        for (ULONG_PTR p = start; p < end; p += 4096)
            MiSetCommitted(vad, p, TRUE);
    MiReturnInOut(vm, BaseAddress, RegionSize, start, end - start);
    return STATUS_SUCCESS;
}

NTSTATUS NtFreeVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                             ULONG FreeType)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    if (ProcessHandle != MiCurrentProcess)
        return STATUS_INVALID_HANDLE;
    ULONG_PTR base;
    SIZE_T size;
    NTSTATUS st = MiCaptureInOut(vm, BaseAddress, RegionSize, &base, &size);
    if (!NT_SUCCESS(st))
        return st;
    if (FreeType != MEM_DECOMMIT && FreeType != MEM_RELEASE)
        return STATUS_INVALID_PARAMETER_4;
    MMVAD *vad = MiFindVad(vm, base);
    if (!vad)
        return STATUS_MEMORY_NOT_ALLOCATED;
    if (MiVadType(vad) != MEM_PRIVATE)
        return STATUS_UNABLE_TO_FREE_VM;
    ULONG_PTR start, end;
    if (FreeType == MEM_RELEASE) {
        if ((base & ~0xfffull) != MiVadStart(vad))
            return STATUS_FREE_VM_NOT_AT_BASE;
        if (size != 0 && ((base + size + 0xfff) & ~0xfffull) != MiVadEnd(vad))
            return STATUS_UNABLE_TO_FREE_VM;
        start = MiVadStart(vad);
        end = MiVadEnd(vad);
    } else {
        start = base & ~0xfffull;
        end = size ? (base + size + 0xfff) & ~0xfffull : MiVadEnd(vad);
        if (end > MiVadEnd(vad))
            return STATUS_UNABLE_TO_FREE_VM;
    }
    for (ULONG_PTR p = start; p < end; p += 4096) {
        MiUnmapUserPage(vm, p);
        MiSetCommitted(vad, p, FALSE);
    }
    if (FreeType == MEM_RELEASE)
        MiRemoveVad(vm, vad);
    MiReturnInOut(vm, BaseAddress, RegionSize, start, end - start);
    return STATUS_SUCCESS;
}

/*
 * NtQueryVirtualMemory, MemoryBasicInformation: the region that starts at
 * the queried page and keeps the same state (free, reserved, committed).
 */
NTSTATUS NtQueryVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID BaseAddress,
                              MEMORY_INFORMATION_CLASS Class, PVOID Buffer, SIZE_T Length, PSIZE_T ReturnLength)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    if (ProcessHandle != MiCurrentProcess)
        return STATUS_INVALID_HANDLE;
    if ((ULONG)Class != MemoryBasicInformation)
        return (ULONG)Class < 0x10 ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    if (Length < sizeof(MEMORY_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    ULONG_PTR va = (ULONG_PTR)BaseAddress & ~0xfffull;
    if ((ULONG_PTR)BaseAddress >= MI_USER_END)
        return STATUS_INVALID_PARAMETER;
    MEMORY_BASIC_INFORMATION mbi = { 0 };
    mbi.BaseAddress = (PVOID)va;
    MMVAD *vad = MiFindVad(vm, va);
    if (!vad) {
        ULONG_PTR next = MI_USER_END;
        for (MMVAD *v = MiFirstVad(vm); v; v = MiNextVad(v))
            if (MiVadStart(v) > va) {
                next = MiVadStart(v);
                break;
            }
        mbi.RegionSize = next - va;
        mbi.State = MEM_FREE;
        mbi.Protect = PAGE_NOACCESS;
    } else {
        BOOLEAN committed = MiIsCommitted(vad, va);
        ULONG_PTR end = va + 4096;
        while (end < MiVadEnd(vad) && MiIsCommitted(vad, end) == committed)
            end += 4096;
        mbi.AllocationBase = (PVOID)MiVadStart(vad);
        mbi.AllocationProtect = MiVadProtect(vad);
        mbi.RegionSize = end - va;
        mbi.State = committed ? MEM_COMMIT : MEM_RESERVE;
        mbi.Protect = committed ? MiVadProtect(vad) : 0;
        mbi.Type = MiVadType(vad) & 0x7fffffff;
    }
    NTSTATUS st = MmCopyToUser(vm, (ULONG_PTR)Buffer, &mbi, sizeof(mbi));
    if (NT_SUCCESS(st) && ReturnLength) {
        SIZE_T n = sizeof(mbi);
        st = MmCopyToUser(vm, (ULONG_PTR)ReturnLength, &n, sizeof(n));
    }
    return st;
}
