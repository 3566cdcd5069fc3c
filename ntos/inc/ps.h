/*
 * ps.h — processes and threads.
 *
 * Both are object-manager objects ("Process", "Thread") whose bodies start
 * with a DISPATCHER_HEADER, signalled when they end, so they can be waited
 * on.  An EPROCESS owns an address space (MMSUPPORT: a PML4 with an ASID,
 * its paging structures, VADs and every page — each also mapped into the
 * executive), a handle table and its threads; an ETHREAD owns a TCB, a tiny
 * CNode that is its whole CSpace (slot 1: its service endpoint, slot 2: its
 * fault endpoint, both badged with the ETHREAD's address), its TEB, IPC
 * buffer and stack.
 *
 * References: a thread holds one on its process; a thread that has not
 * ended holds one on itself ("it runs"); handles hold theirs.  The process
 * ends when its last thread ends (or NtTerminateProcess); its resources go
 * at once, its object when the last reference does.
 */
#pragma once
#include "mm.h"

typedef struct _MM_PAGE MM_PAGE;
typedef struct _MM_TABLE MM_TABLE;
typedef struct _MMVAD MMVAD;

typedef struct _MMSUPPORT {
    MM_OBJECT Pml4;
    seL4_Word Asid;
    MM_PAGE *Pages[256];  /* hash of mapped pages by virtual page number */
    MM_TABLE *Tables;     /* paging structures made for this space */
    ULONG PageCount;
    MMVAD *Vads;          /* address-space descriptors, sorted by address */
} MMSUPPORT, *PMMSUPPORT;

typedef struct _EPROCESS {
    DISPATCHER_HEADER Header;        /* first: waits use it */
    MMSUPPORT Vm;
    ULONG_PTR PebAddress;
    ULONG_PTR ImageBase;
    ULONG UniqueProcessId, InheritedFromUniqueProcessId;
    NTSTATUS ExitStatus;             /* STATUS_PENDING while it runs */
    BOOLEAN Terminating, TornDown;
    ULONG64 TebSlots;                /* TEB slots in use, one bit each */
    ULONG ActiveThreads;             /* threads not yet ended */
    SIZE_T StackReserve, StackCommit; /* the image's defaults for new threads */
    LIST_ENTRY ThreadListHead;
    LIST_ENTRY ActiveProcessLinks;   /* on PsActiveProcessHead until torn down */
    struct _HANDLE_TABLE *ObjectTable;
    char ImageName[32];
} EPROCESS, *PEPROCESS;

typedef struct _ETHREAD {
    DISPATCHER_HEADER Header;        /* first: waits use it */
    PEPROCESS Process;               /* referenced */
    LIST_ENTRY ThreadListEntry;
    MM_OBJECT Tcb;
    MM_OBJECT CNode;
    ULONG_PTR TebAddress;
    ULONG_PTR StackBase, StackLimit;
    ULONG UniqueThreadId;
    NTSTATUS ExitStatus;             /* STATUS_PENDING while it runs */
    BOOLEAN Terminated, TebMapped;
    BOOLEAN OwnStack;                /* the stack is the creator's (NtCreateThread): not freed */
    ULONG TebSlot;
    LIST_ENTRY ReapLink;             /* ended, its running reference not yet dropped */
    seL4_CPtr ReplySlot;             /* its reply cap while a call is parked or its answer held */
    struct _KI_COROUTINE *ParkedCall; /* that call, or NULL */
    /* Suspension (docs/executive.md, "Suspending threads"): only
     * ke/suspend.c and the dispatcher's reply paths touch these. */
    ULONG SuspendCount;              /* a new thread starts at 1 (not yet started) */
    BOOLEAN TcbStopped;              /* its TCB is inactive: never started, or seL4-suspended */
    BOOLEAN InExecutive;             /* blocked on the executive's reply (a call or a fault) */
    BOOLEAN ReplyHeld;               /* that call ended while suspended: HeldStatus waits in ReplySlot */
    NTSTATUS HeldStatus;
} ETHREAD, *PETHREAD;

#define MAXIMUM_SUSPEND_COUNT 127

/* Fixed addresses in every process (x64). */
#define PS_SHARED_USER_DATA_VA 0x7ffe0000ull /* = MM_SHARED_USER_DATA_VA of ndk/ketypes.h */
#define PS_PEB_VA 0x7ffd0000ull
#define PS_TEB_BASE_VA 0x7ff00000ull    /* thread n: + n * PS_TEB_STRIDE */
#define PS_TEB_STRIDE 0x4000ull         /* TEB (2 pages), IPC buffer, gap */
#define PS_MAX_THREADS 48               /* TEB slots below the PEB */
#define PS_IPC_BUFFER_OFFSET 0x2000ull  /* from the TEB; the ntdll stubs know it */
#define PS_DEFAULT_STACK_RESERVE 0x100000ull
#define PS_DEFAULT_STACK_COMMIT 0x10000ull
#define PS_MIN_STACK 0x10000ull
#define PS_USER_TOP 0x7ffffffeffffull   /* above: no user address (MM_HIGHEST_USER_ADDRESS + 1) */

extern struct _OBJECT_TYPE *PsProcessType, *PsThreadType;
extern seL4_CPtr KiServiceEndpoint;
extern ULONG PspActiveThreads;       /* threads alive in the whole system */
extern PETHREAD KiCallerThread;      /* the thread whose service is running */

NTSTATUS PsInitSystem(VOID);
/* A boot program: a process from \Boot\<ImageName> with its first thread,
 * its command line "<ImageName> <Arguments>". */
NTSTATUS PsCreateBootProcess(const char *ImageName, const char *Arguments);
VOID PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus);
NTSTATUS PspCreateThreadWithContext(PEPROCESS Process, ULONG_PTR StartRoutine, ULONG_PTR Argument,
                                    SIZE_T StackReserve, SIZE_T StackCommit, BOOLEAN Suspended,
                                    const seL4_UserContext *Given, ULONG_PTR GivenStackBase,
                                    ULONG_PTR GivenStackLimit, struct _ETHREAD **Thread);
VOID PspTerminateThread(PETHREAD Thread, NTSTATUS ExitStatus);
VOID PsReapThreads(VOID);
/* Ends every process that is not yet torn down (NtShutdownSystem). */
VOID PsTerminateAllProcesses(NTSTATUS ExitStatus);            /* drops ended threads' running references (dispatcher, each turn) */
VOID KiThreadTerminating(PETHREAD Thread); /* cancels its parked call (ke/services.c) */
/* Suspend counts (ke/suspend.c).  The only way to stop or start a user
 * thread's TCB after creation: *Previous gets the count before. */
NTSTATUS KeSuspendThread(PETHREAD Thread, PULONG Previous);
NTSTATUS KeResumeThread(PETHREAD Thread, PULONG Previous);
NTSTATUS PsReferenceProcessByHandle(HANDLE Handle, ACCESS_MASK Access, PEPROCESS *Process);
NTSTATUS PsReferenceLiveProcessByHandle(HANDLE Handle, ACCESS_MASK Access, PEPROCESS *Process); /* not torn down */
NTSTATUS PsReferenceThreadByHandle(HANDLE Handle, ACCESS_MASK Access, PETHREAD *Thread);
PDISPATCHER_HEADER KeWaitableHeader(PVOID Object); /* NULL if not waitable */
VOID KeSignalObject(PDISPATCHER_HEADER Header);   /* ends: signalled for good, wakes all */

/* User address spaces (mm/user.c). */
NTSTATUS MmCreateAddressSpace(PMMSUPPORT Vm);
VOID MmDeleteAddressSpace(PMMSUPPORT Vm);
NTSTATUS MmMapUserPage(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN Writable, PUCHAR *Alias);
NTSTATUS MmMapUserFrameCopy(PMMSUPPORT Vm, ULONG_PTR Va, seL4_CPtr FrameCap, BOOLEAN Writable);
PUCHAR MmUserPageAlias(PMMSUPPORT Vm, ULONG_PTR Va);
seL4_CPtr MmUserPageCap(PMMSUPPORT Vm, ULONG_PTR Va);
NTSTATUS MmCopyFromUser(PMMSUPPORT Vm, PVOID Dest, ULONG_PTR Src, SIZE_T Length);
NTSTATUS MmCopyToUser(PMMSUPPORT Vm, ULONG_PTR Dest, const VOID *Src, SIZE_T Length);
NTSTATUS MmProbeUser(PMMSUPPORT Vm, ULONG_PTR Va, SIZE_T Length, BOOLEAN Write);

/* Address-space descriptors (mm/vad.c, mm/virtual.c). */
NTSTATUS MmCreateFixedRegion(PMMSUPPORT Vm, ULONG_PTR Va, SIZE_T Size, ULONG Type, BOOLEAN Writable);
NTSTATUS MmReserveRegion(PMMSUPPORT Vm, SIZE_T Size, BOOLEAN TopDown, BOOLEAN Commit, ULONG_PTR *Va);
NTSTATUS MmReleaseRegion(PMMSUPPORT Vm, ULONG_PTR Va); /* a whole VAD with its pages */
BOOLEAN MmResolveFault(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN Write);
VOID MiDeleteVads(PMMSUPPORT Vm);

/* Image sections (mm/section.c). */
extern struct _OBJECT_TYPE *MmSectionObjectType;
typedef struct _SECTION_OBJECT SECTION_OBJECT, *PSECTION_OBJECT;
NTSTATUS MmCreateBootSections(VOID);
NTSTATUS MmReferenceBootSection(const char *Directory, const char *Name, PSECTION_OBJECT *Section);
NTSTATUS MmMapImageView(PMMSUPPORT Vm, PSECTION_OBJECT Section, ULONG_PTR *Base); /* *Base 0: preferred or free */
const struct _LDR_IMAGE_INFO *MmSectionImageInfo(PSECTION_OBJECT Section);
/* The file object a section was made from (not referenced), or NULL. */
PVOID MmSectionFileObject(PSECTION_OBJECT Section);
ULONG_PTR MmSectionExport(PSECTION_OBJECT Section, const char *Name); /* at the preferred base */
