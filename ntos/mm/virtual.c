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
 * Every service takes a process handle: user pointers (the in/out
 * arguments) are the caller's, the operation is on the target process.
 * NtReadVirtualMemory and NtWriteVirtualMemory copy between the two.
 *
 * Views of sections (section.c) are VADs too: MEM_COMMIT in a view of a
 * page-file section commits the section's pages (SEC_RESERVE sections);
 * freeing or decommitting any view, image or page-file, is refused with
 * STATUS_UNABLE_TO_DELETE_SECTION, as on Windows.
 *
 * Limits: a VAD has one protection (a commit in a view does not change
 * it); MEM_RELEASE frees a whole reservation.
 */
#include "mi.h"
#include "../ke/ki.h"

BOOLEAN MiValidProtect(ULONG Protect)
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

/* Find a free range of Size bytes, granularity-aligned, ending at or below
 * Limit (MI_USER_END: anywhere). */
ULONG_PTR MiFindFreeRangeBelow(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown, ULONG_PTR Limit)
{
    if (Limit > MI_USER_END)
        Limit = MI_USER_END;
    if (Size > Limit - MI_USER_START)
        return 0;
    if (TopDown) {
        for (ULONG_PTR s = (Limit - Size) & ~(MI_ALLOCATION_GRANULARITY - 1); s >= MI_USER_START;
             s -= MI_ALLOCATION_GRANULARITY)
            if (MiRangeFree(Vm, s, s + Size))
                return s;
        return 0;
    }
    for (ULONG_PTR s = MI_USER_START; s + Size <= Limit; s += MI_ALLOCATION_GRANULARITY)
        if (MiRangeFree(Vm, s, s + Size))
            return s;
    return 0;
}

ULONG_PTR MiFindFreeRange(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown)
{
    return MiFindFreeRangeBelow(Vm, Size, TopDown, MI_USER_END);
}

/* A reservation of Size bytes (granularity-aligned, read/write) anywhere
 * free; with Commit every page committed (backed on first touch). */
NTSTATUS MmReserveRegion(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown, BOOLEAN Commit, ULONG_PTR *Va)
{
    Size = (Size + 0xfff) & ~0xfffull;
    if (!Size || Size > MI_USER_END)
        return STATUS_INVALID_PARAMETER;
    ULONG_PTR start = MiFindFreeRange(Vm, Size, TopDown);
    if (!start)
        return STATUS_NO_MEMORY;
    MMVAD *vad;
    NTSTATUS st = MiInsertVad(Vm, start, start + Size, MEM_PRIVATE, PAGE_READWRITE, &vad);
    if (!NT_SUCCESS(st))
        return st;
    if (Commit)
        for (ULONG_PTR p = start; p < start + Size; p += 4096)
            MiSetCommitted(vad, p, TRUE);
    *Va = start;
    return STATUS_SUCCESS;
}

/* Release the VAD containing Va and every page in it. */
NTSTATUS MmReleaseRegion(PMMSUPPORT Vm, ULONG_PTR Va)
{
    MMVAD *vad = MiFindVad(Vm, Va);
    if (!vad)
        return STATUS_MEMORY_NOT_ALLOCATED;
    for (ULONG_PTR p = MiVadStart(vad); p < MiVadEnd(vad); p += 4096)
        MiUnmapUserPage(Vm, p);
    MiRemoveVad(Vm, vad);
    return STATUS_SUCCESS;
}

static NTSTATUS MiAllocate(PMMSUPPORT caller, PMMSUPPORT vm, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG_PTR base,
                           SIZE_T size, ULONG_PTR ZeroBits, ULONG AllocationType, ULONG Protect);
static NTSTATUS MiFree(PMMSUPPORT caller, PMMSUPPORT vm, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG_PTR base,
                       SIZE_T size, ULONG FreeType);

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
    PMMSUPPORT caller = &Thread->Process->Vm;
    ULONG_PTR base;
    SIZE_T size;
    NTSTATUS st = MiCaptureInOut(caller, BaseAddress, RegionSize, &base, &size);
    if (!NT_SUCCESS(st))
        return st;
    PEPROCESS process;
    st = PsReferenceLiveProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &process);
    if (!NT_SUCCESS(st))
        return st;
    st = MiAllocate(caller, &process->Vm, BaseAddress, RegionSize, base, size, ZeroBits, AllocationType, Protect);
    ObDereferenceObject(process);
    return st;
}

static NTSTATUS MiAllocate(PMMSUPPORT caller, PMMSUPPORT vm, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG_PTR base,
                           SIZE_T size, ULONG_PTR ZeroBits, ULONG AllocationType, ULONG Protect)
{
    NTSTATUS st;
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
        if (!vad || end > MiVadEnd(vad))
            return STATUS_CONFLICTING_ADDRESSES;
        ULONG64 first;
        PSECTION_OBJECT section = MiVadSection(vad, &first);
        if (section) {
            /* committing in a view commits the section's pages, for every view */
            st = MiCommitSectionPages(section, first + ((start - MiVadStart(vad)) >> 12), (end - start) >> 12);
            if (NT_SUCCESS(st))
                MiReturnInOut(caller, BaseAddress, RegionSize, start, end - start);
            return st;
        }
        if (MiVadType(vad) != MEM_PRIVATE)
            return STATUS_CONFLICTING_ADDRESSES;
    }
    if (AllocationType & MEM_COMMIT)
        for (ULONG_PTR p = start; p < end; p += 4096)
            MiSetCommitted(vad, p, TRUE);
    MiReturnInOut(caller, BaseAddress, RegionSize, start, end - start);
    return STATUS_SUCCESS;
}

NTSTATUS NtFreeVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                             ULONG FreeType)
{
    PMMSUPPORT caller = &Thread->Process->Vm;
    ULONG_PTR base;
    SIZE_T size;
    NTSTATUS st = MiCaptureInOut(caller, BaseAddress, RegionSize, &base, &size);
    if (!NT_SUCCESS(st))
        return st;
    PEPROCESS process;
    st = PsReferenceLiveProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &process);
    if (!NT_SUCCESS(st))
        return st;
    st = MiFree(caller, &process->Vm, BaseAddress, RegionSize, base, size, FreeType);
    ObDereferenceObject(process);
    return st;
}

static NTSTATUS MiFree(PMMSUPPORT caller, PMMSUPPORT vm, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG_PTR base,
                       SIZE_T size, ULONG FreeType)
{
    if (FreeType != MEM_DECOMMIT && FreeType != MEM_RELEASE)
        return STATUS_INVALID_PARAMETER_4;
    MMVAD *vad = MiFindVad(vm, base);
    if (!vad)
        return STATUS_MEMORY_NOT_ALLOCATED;
    /* Windows' order: a range past the VAD, then a VAD that is not private
     * memory (a view of any section: NtUnmapViewOfSection removes it). */
    ULONG_PTR end = size ? (base + size + 0xfff) & ~0xfffull : MiVadEnd(vad);
    if (end > MiVadEnd(vad))
        return STATUS_UNABLE_TO_FREE_VM;
    if (MiVadType(vad) != MEM_PRIVATE)
        return STATUS_UNABLE_TO_DELETE_SECTION;
    ULONG_PTR start = base & ~0xfffull;
    if (FreeType == MEM_RELEASE) {
        if (start != MiVadStart(vad))
            return STATUS_FREE_VM_NOT_AT_BASE;
        if (end != MiVadEnd(vad))
            return STATUS_UNABLE_TO_FREE_VM;
    }
    for (ULONG_PTR p = start; p < end; p += 4096) {
        MiUnmapUserPage(vm, p);
        MiSetCommitted(vad, p, FALSE);
    }
    if (FreeType == MEM_RELEASE)
        MiRemoveVad(vm, vad);
    MiReturnInOut(caller, BaseAddress, RegionSize, start, end - start);
    return STATUS_SUCCESS;
}

/* A committed page's protection now: its VAD's, except in an image view at
 * the preferred base, whose pages have their own (the prototype's), a
 * copy-on-write page that was written being read-write from then on. */
static ULONG MiPageProtect(PMMSUPPORT Vm, MMVAD *Vad, ULONG_PTR Va)
{
    ULONG64 first;
    PSECTION_OBJECT s = MiVadSection(Vad, &first);
    if (!s || !s->IsPrototype)
        return MiVadProtect(Vad);
    ULONG protect = s->PageProtect[first + ((Va - MiVadStart(Vad)) >> 12)];
    BOOLEAN shared;
    if (MiProtectCopyOnWrite(protect) && MiUserPageMapped(Vm, Va, &shared) && !shared)
        protect = protect == PAGE_WRITECOPY ? PAGE_READWRITE : PAGE_EXECUTE_READWRITE;
    return protect;
}

/*
 * NtQueryVirtualMemory, MemoryBasicInformation: the region that starts at
 * the queried page and keeps the same state (free, reserved, committed)
 * and, committed, the same protection.
 */
NTSTATUS NtQueryVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID BaseAddress,
                              MEMORY_INFORMATION_CLASS Class, PVOID Buffer, SIZE_T Length, PSIZE_T ReturnLength)
{
    PMMSUPPORT caller = &Thread->Process->Vm;
    if ((ULONG)Class != MemoryBasicInformation)
        return (ULONG)Class < 0x10 ? STATUS_NOT_IMPLEMENTED : STATUS_INVALID_INFO_CLASS;
    if (Length < sizeof(MEMORY_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    ULONG_PTR va = (ULONG_PTR)BaseAddress & ~0xfffull;
    if ((ULONG_PTR)BaseAddress >= MI_USER_END)
        return STATUS_INVALID_PARAMETER;
    PEPROCESS process;
    NTSTATUS st = PsReferenceLiveProcessByHandle(ProcessHandle, PROCESS_QUERY_INFORMATION, &process);
    if (!NT_SUCCESS(st))
        return st;
    PMMSUPPORT vm = &process->Vm;
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
        ULONG protect = committed ? MiPageProtect(vm, vad, va) : 0;
        ULONG_PTR end = va + 4096;
        while (end < MiVadEnd(vad) && MiIsCommitted(vad, end) == committed &&
               (!committed || MiPageProtect(vm, vad, end) == protect))
            end += 4096;
        mbi.AllocationBase = (PVOID)MiVadStart(vad);
        mbi.AllocationProtect = MiVadProtect(vad);
        mbi.RegionSize = end - va;
        mbi.State = committed ? MEM_COMMIT : MEM_RESERVE;
        mbi.Protect = protect;
        mbi.Type = MiVadType(vad) & 0x7fffffff;
    }
    ObDereferenceObject(process);
    st = MmCopyToUser(caller, (ULONG_PTR)Buffer, &mbi, sizeof(mbi));
    if (NT_SUCCESS(st) && ReturnLength) {
        SIZE_T n = sizeof(mbi);
        st = MmCopyToUser(caller, (ULONG_PTR)ReturnLength, &n, sizeof(n));
    }
    return st;
}

/*
 * NtReadVirtualMemory / NtWriteVirtualMemory: copy through an executive
 * bounce buffer a page at a time; *NumberOfBytes gets what was copied
 * (all of it, or up to the first page that failed: STATUS_PARTIAL_COPY,
 * or STATUS_ACCESS_VIOLATION when nothing could be copied, as Wine says).
 */
static NTSTATUS MiCopyVirtual(PETHREAD Thread, HANDLE ProcessHandle, ULONG_PTR Address, ULONG_PTR Buffer,
                              SIZE_T Size, PSIZE_T NumberOfBytes, BOOLEAN Write)
{
    PMMSUPPORT caller = &Thread->Process->Vm;
    SIZE_T done = 0;
    NTSTATUS st;
    if (NumberOfBytes) {
        st = MmCopyToUser(caller, (ULONG_PTR)NumberOfBytes, &done, sizeof(done));
        if (!NT_SUCCESS(st))
            return st;
    }
    if (Address + Size < Address || Buffer + Size < Buffer || Address + Size > MI_USER_END ||
        Buffer + Size > MI_USER_END)
        return STATUS_ACCESS_VIOLATION;
    PEPROCESS process;
    st = PsReferenceLiveProcessByHandle(ProcessHandle, Write ? PROCESS_VM_WRITE : PROCESS_VM_READ, &process);
    if (!NT_SUCCESS(st))
        return st;
    static UCHAR bounce[4096];
    while (done < Size) {
        SIZE_T n = 4096 - ((Address + done) & 0xfff);
        if (n > Size - done)
            n = Size - done;
        NTSTATUS in, out;
        if (Write) {
            in = MmCopyFromUser(caller, bounce, Buffer + done, n);
            out = NT_SUCCESS(in) ? MmCopyToUser(&process->Vm, Address + done, bounce, n) : in;
        } else {
            in = MmCopyFromUser(&process->Vm, bounce, Address + done, n);
            out = NT_SUCCESS(in) ? MmCopyToUser(caller, Buffer + done, bounce, n) : in;
        }
        if (!NT_SUCCESS(out)) {
            st = done ? STATUS_PARTIAL_COPY : STATUS_ACCESS_VIOLATION;
            break;
        }
        done += n;
    }
    ObDereferenceObject(process);
    if (NumberOfBytes)
        MmCopyToUser(caller, (ULONG_PTR)NumberOfBytes, &done, sizeof(done));
    return st;
}

NTSTATUS NtReadVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
                             SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead)
{
    return MiCopyVirtual(Thread, ProcessHandle, (ULONG_PTR)BaseAddress, (ULONG_PTR)Buffer, NumberOfBytesToRead,
                         NumberOfBytesRead, FALSE);
}

NTSTATUS NtWriteVirtualMemory(PETHREAD Thread, HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
                              SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten)
{
    return MiCopyVirtual(Thread, ProcessHandle, (ULONG_PTR)BaseAddress, (ULONG_PTR)Buffer, NumberOfBytesToWrite,
                         NumberOfBytesWritten, TRUE);
}
