/*
 * rt_private.h — interfaces between the files of sel4rt; not installed.
 */
#ifndef SEL4RT_PRIVATE_H
#define SEL4RT_PRIVATE_H

#include <sel4rt/sel4rt.h>

/* Set up the slot/object allocator from the bootinfo (alloc.c). */
void rt_alloc_init(seL4_BootInfo *bi);

/* C entry of new threads, called by _rt_thread_entry (thread.c). */
SEL4_NORETURN void __sel4rt_thread_main(seL4_IPCBuffer *ipc, void (*fn)(void *), void *arg,
                                        seL4_CPtr tcb);

#endif /* SEL4RT_PRIVATE_H */
