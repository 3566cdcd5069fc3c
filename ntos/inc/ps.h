/*
 * ps.h — processes and threads (first slice).
 *
 * An EPROCESS owns an address space (MMSUPPORT: a PML4 with an ASID, its
 * paging structures and every page, each also mapped into the executive);
 * an ETHREAD owns a TCB, a tiny CNode that is its whole CSpace (slot 1: its
 * badged service endpoint, slot 2: its fault endpoint), its TEB and IPC
 * buffer.  The badge of both endpoints is the ETHREAD's address (bit 0 set
 * for faults), which is how the service loop knows who called.
 *
 * They become object-manager objects (handles, waits) when the object
 * manager is integrated; see docs/executive.md.
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
    MMSUPPORT Vm;
    ULONG_PTR PebAddress;
    ULONG_PTR ImageBase;
    ULONG UniqueProcessId;
    NTSTATUS ExitStatus;
    BOOLEAN Terminating;
    ULONG ThreadCount;
    struct _ETHREAD *InitialThread; /* the only thread, in this slice */
    struct _HANDLE_TABLE *ObjectTable; /* its handles (object manager) */
    char ImageName[32];
} EPROCESS, *PEPROCESS;

typedef struct _ETHREAD {
    PEPROCESS Process;
    MM_OBJECT Tcb;
    MM_OBJECT CNode;
    ULONG_PTR TebAddress;
    ULONG_PTR StackBase, StackLimit;
    ULONG UniqueThreadId;
    BOOLEAN Terminated;
    seL4_CPtr ReplySlot;            /* its reply cap while a call is parked */
    struct _KI_COROUTINE *ParkedCall; /* that call, or NULL */
} ETHREAD, *PETHREAD;

/* Fixed addresses in every process (x64). */
#define PS_SHARED_USER_DATA_VA 0x7ffe0000ull /* = MM_SHARED_USER_DATA_VA of ndk/ketypes.h */
#define PS_PEB_VA 0x7ffd0000ull
#define PS_TEB_BASE_VA 0x7ff00000ull    /* thread n: + n * PS_TEB_STRIDE */
#define PS_TEB_STRIDE 0x4000ull         /* TEB (2 pages), IPC buffer, gap */
#define PS_IPC_BUFFER_OFFSET 0x2000ull  /* from the TEB; the ntdll stubs know it */
#define PS_STACK_TOP 0x20000000ull
#define PS_STACK_COMMIT 0x40000ull      /* committed up front until demand paging */

NTSTATUS PsInitSystem(VOID);
NTSTATUS PsCreateInitialProcess(const char *ImageName);
VOID PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus);
extern seL4_CPtr KiServiceEndpoint;
VOID KiThreadTerminating(PETHREAD Thread); /* cancels its parked call (ke/services.c) */
extern ULONG PspActiveProcesses;

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
BOOLEAN MmResolveFault(PMMSUPPORT Vm, ULONG_PTR Va, BOOLEAN Write);
VOID MiDeleteVads(PMMSUPPORT Vm);
