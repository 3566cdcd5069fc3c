/*
 * watchdog.c — catching faults of the executive itself.
 *
 * The executive is the root task: if its thread faults (a bug), the kernel
 * would just stop it and the system would hang silently.  Instead its
 * fault handler is this small thread (highest priority, same address
 * space, own stack), which receives the fault message and bug-checks with
 * KMODE_EXCEPTION_NOT_HANDLED and the fault's details, so the failure is
 * visible and, under test, ends the run with a failure status.
 */
#include "ki.h"
#include <sel4rt/sel4rt.h>

#define KMODE_EXCEPTION_NOT_HANDLED 0x1e

static struct rt_thread_mem KiWatchdogMem;
static seL4_CPtr KiExecutiveFaultEndpoint;

static void KiWatchdog(void *Arg)
{
    (void)Arg;
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(KiExecutiveFaultEndpoint, &badge);
    seL4_Word label = seL4_MessageInfo_get_label(info);
    seL4_Word ip = seL4_GetMR(0), addr = seL4_GetMR(1);
    printf("\nke: the executive faulted: fault type %lu at ip 0x%lx (address/data 0x%lx)\n", (unsigned long)label,
           (unsigned long)ip, (unsigned long)addr);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, label, ip, addr, seL4_GetMR(2));
}

NTSTATUS KiStartWatchdog(VOID)
{
    MM_OBJECT ep, tcb;
    NTSTATUS st = MmCreateObject(seL4_EndpointObject, 0, &ep);
    if (!NT_SUCCESS(st))
        return st;
    st = MmCreateObject(seL4_TCBObject, 0, &tcb);
    if (!NT_SUCCESS(st))
        return st;
    KiExecutiveFaultEndpoint = ep.Cap;
    seL4_CPtr ipc_frame = rt_image_frame_cap(&KiWatchdogMem.ipc);
    if (seL4_TCB_Configure(tcb.Cap, 0, MmCSpaceRoot, 0, seL4_CapInitThreadVSpace, 0,
                           (seL4_Word)&KiWatchdogMem.ipc, ipc_frame) != seL4_NoError ||
        seL4_TCB_SetSchedParams(tcb.Cap, seL4_CapInitThreadTCB, 255, 255) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    seL4_Word tls = rt_tls_init(KiWatchdogMem.tls, sizeof(KiWatchdogMem.tls));
    seL4_UserContext uc;
    rt_thread_context(&uc, KiWatchdogMem.stack + sizeof(KiWatchdogMem.stack), tls, &KiWatchdogMem.ipc, KiWatchdog,
                      NULL, tcb.Cap);
    if (seL4_TCB_WriteRegisters(tcb.Cap, 1, 0, sizeof(uc) / sizeof(seL4_Word), &uc) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    seL4_DebugNameThread(tcb.Cap, "ntos-watchdog");
    /* Our own faults now go to the watchdog. */
    if (seL4_TCB_SetSpace(seL4_CapInitThreadTCB, KiExecutiveFaultEndpoint, MmCSpaceRoot, 0,
                          seL4_CapInitThreadVSpace, 0) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    return STATUS_SUCCESS;
}
