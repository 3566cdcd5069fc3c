/*
 * ipcbuffer.c — the definition of libsel4's per-thread IPC buffer pointer.
 *
 * sel4/functions.h declares it; every thread sets its own copy (start.c for
 * the main thread, thread.c for threads created through sel4rt).
 */
#include <sel4/sel4.h>

__thread seL4_IPCBuffer *__sel4_ipc_buffer;
