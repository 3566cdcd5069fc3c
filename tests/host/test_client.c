/*
 * test_client.c — the generated invocation stubs (client.h) pack their
 * arguments exactly as reference §5.1/§5.3 says, and unpack replies.
 *
 * The stubs call SEL4_CLIENT_CALL_WITH_MRS, which this test points at a
 * mock that records what would have gone to the kernel (invoked cap, tag,
 * MR0..3 registers, the IPC buffer) and returns a scripted reply.  The IPC
 * buffer is an ordinary array; __sel4_ipc_buffer is defined here because
 * sel4rt (which normally defines it) is not linked into host tests.
 */
#include <string.h>

#include <sel4/types.h>

#include "harness.h"

static seL4_MessageInfo_t mock_call(seL4_CPtr dest, seL4_MessageInfo_t info, seL4_Word *mr0,
                                    seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3);
#define SEL4_CLIENT_CALL_WITH_MRS mock_call
#include <sel4/client.h>

__thread seL4_IPCBuffer *__sel4_ipc_buffer;
static seL4_IPCBuffer ipc;

/* What the last stub sent. */
static struct {
    seL4_CPtr dest;
    seL4_MessageInfo_t tag;
    seL4_Word regs[4];
    int calls;
} sent;

/* What the mock answers. */
static struct {
    seL4_Word label;
    seL4_Word length;
    seL4_Word regs[4];
} answer;

static seL4_MessageInfo_t mock_call(seL4_CPtr dest, seL4_MessageInfo_t info, seL4_Word *mr0,
                                    seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3) {
    seL4_Word *mrs[4] = {mr0, mr1, mr2, mr3};

    sent.dest = dest;
    sent.tag = info;
    sent.calls++;
    for (int i = 0; i < 4; i++) {
        sent.regs[i] = *mrs[i];
        *mrs[i] = answer.regs[i];
    }
    return seL4_MessageInfo_new(answer.label, 0, 0, answer.length);
}

/* Message register i as the kernel would read it. */
static seL4_Word sent_mr(int i) { return i < 4 ? sent.regs[i] : ipc.msg[i]; }

static void reset(void) {
    memset(&ipc, 0, sizeof(ipc));
    memset(&sent, 0, sizeof(sent));
    memset(&answer, 0, sizeof(answer));
    seL4_SetIPCBuffer(&ipc);
}

static void check_tag(seL4_Word label, seL4_Word caps, seL4_Word length) {
    CHECK_EQ(sent.calls, 1);
    CHECK_EQ(seL4_MessageInfo_get_label(sent.tag), label);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(sent.tag), 0);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(sent.tag), caps);
    CHECK_EQ(seL4_MessageInfo_get_length(sent.tag), length);
}

static void test_untyped_retype(void) {
    reset();
    CHECK_EQ(seL4_Untyped_Retype(100, seL4_EndpointObject, 0, 2, 0x11, 0x22, 0x33, 7),
             seL4_NoError);
    CHECK_EQ(sent.dest, 100);
    check_tag(UntypedRetype, 1, 6);
    CHECK_EQ(ipc.caps_or_badges[0], 2);
    CHECK_EQ(sent_mr(0), seL4_EndpointObject);
    CHECK_EQ(sent_mr(1), 0);
    CHECK_EQ(sent_mr(2), 0x11);
    CHECK_EQ(sent_mr(3), 0x22);
    CHECK_EQ(sent_mr(4), 0x33);
    CHECK_EQ(sent_mr(5), 7);
}

static void test_cnode_packing(void) {
    reset();
    seL4_CNode_Copy(2, 0x123, 64, 5, 0x456, 32, seL4_ReadWrite);
    check_tag(CNodeCopy, 1, 5);
    CHECK_EQ(ipc.caps_or_badges[0], 5);
    CHECK_EQ(sent_mr(0), 0x123);
    CHECK_EQ(sent_mr(1), 64);
    CHECK_EQ(sent_mr(2), 0x456);
    CHECK_EQ(sent_mr(3), 32);
    CHECK_EQ(sent_mr(4), 0x3);

    reset();
    seL4_CNode_Mint(2, 1, 12, 3, 4, 12, seL4_AllRights, 0xBADBADBADBAD);
    check_tag(CNodeMint, 1, 6);
    CHECK_EQ(sent_mr(4), 0xF);
    CHECK_EQ(sent_mr(5), 0xBADBADBADBAD);

    reset();
    seL4_CNode_Rotate(2, 10, 64, 0xD, 7, 20, 64, 0xE, 8, 30, 64);
    check_tag(CNodeRotate, 2, 8);
    CHECK_EQ(ipc.caps_or_badges[0], 7);
    CHECK_EQ(ipc.caps_or_badges[1], 8);
    CHECK_EQ(sent_mr(0), 10);
    CHECK_EQ(sent_mr(1), 64);
    CHECK_EQ(sent_mr(2), 0xD);
    CHECK_EQ(sent_mr(3), 20);
    CHECK_EQ(sent_mr(4), 64);
    CHECK_EQ(sent_mr(5), 0xE);
    CHECK_EQ(sent_mr(6), 30);
    CHECK_EQ(sent_mr(7), 64);

    reset();
    seL4_CNode_SaveCaller(2, 99, 64);
    check_tag(CNodeSaveCaller, 0, 2);
    CHECK_EQ(sent_mr(0), 99);
    CHECK_EQ(sent_mr(1), 64);
}

static void test_tcb_packing(void) {
    seL4_UserContext uc;

    reset();
    seL4_TCB_CopyRegisters(1, 9, 1, 0, 1, 1, 0xAB);
    check_tag(TCBCopyRegisters, 1, 1);
    CHECK_EQ(ipc.caps_or_badges[0], 9);
    CHECK_EQ(sent_mr(0), 0xAB0D);

    reset();
    seL4_TCB_Configure(1, 0x77, 2, 0x34, 3, 0x99, 0x500000, 40);
    check_tag(TCBConfigure, 3, 4);
    CHECK_EQ(ipc.caps_or_badges[0], 2);
    CHECK_EQ(ipc.caps_or_badges[1], 3);
    CHECK_EQ(ipc.caps_or_badges[2], 40);
    CHECK_EQ(sent_mr(0), 0x77);
    CHECK_EQ(sent_mr(1), 0x34);
    CHECK_EQ(sent_mr(2), 0x99);
    CHECK_EQ(sent_mr(3), 0x500000);

    reset();
    seL4_TCB_SetSchedParams(1, 4, 200, 100);
    check_tag(TCBSetSchedParams, 1, 2);
    CHECK_EQ(sent_mr(0), 200);
    CHECK_EQ(sent_mr(1), 100);

    reset();
    for (int i = 0; i < 20; i++)
        ((seL4_Word *)&uc)[i] = 0x1000 + i;
    seL4_TCB_WriteRegisters(1, 1, 0x5A, 20, &uc);
    check_tag(TCBWriteRegisters, 0, 22);
    CHECK_EQ(sent_mr(0), 0x5A01);
    CHECK_EQ(sent_mr(1), 20);
    for (int i = 0; i < 20; i++)
        CHECK_EQ(sent_mr(2 + i), 0x1000 + i);

    reset();
    memset(&uc, 0, sizeof(uc));
    answer.length = 20;
    for (int i = 0; i < 4; i++)
        answer.regs[i] = 0x2000 + i;
    for (int i = 4; i < 20; i++)
        ipc.msg[i] = 0x2000 + i;
    CHECK_EQ(seL4_TCB_ReadRegisters(1, 1, 0, 20, &uc), seL4_NoError);
    check_tag(TCBReadRegisters, 0, 2);
    CHECK_EQ(sent_mr(0), 1);
    CHECK_EQ(sent_mr(1), 20);
    CHECK_EQ(uc.rip, 0x2000);
    CHECK_EQ(uc.rax, 0x2003);
    CHECK_EQ(uc.rbx, 0x2004);
    CHECK_EQ(uc.r15, 0x2000 + 17);
    CHECK_EQ(uc.gs_base, 0x2000 + 19);

    reset();
    answer.length = 1;
    answer.regs[0] = 1;
    seL4_TCB_SetFlags_t flags = seL4_TCB_SetFlags(1, 0, seL4_TCBFlag_fpuDisabled);
    check_tag(TCBSetFlags, 0, 2);
    CHECK_EQ(sent_mr(0), 0);
    CHECK_EQ(sent_mr(1), 1);
    CHECK_EQ(flags.error, seL4_NoError);
    CHECK_EQ(flags.flags, 1);
}

static void test_x86_packing(void) {
    reset();
    seL4_X86_Page_Map(50, 3, 0x10000, seL4_CanRead, seL4_X86_WriteCombining);
    check_tag(X86PageMap, 1, 3);
    CHECK_EQ(ipc.caps_or_badges[0], 3);
    CHECK_EQ(sent_mr(0), 0x10000);
    CHECK_EQ(sent_mr(1), 0x2);
    CHECK_EQ(sent_mr(2), 4);

    reset();
    answer.length = 1;
    answer.regs[0] = 0x1234000;
    seL4_X86_Page_GetAddress_t addr = seL4_X86_Page_GetAddress(50);
    check_tag(X86PageGetAddress, 0, 0);
    CHECK_EQ(addr.error, 0);
    CHECK_EQ(addr.paddr, 0x1234000);

    reset();
    seL4_X86_PDPT_Map(60, 3, 0x8000000000, seL4_X86_Default_VMAttributes);
    check_tag(X86PDPTMap, 1, 2);

    reset();
    answer.length = 1;
    answer.regs[0] = 0x1FF;
    seL4_X86_IOPort_In8_t in = seL4_X86_IOPort_In8(70, 0x3F8);
    check_tag(X86IOPortIn8, 0, 1);
    CHECK_EQ(sent_mr(0), 0x3F8);
    CHECK_EQ(in.result, 0xFF);

    reset();
    seL4_X86_IOPort_Out32(70, 0xF4, 0x10);
    check_tag(X86IOPortOut32, 0, 2);
    CHECK_EQ(sent_mr(0), 0xF4);
    CHECK_EQ(sent_mr(1), 0x10);

    reset();
    seL4_X86_IOPortControl_Issue(7, 0xF4, 0xF7, 2, 300, 64);
    check_tag(X86IOPortControlIssue, 1, 4);
    CHECK_EQ(sent_mr(0), 0xF4);
    CHECK_EQ(sent_mr(1), 0xF7);
    CHECK_EQ(sent_mr(2), 300);
    CHECK_EQ(sent_mr(3), 64);

    reset();
    seL4_IRQControl_GetMSI(4, 2, 301, 64, 0, 3, 0, 0xCAFE, 5);
    check_tag(X86IRQIssueIRQHandlerMSI, 1, 7);
    CHECK_EQ(sent_mr(0), 301);
    CHECK_EQ(sent_mr(5), 0xCAFE);
    CHECK_EQ(sent_mr(6), 5);

    reset();
    seL4_X86_ASIDControl_MakePool(5, 80, 2, 302, 64);
    check_tag(X86ASIDControlMakePool, 2, 2);
    CHECK_EQ(ipc.caps_or_badges[0], 80);
    CHECK_EQ(ipc.caps_or_badges[1], 2);

    reset();
    seL4_DomainSet_ScheduleConfigure(11, 0, 0, 1000);
    check_tag(DomainScheduleConfigure, 0, 3);
    CHECK_EQ(sent_mr(2), 1000);
}

/* On error the stub copies MR0..3 into the IPC buffer, as libsel4 does. */
static void test_error_reply(void) {
    reset();
    answer.label = seL4_RangeError;
    answer.length = 2;
    answer.regs[0] = 1;
    answer.regs[1] = 256;
    CHECK_EQ(seL4_Untyped_Retype(100, 2, 0, 2, 0, 0, 20, 1000), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 256);

    reset();
    answer.label = seL4_IllegalOperation;
    answer.regs[0] = 0x55;
    seL4_X86_Page_GetAddress_t addr = seL4_X86_Page_GetAddress(50);
    CHECK_EQ(addr.error, seL4_IllegalOperation);
    CHECK_EQ(addr.paddr, 0);
    CHECK_EQ(seL4_GetMR(0), 0x55);

    /* On success the IPC buffer's first words are left alone. */
    reset();
    ipc.msg[0] = 0xAAAA;
    answer.regs[0] = 0x55;
    seL4_TCB_Suspend(1);
    CHECK_EQ(ipc.msg[0], 0xAAAA);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_untyped_retype), HARNESS_TEST(test_cnode_packing),
    HARNESS_TEST(test_tcb_packing),    HARNESS_TEST(test_x86_packing),
    HARNESS_TEST(test_error_reply),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
