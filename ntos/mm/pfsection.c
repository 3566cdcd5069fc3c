/*
 * pfsection.c — page-file-backed sections: memory shared by views in any
 * number of processes.
 *
 * A page-file section (NtCreateSection without a file) is a run of pages
 * that belongs to the section object, not to a process.  A page's frame is
 * made on the first touch through any view (demand-zero: seL4 hands out
 * frames zeroed) and then mapped into every view that touches it.  seL4
 * maps a frame capability only once, so each mapping is a capability copy
 * of its own (user.c's shared pages); the section keeps the original,
 * mapped in the executive as the page's alias, through which service
 * arguments and NtRead/WriteVirtualMemory reach a view.
 *
 *     SECTION_OBJECT --Chunks[]--> chunk: Committed bits, Page[64] {Frame, Alias}
 *          ^                                    | copies of Frame.Cap
 *          | one reference per view             v
 *     MEM_MAPPED VAD of process A, B ...   mapped page of A, of B ...
 *
 * Lifetime: every view's VAD holds a reference on its section, so the
 * frames live until the section's last handle is closed *and* its last
 * view is unmapped (or its process torn down); the object's delete
 * procedure then frees them.  Nothing is ever paged out: "page file" is
 * NT's name for anonymous memory, and RAM is all there is.
 *
 * Commit: SEC_COMMIT sections are committed whole.  SEC_RESERVE sections
 * commit pages through NtMapViewOfSection's CommitSize or
 * NtAllocateVirtualMemory(MEM_COMMIT) in a view, for every view at once;
 * pages are never decommitted (as on Windows).  Copy-on-write views
 * (PAGE_WRITECOPY, PAGE_EXECUTE_WRITECOPY) map the shared frames read-only
 * until a page is written, which then gets a private copy in that view.
 *
 * A file's data section (NtCreateSection with a file, without SEC_IMAGE)
 * is the same thing with its pages filled from the file when they are
 * made (MiFillFromFile); the only files are the boot volume's, read-only,
 * so nothing is ever written back.
 */
#include "mi.h"
#include "ob.h"

#define MI_CHUNK_PAGES 64

typedef struct _MI_SECTION_PAGE {
    MM_OBJECT Frame; /* Frame.Cap 0: no frame yet */
    PUCHAR Alias;
} MI_SECTION_PAGE;

struct _MI_SECTION_CHUNK {
    ULONG64 Committed; /* SEC_RESERVE: one bit per page */
    MI_SECTION_PAGE Page[MI_CHUNK_PAGES];
};

static MI_SECTION_CHUNK *MiChunk(PSECTION_OBJECT Section, ULONG64 Page, BOOLEAN Create)
{
    MI_SECTION_CHUNK **slot = &Section->Chunks[Page / MI_CHUNK_PAGES];
    if (!*slot && Create)
        *slot = ExAllocatePoolWithTag(NonPagedPool, sizeof(MI_SECTION_CHUNK), 'hcSM'); /* zeroed */
    return *slot;
}

NTSTATUS MiCreatePageFileSection(PCOBJECT_ATTRIBUTES ObjectAttributes, ULONG64 Size, ULONG Protect,
                                 ULONG Attributes, PSECTION_OBJECT *Section)
{
    PSECTION_OBJECT s;
    NTSTATUS st = ObCreateObject(UserMode, MmSectionObjectType, ObjectAttributes, sizeof(SECTION_OBJECT), (PVOID *)&s);
    if (!NT_SUCCESS(st))
        return st;
    s->Attributes = Attributes;
    s->Size = Size;
    s->Protect = Protect;
    s->ChunkCount = (Size / 4096 + MI_CHUNK_PAGES - 1) / MI_CHUNK_PAGES;
    s->Chunks = ExAllocatePoolWithTag(NonPagedPool, s->ChunkCount * sizeof(*s->Chunks), 'tsSM');
    if (!s->Chunks) {
        ObDereferenceObject(s);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Section = s;
    return STATUS_SUCCESS;
}

/* The delete procedure's part for page-file sections: no view is left
 * (each holds a reference), so no copy of any frame is mapped anywhere. */
VOID MiDeletePageFileSection(PSECTION_OBJECT Section)
{
    if (!Section->Chunks)
        return;
    for (ULONG64 i = 0; i < Section->ChunkCount; i++) {
        MI_SECTION_CHUNK *c = Section->Chunks[i];
        if (!c)
            continue;
        for (ULONG j = 0; j < MI_CHUNK_PAGES; j++)
            if (c->Page[j].Frame.Cap)
                MiFreeAliasPage(&c->Page[j].Frame, c->Page[j].Alias);
        ExFreePoolWithTag(c, 'hcSM');
    }
    ExFreePoolWithTag(Section->Chunks, 'tsSM');
    Section->Chunks = NULL;
    DbgTrace(DBG_MM, "mm: page-file section of %llu KiB deleted, %llu pages were resident\n",
             (unsigned long long)(Section->Size >> 10), (unsigned long long)Section->ResidentPages);
}

BOOLEAN MiSectionCommitted(PSECTION_OBJECT Section, ULONG64 Page)
{
    if (Page >= Section->Size / 4096)
        return FALSE;
    if ((Section->Attributes & SEC_COMMIT) || Section->IsPrototype)
        return TRUE;
    MI_SECTION_CHUNK *c = Section->Chunks[Page / MI_CHUNK_PAGES];
    return c && ((c->Committed >> (Page % MI_CHUNK_PAGES)) & 1);
}

NTSTATUS MiCommitSectionPages(PSECTION_OBJECT Section, ULONG64 First, ULONG64 Count)
{
    if (First > Section->Size / 4096 || Count > Section->Size / 4096 - First)
        return STATUS_CONFLICTING_ADDRESSES;
    if (Section->Attributes & SEC_COMMIT)
        return STATUS_SUCCESS;
    for (ULONG64 p = First; p < First + Count; p++) {
        MI_SECTION_CHUNK *c = MiChunk(Section, p, TRUE);
        if (!c)
            return STATUS_INSUFFICIENT_RESOURCES;
        c->Committed |= 1ull << (p % MI_CHUNK_PAGES);
    }
    return STATUS_SUCCESS;
}

VOID MiFillFromFile(PSECTION_OBJECT Section, ULONG64 Page, PUCHAR Page4k)
{
    if (Section->IsPrototype) {
        LdrFillImagePage(Section->File, Section->FileSize, (ULONG)(Page * 4096), Page4k);
        return;
    }
    ULONG64 offset = Page * 4096;
    if (!Section->File || offset >= Section->FileSize)
        return; /* fresh frames are zero */
    SIZE_T n = Section->FileSize - offset < 4096 ? Section->FileSize - offset : 4096;
    memcpy(Page4k, Section->File + offset, n);
}

/* Page Page of the section, its frame made on first use (filled from the
 * file for a file's section). */
static NTSTATUS MiSectionPage(PSECTION_OBJECT Section, ULONG64 Page, MI_SECTION_PAGE **Out)
{
    MI_SECTION_CHUNK *c = MiChunk(Section, Page, TRUE);
    if (!c)
        return STATUS_INSUFFICIENT_RESOURCES;
    MI_SECTION_PAGE *p = &c->Page[Page % MI_CHUNK_PAGES];
    if (!p->Frame.Cap) {
        NTSTATUS st = MiAllocateAliasPage(&p->Frame, &p->Alias);
        if (!NT_SUCCESS(st))
            return st;
        MiFillFromFile(Section, Page, p->Alias);
        Section->ResidentPages++;
    }
    *Out = p;
    return STATUS_SUCCESS;
}

/* A touch of a committed page of a view (the caller checked the commit and
 * the view's protection): map the section's frame, or on the first write
 * to a copy-on-write view give the page a private copy. */
BOOLEAN MiResolveViewFault(PMMSUPPORT Vm, MMVAD *Vad, ULONG_PTR Va, BOOLEAN Write)
{
    ULONG64 first;
    PSECTION_OBJECT s = MiVadSection(Vad, &first);
    ULONG_PTR va = Va & ~0xfffull;
    ULONG64 index = first + ((va - MiVadStart(Vad)) >> 12);
    ULONG protect = s->IsPrototype ? s->PageProtect[index] : MiVadProtect(Vad);
    BOOLEAN cow = MiProtectCopyOnWrite(protect), shared;
    if (Write && !MiProtectWritable(protect))
        return FALSE; /* an image page that is not writable */
    if (MiUserPageMapped(Vm, va, &shared)) {
        if (!Write || !cow || !shared)
            return FALSE; /* mapped already: a real protection violation */
        MiUnmapUserPage(Vm, va); /* the shared read-only copy goes; a private one comes */
    }
    if (cow && Write) {
        MI_SECTION_CHUNK *c = MiChunk(s, index, FALSE);
        MI_SECTION_PAGE *source = c ? &c->Page[index % MI_CHUNK_PAGES] : NULL;
        PUCHAR copy;
        if (!NT_SUCCESS(MmMapUserPage(Vm, va, TRUE, &copy)))
            return FALSE;
        if (source && source->Frame.Cap)
            memcpy(copy, source->Alias, 4096);
        else
            MiFillFromFile(s, index, copy); /* nobody touched it: as the file has it */
        return TRUE;
    }
    MI_SECTION_PAGE *p;
    if (!NT_SUCCESS(MiSectionPage(s, index, &p)))
        return FALSE;
    BOOLEAN writable = MiProtectWritable(protect) && !cow;
    return NT_SUCCESS(MiMapSharedPage(Vm, va, p->Frame.Cap, p->Alias, writable));
}

/* May a view with protection View be made of a section created with
 * protection Section?  Writing needs a writable section, executing an
 * executable one; copy-on-write and reading need nothing more; a
 * no-access view is always allowed. */
static BOOLEAN MiViewProtectAllowed(ULONG Section, ULONG View)
{
    Section &= 0xff;
    View &= 0xff;
    BOOLEAN sectionWrite = Section == PAGE_READWRITE || Section == PAGE_EXECUTE_READWRITE;
    BOOLEAN sectionExecute = Section >= PAGE_EXECUTE;
    BOOLEAN viewWrite = View == PAGE_READWRITE || View == PAGE_EXECUTE_READWRITE;
    BOOLEAN viewExecute = View >= PAGE_EXECUTE;
    return (!viewWrite || sectionWrite) && (!viewExecute || sectionExecute);
}

/* The highest address (exclusive) a view may end at for ZeroBits: below
 * 2^(32 - ZeroBits) for 1..21, below the mask's top bit doubled for a
 * mask (>= 32), anywhere for 0. */
static ULONG_PTR MiZeroBitsLimit(ULONG_PTR ZeroBits)
{
    if (!ZeroBits)
        return MI_USER_END;
    if (ZeroBits < 32)
        return 1ull << (32 - ZeroBits);
    return 2ull << (63 - __builtin_clzll(ZeroBits));
}

/*
 * Map a view of a page-file section into Vm.  *Base: where (0: anywhere
 * free below the ZeroBits limit, from the top with MEM_TOP_DOWN);
 * *ViewSize: bytes from Offset (0: to the section's end); both are
 * written back.  The caller checked the arguments that do not depend on
 * the section.
 */
NTSTATUS MiMapPageFileView(PMMSUPPORT Vm, PSECTION_OBJECT Section, ULONG_PTR *Base, SIZE_T *ViewSize,
                           ULONG64 Offset, ULONG_PTR ZeroBits, SIZE_T CommitSize, ULONG AllocationType,
                           ULONG Protect)
{
    if (AllocationType & MEM_RESERVE)
        return STATUS_INVALID_PARAMETER_9; /* reserved views are for image sections */
    ULONG_PTR base = *Base;
    if ((Offset | base) & (MI_ALLOCATION_GRANULARITY - 1))
        return STATUS_MAPPED_ALIGNMENT;
    if (Offset >= Section->Size)
        return STATUS_INVALID_VIEW_SIZE;
    SIZE_T size = *ViewSize ? *ViewSize : Section->Size - Offset;
    if (size > Section->Size - Offset)
        return STATUS_INVALID_VIEW_SIZE;
    size = (size + 0xfff) & ~0xfffull;
    if (!MiViewProtectAllowed(Section->Protect, Protect))
        return STATUS_SECTION_PROTECTION;
    ULONG_PTR limit = MiZeroBitsLimit(ZeroBits);
    if (base) {
        if (base + size > limit)
            return STATUS_INVALID_PARAMETER_4;
        if (!MiRangeFree(Vm, base, base + size))
            return STATUS_CONFLICTING_ADDRESSES;
    } else {
        base = MiFindFreeRangeBelow(Vm, size, (AllocationType & MEM_TOP_DOWN) != 0, limit);
        if (!base)
            return STATUS_NO_MEMORY;
    }
    MMVAD *vad;
    NTSTATUS st = MiInsertVad(Vm, base, base + size, MEM_MAPPED, Protect, &vad);
    if (!NT_SUCCESS(st))
        return st;
    MiSetVadSection(vad, Section, Offset / 4096);
    if (CommitSize) {
        SIZE_T commit = (CommitSize + 0xfff) & ~0xfffull;
        st = MiCommitSectionPages(Section, Offset / 4096, (commit < size ? commit : size) / 4096);
        if (!NT_SUCCESS(st)) {
            MiRemoveVad(Vm, vad);
            return st;
        }
    }
    *Base = base;
    *ViewSize = size;
    return STATUS_SUCCESS;
}
