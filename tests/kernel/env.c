/*
 * env.c — the pieces of the ktest framework that tests call directly:
 * check reporting, slot and object allocation from the per-test
 * environment, and time (TSC) helpers.
 *
 * Checks: every failed check prints one indented line
 *     CHECK FAILED file:line: expr: got X, expected Y
 * and bumps kt_failures, which the runner resets before each test and reads
 * afterwards.  Helper threads may run checks too (the counter is shared;
 * the machine has one CPU and the increment is a single instruction).
 *
 * Allocation: kt_slot() is a bump allocator over the test's slot range
 * [slot_first, slot_end); slots are not reused within a test, and the
 * runner empties the whole range afterwards.  kt_alloc() retypes one object
 * from env->untyped into such a slot.  Nothing here frees memory on its own
 * behalf: tests delete what they create, and the runner verifies it.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

volatile unsigned kt_failures;
static seL4_Word kt_tsc_mhz = 2000;

/* ---- Output and checks -------------------------------------------------- */

int kt_printf(const char *fmt, ...) {
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

static const char *const kt_error_names[] = {
    "NoError",     "InvalidArgument", "InvalidCapability", "IllegalOperation",
    "RangeError",  "AlignmentError",  "FailedLookup",      "TruncatedMessage",
    "DeleteFirst", "RevokeFirst",     "NotEnoughMemory",
};

const char *kt_error_name(seL4_Word err) {
    if (err < KT_ARRAY_SIZE(kt_error_names))
        return kt_error_names[err];
    return "?";
}

static void kt_note_failure(void) { kt_failures++; }

bool kt_check(bool ok, const char *file, int line, const char *expr) {
    if (!ok) {
        kt_printf("    CHECK FAILED %s:%d: %s\n", file, line, expr);
        kt_note_failure();
    }
    return ok;
}

bool kt_check_eq(seL4_Word actual, seL4_Word expected, const char *file, int line,
                 const char *actual_expr, const char *expected_expr) {
    if (actual == expected)
        return true;
    kt_printf("    CHECK FAILED %s:%d: %s == %s: got 0x%lx, expected 0x%lx\n", file, line,
              actual_expr, expected_expr, actual, expected);
    kt_note_failure();
    return false;
}

bool kt_check_err(seL4_Word actual, seL4_Word expected, const char *file, int line,
                  const char *expr) {
    if (actual == expected)
        return true;
    kt_printf("    CHECK FAILED %s:%d: %s: got %s (%lu), expected %s (%lu)\n", file, line, expr,
              kt_error_name(actual), actual, kt_error_name(expected), expected);
    kt_note_failure();
    return false;
}

bool kt_check_err_mrs(seL4_Word actual, seL4_Word expected, unsigned n, const seL4_Word *mrs,
                      const char *file, int line, const char *expr) {
    seL4_Word got[8];
    bool ok;
    unsigned i;

    /* Capture the MRs before printing anything. */
    for (i = 0; i < n && i < KT_ARRAY_SIZE(got); i++)
        got[i] = seL4_GetMR((int)i);
    if (!kt_check_err(actual, expected, file, line, expr))
        return false;
    ok = true;
    for (i = 0; i < n && i < KT_ARRAY_SIZE(got); i++) {
        if (got[i] != mrs[i]) {
            kt_printf("    CHECK FAILED %s:%d: %s: error MR%u = 0x%lx, "
                      "expected 0x%lx\n",
                      file, line, expr, i, got[i], mrs[i]);
            ok = false;
        }
    }
    if (!ok)
        kt_note_failure();
    return ok;
}

void kt_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;

    kt_printf("    FAILED %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    kt_printf("\n");
    kt_note_failure();
}

int kt_result(void) { return kt_failures == 0 ? KT_PASS : KT_FAIL; }

/* ---- Slots and objects -------------------------------------------------- */

seL4_CPtr kt_slots(struct kt_env *env, unsigned n) {
    seL4_CPtr first = env->slot_next;

    if (n == 0 || env->slot_end - first < n) {
        KT_FAIL_MSG("test ran out of CNode slots (%u wanted)", n);
        return seL4_CapNull;
    }
    env->slot_next += n;
    return first;
}

seL4_CPtr kt_slot(struct kt_env *env) { return kt_slots(env, 1); }

seL4_Error kt_retype(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits, seL4_CPtr slot) {
    return seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
}

seL4_CPtr kt_alloc(struct kt_env *env, seL4_Word type, seL4_Word size_bits) {
    seL4_CPtr slot = kt_slot(env);
    seL4_Error err;

    if (slot == seL4_CapNull)
        return seL4_CapNull;
    err = kt_retype(env->untyped, type, size_bits, slot);
    if (err != seL4_NoError) {
        KT_FAIL_MSG("kt_alloc(type %lu, size %lu): %s", type, size_bits, kt_error_name(err));
        return seL4_CapNull;
    }
    return slot;
}

void kt_free(struct kt_env *env, seL4_CPtr slot) {
    seL4_Error err;

    (void)env;
    if (slot == seL4_CapNull)
        return;
    err = seL4_CNode_Delete(seL4_CapInitThreadCNode, slot, seL4_WordBits);
    if (err != seL4_NoError)
        KT_FAIL_MSG("delete of slot %lu: %s", slot, kt_error_name(err));
}

seL4_CPtr kt_copy(struct kt_env *env, seL4_CPtr src, seL4_CapRights_t rights) {
    seL4_CPtr slot = kt_slot(env);
    seL4_Error err;

    if (slot == seL4_CapNull)
        return seL4_CapNull;
    err = seL4_CNode_Copy(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode,
                          src, seL4_WordBits, rights);
    if (err != seL4_NoError) {
        KT_FAIL_MSG("copy of slot %lu: %s", src, kt_error_name(err));
        return seL4_CapNull;
    }
    return slot;
}

seL4_CPtr kt_mint(struct kt_env *env, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge) {
    seL4_CPtr slot = kt_slot(env);
    seL4_Error err;

    if (slot == seL4_CapNull)
        return seL4_CapNull;
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode,
                          src, seL4_WordBits, rights, badge);
    if (err != seL4_NoError) {
        KT_FAIL_MSG("mint of slot %lu: %s", src, kt_error_name(err));
        return seL4_CapNull;
    }
    return slot;
}

/* ---- Time ---------------------------------------------------------------- */

/*
 * The TSC frequency comes from the extra bootinfo chunk
 * SEL4_BOOTINFO_HEADER_X86_TSC_FREQ (a u32 in MHz).  Chunks are packed
 * without alignment, so headers are read with memcpy.
 */
static uint64_t kt_parse_tsc_mhz(seL4_BootInfo *bi) {
    const unsigned char *extra = (const unsigned char *)bi + 4096;
    seL4_Word off = 0;
    seL4_BootInfoHeader h;
    uint32_t mhz;

    while (off + sizeof(h) <= bi->extraLen) {
        memcpy(&h, extra + off, sizeof(h));
        if (h.len < sizeof(h) || h.id == SEL4_BOOTINFO_HEADER_PADDING)
            break;
        if (h.id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ && h.len >= sizeof(h) + sizeof(mhz)) {
            memcpy(&mhz, extra + off + sizeof(h), sizeof(mhz));
            return mhz;
        }
        off += h.len;
    }
    return 0;
}

void kt_env_init_platform(seL4_BootInfo *bi) {
    uint64_t mhz = kt_parse_tsc_mhz(bi);

    if (mhz != 0)
        kt_tsc_mhz = mhz;
}

uint64_t kt_ms_to_tsc(uint64_t ms) { return ms * 1000 * kt_tsc_mhz; }

void kt_yield_for(uint64_t ms) {
    uint64_t end = kt_rdtsc() + kt_ms_to_tsc(ms);

    while ((int64_t)(kt_rdtsc() - end) < 0)
        seL4_Yield();
}

bool kt_drain(struct kt_env *env) {
    seL4_Error err;

    err = seL4_TCB_SetPriority(env->tcb, env->tcb, KT_WATCHDOG_PRIO + 1);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return false;
    err = seL4_TCB_SetPriority(env->tcb, env->tcb, env->prio);
    return KT_CHECK_ERR(err, seL4_NoError);
}
