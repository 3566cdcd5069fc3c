/*
 * sel4rt.h — the freestanding runtime for root tasks (and other programs
 * that talk to the kernel directly: the ABI tests, the benchmark, the fuzzer).
 *
 * What the runtime does before main():
 *   _start (crt0.S) switches to a stack in .bss and calls the C start code,
 *   which builds the main thread's static TLS block, points FS at it
 *   (wrfsbase), sets __sel4_ipc_buffer = bootinfo->ipcBuffer, initialises the
 *   slot/object allocator from the bootinfo and calls
 *       int main(seL4_BootInfo *bi);
 *   A return of 0 ends the QEMU run with RT_EXIT_SUCCESS, anything else with
 *   RT_EXIT_FAILURE (see rt_exit).
 *
 * Nothing here takes locks: call the allocator and rt_exit from one thread
 * at a time; console output of concurrent threads may interleave.
 */
#ifndef SEL4RT_SEL4RT_H
#define SEL4RT_SEL4RT_H

#include <sel4/sel4.h>
#include <stdarg.h>
#include <stddef.h>

/* ---- Program entry and exit. ---- */

#ifndef HOST_TEST /* a hosted compiler insists on main(int, char **) */
int main(seL4_BootInfo *bi);
#endif

/* Values written to QEMU's isa-debug-exit port (QEMU status = v << 1 | 1). */
#define RT_EXIT_SUCCESS 0x10
#define RT_EXIT_FAILURE 0x11

/*
 * End the QEMU run: write `code` to I/O port 0xf4 through an IOPort cap for
 * ports 0xf4..0xf7, issued from seL4_CapIOPortControl on first use (or the
 * cap given to rt_set_exit_port).  If that fails the thread halts the kernel
 * (DebugHalt) or suspends itself.  Never returns.
 */
SEL4_NORETURN void rt_exit(int code);

/* Use `port_cap` (covering 0xf4..0xf7) for rt_exit instead of issuing one. */
void rt_set_exit_port(seL4_CPtr port_cap);

/* The bootinfo passed to main. */
seL4_BootInfo *rt_bootinfo(void);

/* ---- Console output (through seL4_DebugPutChar). ---- */

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);

/* ---- Strings and memory (also used by compiler-generated code). ---- */

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* ---- Slot and object allocation from the bootinfo. ---- */

/*
 * Next free slot of the root CNode (from bootinfo->empty), or seL4_CapNull
 * when none is left.  Slots are never reused.
 */
seL4_CPtr rt_alloc_slot(void);

/*
 * Create one object of `type` (seL4_ObjectType; `size_bits` as for
 * Untyped_Retype) in a fresh slot, carved from the first non-device untyped
 * that still has room.  Returns the slot or seL4_CapNull on failure.
 */
seL4_CPtr rt_alloc_object(seL4_Word type, seL4_Word size_bits);

/* log2 of the size in bytes of an object; 0 for an unknown type. */
seL4_Word rt_object_size_bits(seL4_Word type, seL4_Word size_bits);

/* Bytes of non-device untyped memory the allocator has not handed out. */
seL4_Word rt_free_memory(void);

/*
 * Frame cap (in the root CNode) of the root-task image page holding
 * `vaddr`, or seL4_CapNull if vaddr is outside the image.  Lets a program
 * use a page-aligned static buffer as, e.g., a thread's IPC buffer.
 */
seL4_CPtr rt_image_frame_cap(const void *vaddr);

/* ---- TLS and threads in the root task's address space. ---- */

/* Bytes rt_tls_init needs for this program's TLS template. */
seL4_Word rt_tls_area_size(void);

/*
 * Lay out a static TLS block (x86_64 variant II) at the top of
 * [area, area + size): TLS data below the thread pointer, a thread control
 * block whose first word points to itself at the thread pointer.  Returns
 * the thread-pointer value (for wrfsbase, seL4_TCB_SetTLSBase or
 * seL4_UserContext.fs_base), or 0 if the area is too small.
 */
seL4_Word rt_tls_init(void *area, seL4_Word size);

#define RT_THREAD_TLS_BYTES (4096 - sizeof(seL4_IPCBuffer))
#define RT_THREAD_STACK_BYTES (4 * 4096)

/*
 * Memory for one thread.  Must lie in the root-task image (declare it
 * static) so that rt_image_frame_cap finds the IPC buffer's frame.
 */
struct rt_thread_mem {
    seL4_IPCBuffer ipc;
    unsigned char tls[RT_THREAD_TLS_BYTES];
    unsigned char stack[RT_THREAD_STACK_BYTES];
} __attribute__((aligned(4096)));

struct rt_thread {
    seL4_CPtr tcb;
    struct rt_thread_mem *mem;
    seL4_Word tls_base;
};

/*
 * Create a thread in the caller's CSpace and VSpace with priority `prio`
 * and fault handler `fault_ep` (a cptr, may be seL4_CapNull).  The thread
 * is not started.  Returns seL4_NoError or the failing invocation's error
 * (seL4_NotEnoughMemory if no TCB could be allocated).
 */
int rt_thread_create(struct rt_thread *t, struct rt_thread_mem *mem, seL4_Word prio,
                     seL4_CPtr fault_ep);

/*
 * Start `t` running fn(arg).  The thread first sets its __sel4_ipc_buffer,
 * then calls fn; when fn returns the thread suspends itself.
 */
int rt_thread_start(struct rt_thread *t, void (*fn)(void *), void *arg);

/*
 * Fill `uc` so that a thread entering it runs fn(arg) on `stack_top` with
 * `tls_base` in FS, IPC buffer `ipc`, and suspends `tcb` when fn returns.
 * For callers that create threads themselves (seL4_TCB_WriteRegisters).
 */
void rt_thread_context(seL4_UserContext *uc, void *stack_top, seL4_Word tls_base,
                       seL4_IPCBuffer *ipc, void (*fn)(void *), void *arg, seL4_CPtr tcb);

/* First code a new thread runs (crt0.S); see rt_thread_context. */
void _rt_thread_entry(void);

/* ---- Misc. ---- */

/* Print a message and exit with RT_EXIT_FAILURE if `cond` is false. */
#define RT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond))                                                                               \
            rt_assert_fail(#cond, __FILE__, __LINE__);                                             \
    } while (0)

SEL4_NORETURN void rt_assert_fail(const char *what, const char *file, int line);

/* Human-readable name of an seL4_Error. */
const char *rt_error_name(seL4_Word err);

#endif /* SEL4RT_SEL4RT_H */
