/*
 * bench/kb_asm.h — interface of the hand-written measurement loops.
 *
 * Every measured operation in kbench runs inside an assembly loop
 * (kb_asm.S) so that the instructions between the two rdtsc reads are
 * fixed by us and not by the compiler.  This header is shared by the
 * assembly (offsets, syscall numbers) and the C driver (prototypes).
 *
 * The bracket, identical for every case:
 *
 *     lfence; rdtsc; lfence; shl $32,%rdx; or %rdx,%rax; mov %rax,%r12
 *     ... operation ...
 *     lfence; rdtsc
 *
 * Under QEMU's `-icount shift=0` an rdtsc delta is the number of guest
 * instructions executed after the first rdtsc up to and including the
 * second one, so an empty bracket measures exactly 6 (lfence, shl, or, mov,
 * lfence, rdtsc).  The upstream reference numbers also include a
 * 6-instruction bracket, so the figures compare one to one.
 */
#ifndef KB_ASM_H
#define KB_ASM_H

/* Syscall numbers (RDX), checked against sel4/syscall.h in kbench.c. */
#define KB_SYS_CALL (-1)
#define KB_SYS_REPLYRECV (-2)
#define KB_SYS_SEND (-3)
#define KB_SYS_NBSEND (-4)
#define KB_SYS_RECV (-5)
#define KB_SYS_REPLY (-6)
#define KB_SYS_YIELD (-7)
#define KB_SYS_NBRECV (-8)

/* kb_sys_t field offsets, for the assembly. */
#define KB_SYS_NR 0
#define KB_SYS_RDI 8
#define KB_SYS_RSI 16
#define KB_SYS_MR0 24
#define KB_SYS_MR1 32
#define KB_SYS_MR2 40
#define KB_SYS_MR3 48

/* kb_stamps_t field offsets: the timestamps a helper thread leaves behind. */
#define KB_STAMP_WOKE 0  /* helper's rdtsc right after its syscall returned */
#define KB_STAMP_SLEEP 8 /* helper's rdtsc right before its next syscall */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One system call, fully described by its input registers. */
typedef struct kb_sys {
    int64_t nr;     /* RDX */
    uint64_t rdi;   /* cap / argument */
    uint64_t rsi;   /* seL4_MessageInfo word */
    uint64_t mr[4]; /* R10, R8, R9, R15 */
} kb_sys_t;

typedef struct kb_stamps {
    volatile uint64_t woke;
    volatile uint64_t sleep;
} kb_stamps_t;

_Static_assert(__builtin_offsetof(kb_sys_t, nr) == KB_SYS_NR, "kb_sys_t");
_Static_assert(__builtin_offsetof(kb_sys_t, rdi) == KB_SYS_RDI, "kb_sys_t");
_Static_assert(__builtin_offsetof(kb_sys_t, rsi) == KB_SYS_RSI, "kb_sys_t");
_Static_assert(__builtin_offsetof(kb_sys_t, mr) == KB_SYS_MR0, "kb_sys_t");
_Static_assert(__builtin_offsetof(kb_stamps_t, woke) == KB_STAMP_WOKE, "kb_stamps_t");
_Static_assert(__builtin_offsetof(kb_stamps_t, sleep) == KB_STAMP_SLEEP, "kb_stamps_t");

/* n samples of an empty bracket. */
void kb_measure_empty(uint64_t *out, uint64_t n);

/* n samples of one system call issued with the registers in *s. */
void kb_measure_syscall(const kb_sys_t *s, uint64_t *out, uint64_t n);

/*
 * n samples of a system call that wakes a helper thread running
 * kb_helper_stamp: out_there[i] = helper's wake-up stamp - our start stamp
 * (this thread -> helper), out_back[i] = our end stamp - helper's
 * go-to-sleep stamp (helper -> this thread).  A sample during which the
 * helper did not leave both stamps is KB_SAMPLE_INVALID in both arrays.
 */
#define KB_SAMPLE_INVALID (~(uint64_t)0)
void kb_measure_oneway(const kb_sys_t *s, const kb_stamps_t *st, uint64_t *out_there,
                       uint64_t *out_back, uint64_t n);

/*
 * Helper-thread bodies; never return.  They use no stack and no TLS, so
 * they run in any address space that maps the image's text and data.
 * `first_nr` is issued once on `cap` (0 = skip), then `loop_nr` forever,
 * with RSI (the message info) passed through from what the previous
 * syscall returned, so a server echoes the client's message back.
 */
void kb_helper_plain(uint64_t cap, int64_t first_nr, int64_t loop_nr);
void kb_helper_stamp(uint64_t cap, int64_t first_nr, int64_t loop_nr, kb_stamps_t *st);
#endif

#endif /* KB_ASM_H */
