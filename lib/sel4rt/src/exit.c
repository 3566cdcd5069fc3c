/*
 * exit.c — ending the QEMU run through the isa-debug-exit device.
 *
 * QEMU's isa-debug-exit (iobase 0xf4, iosize 4) turns a write of v into the
 * process exit status (v << 1) | 1.  User code may touch an I/O port only
 * through an IOPort capability, so the first rt_exit issues one for
 * 0xf4..0xf7 from seL4_CapIOPortControl into a fresh slot.  A port range
 * can be issued only once system-wide; a program that issued it itself
 * hands the cap over with rt_set_exit_port.
 */
#include <sel4rt/sel4rt.h>

#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_PORT_LAST 0xf7

static seL4_CPtr exit_port;

void rt_set_exit_port(seL4_CPtr port_cap) { exit_port = port_cap; }

static seL4_CPtr issue_exit_port(void) {
    seL4_CPtr slot = rt_alloc_slot();
    seL4_Error err;

    if (slot == seL4_CapNull)
        return seL4_CapNull;
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, DEBUG_EXIT_PORT, DEBUG_EXIT_PORT_LAST,
                                       seL4_CapInitThreadCNode, slot, seL4_WordBits);
    if (err != seL4_NoError) {
        seL4_DebugPutString("sel4rt: cannot issue the exit I/O port\n");
        return seL4_CapNull;
    }
    return slot;
}

SEL4_NORETURN void rt_exit(int code) {
    if (exit_port == seL4_CapNull)
        exit_port = issue_exit_port();
    if (exit_port != seL4_CapNull)
        seL4_X86_IOPort_Out32(exit_port, DEBUG_EXIT_PORT, (seL4_Word)code);
    /* Still here: no debug-exit device, or no port. */
    seL4_DebugPutString("sel4rt: exit failed, halting\n");
    seL4_DebugHalt();
    for (;;)
        seL4_TCB_Suspend(seL4_CapInitThreadTCB);
}

SEL4_NORETURN void rt_assert_fail(const char *what, const char *file, int line) {
    printf("sel4rt: assertion failed: %s (%s:%d)\n", what, file, line);
    rt_exit(RT_EXIT_FAILURE);
}

const char *rt_error_name(seL4_Word err) {
    static const char *const names[seL4_NumErrors] = {
        [seL4_NoError] = "NoError",
        [seL4_InvalidArgument] = "InvalidArgument",
        [seL4_InvalidCapability] = "InvalidCapability",
        [seL4_IllegalOperation] = "IllegalOperation",
        [seL4_RangeError] = "RangeError",
        [seL4_AlignmentError] = "AlignmentError",
        [seL4_FailedLookup] = "FailedLookup",
        [seL4_TruncatedMessage] = "TruncatedMessage",
        [seL4_DeleteFirst] = "DeleteFirst",
        [seL4_RevokeFirst] = "RevokeFirst",
        [seL4_NotEnoughMemory] = "NotEnoughMemory",
    };

    if (err >= seL4_NumErrors)
        return "UnknownError";
    return names[err];
}
