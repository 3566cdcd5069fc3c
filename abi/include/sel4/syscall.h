/*
 * sel4/syscall.h — system call numbers (the value in RDX at `syscall`).
 *
 * Pure header.  seL4 numbers its syscalls -1, -2, ... in the order of its
 * syscall list, counting entries whose configuration is disabled, so a
 * disabled entry leaves a hole.  We name every number so the kernel can say
 * explicitly which ones it treats as "unknown" (everything marked ABSENT
 * below must raise an UnknownSyscall fault in our configuration), while user
 * code can only meaningfully use the PRESENT ones.
 *
 *   -1 .. -8   API syscalls (the kernel's SYSCALL_MIN .. SYSCALL_MAX)
 *   -9 .. -14  debug syscalls (present: CONFIG_PRINTING / CONFIG_DEBUG_BUILD)
 *   -15 .. -30 ABSENT in this configuration
 */
#ifndef SEL4_SYSCALL_H
#define SEL4_SYSCALL_H

#include <sel4/macros.h>

typedef enum {
    seL4_SysCall = -1,                                 /* PRESENT */
    seL4_SysReplyRecv = -2,                            /* PRESENT */
    seL4_SysSend = -3,                                 /* PRESENT */
    seL4_SysNBSend = -4,                               /* PRESENT */
    seL4_SysRecv = -5,                                 /* PRESENT */
    seL4_SysReply = -6,                                /* PRESENT */
    seL4_SysYield = -7,                                /* PRESENT */
    seL4_SysNBRecv = -8,                               /* PRESENT */
    seL4_SysDebugPutChar = -9,                         /* PRESENT (CONFIG_PRINTING) */
    seL4_SysDebugDumpScheduler = -10,                  /* PRESENT (CONFIG_PRINTING) */
    seL4_SysDebugHalt = -11,                           /* PRESENT (CONFIG_DEBUG_BUILD) */
    seL4_SysDebugCapIdentify = -12,                    /* PRESENT (CONFIG_DEBUG_BUILD) */
    seL4_SysDebugSnapshot = -13,                       /* PRESENT (CONFIG_DEBUG_BUILD) */
    seL4_SysDebugNameThread = -14,                     /* PRESENT (CONFIG_DEBUG_BUILD) */
    seL4_SysDebugSendIPI = -15,                        /* ABSENT: needs SMP */
    seL4_SysDebugGetThreadAffinity = -16,              /* ABSENT: needs SMP */
    seL4_SysDebugRun = -17,                            /* ABSENT */
    seL4_SysBenchmarkFlushCaches = -18,                /* ABSENT */
    seL4_SysBenchmarkResetLog = -19,                   /* ABSENT */
    seL4_SysBenchmarkFinalizeLog = -20,                /* ABSENT */
    seL4_SysBenchmarkSetLogBuffer = -21,               /* ABSENT */
    seL4_SysBenchmarkNullSyscall = -22,                /* ABSENT */
    seL4_SysBenchmarkGetThreadUtilisation = -23,       /* ABSENT */
    seL4_SysBenchmarkResetThreadUtilisation = -24,     /* ABSENT */
    seL4_SysBenchmarkDumpAllThreadsUtilisation = -25,  /* ABSENT */
    seL4_SysBenchmarkResetAllThreadsUtilisation = -26, /* ABSENT */
    seL4_SysX86DangerousWRMSR = -27,                   /* ABSENT */
    seL4_SysX86DangerousRDMSR = -28,                   /* ABSENT */
    seL4_SysVMEnter = -29,                             /* ABSENT: needs VT-x */
    seL4_SysSetTLSBase = -30,                          /* ABSENT: needs KernelFSGSBase=msr */
    SEL4_FORCE_LONG_ENUM(seL4_Syscall_ID),
} seL4_Syscall_ID;

/* Range of the API syscalls; everything else goes to the "unknown" path. */
#define seL4_SysAPIMin seL4_SysNBRecv
#define seL4_SysAPIMax seL4_SysCall

#endif /* SEL4_SYSCALL_H */
