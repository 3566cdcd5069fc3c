/*
 * sel4/functions.h — access to the calling thread's IPC buffer.
 *
 * USER-ONLY header (uses thread-local storage).  Each thread finds its IPC
 * buffer through the TLS variable __sel4_ipc_buffer, reached via the FS
 * segment base (x86_64 ELF TLS, variant II), exactly like libsel4's default
 * (LibSel4UseThreadLocals).  The kernel never tells a thread where its
 * buffer is; whoever starts a thread must set the variable (the root task's
 * start code uses bootinfo->ipcBuffer; see lib/sel4rt for new threads).
 *
 * The variable itself is defined by the runtime (lib/sel4rt/src/ipcbuffer.c);
 * a program that does not link sel4rt must define it once:
 *     __thread seL4_IPCBuffer *__sel4_ipc_buffer;
 */
#ifndef SEL4_FUNCTIONS_H
#define SEL4_FUNCTIONS_H

#include <sel4/types.h>

extern __thread seL4_IPCBuffer *__sel4_ipc_buffer;

LIBSEL4_INLINE_FUNC void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer) {
    __sel4_ipc_buffer = ipc_buffer;
}

LIBSEL4_INLINE_FUNC seL4_IPCBuffer *seL4_GetIPCBuffer(void) { return __sel4_ipc_buffer; }

LIBSEL4_INLINE_FUNC seL4_Word seL4_GetMR(int i) { return seL4_GetIPCBuffer()->msg[i]; }

LIBSEL4_INLINE_FUNC void seL4_SetMR(int i, seL4_Word mr) { seL4_GetIPCBuffer()->msg[i] = mr; }

LIBSEL4_INLINE_FUNC seL4_Word seL4_GetUserData(void) { return seL4_GetIPCBuffer()->userData; }

LIBSEL4_INLINE_FUNC void seL4_SetUserData(seL4_Word data) { seL4_GetIPCBuffer()->userData = data; }

/* Badge of an unwrapped extra cap i of the last received message. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetBadge(int i) {
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

LIBSEL4_INLINE_FUNC seL4_CPtr seL4_GetCap(int i) {
    return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* Name extra cap i of the next message sent. */
LIBSEL4_INLINE_FUNC void seL4_SetCap(int i, seL4_CPtr cptr) {
    seL4_GetIPCBuffer()->caps_or_badges[i] = (seL4_Word)cptr;
}

/* Where a cap received in the next message is stored; NULL outputs skipped. */
LIBSEL4_INLINE_FUNC void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                                seL4_Word *receiveDepth) {
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();

    if (receiveCNode != seL4_Null)
        *receiveCNode = ipc->receiveCNode;
    if (receiveIndex != seL4_Null)
        *receiveIndex = ipc->receiveIndex;
    if (receiveDepth != seL4_Null)
        *receiveDepth = ipc->receiveDepth;
}

LIBSEL4_INLINE_FUNC void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                                seL4_Word receiveDepth) {
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();

    ipc->receiveCNode = receiveCNode;
    ipc->receiveIndex = receiveIndex;
    ipc->receiveDepth = receiveDepth;
}

#endif /* SEL4_FUNCTIONS_H */
