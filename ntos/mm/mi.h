/*
 * mi.h — private to the memory manager.
 *
 * The buddy allocator's logic (untyped.c) reaches seL4 only through the
 * Mi*Cap functions below, implemented with real invocations in caps.c and by
 * a model in the host tests (tests/host/ntos/), so the logic is tested
 * without a kernel.
 */
#pragma once
#include "../inc/ntos.h"
#include <sel4rt/sel4rt.h> /* memset, memcpy: until the executive links rtl */
#include <ndk/mmtypes.h>

/* ---- seL4 backend ---- */
NTSTATUS MiRetypeCap(seL4_CPtr Untyped, seL4_Word Type, seL4_Word SizeBits, seL4_CPtr Dest);
VOID MiRevokeCap(seL4_CPtr Cap);
VOID MiDeleteCap(seL4_CPtr Cap);

/* ---- buddy allocator over untyped memory (untyped.c) ---- */
#define MI_BOOT_UNTYPED_NODES 8192 /* a fixed table; more come a page at a time */
#define MI_UNTYPED_NODES_PER_PAGE (4096 / sizeof(MI_UNTYPED))
#define MI_UNTYPED_NODE_RESERVE 512 /* free nodes kept for mapping a page of more */

typedef struct _MI_UNTYPED {
    seL4_CPtr Cap;
    ULONG64 PhysAddr;
    UCHAR Bits;
    UCHAR State;                 /* MI_FREE, MI_SPLIT, MI_USED */
    struct _MI_UNTYPED *Parent;  /* NULL for boot untypeds */
    struct _MI_UNTYPED *Child[2];
    struct _MI_UNTYPED *NextFree, *PrevFree;
} MI_UNTYPED;

enum { MI_UNUSED_NODE = 0, MI_FREE, MI_SPLIT, MI_USED };

VOID MiInitializeUntyped(VOID);
NTSTATUS MiAddUntyped(seL4_CPtr Cap, ULONG64 PhysAddr, UCHAR Bits);
NTSTATUS MiAllocateUntyped(UCHAR Bits, MI_UNTYPED **Node);
VOID MiFreeUntyped(MI_UNTYPED *Node);
ULONG64 MiFreeUntypedBytes(VOID);
ULONG64 MiTotalUntypedBytes(VOID);
ULONG MiUntypedNodesInUse(VOID);
BOOLEAN MiUntypedBusy(VOID); /* an allocation or free is under way (it may nest) */

/* ---- the CSpace (caps.c) and its slot allocator (slots.c) ---- */
#define MI_CSPACE_L1_BITS 10 /* top-level CNode: 1024 slots, 32 KiB */
#define MI_CSPACE_L2_BITS 12 /* slot tables and the initial CNode: 4096 slots, 128 KiB */
#define MI_SLOT_RESERVE 256  /* free slots kept for adding a table */
#define MI_SLOT_KEEP 2048    /* a free table goes back only if this many slots stay free */
NTSTATUS MiInitializeCSpace(VOID);
NTSTATUS MiInstallSlotTable(seL4_CPtr Untyped, ULONG Index); /* a slot table's CNode at top index Index */
VOID MiInitializeSlots(seL4_CPtr First, seL4_CPtr End);
VOID MiEnableSlotGrowth(VOID);
VOID MiTrimSlots(VOID); /* after an untyped free: give back tables that emptied during it */
ULONG MiFreeSlotCount(VOID);
ULONG MiTotalSlotCount(VOID);
ULONG MiSlotTableCount(VOID);

/* ---- address-space descriptors (vad.c) ---- */
#define MI_USER_END 0x7fffffff0000ull /* x64 user space ends below the last 64 KiB */
#define MI_USER_START 0x10000ull
typedef struct _MMVAD MMVAD;
MMVAD *MiFindVad(PMMSUPPORT Vm, ULONG_PTR Va);
#define MI_ALLOCATION_GRANULARITY 0x10000ull
ULONG_PTR MiFindFreeRange(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown); /* granularity-aligned; 0 if none */
ULONG_PTR MiFindFreeRangeBelow(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown, ULONG_PTR Limit); /* ends <= Limit */
BOOLEAN MiValidProtect(ULONG Protect);
BOOLEAN MiRangeFree(PMMSUPPORT Vm, ULONG_PTR Start, ULONG_PTR End);
NTSTATUS MiInsertVad(PMMSUPPORT Vm, ULONG_PTR Start, ULONG_PTR End, ULONG Type, ULONG Protect, MMVAD **Out);
VOID MiRemoveVad(PMMSUPPORT Vm, MMVAD *Vad);
BOOLEAN MiIsCommitted(MMVAD *Vad, ULONG_PTR Va);
VOID MiSetCommitted(MMVAD *Vad, ULONG_PTR Va, BOOLEAN Committed);
ULONG MiVadProtect(MMVAD *Vad);
ULONG_PTR MiVadStart(MMVAD *Vad);
ULONG_PTR MiVadEnd(MMVAD *Vad);
ULONG MiVadType(MMVAD *Vad);
MMVAD *MiFirstVad(PMMSUPPORT Vm);
MMVAD *MiNextVad(MMVAD *Vad);
BOOLEAN MiProtectWritable(ULONG Protect);
BOOLEAN MiProtectCopyOnWrite(ULONG Protect);
VOID MiUnmapUserPage(PMMSUPPORT Vm, ULONG_PTR Va);

/* A VAD that is a view of a page-file section (MEM_MAPPED): the VAD holds
 * a reference on the section, dropped when the VAD goes; FirstPage is the
 * section page at the VAD's start. */
VOID MiSetVadSection(MMVAD *Vad, PSECTION_OBJECT Section, ULONG64 FirstPage);
PSECTION_OBJECT MiVadSection(MMVAD *Vad, ULONG64 *FirstPage);

/* ---- executive aliases of user pages (user.c) ---- */
NTSTATUS MiAllocateAliasPage(PMM_OBJECT Frame, PUCHAR *Alias); /* a fresh zeroed frame, mapped */
VOID MiFreeAliasPage(PMM_OBJECT Frame, PUCHAR Alias);
/* Map a copy of a frame someone else owns (a section page) at Va;
 * Alias is where the executive sees it. */
NTSTATUS MiMapSharedPage(PMMSUPPORT Vm, ULONG_PTR Va, seL4_CPtr FrameCap, PUCHAR Alias, BOOLEAN Writable);
/* Is Va mapped in Vm; *Shared: by a copy of a frame Vm does not own. */
BOOLEAN MiUserPageMapped(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN *Shared);

/* ---- sections (section.c, pfsection.c) ---- */
typedef struct _MI_SECTION_CHUNK MI_SECTION_CHUNK;

struct _SECTION_OBJECT {
    ULONG Attributes; /* SEC_IMAGE | SEC_FILE: an image; SEC_COMMIT or SEC_RESERVE: page file;
                         SEC_FILE | SEC_COMMIT: a file's data */
    /* image and file sections: the file's bytes (in the boot archive, mapped
     * for good); data sections fill pages from them on first touch */
    const UCHAR *File;
    SIZE_T FileSize;
    PVOID FileObject; /* referenced: the file it was made from (NULL for boot sections) */
    LDR_IMAGE_INFO Info;
    /* page-file sections (pfsection.c) */
    ULONG64 Size;  /* bytes, a multiple of the page size */
    ULONG Protect; /* the section's PAGE_* protection */
    ULONG64 ChunkCount;
    MI_SECTION_CHUNK **Chunks; /* 64 pages each, made on first commit or touch */
    ULONG64 ResidentPages;     /* frames made */
    /* image sections: the prototype, whose pages every view at the
     * preferred base of any image section of the same file shares
     * (section.c); made at the first such view */
    struct _SECTION_OBJECT *Prototype;
    /* a prototype (IsPrototype): the PAGE_* protection of each page, and
     * its link in the list of prototypes, found by File */
    BOOLEAN IsPrototype;
    PUCHAR PageProtect;
    LIST_ENTRY PrototypeLink;
};

#define MI_IS_IMAGE_SECTION(s) (((s)->Attributes & SEC_IMAGE) != 0)

NTSTATUS MiCreatePageFileSection(PCOBJECT_ATTRIBUTES ObjectAttributes, ULONG64 Size, ULONG Protect,
                                 ULONG Attributes, PSECTION_OBJECT *Section);
VOID MiDeletePageFileSection(PSECTION_OBJECT Section);
NTSTATUS MiMapPageFileView(PMMSUPPORT Vm, PSECTION_OBJECT Section, ULONG_PTR *Base, SIZE_T *ViewSize,
                           ULONG64 Offset, ULONG_PTR ZeroBits, SIZE_T CommitSize, ULONG AllocationType,
                           ULONG Protect);
BOOLEAN MiSectionCommitted(PSECTION_OBJECT Section, ULONG64 Page);
NTSTATUS MiCommitSectionPages(PSECTION_OBJECT Section, ULONG64 First, ULONG64 Count);
BOOLEAN MiResolveViewFault(PMMSUPPORT Vm, MMVAD *Vad, ULONG_PTR Va, BOOLEAN Write);
/* A file-backed section's page Page as the file has it (zero past its end);
 * an image prototype's as the image is laid out at its preferred base. */
VOID MiFillFromFile(PSECTION_OBJECT Section, ULONG64 Page, PUCHAR Page4k);
