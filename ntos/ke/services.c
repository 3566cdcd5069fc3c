/*
 * services.c — the executive's dispatch loop.
 *
 * Every NT thread Calls the executive on its own badged capability to one
 * endpoint; the badge is the ETHREAD's address, with bit 0 set for the
 * thread's fault endpoint.  The loop receives, dispatches through the
 * generated KiServiceTable, and replies with the NTSTATUS in MR0 (and
 * then waits for the next call in the same system call, ReplyRecv).  A
 * thread whose process is being terminated gets no reply: it is already
 * suspended and its objects are freed.
 *
 * Faults: for now every user fault stops the faulting process with the
 * matching exception status (demand paging and SEH dispatch come with the
 * VAD work).
 */
#include "ki.h"

seL4_CPtr KiServiceEndpoint;

static NTSTATUS KiFaultStatus(seL4_Word Label)
{
    switch (Label) {
    case seL4_Fault_VMFault: return STATUS_ACCESS_VIOLATION;
    case seL4_Fault_UnknownSyscall: return STATUS_ILLEGAL_INSTRUCTION;
    case seL4_Fault_UserException: return STATUS_ILLEGAL_INSTRUCTION;
    default: return STATUS_UNSUCCESSFUL;
    }
}

/* Returns TRUE if the caller gets a reply. */
static BOOLEAN KiHandleMessage(seL4_Word Badge, seL4_MessageInfo_t Info, NTSTATUS *Status)
{
    PETHREAD thread = (PETHREAD)(Badge & ~1ull);
    seL4_Word label = seL4_MessageInfo_get_label(Info);
    if (Badge & 1) {
        DbgPrint("ke: %s (pid %u): fault %lu at ip %lx, address %lx; terminating the process\n",
                 thread->Process->ImageName, thread->Process->UniqueProcessId, (unsigned long)label,
                 (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));
        PspTerminateProcess(thread->Process, KiFaultStatus(label));
        return FALSE;
    }
    if (label >= KI_SERVICE_COUNT) {
        *Status = STATUS_INVALID_SYSTEM_SERVICE;
        return TRUE;
    }
    const KI_SERVICE_ENTRY *e = &KiServiceTable[label];
    ULONG n = (ULONG)seL4_MessageInfo_get_length(Info);
    if (n < e->ArgCount) {
        *Status = STATUS_INVALID_PARAMETER;
        return TRUE;
    }
    KI_SERVICE_CALL call = { .Thread = thread, .ArgCount = n };
    for (ULONG i = 0; i < e->ArgCount; i++)
        call.Args[i] = seL4_GetMR(i);
    KiCallerGone = FALSE;
    *Status = e->Handler(&call);
    return !KiCallerGone; /* the thread may be freed: don't touch it */
}

VOID KiDispatchServices(VOID)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(KiServiceEndpoint, &badge);
    for (;;) {
        NTSTATUS status;
        if (KiHandleMessage(badge, info, &status)) {
            seL4_SetMR(0, (seL4_Word)(ULONG)status);
            info = seL4_ReplyRecv(KiServiceEndpoint, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
        } else {
            if (PspActiveProcesses == 0) {
                DbgPrint("ke: no processes left\n");
                KiPowerOff(TRUE);
            }
            info = seL4_Recv(KiServiceEndpoint, &badge);
        }
    }
}
