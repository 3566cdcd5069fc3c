/*
 * debug.c — DEBUG tests: the debug syscalls of a debug build (reference
 * §1.1, §1.3, §11.4).  DebugCapIdentify is also what the runner's leak
 * check relies on, so these run early.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

static int test_identify_initial(struct kt_env *env) {
    static const struct {
        seL4_CPtr slot;
        seL4_Word tag;
    } expect[] = {
        {seL4_CapNull, KT_CAP_NULL},
        {seL4_CapInitThreadTCB, KT_CAP_THREAD},
        {seL4_CapInitThreadCNode, KT_CAP_CNODE},
        {seL4_CapInitThreadVSpace, KT_CAP_PML4},
        {seL4_CapIRQControl, KT_CAP_IRQ_CONTROL},
        {seL4_CapASIDControl, KT_CAP_ASID_CONTROL},
        {seL4_CapInitThreadASIDPool, KT_CAP_ASID_POOL},
        {seL4_CapIOPortControl, KT_CAP_IO_PORT_CONTROL},
        {seL4_CapIOSpace, KT_CAP_NULL},
        {seL4_CapBootInfoFrame, KT_CAP_FRAME},
        {seL4_CapInitThreadIPCBuffer, KT_CAP_FRAME},
        {seL4_CapDomain, KT_CAP_DOMAIN},
        {seL4_CapSMMUSIDControl, KT_CAP_NULL},
        {seL4_CapSMMUCBControl, KT_CAP_NULL},
        {seL4_CapInitThreadSC, KT_CAP_NULL},
        {seL4_CapSMC, KT_CAP_NULL},
    };
    unsigned i;

    (void)env;
    for (i = 0; i < KT_ARRAY_SIZE(expect); i++) {
        if (!KT_CHECK_EQ(seL4_DebugCapIdentify(expect[i].slot), expect[i].tag))
            kt_printf("      (slot %lu)\n", expect[i].slot);
    }
    return kt_result();
}

static int test_identify_objects(struct kt_env *env) {
    static const struct {
        seL4_Word type, size_bits, tag;
    } objs[] = {
        {seL4_UntypedObject, 12, KT_CAP_UNTYPED},
        {seL4_TCBObject, 0, KT_CAP_THREAD},
        {seL4_EndpointObject, 0, KT_CAP_ENDPOINT},
        {seL4_NotificationObject, 0, KT_CAP_NOTIFICATION},
        {seL4_CapTableObject, 4, KT_CAP_CNODE},
        {seL4_X86_PDPTObject, 0, KT_CAP_PDPT},
        {seL4_X64_PML4Object, 0, KT_CAP_PML4},
        {seL4_X86_4K, 0, KT_CAP_FRAME},
        {seL4_X86_LargePageObject, 0, KT_CAP_FRAME},
        {seL4_X86_PageTableObject, 0, KT_CAP_PAGE_TABLE},
        {seL4_X86_PageDirectoryObject, 0, KT_CAP_PAGE_DIRECTORY},
    };
    seL4_CPtr cap;
    unsigned i;

    for (i = 0; i < KT_ARRAY_SIZE(objs); i++) {
        cap = kt_alloc(env, objs[i].type, objs[i].size_bits);
        if (cap == seL4_CapNull)
            continue;
        if (!KT_CHECK_EQ(seL4_DebugCapIdentify(cap), objs[i].tag))
            kt_printf("      (object type %lu)\n", objs[i].type);
        kt_free(env, cap);
    }
    return kt_result();
}

static int test_identify_invalid(struct kt_env *env) {
    seL4_CPtr s = kt_slot(env);

    /* An empty slot, a cptr whose guard does not match (the root CNode
     * has 52 guard bits of 0), and a slot beyond... all give 0. */
    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(0x1000), KT_CAP_NULL);
    KT_CHECK_EQ(seL4_DebugCapIdentify(~0ul), KT_CAP_NULL);
    return kt_result();
}

static void name_me(struct kt_thread *self, seL4_Word a0, seL4_Word a1, seL4_Word a2) {
    seL4_DebugNameThread(self->tcb, "ktest-named-helper");
    self->result = 1;
}

static int test_name_thread(struct kt_env *env) {
    struct kt_thread t;

    /* Naming ourselves and a helper; both keep running normally. */
    seL4_DebugNameThread(env->tcb, "ktest-test-thread");
    if (!kt_thread_create(env, &t, KT_HELPER_PRIO))
        return KT_FAIL;
    seL4_DebugNameThread(t.tcb, "ktest-helper");
    kt_thread_start(&t, name_me, 0, 0, 0);
    kt_thread_join(env, &t);
    KT_CHECK_EQ(t.result, 1);
    kt_thread_destroy(env, &t);
    return kt_result();
}

static int test_dump_scheduler(struct kt_env *env) {
    (void)env;
    /* Prints the kernel's scheduler table; must simply return. */
    kt_printf("    (DebugDumpScheduler output follows)\n");
    seL4_DebugDumpScheduler();
    return kt_result();
}

static const struct kt_test tests[] = {
    {"DEBUG0001", "DebugCapIdentify of the initial caps", test_identify_initial},
    {"DEBUG0002", "DebugCapIdentify of every object type", test_identify_objects},
    {"DEBUG0003", "DebugCapIdentify of empty/unresolvable cptrs is 0", test_identify_invalid},
    {"DEBUG0004", "DebugNameThread on self and a helper", test_name_thread},
    {"DEBUG0005", "DebugDumpScheduler returns", test_dump_scheduler},
};

const struct kt_group kt_group_debug = {"debug", tests, KT_ARRAY_SIZE(tests)};
