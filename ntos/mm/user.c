/*
 * user.c — NT process address spaces.
 *
 * Each user page is a frame the executive allocated; a copy of its
 * capability maps it a second time into the executive's own address space
 * (the alias), so the executive reads and writes user memory by plain
 * copies: MmCopyFromUser/MmCopyToUser translate page by page, copy each
 * page's part as one block (memcpy) and report STATUS_ACCESS_VIOLATION at
 * the first page that is not mapped, the pages before it copied — the
 * executive itself never faults on a user address.  Pages are found through a small
 * hash by virtual page number; paging structures created for the space are
 * remembered so that deleting the space frees everything.
 *
 * A page either owns its frame (private memory, image pages: OwnsFrame,
 * freed with the page) or maps a copy of a frame someone else owns: the
 * shared KUSER_SHARED_DATA page (no alias: the executive never copies
 * through it) or a page of a page-file section (the section's alias, so
 * copies to and from the view reach the shared frame).  seL4 maps a frame
 * capability once, so every mapping of a shared frame is a capability copy
 * of its own (UserCap); deleting that copy unmaps it.
 *
 * Alias addresses of freed pages are reused (a stack of the most recent
 * ones), so that the executive's page tables for the alias region stop
 * growing once memory use is steady.
 */
#include "mi.h"
#include <ndk/mmtypes.h>

struct _MM_PAGE {
    ULONG_PTR Va;
    PUCHAR Alias;
    BOOLEAN Writable;
    BOOLEAN OwnsFrame; /* Frame is this page's, freed with it */
    MM_OBJECT Frame;   /* Frame.Cap: the frame (owned or not) */
    seL4_CPtr UserCap; /* the copy mapped in the process (Frame.Cap maps the alias) */
    struct _MM_PAGE *Next;
};

struct _MM_TABLE {
    MM_OBJECT Object;
    struct _MM_TABLE *Next;
};

static ULONG_PTR MiAliasNext = 0x200000000000ull; /* executive alias region, 32 TiB */
#define MI_ALIAS_RECYCLE 4096                         /* at most as many frames as CSpace slots */
static ULONG_PTR MiAliasFree[MI_ALIAS_RECYCLE];
static ULONG MiAliasFreeCount;

/* Re-entrant: making the frame may add a slot table or fetch untyped
 * nodes, which map alias pages of their own, so the address is taken
 * before the frame is made. */
NTSTATUS MiAllocateAliasPage(PMM_OBJECT Frame, PUCHAR *Alias)
{
    ULONG_PTR va;
    if (MiAliasFreeCount) {
        va = MiAliasFree[--MiAliasFreeCount];
    } else {
        va = MiAliasNext;
        MiAliasNext += 4096;
    }
    NTSTATUS st = MmMapExecutivePage(va, Frame); /* a fresh zeroed frame */
    if (!NT_SUCCESS(st)) {
        if (MiAliasFreeCount < MI_ALIAS_RECYCLE)
            MiAliasFree[MiAliasFreeCount++] = va;
        return st;
    }
    *Alias = (PUCHAR)va;
    return STATUS_SUCCESS;
}

VOID MiFreeAliasPage(PMM_OBJECT Frame, PUCHAR Alias)
{
    MmUnmapExecutivePage(Frame);
    if (MiAliasFreeCount < MI_ALIAS_RECYCLE)
        MiAliasFree[MiAliasFreeCount++] = (ULONG_PTR)Alias;
}

static ULONG MiHash(ULONG_PTR Va) { return (ULONG)((Va >> 12) * 2654435761u) >> 24; }

static MM_PAGE *MiFindPage(PMMSUPPORT Vm, ULONG_PTR Va)
{
    Va &= ~0xfffull;
    for (MM_PAGE *p = Vm->Pages[MiHash(Va)]; p; p = p->Next)
        if (p->Va == Va)
            return p;
    return NULL;
}

NTSTATUS MmCreateAddressSpace(PMMSUPPORT Vm)
{
    memset(Vm, 0, sizeof(*Vm));
    NTSTATUS st = MmCreateObject(seL4_X64_PML4Object, 0, &Vm->Pml4);
    if (!NT_SUCCESS(st))
        return st;
    if (seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, Vm->Pml4.Cap) != seL4_NoError) {
        MmDeleteObject(&Vm->Pml4);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    /* KUSER_SHARED_DATA's 64 KiB is never allocatable (mapped separately). */
    st = MiInsertVad(Vm, 0x7ffe0000ull, 0x7fff0000ull, MEM_PRIVATE | 0x80000000u, PAGE_READONLY, NULL);
    if (!NT_SUCCESS(st)) {
        MmDeleteObject(&Vm->Pml4);
        return st;
    }
    return STATUS_SUCCESS;
}

/* Map FrameCap at Va in Vm, creating paging structures on demand. */
static NTSTATUS MiMapInto(PMMSUPPORT Vm, seL4_CPtr FrameCap, ULONG_PTR Va, seL4_CapRights_t Rights)
{
    for (int tries = 0; tries < 4; tries++) {
        seL4_Error e = seL4_X86_Page_Map(FrameCap, Vm->Pml4.Cap, Va, Rights, seL4_X86_Default_VMAttributes);
        if (e == seL4_NoError)
            return STATUS_SUCCESS;
        if (e != seL4_FailedLookup)
            return e == seL4_InvalidArgument ? STATUS_CONFLICTING_ADDRESSES : STATUS_UNSUCCESSFUL;
        seL4_Word bits = seL4_GetMR(2);
        seL4_Word type = bits == 39 ? seL4_X86_PDPTObject
                         : bits == 30 ? seL4_X86_PageDirectoryObject
                                      : seL4_X86_PageTableObject;
        MM_TABLE *t = ExAllocatePoolWithTag(NonPagedPool, sizeof(*t), 'lbTM');
        if (!t)
            return STATUS_INSUFFICIENT_RESOURCES;
        NTSTATUS st = MmCreateObject(type, 0, &t->Object);
        if (!NT_SUCCESS(st)) {
            ExFreePoolWithTag(t, 'lbTM');
            return st;
        }
        if (type == seL4_X86_PDPTObject)
            e = seL4_X86_PDPT_Map(t->Object.Cap, Vm->Pml4.Cap, Va, seL4_X86_Default_VMAttributes);
        else if (type == seL4_X86_PageDirectoryObject)
            e = seL4_X86_PageDirectory_Map(t->Object.Cap, Vm->Pml4.Cap, Va, seL4_X86_Default_VMAttributes);
        else
            e = seL4_X86_PageTable_Map(t->Object.Cap, Vm->Pml4.Cap, Va, seL4_X86_Default_VMAttributes);
        if (e != seL4_NoError) {
            MmDeleteObject(&t->Object);
            ExFreePoolWithTag(t, 'lbTM');
            return STATUS_UNSUCCESSFUL;
        }
        t->Next = Vm->Tables;
        Vm->Tables = t;
    }
    return STATUS_UNSUCCESSFUL;
}

static NTSTATUS MiCopyCap(seL4_CPtr Src, seL4_CPtr *Dest)
{
    NTSTATUS st = MmAllocateSlot(Dest);
    if (!NT_SUCCESS(st))
        return st;
    if (seL4_CNode_Copy(MmCSpaceRoot, *Dest, MM_CSPACE_DEPTH, MmCSpaceRoot, Src, MM_CSPACE_DEPTH,
                        seL4_AllRights) !=
        seL4_NoError) {
        MmFreeSlot(*Dest);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

static VOID MiLinkPage(PMMSUPPORT Vm, MM_PAGE *Page)
{
    ULONG h = MiHash(Page->Va);
    Page->Next = Vm->Pages[h];
    Vm->Pages[h] = Page;
    Vm->PageCount++;
}

/* Drop a page that is no longer linked: its mapping, and its frame if owned. */
static VOID MiFreePage(MM_PAGE *Page)
{
    MiDeleteCap(Page->UserCap); /* unmaps it from the process */
    MmFreeSlot(Page->UserCap);
    if (Page->OwnsFrame)
        MiFreeAliasPage(&Page->Frame, Page->Alias);
    ExFreePoolWithTag(Page, 'gPmM');
}

NTSTATUS MmMapUserPage(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN Writable, PUCHAR *Alias)
{
    Va &= ~0xfffull;
    if (Va >= 0x800000000000ull || MiFindPage(Vm, Va))
        return STATUS_CONFLICTING_ADDRESSES;
    MM_PAGE *p = ExAllocatePoolWithTag(NonPagedPool, sizeof(*p), 'gPmM');
    if (!p)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS st = MiAllocateAliasPage(&p->Frame, &p->Alias);
    if (!NT_SUCCESS(st))
        goto fail_pool;
    st = MiCopyCap(p->Frame.Cap, &p->UserCap);
    if (!NT_SUCCESS(st))
        goto fail_frame;
    st = MiMapInto(Vm, p->UserCap, Va, Writable ? seL4_ReadWrite : seL4_CanRead);
    if (!NT_SUCCESS(st))
        goto fail_copy;
    p->Va = Va;
    p->Writable = Writable;
    p->OwnsFrame = TRUE;
    MiLinkPage(Vm, p);
    if (Alias)
        *Alias = p->Alias;
    return STATUS_SUCCESS;
fail_copy:
    MiDeleteCap(p->UserCap);
    MmFreeSlot(p->UserCap);
fail_frame:
    MiFreeAliasPage(&p->Frame, p->Alias);
fail_pool:
    ExFreePoolWithTag(p, 'gPmM');
    return st;
}

/* Map a copy of a frame owned elsewhere; Alias may be NULL (the executive
 * does not copy through the page). */
NTSTATUS MiMapSharedPage(PMMSUPPORT Vm, ULONG_PTR Va, seL4_CPtr FrameCap, PUCHAR Alias, BOOLEAN Writable)
{
    Va &= ~0xfffull;
    if (Va >= 0x800000000000ull || MiFindPage(Vm, Va))
        return STATUS_CONFLICTING_ADDRESSES;
    MM_PAGE *p = ExAllocatePoolWithTag(NonPagedPool, sizeof(*p), 'gPmM');
    if (!p)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS st = MiCopyCap(FrameCap, &p->UserCap);
    if (NT_SUCCESS(st)) {
        st = MiMapInto(Vm, p->UserCap, Va, Writable ? seL4_ReadWrite : seL4_CanRead);
        if (!NT_SUCCESS(st)) {
            MiDeleteCap(p->UserCap);
            MmFreeSlot(p->UserCap);
        }
    }
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(p, 'gPmM');
        return st;
    }
    p->Va = Va;
    p->Alias = Alias;
    p->Writable = Writable;
    p->OwnsFrame = FALSE;
    p->Frame.Cap = FrameCap;
    MiLinkPage(Vm, p);
    return STATUS_SUCCESS;
}

/* Map a copy of an existing frame (shared with the executive or other
 * processes, e.g. KUSER_SHARED_DATA) without an alias of its own. */
NTSTATUS MmMapUserFrameCopy(PMMSUPPORT Vm, ULONG_PTR Va, seL4_CPtr FrameCap, BOOLEAN Writable)
{
    return MiMapSharedPage(Vm, Va, FrameCap, NULL, Writable);
}

BOOLEAN MiUserPageMapped(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN *Shared)
{
    MM_PAGE *p = MiFindPage(Vm, Va);
    if (p && Shared)
        *Shared = !p->OwnsFrame;
    return p != NULL;
}

PUCHAR MmUserPageAlias(PMMSUPPORT Vm, ULONG_PTR Va)
{
    MM_PAGE *p = MiFindPage(Vm, Va);
    return p && p->Alias ? p->Alias + (Va & 0xfff) : NULL;
}

seL4_CPtr MmUserPageCap(PMMSUPPORT Vm, ULONG_PTR Va)
{
    MM_PAGE *p = MiFindPage(Vm, Va);
    return p ? p->Frame.Cap : 0;
}

static NTSTATUS MiCopyUser(PMMSUPPORT Vm, ULONG_PTR UserVa, PUCHAR Kernel, SIZE_T Length, BOOLEAN ToUser)
{
    if (UserVa + Length < UserVa || UserVa + Length > 0x800000000000ull)
        return STATUS_ACCESS_VIOLATION;
    while (Length) {
        MM_PAGE *p = MiFindPage(Vm, UserVa);
        /* a committed page touched first by the executive, or a
         * copy-on-write page written first by it */
        if ((!p || (ToUser && !p->Writable)) && MmResolveFault(Vm, UserVa, ToUser))
            p = MiFindPage(Vm, UserVa);
        if (!p || !p->Alias || (ToUser && !p->Writable))
            return STATUS_ACCESS_VIOLATION;
        SIZE_T off = UserVa & 0xfff, n = 4096 - off;
        if (n > Length)
            n = Length;
        /* the page's part in one block copy (memcpy moves 16 bytes an
         * instruction); a later page that fails leaves the earlier ones
         * copied, as before */
        if (ToUser)
            memcpy(p->Alias + off, Kernel, n);
        else
            memcpy(Kernel, p->Alias + off, n);
        UserVa += n;
        Kernel += n;
        Length -= n;
    }
    return STATUS_SUCCESS;
}

NTSTATUS MmCopyFromUser(PMMSUPPORT Vm, PVOID Dest, ULONG_PTR Src, SIZE_T Length)
{
    return MiCopyUser(Vm, Src, Dest, Length, FALSE);
}

NTSTATUS MmCopyToUser(PMMSUPPORT Vm, ULONG_PTR Dest, const VOID *Src, SIZE_T Length)
{
    return MiCopyUser(Vm, Dest, (PUCHAR)Src, Length, TRUE);
}

VOID MmDeleteAddressSpace(PMMSUPPORT Vm)
{
    if (!Vm->Pml4.Cap)
        return; /* never made, or already deleted */
    for (int h = 0; h < 256; h++) {
        for (MM_PAGE *p = Vm->Pages[h], *next; p; p = next) {
            next = p->Next;
            MiFreePage(p);
        }
        Vm->Pages[h] = NULL;
    }
    Vm->PageCount = 0;
    MiDeleteVads(Vm); /* after the pages: views drop their sections here */
    for (MM_TABLE *t = Vm->Tables, *next; t; t = next) {
        next = t->Next;
        MmDeleteObject(&t->Object);
        ExFreePoolWithTag(t, 'lbTM');
    }
    Vm->Tables = NULL;
    MmDeleteObject(&Vm->Pml4);
}

/* Give a page back (decommit/release, unmap): unmap it from the process
 * and free its frame if it owns one. */
VOID MiUnmapUserPage(PMMSUPPORT Vm, ULONG_PTR Va)
{
    Va &= ~0xfffull;
    for (MM_PAGE **pp = &Vm->Pages[MiHash(Va)]; *pp; pp = &(*pp)->Next) {
        MM_PAGE *p = *pp;
        if (p->Va != Va)
            continue;
        *pp = p->Next;
        MiFreePage(p);
        Vm->PageCount--;
        return;
    }
}

/* Would a copy to (Write) or from the caller's [Va, Va+Length) succeed?
 * Nothing is written. */
NTSTATUS MmProbeUser(PMMSUPPORT Vm, ULONG_PTR Va, SIZE_T Length, BOOLEAN Write)
{
    if (Va + Length < Va || Va + Length > 0x800000000000ull)
        return STATUS_ACCESS_VIOLATION;
    for (ULONG_PTR p = Va & ~0xfffull; p < Va + Length; p += 4096) {
        MM_PAGE *page = MiFindPage(Vm, p);
        if ((!page || (Write && !page->Writable)) && MmResolveFault(Vm, p, Write))
            page = MiFindPage(Vm, p);
        if (!page || !page->Alias || (Write && !page->Writable))
            return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}
