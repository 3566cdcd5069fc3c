/*
 * shutdown.c — NtShutdownSystem.
 *
 * Every process is ended (exit status STATUS_SYSTEM_SHUTDOWN, the caller's
 * too: it gets no reply), then the machine is powered off, reset, or left
 * halted.  There is nothing to flush yet: no file system caches exist.
 * There are no tokens yet either, so the SeShutdownPrivilege check Windows
 * makes is not made: any process may shut the system down.
 *
 *   ShutdownPowerOff   the isa-debug-exit port under QEMU (ends the run
 *                      with the success value), as when no process is left
 *   ShutdownReboot     a reset through the reset control register (0xcf9),
 *                      else the keyboard controller's pulse (0x64); the
 *                      port is issued only now, so that drivers may own
 *                      those ranges before; failing both, power off
 *   ShutdownNoReboot   "safe to turn off": the executive keeps serving
 *                      (nothing is left to serve) and the CPU idles halted
 */
#include "../ke/ki.h"
#include <sel4rt/sel4rt.h>

BOOLEAN KiSystemHalted; /* read by the dispatcher: no power-off when idle */

static BOOLEAN ExpPortWrite(USHORT Port, UCHAR Value)
{
    seL4_CPtr slot;
    if (!NT_SUCCESS(MmAllocateSlot(&slot)))
        return FALSE;
    if (seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, Port, Port, MmCSpaceRoot, slot, MM_CSPACE_DEPTH) !=
        seL4_NoError) {
        MmFreeSlot(slot);
        return FALSE;
    }
    seL4_X86_IOPort_Out8(slot, Port, Value);
    return TRUE;
}

static __attribute__((noreturn)) VOID ExpReset(VOID)
{
    DbgPrint("ntos: reset\n");
    if (ExpPortWrite(0xcf9, 0x02)) /* select a hard reset, then start it */
        ExpPortWrite(0xcf9, 0x06);
    ExpPortWrite(0x64, 0xfe);
    DbgPrint("ntos: the machine did not reset; powering off instead\n");
    KiPowerOff(TRUE);
}

NTSTATUS NtShutdownSystem(PETHREAD Thread, SHUTDOWN_ACTION Action)
{
    if ((ULONG)Action > ShutdownPowerOff)
        return STATUS_INVALID_PARAMETER;
    static const char *const names[] = { "halt", "reboot", "power off" };
    DbgPrint("ntos: shutdown (%s) requested by %s (pid %u)\n", names[Action], Thread->Process->ImageName,
             Thread->Process->UniqueProcessId);
    KiSystemHalted = TRUE; /* no boot program starts after this */
    PsTerminateAllProcesses(STATUS_SYSTEM_SHUTDOWN);
    if (Action == ShutdownPowerOff)
        KiPowerOff(TRUE);
    if (Action == ShutdownReboot)
        ExpReset();
    DbgPrint("ntos: the system is halted; it is now safe to turn off the computer\n");
    return STATUS_SUCCESS; /* no reply: the caller has ended */
}
