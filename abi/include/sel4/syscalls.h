/*
 * sel4/syscalls.h — the system calls, as inline x86_64 `syscall` sequences.
 *
 * USER-ONLY header.  Register convention (reference §1.3):
 *
 *     RDX  syscall number           (preserved)
 *     RDI  cap pointer in / badge out
 *     RSI  message info in / out
 *     R10, R8, R9, R15   message registers MR0..MR3, in and out
 *     RCX, R11           clobbered by syscall/sysret
 *     RSP                clobbered by the kernel: saved in RBX around it
 *
 * Everything funnels through one primitive, sel4_x64_syscall(), whose
 * operands are all read-write so the compiler never assumes a register
 * survived.  The plain variants (seL4_Send, seL4_Call ...) move MR0..3
 * between the IPC buffer's msg[0..3] and the registers, as libsel4 does;
 * the *WithMRs variants take pointers instead (NULL = not used) and leave the
 * IPC buffer's first four words alone.
 *
 * Unlike libsel4, the debug syscalls are declared unconditionally; whether
 * the kernel honours them depends on its build (see docs/abi.md).
 */
#ifndef SEL4_SYSCALLS_H
#define SEL4_SYSCALLS_H

#include <sel4/functions.h>
#include <sel4/types.h>

/* The one `syscall` instruction. */
LIBSEL4_INLINE_FUNC void sel4_x64_syscall(seL4_Word sys, seL4_Word *cap_badge, seL4_Word *info,
                                          seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                          seL4_Word *mr3) {
    register seL4_Word r10 __asm__("r10") = *mr0;
    register seL4_Word r8 __asm__("r8") = *mr1;
    register seL4_Word r9 __asm__("r9") = *mr2;
    register seL4_Word r15 __asm__("r15") = *mr3;
    seL4_Word rdi = *cap_badge;
    seL4_Word rsi = *info;

    __asm__ volatile("movq %%rsp, %%rbx\n\t"
                     "syscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+d"(sys), "+D"(rdi), "+S"(rsi), "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15)
                     :
                     : "rcx", "r11", "rbx", "memory", "cc");
    *cap_badge = rdi;
    *info = rsi;
    *mr0 = r10;
    *mr1 = r8;
    *mr2 = r9;
    *mr3 = r15;
}

/* MR i for an outgoing message: taken from `mr` if the message has it. */
LIBSEL4_INLINE_FUNC seL4_Word sel4_mr_in(seL4_MessageInfo_t info, int i, const seL4_Word *mr) {
    if (mr == seL4_Null || seL4_MessageInfo_get_length(info) <= (seL4_Word)i)
        return 0;
    return *mr;
}

LIBSEL4_INLINE_FUNC void sel4_mr_out(seL4_Word *mr, seL4_Word value) {
    if (mr != seL4_Null)
        *mr = value;
}

/* Outgoing-only syscall with MR0..3 taken from the IPC buffer. */
LIBSEL4_INLINE_FUNC void sel4_send_buffer(seL4_Word sys, seL4_Word cap, seL4_MessageInfo_t info) {
    seL4_Word m0 = seL4_GetMR(0), m1 = seL4_GetMR(1);
    seL4_Word m2 = seL4_GetMR(2), m3 = seL4_GetMR(3);

    sel4_x64_syscall(sys, &cap, &info.words[0], &m0, &m1, &m2, &m3);
}

/* Full exchange with MR0..3 taken from and returned to the IPC buffer. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t sel4_exchange_buffer(seL4_Word sys, seL4_Word cap,
                                                            seL4_MessageInfo_t info,
                                                            seL4_Word *sender) {
    seL4_Word m0 = seL4_GetMR(0), m1 = seL4_GetMR(1);
    seL4_Word m2 = seL4_GetMR(2), m3 = seL4_GetMR(3);

    sel4_x64_syscall(sys, &cap, &info.words[0], &m0, &m1, &m2, &m3);
    seL4_SetMR(0, m0);
    seL4_SetMR(1, m1);
    seL4_SetMR(2, m2);
    seL4_SetMR(3, m3);
    sel4_mr_out(sender, cap);
    return info;
}

/* Full exchange with MR0..3 taken from and returned through pointers. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t sel4_exchange_mrs(seL4_Word sys, seL4_Word cap,
                                                         seL4_MessageInfo_t info, seL4_Word *sender,
                                                         seL4_Word *mr0, seL4_Word *mr1,
                                                         seL4_Word *mr2, seL4_Word *mr3) {
    seL4_Word m0 = sel4_mr_in(info, 0, mr0), m1 = sel4_mr_in(info, 1, mr1);
    seL4_Word m2 = sel4_mr_in(info, 2, mr2), m3 = sel4_mr_in(info, 3, mr3);

    sel4_x64_syscall(sys, &cap, &info.words[0], &m0, &m1, &m2, &m3);
    sel4_mr_out(mr0, m0);
    sel4_mr_out(mr1, m1);
    sel4_mr_out(mr2, m2);
    sel4_mr_out(mr3, m3);
    sel4_mr_out(sender, cap);
    return info;
}

/* ---- Send family: no reply, nothing comes back. ---- */

LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo) {
    sel4_send_buffer(seL4_SysSend, dest, msgInfo);
}

LIBSEL4_INLINE_FUNC void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                          seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                          seL4_Word *mr3) {
    seL4_Word m0 = sel4_mr_in(msgInfo, 0, mr0), m1 = sel4_mr_in(msgInfo, 1, mr1);
    seL4_Word m2 = sel4_mr_in(msgInfo, 2, mr2), m3 = sel4_mr_in(msgInfo, 3, mr3);

    sel4_x64_syscall(seL4_SysSend, &dest, &msgInfo.words[0], &m0, &m1, &m2, &m3);
}

LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo) {
    sel4_send_buffer(seL4_SysNBSend, dest, msgInfo);
}

LIBSEL4_INLINE_FUNC void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                            seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                            seL4_Word *mr3) {
    seL4_Word m0 = sel4_mr_in(msgInfo, 0, mr0), m1 = sel4_mr_in(msgInfo, 1, mr1);
    seL4_Word m2 = sel4_mr_in(msgInfo, 2, mr2), m3 = sel4_mr_in(msgInfo, 3, mr3);

    sel4_x64_syscall(seL4_SysNBSend, &dest, &msgInfo.words[0], &m0, &m1, &m2, &m3);
}

LIBSEL4_INLINE_FUNC void seL4_Reply(seL4_MessageInfo_t msgInfo) {
    sel4_send_buffer(seL4_SysReply, 0, msgInfo);
}

LIBSEL4_INLINE_FUNC void seL4_ReplyWithMRs(seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                           seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3) {
    seL4_Word dest = 0;
    seL4_Word m0 = sel4_mr_in(msgInfo, 0, mr0), m1 = sel4_mr_in(msgInfo, 1, mr1);
    seL4_Word m2 = sel4_mr_in(msgInfo, 2, mr2), m3 = sel4_mr_in(msgInfo, 3, mr3);

    sel4_x64_syscall(seL4_SysReply, &dest, &msgInfo.words[0], &m0, &m1, &m2, &m3);
}

/* Signal a notification: a Send with an empty message. */
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest) {
    seL4_Word info = seL4_MessageInfo_new(0, 0, 0, 0).words[0];
    seL4_Word m0 = 0, m1 = 0, m2 = 0, m3 = 0;

    sel4_x64_syscall(seL4_SysSend, &dest, &info, &m0, &m1, &m2, &m3);
}

/* ---- Receive family. ---- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender) {
    return sel4_exchange_buffer(seL4_SysRecv, src, seL4_MessageInfo_new(0, 0, 0, 0), sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3) {
    return sel4_exchange_mrs(seL4_SysRecv, src, seL4_MessageInfo_new(0, 0, 0, 0), sender, mr0, mr1,
                             mr2, mr3);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender) {
    return sel4_exchange_buffer(seL4_SysNBRecv, src, seL4_MessageInfo_new(0, 0, 0, 0), sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                          seL4_Word *mr0, seL4_Word *mr1,
                                                          seL4_Word *mr2, seL4_Word *mr3) {
    return sel4_exchange_mrs(seL4_SysNBRecv, src, seL4_MessageInfo_new(0, 0, 0, 0), sender, mr0,
                             mr1, mr2, mr3);
}

/* Non-MCS: Wait is Recv, Poll is NBRecv (notification objects). */
LIBSEL4_INLINE_FUNC void seL4_Wait(seL4_CPtr src, seL4_Word *sender) { seL4_Recv(src, sender); }

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender) {
    return seL4_NBRecv(src, sender);
}

/* ---- Call and ReplyRecv: send then receive in one syscall. ---- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo) {
    return sel4_exchange_buffer(seL4_SysCall, dest, msgInfo, seL4_Null);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3) {
    return sel4_exchange_mrs(seL4_SysCall, dest, msgInfo, seL4_Null, mr0, mr1, mr2, mr3);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                      seL4_Word *sender) {
    return sel4_exchange_buffer(seL4_SysReplyRecv, src, msgInfo, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src,
                                                             seL4_MessageInfo_t msgInfo,
                                                             seL4_Word *sender, seL4_Word *mr0,
                                                             seL4_Word *mr1, seL4_Word *mr2,
                                                             seL4_Word *mr3) {
    return sel4_exchange_mrs(seL4_SysReplyRecv, src, msgInfo, sender, mr0, mr1, mr2, mr3);
}

LIBSEL4_INLINE_FUNC void seL4_Yield(void) {
    seL4_Word cap = 0, info = 0, m0 = 0, m1 = 0, m2 = 0, m3 = 0;

    sel4_x64_syscall(seL4_SysYield, &cap, &info, &m0, &m1, &m2, &m3);
}

/* ---- Debug syscalls (kernel debug/printing builds). ---- */

/* A syscall whose only argument and result is RDI. */
LIBSEL4_INLINE_FUNC seL4_Word sel4_debug_syscall(seL4_Word sys, seL4_Word arg) {
    seL4_Word info = 0, m0 = 0, m1 = 0, m2 = 0, m3 = 0;

    sel4_x64_syscall(sys, &arg, &info, &m0, &m1, &m2, &m3);
    return arg;
}

LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c) {
    sel4_debug_syscall(seL4_SysDebugPutChar, (seL4_Word)(seL4_Uint8)c);
}

LIBSEL4_INLINE_FUNC void seL4_DebugPutString(const char *str) {
    for (; *str != '\0'; str++)
        seL4_DebugPutChar(*str);
}

LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void) {
    sel4_debug_syscall(seL4_SysDebugDumpScheduler, 0);
}

LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void) { sel4_debug_syscall(seL4_SysDebugHalt, 0); }

LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void) { sel4_debug_syscall(seL4_SysDebugSnapshot, 0); }

/* Kernel cap-type tag of `cap` (reference §11.4); 0 if the lookup fails. */
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap) {
    return (seL4_Uint32)sel4_debug_syscall(seL4_SysDebugCapIdentify, cap);
}

/*
 * Name a thread for kernel debug output.  The NUL-terminated name goes in
 * the IPC buffer from msg[0] on; longer names are truncated to fit.
 */
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name) {
    char *dst = (char *)&seL4_GetIPCBuffer()->msg[0];
    seL4_Word max = seL4_MsgMaxLength * sizeof(seL4_Word) - 1;
    seL4_Word i;

    for (i = 0; i < max && name[i] != '\0'; i++)
        dst[i] = name[i];
    dst[i] = '\0';
    sel4_debug_syscall(seL4_SysDebugNameThread, tcb);
}

#endif /* SEL4_SYSCALLS_H */
