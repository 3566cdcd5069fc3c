/*
 * Kernel objects as they lie in memory.
 *
 * Every object lives in memory retyped from an untyped capability, at an
 * address aligned to its size; the sizes are fixed by the ABI
 * (seL4_TCBBits, seL4_EndpointBits...).  Static asserts at the bottom pin
 * them.
 */
#pragma once
#include <types.h>
#include <config.h>
#include <object/cap.h>

/*
 * Capability derivation tree (CDT) links.  The tree is kept as a doubly
 * linked list in depth-first order (see kernel/cdt.c): a node's descendants
 * follow it directly.  Slots are 32-byte aligned, so the low bits of the
 * link words carry two flags.
 */
#define MDB_REVOCABLE BIT(0)
#define MDB_FIRST_BADGED BIT(1)
#define MDB_FLAGS 3ull

typedef struct mdb {
    word_t prev; /* pointer to previous cte | flags */
    word_t next; /* pointer to next cte */
} mdb_t;

typedef struct cte {
    cap_t cap;
    mdb_t mdb;
} cte_t;

/* Thread states. */
typedef enum {
    ts_inactive = 0,
    ts_running,
    ts_restart,
    ts_blocked_on_receive,
    ts_blocked_on_send,
    ts_blocked_on_reply,
    ts_blocked_on_notification,
    ts_idle,
} thread_state_t;

/*
 * The user register context.  Entry code pushes registers straight into
 * this structure: the hardware frame (ss..rip) sits at the top, where the
 * CPU pushes it on an interrupt from user mode (TSS.RSP0 points just past
 * the end), and the stubs push the rest downwards.  The order is ours
 * (internal); seL4_UserContext order is produced by tcb.c.
 */
typedef struct user_context {
    word_t r15, r14, r13, r12, r11, r10, r9, r8;
    word_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    word_t error;  /* CPU error code; ENTRY_SYSCALL for syscall entries */
    word_t rip;    /* next instruction to run */
    word_t cs, rflags, rsp, ss;
} user_context_t;

#define ENTRY_SYSCALL ((word_t)-1)
#define ENTRY_IRET ((word_t)0)

/* Index of the thread's CTE slots. */
enum {
    tcb_cte_cspace = 0,
    tcb_cte_vspace,
    tcb_cte_ipc_buffer,
    tcb_cte_caller,
    tcb_cte_count
};

typedef enum {
    fault_null = 0,
    fault_cap = 1,
    fault_unknown_syscall = 2,
    fault_user_exception = 3,
    fault_vm = 5,
} fault_type_t;

typedef struct fault {
    word_t type;
    word_t w[4]; /* type-specific data; see kernel/faults.c */
} fault_t;

/* Lookup-failure description carried by errors and cap faults. */
typedef struct lookup_fault {
    word_t type; /* seL4_LookupFailureType */
    word_t bits_left;
    word_t w1; /* bits found / guard found */
    word_t w2; /* guard size */
} lookup_fault_t;

struct endpoint;
struct notification;

typedef struct tcb {
    /* Capability slots first: they are part of the object's CDT presence. */
    cte_t ctes[tcb_cte_count];

    word_t ctx_pad; /* the end of ctx is TSS.RSP0: it must be 16-byte aligned */
    user_context_t ctx;
    word_t fault_ip; /* restart address (the trapping instruction) */
    word_t fs_base, gs_base;

    thread_state_t state;
    /* Blocking details. */
    void *blocked_on;     /* endpoint or notification */
    word_t blocked_badge; /* badge of the send cap */
    bool blocked_can_grant, blocked_can_grant_reply, blocked_is_call;
    bool reply_can_grant;

    word_t prio, mcp, domain;
    word_t time_slice;
    word_t flags; /* seL4_TCBFlag_* */

    struct tcb *sched_next, *sched_prev;
    bool in_ready_queue;
    struct tcb *ep_next, *ep_prev;

    word_t fault_handler; /* cptr, looked up at fault time */
    fault_t fault;
    lookup_fault_t lookup_fault;

    vptr_t ipc_buffer;
    struct notification *bound_notification;
    cte_t *reply_slot; /* slot holding the reply cap that names this thread */

    char name[CONFIG_THREAD_NAME_LEN];
    struct tcb *dbg_next, *dbg_prev; /* list of all threads, for debugging */

    /* Extended FPU state: x87/SSE/AVX, XSAVE layout, 64-byte aligned. */
    uint8_t fpu[1024] ALIGNED(64);
} tcb_t;

typedef enum { ep_idle = 0, ep_send = 1, ep_recv = 2 } ep_state_t;

typedef struct endpoint {
    word_t head_state; /* tcb_t* | state */
    tcb_t *tail;
} endpoint_t;

typedef enum { ntfn_idle = 0, ntfn_waiting = 1, ntfn_active = 2 } ntfn_state_t;

typedef struct notification {
    word_t head_state; /* tcb_t* | state */
    tcb_t *tail;
    word_t word;
    tcb_t *bound;
} notification_t;

#define ASID_POOL_ENTRIES 512
typedef struct asid_pool {
    word_t pml4[ASID_POOL_ENTRIES]; /* kernel pointer to the PML4 or 0 */
} asid_pool_t;

_Static_assert(sizeof(cte_t) == 32, "cte size is seL4_SlotBits");
_Static_assert(sizeof(tcb_t) <= 2048, "tcb must fit seL4_TCBBits");
_Static_assert(sizeof(endpoint_t) == 16, "endpoint size is seL4_EndpointBits");
_Static_assert(sizeof(notification_t) == 32, "notification size is seL4_NotificationBits");
_Static_assert(sizeof(asid_pool_t) == 4096, "asid pool size");
_Static_assert(offsetof(tcb_t, ctes) == 0, "ctes first");
_Static_assert((offsetof(tcb_t, ctx) + sizeof(user_context_t)) % 16 == 0,
               "the CPU aligns the interrupt frame to 16 bytes");

static inline cte_t *mdb_prev(const cte_t *c) { return (cte_t *)(c->mdb.prev & ~MDB_FLAGS); }
static inline cte_t *mdb_next(const cte_t *c) { return (cte_t *)c->mdb.next; }
static inline bool mdb_revocable(const cte_t *c) { return c->mdb.prev & MDB_REVOCABLE; }
static inline bool mdb_first_badged(const cte_t *c) { return c->mdb.prev & MDB_FIRST_BADGED; }
static inline void mdb_set_prev(cte_t *c, cte_t *p) { c->mdb.prev = (word_t)p | (c->mdb.prev & MDB_FLAGS); }
static inline void mdb_set_next(cte_t *c, cte_t *n) { c->mdb.next = (word_t)n; }
static inline void mdb_set_flags(cte_t *c, bool revocable, bool first_badged)
{
    c->mdb.prev = (c->mdb.prev & ~MDB_FLAGS) | (revocable ? MDB_REVOCABLE : 0) |
                  (first_badged ? MDB_FIRST_BADGED : 0);
}

static inline tcb_t *ep_head(endpoint_t *ep) { return (tcb_t *)(ep->head_state & ~3ull); }
static inline ep_state_t ep_state(endpoint_t *ep) { return (ep_state_t)(ep->head_state & 3); }
static inline tcb_t *ntfn_head(notification_t *n) { return (tcb_t *)(n->head_state & ~3ull); }
static inline ntfn_state_t ntfn_state(notification_t *n) { return (ntfn_state_t)(n->head_state & 3); }
