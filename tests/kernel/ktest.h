/*
 * ktest.h — the kernel ABI test suite's framework (the "ktest" root task).
 *
 * The suite is a root task in the spirit of seL4's sel4test, written only
 * against the public libsel4 API (<sel4/sel4.h>) and the small root-task
 * runtime (lib/sel4rt).  Its pieces:
 *
 *   registry   each test is a struct kt_test {ID, name, function}; every
 *              test file exports one struct kt_group (kt_group_<area>) and main.c
 *              lists the tables in the order they run.
 *   runner     main.c.  For every test the runner (the root thread, priority
 *              255) builds a fresh environment, starts a *test thread*
 *              (priority KT_TEST_PRIO) that calls the test function, and
 *              waits on its endpoint for one of: the test's verdict, a fault
 *              of the test thread or of one of its helpers, or the watchdog.
 *              Afterwards it checks that the test gave back everything it
 *              allocated, tears the environment down and prints one line
 *              `TEST <ID> <name>: PASS|FAIL`.  At the end it prints exactly
 *              `N passed, N failed` and exits QEMU with 0x10 (all passed)
 *              or 0x11.
 *   checks     KT_CHECK* macros below.  A failed check prints file:line with
 *              the expected and actual values and marks the running test as
 *              failed; the macros never return or jump, they evaluate to
 *              true/false so that a test can stop early where continuing
 *              would be meaningless (`if (!KT_CHECK(...)) goto out;`).
 *   env        struct kt_env: what a test may use.  An untyped of its own
 *              (env->untyped) from which kt_alloc() carves objects, a range
 *              of free root-CNode slots handed out by kt_slot(), the root
 *              VSpace and a free virtual window (env->vm_window) for its own
 *              mappings, a device untyped, and helper threads (kt_thread_*).
 *              Tests delete what they create; the runner treats anything
 *              left behind (a non-empty slot, a child of env->untyped) as a
 *              leak and fails the test.
 *   watchdog   a priority-1 thread that only runs when every other thread
 *              is blocked; if a test has not finished KT_TEST_TIMEOUT_MS
 *              after it started, the watchdog tells the runner, which fails
 *              the test and carries on with the next one.
 *
 * Scheduling model used by the tests: the test thread runs at KT_TEST_PRIO,
 * helpers default to KT_HELPER_PRIO (lower), so a helper runs only while the
 * test thread is blocked — this keeps almost every test deterministic.
 * kt_drain() lets every other runnable thread run until all are blocked.
 */
#ifndef KTEST_H
#define KTEST_H

#include <sel4/sel4.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Configuration ---------------------------------------------------- */

#define KT_RUNNER_PRIO 255 /* the root thread */
#define KT_TEST_PRIO 200   /* the thread running a test function */
#define KT_HELPER_PRIO 150 /* default for helper threads */
#define KT_WATCHDOG_PRIO 1
#define KT_TEST_TIMEOUT_MS 5000
#define KT_MAX_THREADS 10 /* helper threads alive at once, per test */

/* Result of a test function. */
#define KT_PASS 0
#define KT_FAIL 1

/* ---- Registry ----------------------------------------------------------- */

struct kt_env;
typedef int (*kt_test_fn)(struct kt_env *env);

struct kt_test {
    const char *id;   /* e.g. "CNODE0001" */
    const char *name; /* one-line description */
    kt_test_fn fn;
};

/* One table per test file; main.c runs them in a fixed order. */
struct kt_group {
    const char *name;
    const struct kt_test *tests;
    unsigned count;
};

#define KT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern const struct kt_group kt_group_bootinfo;
extern const struct kt_group kt_group_untyped;
extern const struct kt_group kt_group_cnode;
extern const struct kt_group kt_group_tcb;
extern const struct kt_group kt_group_ipc;
extern const struct kt_group kt_group_notification;
extern const struct kt_group kt_group_faults;
extern const struct kt_group kt_group_sched;
extern const struct kt_group kt_group_vspace;
extern const struct kt_group kt_group_irq;
extern const struct kt_group kt_group_ioport;
extern const struct kt_group kt_group_debug;

/* ---- Checks ------------------------------------------------------------- */

bool kt_check(bool ok, const char *file, int line, const char *expr);
bool kt_check_eq(seL4_Word actual, seL4_Word expected, const char *file, int line,
                 const char *actual_expr, const char *expected_expr);
bool kt_check_err(seL4_Word actual, seL4_Word expected, const char *file, int line,
                  const char *expr);
bool kt_check_err_mrs(seL4_Word actual, seL4_Word expected, unsigned n, const seL4_Word *mrs,
                      const char *file, int line, const char *expr);

/* Condition must hold. */
#define KT_CHECK(cond) kt_check((cond) != 0, __FILE__, __LINE__, #cond)
/* Word equality, printing both values in hex. */
#define KT_CHECK_EQ(actual, expected)                                                              \
    kt_check_eq((seL4_Word)(actual), (seL4_Word)(expected), __FILE__, __LINE__, #actual, #expected)
/* An seL4_Error (printed by name). */
#define KT_CHECK_ERR(actual, expected)                                                             \
    kt_check_err((seL4_Word)(actual), (seL4_Word)(expected), __FILE__, __LINE__, #actual)
/*
 * An seL4_Error plus the error's message registers MR0.. as the reply left
 * them in the IPC buffer (the invocation stubs copy MR0..3 there on error).
 * Must be used right after the invocation, before anything else touches the
 * IPC buffer.
 */
#define KT_CHECK_ERR_MRS(actual, expected, ...)                                                    \
    kt_check_err_mrs((seL4_Word)(actual), (seL4_Word)(expected),                                   \
                     KT_ARRAY_SIZE(((const seL4_Word[]){__VA_ARGS__})),                            \
                     (const seL4_Word[]){__VA_ARGS__}, __FILE__, __LINE__, #actual)

/* KT_PASS if no check failed in the current test so far, else KT_FAIL. */
int kt_result(void);
/* Unconditional failure with a message (printf format). */
void kt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define KT_FAIL_MSG(...) kt_fail(__FILE__, __LINE__, __VA_ARGS__)

/* Name of an seL4_Error value ("DeleteFirst"), "?" if out of range. */
const char *kt_error_name(seL4_Word err);

/* ---- Environment -------------------------------------------------------- */

struct kt_env {
    seL4_BootInfo *bi;
    seL4_CPtr cnode;  /* root CNode (radix 12, guard 52) */
    seL4_CPtr vspace; /* root PML4 */
    seL4_CPtr tcb;    /* the test thread's own TCB */
    seL4_Word prio;   /* the test thread's priority (KT_TEST_PRIO) */

    seL4_CPtr untyped; /* RAM untyped owned by this test */
    unsigned untyped_bits;
    seL4_CPtr dev_untyped; /* device untyped (0 if none), paddr known */
    unsigned dev_untyped_bits;
    seL4_Word dev_untyped_paddr;

    seL4_CPtr slot_first; /* slots [slot_first, slot_end) are the test's */
    seL4_CPtr slot_next;
    seL4_CPtr slot_end;

    seL4_Word vm_window; /* 512 GiB of root VSpace nobody else uses */

    seL4_CPtr helper_fault_ep; /* default fault handler of helper threads */
    seL4_CPtr join_ntfn;       /* signalled when a helper thread finishes */
};

/* A free slot of the root CNode for the current test (0 if none left). */
seL4_CPtr kt_slot(struct kt_env *env);
/* `n` consecutive free slots; returns the first (0 if not enough). */
seL4_CPtr kt_slots(struct kt_env *env, unsigned n);

/*
 * Retype one object from env->untyped into a fresh slot.  Returns the cap,
 * or 0 after recording a check failure.  size_bits only matters for
 * untyped and CNode objects (and is otherwise ignored by the kernel).
 */
seL4_CPtr kt_alloc(struct kt_env *env, seL4_Word type, seL4_Word size_bits);
/* As kt_alloc() but from a chosen untyped; returns the seL4_Error. */
seL4_Error kt_retype(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits, seL4_CPtr slot);
/* Delete the cap in `slot` of the root CNode (a check failure if refused). */
void kt_free(struct kt_env *env, seL4_CPtr slot);
/* A copy of `src` with `rights` into a new slot (0 on failure). */
seL4_CPtr kt_copy(struct kt_env *env, seL4_CPtr src, seL4_CapRights_t rights);
/* A minted copy of `src` with rights and badge (0 on failure). */
seL4_CPtr kt_mint(struct kt_env *env, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge);

/* Kernel cap-type tags returned by seL4_DebugCapIdentify (reference §11.4). */
enum kt_cap_tag {
    KT_CAP_NULL = 0,
    KT_CAP_FRAME = 1,
    KT_CAP_UNTYPED = 2,
    KT_CAP_PAGE_TABLE = 3,
    KT_CAP_ENDPOINT = 4,
    KT_CAP_PAGE_DIRECTORY = 5,
    KT_CAP_NOTIFICATION = 6,
    KT_CAP_PDPT = 7,
    KT_CAP_REPLY = 8,
    KT_CAP_PML4 = 9,
    KT_CAP_CNODE = 10,
    KT_CAP_ASID_CONTROL = 11,
    KT_CAP_THREAD = 12,
    KT_CAP_ASID_POOL = 13,
    KT_CAP_IRQ_CONTROL = 14,
    KT_CAP_IRQ_HANDLER = 16,
    KT_CAP_ZOMBIE = 18,
    KT_CAP_IO_PORT = 19,
    KT_CAP_DOMAIN = 20,
    KT_CAP_IO_PORT_CONTROL = 31,
};

/* ---- Time --------------------------------------------------------------- */

static inline uint64_t kt_rdtsc(void) {
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* TSC ticks for `ms` milliseconds (from the bootinfo TSC frequency). */
uint64_t kt_ms_to_tsc(uint64_t ms);
/* Spin (yielding) for `ms`; equal-priority threads get to run meanwhile. */
void kt_yield_for(uint64_t ms);
/*
 * Let every other runnable thread above the watchdog's priority run until
 * all of them are blocked (the test thread drops to priority 2 and comes
 * back).  Returns false if the priority could not be changed.
 */
bool kt_drain(struct kt_env *env);

/* ---- Threads ------------------------------------------------------------ */

struct kt_thread;
typedef void (*kt_thread_fn)(struct kt_thread *self, seL4_Word a0, seL4_Word a1, seL4_Word a2);

/*
 * A helper thread.  Its IPC buffer, TLS block and stack come from a static
 * pool of struct rt_thread_mem inside the root image (so the IPC buffer's
 * frame cap is one of the image's frame caps).
 */
struct kt_thread {
    seL4_CPtr tcb;
    int pool_index;      /* -1 when not holding pool memory */
    seL4_IPCBuffer *ipc; /* its IPC buffer */
    seL4_CPtr ipc_frame; /* frame cap of that page (image frame) */
    seL4_Word stack_top; /* 16-byte aligned top of its stack */
    seL4_Word tls;       /* thread pointer (FS base) */
    kt_thread_fn fn;
    seL4_Word arg[3];
    seL4_CPtr join_ntfn;
    volatile seL4_Word finished;
    volatile seL4_Word result;  /* free for the test's use */
    volatile seL4_Word counter; /* free for the test's use */
};

/*
 * Create (not start) a thread in the root CSpace and VSpace: TCB from
 * env->untyped, IPC buffer/TLS/stack from the pool, fault handler
 * env->helper_fault_ep, priority `prio`, MCP seL4_MaxPrio.  Tests that want
 * another CSpace/VSpace/fault handler call seL4_TCB_SetSpace afterwards.
 * Returns false after recording a check failure.
 */
bool kt_thread_create(struct kt_env *env, struct kt_thread *t, seL4_Word prio);
/*
 * Start it at fn(t, a0, a1, a2) through seL4_TCB_WriteRegisters (resume).
 * When fn returns the thread sets t->finished, signals env->join_ntfn and
 * suspends itself.
 */
bool kt_thread_start(struct kt_thread *t, kt_thread_fn fn, seL4_Word a0, seL4_Word a1,
                     seL4_Word a2);
/*
 * Start it at an assembly probe (probes.S): rip = probe, its own stack and
 * TLS, r12/r13/r14 as given, every other register 0.
 */
bool kt_thread_start_probe(struct kt_thread *t, const void *probe, seL4_Word r12, seL4_Word r13,
                           seL4_Word r14);
/* Block until t->finished (waiting on env->join_ntfn). */
void kt_thread_join(struct kt_env *env, struct kt_thread *t);
/* Delete the TCB (stopping the thread) and return its pool memory. */
void kt_thread_destroy(struct kt_env *env, struct kt_thread *t);

/*
 * Ready-made helper bodies (helpers.c).  Arguments: a0 = cap, a1 = MR0,
 * a2 = label.  Results go to t->result (badge or reply MR0) and t->counter
 * (received MR0 or reply label).
 */
void kt_body_send(struct kt_thread *t, seL4_Word cap, seL4_Word mr0,
                  seL4_Word label); /* Send; result = 1 after it returns */
void kt_body_call(struct kt_thread *t, seL4_Word cap, seL4_Word mr0,
                  seL4_Word label); /* Call; result = reply MR0,
                                       counter = reply label */
void kt_body_recv(struct kt_thread *t, seL4_Word cap, seL4_Word unused,
                  seL4_Word unused2); /* Recv; result = badge, counter = MR0 */
void kt_body_signal(struct kt_thread *t, seL4_Word cap, seL4_Word unused,
                    seL4_Word unused2); /* Signal; result = 1 */
void kt_body_wait(struct kt_thread *t, seL4_Word cap, seL4_Word unused,
                  seL4_Word unused2); /* Wait; result = badge, counter = 1 */

/* Pool management for the runner: index 0 = test thread, 1 = watchdog. */
enum { KT_POOL_TEST = 0, KT_POOL_WATCHDOG = 1, KT_POOL_FIRST_HELPER = 2 };
struct rt_thread_mem;
struct rt_thread_mem *kt_pool_mem(int index);
/* Give every helper's pool memory back (runner, after each test). */
void kt_thread_pool_reset(void);

/* ---- Virtual memory helpers (vmhelp.c) ---------------------------------- */

/*
 * Paging structures for one 2 MiB region of a VSpace: PDPT, PD, PT caps,
 * whichever the helper had to create (0 = not created / already there).
 */
struct kt_vm_tables {
    seL4_CPtr pdpt, pd, pt;
};

/*
 * Make `vaddr` mappable with 4 KiB pages in `vspace`: create and map a PDPT,
 * PD and PT as needed (DeleteFirst from a level means it is already there).
 */
bool kt_vm_prepare(struct kt_env *env, seL4_CPtr vspace, seL4_Word vaddr,
                   struct kt_vm_tables *tables);
/* Delete what kt_vm_prepare() created. */
void kt_vm_release(struct kt_env *env, struct kt_vm_tables *tables);
/* Allocate a 4 KiB frame and map it RW at vaddr (tables must exist). */
seL4_CPtr kt_vm_map_new_frame(struct kt_env *env, seL4_CPtr vspace, seL4_Word vaddr,
                              seL4_CapRights_t rights);

/*
 * A new address space: a PML4 with an ASID from the initial pool, paging
 * structures for the 2 MiB region holding the probe page, and a copy of
 * the probe page's frame cap mapped read-only at the probe page's own
 * address, so that a thread of that VSpace can run any probe.
 */
struct kt_vspace {
    seL4_CPtr pml4;
    struct kt_vm_tables tables;
    seL4_CPtr code_frame;
};
bool kt_vspace_create(struct kt_env *env, struct kt_vspace *vs);
void kt_vspace_destroy(struct kt_env *env, struct kt_vspace *vs);

/* ---- Fault handling helpers --------------------------------------------- */

/* Print a received fault message (label + MRs) for diagnostics. */
void kt_print_fault(const char *who, seL4_Word badge, seL4_MessageInfo_t tag);

/* ---- Assembly probes (probes.S, see probes.h) ------------------------ */

#include "probes.h"

/* ---- Output ------------------------------------------------------------- */

int kt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- Internal: runner state shared with the framework ----------------- */

extern volatile unsigned kt_failures; /* failed checks in the current test */
void kt_env_init_platform(seL4_BootInfo *bi);

#endif /* KTEST_H */
