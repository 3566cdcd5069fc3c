/*
 * start.c — C start of a root task: TLS, IPC buffer, allocator, main, exit.
 *
 * Called from _start (crt0.S) on the .bss stack with the bootinfo pointer.
 * Until the FS base is set nothing here may touch a __thread variable; the
 * wrfsbase asm has a memory clobber so the compiler cannot move TLS
 * accesses above it.  The kernel enables CR4.FSGSBASE for user code.
 */
#include <sel4rt/sel4rt.h>

#include "rt_private.h"

#define MAIN_TLS_BYTES 8192

static unsigned char main_tls_area[MAIN_TLS_BYTES] __attribute__((aligned(64)));
static seL4_BootInfo *boot_info;

seL4_BootInfo *rt_bootinfo(void) { return boot_info; }

static void write_fs_base(seL4_Word base) {
    __asm__ volatile("wrfsbase %0" : : "r"(base) : "memory");
}

/* Print without printf (usable before TLS exists). */
static void early_puts(const char *s) { seL4_DebugPutString(s); }

SEL4_NORETURN void __sel4rt_start_c(seL4_BootInfo *bi);

SEL4_NORETURN void __sel4rt_start_c(seL4_BootInfo *bi) {
    seL4_Word tp = rt_tls_init(main_tls_area, sizeof(main_tls_area));

    if (tp == 0) {
        /* rt_exit needs the IPC buffer, hence TLS: just stop. */
        early_puts("sel4rt: TLS template too large for the main thread\n");
        seL4_DebugHalt();
        for (;;)
            ;
    }
    write_fs_base(tp);
    seL4_SetIPCBuffer(bi->ipcBuffer);
    boot_info = bi;
    rt_alloc_init(bi);
    rt_exit(main(bi) == 0 ? RT_EXIT_SUCCESS : RT_EXIT_FAILURE);
}
