/*
 * vad.c — virtual address descriptors: what each range of a process's
 * address space is.
 *
 * A VAD covers a reserved range [Start, End) (64 KiB-aligned start for
 * reservations made through NtAllocateVirtualMemory) with a type (private,
 * image, or the executive's own fixed regions: PEB, TEBs, stacks) and a
 * protection, plus one commit bit per page.  A committed page is backed
 * lazily: its frame is made on the first touch, by the process (a VM fault,
 * MmResolveFault) or by the executive (MmCopyFromUser/ToUser).  VADs sit in
 * a list sorted by address; processes have few of them today (an AVL tree
 * from rtl replaces the list when that changes).
 *
 * A view of a page-file section (MEM_MAPPED) keeps no commit state of its
 * own: it refers to its section, whose pages are committed or not for all
 * views at once, and holds a reference on it until the VAD goes.
 */
#include "mi.h"
#include "ob.h"
#include <ndk/mmtypes.h>

struct _MMVAD {
    ULONG_PTR Start, End;
    ULONG Type;    /* MEM_PRIVATE, MEM_IMAGE, MEM_MAPPED */
    ULONG Protect; /* PAGE_* of the reservation / commit / view */
    ULONG64 *CommitBits;       /* not used by views of sections */
    PSECTION_OBJECT Section;   /* MEM_MAPPED: referenced */
    ULONG64 SectionFirstPage;  /* MEM_MAPPED: the section page at Start */
    struct _MMVAD *Next;
};

MMVAD *MiFindVad(PMMSUPPORT Vm, ULONG_PTR Va)
{
    for (MMVAD *v = Vm->Vads; v && v->Start <= Va; v = v->Next)
        if (Va < v->End)
            return v;
    return NULL;
}

BOOLEAN MiRangeFree(PMMSUPPORT Vm, ULONG_PTR Start, ULONG_PTR End)
{
    for (MMVAD *v = Vm->Vads; v; v = v->Next)
        if (v->Start < End && Start < v->End)
            return FALSE;
    return TRUE;
}

NTSTATUS MiInsertVad(PMMSUPPORT Vm, ULONG_PTR Start, ULONG_PTR End, ULONG Type, ULONG Protect, MMVAD **Out)
{
    if (Start >= End || End > MI_USER_END || !MiRangeFree(Vm, Start, End))
        return STATUS_CONFLICTING_ADDRESSES;
    MMVAD *v = ExAllocatePoolWithTag(NonPagedPool, sizeof(*v), 'daVM');
    SIZE_T pages = (End - Start) >> 12;
    ULONG64 *bits = ExAllocatePoolWithTag(NonPagedPool, ((pages + 63) / 64) * 8, 'tiBM');
    if (!v || !bits) {
        if (v)
            ExFreePoolWithTag(v, 'daVM');
        if (bits)
            ExFreePoolWithTag(bits, 'tiBM');
        return STATUS_NO_MEMORY;
    }
    v->Start = Start;
    v->End = End;
    v->Type = Type;
    v->Protect = Protect;
    v->CommitBits = bits;
    MMVAD **pp = &Vm->Vads;
    while (*pp && (*pp)->Start < Start)
        pp = &(*pp)->Next;
    v->Next = *pp;
    *pp = v;
    if (Out)
        *Out = v;
    return STATUS_SUCCESS;
}

VOID MiRemoveVad(PMMSUPPORT Vm, MMVAD *Vad)
{
    for (MMVAD **pp = &Vm->Vads; *pp; pp = &(*pp)->Next) {
        if (*pp == Vad) {
            *pp = Vad->Next;
            break;
        }
    }
    PSECTION_OBJECT section = Vad->Section;
    ExFreePoolWithTag(Vad->CommitBits, 'tiBM');
    ExFreePoolWithTag(Vad, 'daVM');
    if (section)
        ObDereferenceObject(section); /* may delete it: its pages are no longer mapped here */
}

VOID MiSetVadSection(MMVAD *Vad, PSECTION_OBJECT Section, ULONG64 FirstPage)
{
    ObReferenceObject(Section);
    Vad->Section = Section;
    Vad->SectionFirstPage = FirstPage;
}

PSECTION_OBJECT MiVadSection(MMVAD *Vad, ULONG64 *FirstPage)
{
    if (FirstPage)
        *FirstPage = Vad->SectionFirstPage;
    return Vad->Section;
}

BOOLEAN MiIsCommitted(MMVAD *Vad, ULONG_PTR Va)
{
    SIZE_T i = (Va - Vad->Start) >> 12;
    if (Vad->Section)
        return MiSectionCommitted(Vad->Section, Vad->SectionFirstPage + i);
    return (Vad->CommitBits[i / 64] >> (i % 64)) & 1;
}

VOID MiSetCommitted(MMVAD *Vad, ULONG_PTR Va, BOOLEAN Committed)
{
    SIZE_T i = (Va - Vad->Start) >> 12;
    if (Committed)
        Vad->CommitBits[i / 64] |= 1ull << (i % 64);
    else
        Vad->CommitBits[i / 64] &= ~(1ull << (i % 64));
}

ULONG MiVadProtect(MMVAD *Vad) { return Vad->Protect; }
ULONG_PTR MiVadStart(MMVAD *Vad) { return Vad->Start; }
ULONG_PTR MiVadEnd(MMVAD *Vad) { return Vad->End; }
ULONG MiVadType(MMVAD *Vad) { return Vad->Type; }
MMVAD *MiFirstVad(PMMSUPPORT Vm) { return Vm->Vads; }
MMVAD *MiNextVad(MMVAD *Vad) { return Vad->Next; }

BOOLEAN MiProtectCopyOnWrite(ULONG Protect)
{
    return (Protect & 0xff) == PAGE_WRITECOPY || (Protect & 0xff) == PAGE_EXECUTE_WRITECOPY;
}

BOOLEAN MiProtectWritable(ULONG Protect)
{
    switch (Protect & 0xff) {
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        return TRUE;
    default:
        return FALSE;
    }
}

/* A region the executive sets up itself (PEB, TEB, stack, image): reserved,
 * committed and backed at once. */
NTSTATUS MmCreateFixedRegion(PMMSUPPORT Vm, ULONG_PTR Va, SIZE_T Size, ULONG Type, BOOLEAN Writable)
{
    MMVAD *v;
    ULONG_PTR end = (Va + Size + 0xfff) & ~0xfffull;
    NTSTATUS st = MiInsertVad(Vm, Va & ~0xfffull, end, Type, Writable ? PAGE_READWRITE : PAGE_READONLY, &v);
    if (!NT_SUCCESS(st))
        return st;
    for (ULONG_PTR p = v->Start; p < v->End; p += 4096)
        MiSetCommitted(v, p, TRUE);
    return STATUS_SUCCESS;
}

/* Back a committed page on first touch (a view's page: map the section's
 * frame, or copy it on a write to a copy-on-write view); FALSE if the
 * access is illegal. */
BOOLEAN MmResolveFault(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN Write)
{
    MMVAD *v = MiFindVad(Vm, Va);
    if (!v || !MiIsCommitted(v, Va) || (v->Protect & 0xff) == PAGE_NOACCESS || (v->Protect & PAGE_GUARD))
        return FALSE;
    BOOLEAN writable = MiProtectWritable(v->Protect);
    if (Write && !writable)
        return FALSE;
    if (v->Section)
        return MiResolveViewFault(Vm, v, Va, Write);
    if (MiUserPageMapped(Vm, Va, NULL))
        return FALSE; /* already backed: the fault was a real protection violation */
    return NT_SUCCESS(MmMapUserPage(Vm, Va & ~0xfffull, writable, NULL));
}

VOID MiDeleteVads(PMMSUPPORT Vm)
{
    while (Vm->Vads)
        MiRemoveVad(Vm, Vm->Vads);
}
