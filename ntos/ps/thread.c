/*
 * thread.c — creating threads: PspCreateThread, NtCreateThreadEx,
 * NtCreateThread; NtSuspendThread, NtResumeThread.
 *
 * A thread gets, in its process:
 *
 *   TEB       2 pages in TEB slot n (PS_TEB_BASE_VA + n * PS_TEB_STRIDE),
 *             the IPC buffer the page after (TEB + PS_IPC_BUFFER_OFFSET)
 *   stack     a reservation of its own (the image's SizeOfStackReserve by
 *             default), all committed and backed on first touch
 *
 * and in the executive: a TCB, and a 4-slot CNode that is its whole CSpace
 * — CPtr 1 the service endpoint, CPtr 2 the fault endpoint, both minted
 * with the ETHREAD's address as badge (bit 0 set for faults) and only the
 * right to Call.  It starts at ntdll!LdrInitializeThunk(StartRoutine,
 * Argument): rcx and rdx, rsp as just after a call with the 32-byte home
 * area above the return address inside the stack, gs base = TEB.
 */
#include "../ke/ki.h"
#include <ndk/pstypes.h>
#include <sel4rt/sel4rt.h>

extern ULONG PspNextId;
ULONG_PTR PspLdrInitializeThunk; /* set by PsInitSystem from \KnownDlls\ntdll.dll */
VOID PspFreeThreadResources(PETHREAD Thread);

#define PS_THREAD_PRIORITY 100

static LONG PspAllocateTebSlot(PEPROCESS Process)
{
    for (ULONG i = 0; i < PS_MAX_THREADS; i++) {
        if (!(Process->TebSlots & (1ull << i))) {
            Process->TebSlots |= 1ull << i;
            return (LONG)i;
        }
    }
    return -1;
}

static NTSTATUS PspSetUpTeb(PETHREAD t)
{
    PEPROCESS p = t->Process;
    NTSTATUS st = MmCreateFixedRegion(&p->Vm, t->TebAddress, PS_IPC_BUFFER_OFFSET + 4096, MEM_PRIVATE | 0x80000000u,
                                      TRUE);
    if (!NT_SUCCESS(st))
        return st;
    t->TebMapped = TRUE;
    for (ULONG_PTR off = 0; off <= PS_IPC_BUFFER_OFFSET; off += 4096) {
        st = MmMapUserPage(&p->Vm, t->TebAddress + off, TRUE, NULL);
        if (!NT_SUCCESS(st))
            return st;
    }
    TEB teb;
    memset(&teb, 0, sizeof(teb));
    teb.NtTib.Self = (PNT_TIB)t->TebAddress;
    teb.NtTib.StackBase = (PVOID)t->StackBase;
    teb.NtTib.StackLimit = (PVOID)t->StackLimit;
    teb.ClientId.UniqueProcess = (HANDLE)(ULONG_PTR)p->UniqueProcessId;
    teb.ClientId.UniqueThread = (HANDLE)(ULONG_PTR)t->UniqueThreadId;
    teb.ProcessEnvironmentBlock = (struct _PEB *)p->PebAddress;
    teb.StaticUnicodeString.Buffer = (PWSTR)(t->TebAddress + FIELD_OFFSET(TEB, StaticUnicodeBuffer));
    teb.StaticUnicodeString.MaximumLength = sizeof(teb.StaticUnicodeBuffer);
    return MmCopyToUser(&p->Vm, t->TebAddress, &teb, sizeof(teb));
}

static NTSTATUS PspSetUpCSpace(PETHREAD t)
{
    NTSTATUS st = MmCreateObject(seL4_CapTableObject, 2, &t->CNode);
    if (!NT_SUCCESS(st))
        return st;
    seL4_CapRights_t call_only = seL4_CapRights_new(1, 0, 0, 1); /* GrantReply + Write */
    if (seL4_CNode_Mint(t->CNode.Cap, 1, 2, MmCSpaceRoot, KiServiceEndpoint, MM_CSPACE_DEPTH, call_only,
                        (seL4_Word)t) != seL4_NoError ||
        seL4_CNode_Mint(t->CNode.Cap, 2, 2, MmCSpaceRoot, KiServiceEndpoint, MM_CSPACE_DEPTH, call_only,
                        (seL4_Word)t | 1) != seL4_NoError)
        return STATUS_INSUFFICIENT_RESOURCES;
    return STATUS_SUCCESS;
}

static NTSTATUS PspSetUpTcb(PETHREAD t, ULONG_PTR StartRoutine, ULONG_PTR Argument, const seL4_UserContext *Given)
{
    PMMSUPPORT vm = &t->Process->Vm;
    NTSTATUS st = MmCreateObject(seL4_TCBObject, 0, &t->Tcb);
    if (!NT_SUCCESS(st))
        return st;
    ULONG_PTR ipcbuf = t->TebAddress + PS_IPC_BUFFER_OFFSET;
    seL4_Word guard = seL4_CNode_CapData_new(0, 62).words[0];
    if (seL4_TCB_Configure(t->Tcb.Cap, 2, t->CNode.Cap, guard, vm->Pml4.Cap, 0, ipcbuf,
                           MmUserPageCap(vm, ipcbuf)) != seL4_NoError ||
        seL4_TCB_SetSchedParams(t->Tcb.Cap, seL4_CapInitThreadTCB, PS_THREAD_PRIORITY, PS_THREAD_PRIORITY) !=
            seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    seL4_UserContext regs;
    if (Given) {
        regs = *Given; /* made by KiContextToRegisters: rflags and rip/rsp checked */
        regs.fs_base = 0;
    } else {
        memset(&regs, 0, sizeof(regs));
        regs.rip = PspLdrInitializeThunk;
        regs.rsp = t->StackBase - 0x28; /* return address slot + home area; rsp + 8 is 16-aligned */
        regs.rflags = 0x202;
        regs.rcx = StartRoutine;
        regs.rdx = Argument;
    }
    regs.gs_base = t->TebAddress;
    if (seL4_TCB_WriteRegisters(t->Tcb.Cap, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    char name[48];
    snprintf(name, sizeof(name), "%s:%u", t->Process->ImageName, t->UniqueThreadId);
    seL4_DebugNameThread(t->Tcb.Cap, name);
    return STATUS_SUCCESS;
}

/* A new thread made suspended (count 1) starts: the count goes to 0. */
static VOID PspStartThread(PETHREAD Thread)
{
    ULONG previous;
    KeResumeThread(Thread, &previous);
}

/*
 * A thread of Process, started unless Suspended.  Returns it with two
 * references: the caller's and the one it holds on itself while it runs.
 * It starts at ntdll!LdrInitializeThunk(StartRoutine, Argument) on a stack
 * reservation of its own, or, with Given (NtCreateThread), with exactly
 * those registers on the creator's stack [GivenStackLimit, GivenStackBase).
 */
NTSTATUS PspCreateThread(PEPROCESS Process, ULONG_PTR StartRoutine, ULONG_PTR Argument, SIZE_T StackReserve,
                         SIZE_T StackCommit, BOOLEAN Suspended, PETHREAD *Thread)
{
    return PspCreateThreadWithContext(Process, StartRoutine, Argument, StackReserve, StackCommit, Suspended, NULL,
                                      0, 0, Thread);
}

NTSTATUS PspCreateThreadWithContext(PEPROCESS Process, ULONG_PTR StartRoutine, ULONG_PTR Argument,
                                    SIZE_T StackReserve, SIZE_T StackCommit, BOOLEAN Suspended,
                                    const seL4_UserContext *Given, ULONG_PTR GivenStackBase,
                                    ULONG_PTR GivenStackLimit, PETHREAD *Thread)
{
    if (Process->Terminating || Process->TornDown)
        return STATUS_PROCESS_IS_TERMINATING;
    if (!PspLdrInitializeThunk)
        return STATUS_DLL_NOT_FOUND;
    LONG slot = PspAllocateTebSlot(Process);
    if (slot < 0)
        return STATUS_INSUFFICIENT_RESOURCES;
    PETHREAD t;
    NTSTATUS st = ObCreateObject(KernelMode, PsThreadType, NULL, sizeof(ETHREAD), (PVOID *)&t);
    if (NT_SUCCESS(st)) /* unnamed: inserted at once, handles come by pointer */
        st = ObInsertObject(t, NULL, 0, (PVOID *)&t, NULL);
    if (!NT_SUCCESS(st)) {
        Process->TebSlots &= ~(1ull << slot);
        return st;
    }
    t->Header.Type = KiNotificationEvent;
    InitializeListHead(&t->Header.WaitListHead);
    InitializeListHead(&t->ThreadListEntry);
    ObReferenceObject(Process);
    t->Process = Process;
    t->ExitStatus = STATUS_PENDING;
    t->TebSlot = (ULONG)slot;
    t->TebAddress = PS_TEB_BASE_VA + (ULONG_PTR)slot * PS_TEB_STRIDE;
    t->UniqueThreadId = PspNextId;
    PspNextId += 4;
    t->SuspendCount = 1; /* its TCB is made inactive: resuming to 0 starts it */
    t->TcbStopped = TRUE;
    /* It counts as running from here, so that a failure below ends it
     * through the one path that frees whatever was made. */
    ObReferenceObject(t);
    InsertTailList(&Process->ThreadListHead, &t->ThreadListEntry);
    Process->ActiveThreads++;
    PspActiveThreads++;

    if (StackReserve < PS_MIN_STACK)
        StackReserve = PS_DEFAULT_STACK_RESERVE;
    StackReserve = (StackReserve + 0xffff) & ~0xffffull;
    (void)StackCommit; /* the whole reservation is committed: stacks do not grow by guard pages yet */
    ULONG_PTR stack = 0;
    st = MmAllocateSlot(&t->ReplySlot);
    if (NT_SUCCESS(st) && Given) {
        t->OwnStack = TRUE;
        t->StackLimit = GivenStackLimit;
        t->StackBase = GivenStackBase;
    } else if (NT_SUCCESS(st)) {
        st = MmReserveRegion(&Process->Vm, StackReserve, FALSE, TRUE, &stack);
        if (NT_SUCCESS(st)) {
            t->StackLimit = stack;
            t->StackBase = stack + StackReserve;
        }
    }
    if (NT_SUCCESS(st))
        st = PspSetUpTeb(t);
    if (NT_SUCCESS(st))
        st = PspSetUpCSpace(t);
    if (NT_SUCCESS(st))
        st = PspSetUpTcb(t, StartRoutine, Argument, Given);
    if (!NT_SUCCESS(st)) {
        PspTerminateThread(t, st);
        ObDereferenceObject(t);
        return st;
    }
    if (!Suspended)
        PspStartThread(t);
    DbgTrace(DBG_PS, "ps: thread %u of process %u: TEB %lx, stack %lx-%lx%s\n", t->UniqueThreadId,
             Process->UniqueProcessId, (unsigned long)t->TebAddress, (unsigned long)t->StackLimit,
             (unsigned long)t->StackBase, Suspended ? ", suspended" : "");
    *Thread = t;
    return STATUS_SUCCESS;
}

/* Frees what a thread owns: TCB and CSpace (which stops it), reply slot,
 * TEB and stack.  Safe on a half-made thread. */
VOID PspFreeThreadResources(PETHREAD t)
{
    PEPROCESS p = t->Process;
    if (t->Tcb.Cap)
        MmDeleteObject(&t->Tcb);
    if (t->CNode.Cap)
        MmDeleteObject(&t->CNode);
    if (t->ReplySlot) {
        seL4_CNode_Delete(MmCSpaceRoot, t->ReplySlot, MM_CSPACE_DEPTH);
        MmFreeSlot(t->ReplySlot);
        t->ReplySlot = 0;
    }
    if (!p->TornDown) {
        if (t->TebMapped)
            MmReleaseRegion(&p->Vm, t->TebAddress);
        if (t->StackLimit && !t->OwnStack)
            MmReleaseRegion(&p->Vm, t->StackLimit);
    }
    t->TebMapped = FALSE;
    t->StackLimit = 0;
    p->TebSlots &= ~(1ull << t->TebSlot);
}

/*
 * The end of NtCreateThread(Ex): a handle for the creator (DesiredAccess 0
 * means all access, as Wine does), its client id if asked, then the thread
 * starts unless Suspended.  On any failure the new thread ends.  Drops the
 * creation reference to NewThread.
 */
static NTSTATUS PspPublishThread(PETHREAD Caller, PETHREAD NewThread, ACCESS_MASK DesiredAccess,
                                 PHANDLE ThreadHandle, PCLIENT_ID ClientId, BOOLEAN Suspended)
{
    HANDLE h = NULL;
    NTSTATUS st = ObOpenObjectByPointer(Caller->Process->ObjectTable, NewThread, 0,
                                        DesiredAccess ? DesiredAccess : THREAD_ALL_ACCESS, PsThreadType, UserMode,
                                        &h);
    if (NT_SUCCESS(st) && ClientId) {
        CLIENT_ID cid;
        cid.UniqueProcess = (HANDLE)(ULONG_PTR)NewThread->Process->UniqueProcessId;
        cid.UniqueThread = (HANDLE)(ULONG_PTR)NewThread->UniqueThreadId;
        if (!NT_SUCCESS(MmCopyToUser(&Caller->Process->Vm, (ULONG_PTR)ClientId, &cid, sizeof(cid)))) {
            ObCloseHandle(Caller->Process->ObjectTable, h, UserMode);
            st = STATUS_ACCESS_VIOLATION;
        }
    }
    if (!NT_SUCCESS(st)) {
        PspTerminateThread(NewThread, st);
    } else {
        KiPutHandle(Caller, ThreadHandle, h);
        if (!Suspended)
            PspStartThread(NewThread);
    }
    ObDereferenceObject(NewThread);
    return st;
}

NTSTATUS NtCreateThreadEx(PETHREAD Thread, PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle, PVOID StartRoutine,
                          PVOID Argument, ULONG CreateFlags, SIZE_T ZeroBits, SIZE_T StackSize,
                          SIZE_T MaximumStackSize, PVOID AttributeList)
{
    (void)ObjectAttributes; /* threads are unnamed */
    NTSTATUS st = KiPutHandle(Thread, ThreadHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    if (CreateFlags & ~(ULONG)(THREAD_CREATE_FLAGS_CREATE_SUSPENDED | THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH |
                               THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER))
        return STATUS_INVALID_PARAMETER;
    if (AttributeList)
        return STATUS_NOT_IMPLEMENTED; /* PS_ATTRIBUTE_LIST (client id, TEB address) not yet */
    if (ZeroBits > 21 && ZeroBits < 32)
        return STATUS_INVALID_PARAMETER;
    if (!StartRoutine || (ULONG_PTR)StartRoutine >= 0x7fffffff0000ull)
        return STATUS_INVALID_PARAMETER;
    PEPROCESS p;
    st = PsReferenceProcessByHandle(ProcessHandle, PROCESS_CREATE_THREAD, &p);
    if (!NT_SUCCESS(st))
        return st;
    SIZE_T reserve = MaximumStackSize ? MaximumStackSize : p->StackReserve;
    if (StackSize > reserve)
        reserve = StackSize;
    PETHREAD t;
    st = PspCreateThread(p, (ULONG_PTR)StartRoutine, (ULONG_PTR)Argument, reserve, StackSize, TRUE, &t);
    ObDereferenceObject(p);
    if (!NT_SUCCESS(st))
        return st;
    return PspPublishThread(Thread, t, DesiredAccess, ThreadHandle, NULL,
                            (CreateFlags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED) != 0);
}

/*
 * The old way (NT 3.1 to this day): the creator has made the stack
 * (InitialTeb) and says every register (ThreadContext).  The thread starts
 * exactly there — not through LdrInitializeThunk, so ntdll's per-thread
 * set-up (TLS, DLL_THREAD_ATTACH) does not run for it; Windows runs it
 * first and then continues to the context.  Its stack stays the creator's.
 */
NTSTATUS NtCreateThread(PETHREAD Thread, PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle, PCLIENT_ID ClientId,
                        PCONTEXT ThreadContext, PINITIAL_TEB InitialTeb, BOOLEAN CreateSuspended)
{
    (void)ObjectAttributes; /* threads are unnamed */
    PMMSUPPORT vm = &Thread->Process->Vm;
    NTSTATUS st = KiPutHandle(Thread, ThreadHandle, NULL);
    if (!NT_SUCCESS(st))
        return st;
    CLIENT_ID cid = { 0 };
    if (ClientId && !NT_SUCCESS(MmCopyToUser(vm, (ULONG_PTR)ClientId, &cid, sizeof(cid))))
        return STATUS_ACCESS_VIOLATION;
    CONTEXT c;
    INITIAL_TEB it;
    if (!ThreadContext || !InitialTeb)
        return STATUS_ACCESS_VIOLATION;
    if (!NT_SUCCESS(MmCopyFromUser(vm, &c, (ULONG_PTR)ThreadContext, sizeof(c))) ||
        !NT_SUCCESS(MmCopyFromUser(vm, &it, (ULONG_PTR)InitialTeb, sizeof(it))))
        return STATUS_ACCESS_VIOLATION;
    ULONG_PTR base = (ULONG_PTR)it.StackBase, limit = (ULONG_PTR)it.StackLimit;
    /* every integer and control register, whatever the creator's flags say */
    c.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    seL4_UserContext regs = { 0 };
    if (limit >= base || base > PS_USER_TOP || !KiContextToRegisters(&c, &regs))
        return STATUS_INVALID_PARAMETER;
    PEPROCESS p;
    st = PsReferenceProcessByHandle(ProcessHandle, PROCESS_CREATE_THREAD, &p);
    if (!NT_SUCCESS(st))
        return st;
    PETHREAD t;
    st = PspCreateThreadWithContext(p, 0, 0, 0, 0, TRUE, &regs, base, limit, &t);
    ObDereferenceObject(p);
    if (!NT_SUCCESS(st))
        return st;
    return PspPublishThread(Thread, t, DesiredAccess, ThreadHandle, ClientId, CreateSuspended);
}

/*
 * Suspend counts (ke/suspend.c does the work).  The PreviousSuspendCount
 * pointer is probed first, as Windows does: a bad one fails the call with
 * STATUS_ACCESS_VIOLATION before anything changes.  A thread that suspends
 * itself gets its answer (previous count 0) when another resumes it.
 */
typedef NTSTATUS (*PSP_SUSPEND_OP)(PETHREAD Thread, PULONG Previous);

static NTSTATUS PspChangeSuspendCount(PETHREAD Caller, HANDLE ThreadHandle, PULONG PreviousSuspendCount,
                                      PSP_SUSPEND_OP Operation)
{
    PMMSUPPORT vm = &Caller->Process->Vm;
    if (PreviousSuspendCount &&
        !NT_SUCCESS(MmProbeUser(vm, (ULONG_PTR)PreviousSuspendCount, sizeof(ULONG), TRUE)))
        return STATUS_ACCESS_VIOLATION;
    PETHREAD t;
    NTSTATUS st = PsReferenceThreadByHandle(ThreadHandle, THREAD_SUSPEND_RESUME, &t);
    if (!NT_SUCCESS(st))
        return st;
    ULONG previous = 0;
    st = Operation(t, &previous);
    ObDereferenceObject(t);
    if (NT_SUCCESS(st) && PreviousSuspendCount)
        st = MmCopyToUser(vm, (ULONG_PTR)PreviousSuspendCount, &previous, sizeof(previous));
    return st;
}

NTSTATUS NtSuspendThread(PETHREAD Thread, HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    return PspChangeSuspendCount(Thread, ThreadHandle, PreviousSuspendCount, KeSuspendThread);
}

NTSTATUS NtResumeThread(PETHREAD Thread, HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    return PspChangeSuspendCount(Thread, ThreadHandle, PreviousSuspendCount, KeResumeThread);
}

/*
 * Every thread of the process, the caller too if it is one of them (its
 * answer is then held until someone resumes it).  A thread already at the
 * maximum count stays there, as on Windows; threads made later are not
 * affected.
 */
static NTSTATUS PspChangeProcessSuspendCounts(HANDLE ProcessHandle, PSP_SUSPEND_OP Operation)
{
    PEPROCESS p;
    NTSTATUS st = PsReferenceProcessByHandle(ProcessHandle, PROCESS_SUSPEND_RESUME, &p);
    if (!NT_SUCCESS(st))
        return st;
    if (p->Terminating) {
        st = STATUS_PROCESS_IS_TERMINATING;
    } else {
        for (PLIST_ENTRY e = p->ThreadListHead.Flink; e != &p->ThreadListHead; e = e->Flink) {
            ULONG previous;
            (void)Operation(CONTAINING_RECORD(e, ETHREAD, ThreadListEntry), &previous);
        }
    }
    ObDereferenceObject(p);
    return st;
}

NTSTATUS NtSuspendProcess(PETHREAD Thread, HANDLE ProcessHandle)
{
    (void)Thread;
    return PspChangeProcessSuspendCounts(ProcessHandle, KeSuspendThread);
}

NTSTATUS NtResumeProcess(PETHREAD Thread, HANDLE ProcessHandle)
{
    (void)Thread;
    return PspChangeProcessSuspendCounts(ProcessHandle, KeResumeThread);
}
