/*
 * ioport.c — IOPORT tests: I/O port capabilities (reference §5.3
 * "I/O ports", §11.5).
 *
 * Devices used (QEMU pc machine): the CMOS/RTC index/data ports 0x70/0x71
 * (register 0x0D bit 7 reads 1, NVRAM bytes from 0x0E up read back what was
 * written) and the PCI configuration ports 0xCF8/0xCFC (bus 0 device 0 is
 * the i440FX host bridge, vendor 0x8086 device 0x1237).  Ports 0xF4..0xF7
 * belong to the runner (QEMU exit device) and are never touched.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NVRAM 0x40 /* a free NVRAM byte */

static seL4_CPtr issue(struct kt_env *env, seL4_Word first, seL4_Word last) {
    seL4_CPtr slot = kt_slot(env);
    seL4_Error err;

    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, first, last, ROOT, slot, D64);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return seL4_CapNull;
    return slot;
}

static seL4_Word cmos_read(seL4_CPtr port, seL4_Word reg) {
    seL4_X86_IOPort_In8_t r;

    KT_CHECK_ERR(seL4_X86_IOPort_Out8(port, CMOS_INDEX, reg), seL4_NoError);
    r = seL4_X86_IOPort_In8(port, CMOS_DATA);
    KT_CHECK_ERR(r.error, seL4_NoError);
    return r.result;
}

static void cmos_write(seL4_CPtr port, seL4_Word reg, seL4_Word value) {
    KT_CHECK_ERR(seL4_X86_IOPort_Out8(port, CMOS_INDEX, reg), seL4_NoError);
    KT_CHECK_ERR(seL4_X86_IOPort_Out8(port, CMOS_DATA, value), seL4_NoError);
}

static int test_issue_and_use(struct kt_env *env) {
    seL4_CPtr port = issue(env, CMOS_INDEX, CMOS_DATA);
    seL4_Word saved;

    if (port == seL4_CapNull)
        return kt_result();
    KT_CHECK_EQ(seL4_DebugCapIdentify(port), KT_CAP_IO_PORT);
    KT_CHECK_EQ(cmos_read(port, 0x0d) & 0x80, 0x80);
    saved = cmos_read(port, CMOS_NVRAM);
    cmos_write(port, CMOS_NVRAM, 0x5a);
    KT_CHECK_EQ(cmos_read(port, CMOS_NVRAM), 0x5a);
    cmos_write(port, CMOS_NVRAM, 0xa5);
    KT_CHECK_EQ(cmos_read(port, CMOS_NVRAM), 0xa5);
    cmos_write(port, CMOS_NVRAM, saved);
    kt_free(env, port);
    return kt_result();
}

/* Accesses must lie entirely inside the cap's range. */
static int test_out_of_range(struct kt_env *env) {
    seL4_CPtr port = issue(env, CMOS_INDEX, CMOS_DATA);
    seL4_X86_IOPort_In8_t r8;
    seL4_X86_IOPort_In16_t r16;
    seL4_X86_IOPort_In32_t r32;

    if (port == seL4_CapNull)
        return kt_result();
    r8 = seL4_X86_IOPort_In8(port, 0x72);
    KT_CHECK_ERR(r8.error, seL4_IllegalOperation);
    r8 = seL4_X86_IOPort_In8(port, 0x6f);
    KT_CHECK_ERR(r8.error, seL4_IllegalOperation);
    r16 = seL4_X86_IOPort_In16(port, 0x71);
    KT_CHECK_ERR(r16.error, seL4_IllegalOperation);
    r32 = seL4_X86_IOPort_In32(port, 0x70);
    KT_CHECK_ERR(r32.error, seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_X86_IOPort_Out8(port, 0x80, 0), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_X86_IOPort_Out16(port, 0x71, 0), seL4_IllegalOperation);
    KT_CHECK_ERR(seL4_X86_IOPort_Out32(port, 0x70, 0), seL4_IllegalOperation);
    /* 16 bits over both ports are fine. */
    r16 = seL4_X86_IOPort_In16(port, 0x70);
    KT_CHECK_ERR(r16.error, seL4_NoError);
    kt_free(env, port);
    return kt_result();
}

/* Port ranges are issued once; InvalidArgument for a reversed range. */
static int test_issue_errors(struct kt_env *env) {
    seL4_CPtr port = issue(env, CMOS_INDEX, CMOS_DATA);
    seL4_CPtr s = kt_slot(env), busy = kt_alloc(env, seL4_X86_4K, 0);
    seL4_Error err;

    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x71, 0x72, ROOT, s, D64);
    KT_CHECK_ERR(err, seL4_RevokeFirst);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x60, 0x70, ROOT, s, D64);
    KT_CHECK_ERR(err, seL4_RevokeFirst);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x70, 0x71, ROOT, s, D64);
    KT_CHECK_ERR(err, seL4_RevokeFirst);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x81, 0x80, ROOT, s, D64);
    KT_CHECK_ERR_MRS(err, seL4_InvalidArgument, 1);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x80, 0x80, ROOT, busy, D64);
    KT_CHECK_ERR(err, seL4_DeleteFirst);
    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_NULL);
    /* Deleting the cap frees the range. */
    kt_free(env, port);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x71, 0x72, ROOT, s, D64);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, s);
    kt_free(env, busy);
    return kt_result();
}

/* A copy keeps the range allocated until the last cap goes. */
static int test_copies(struct kt_env *env) {
    seL4_CPtr port = issue(env, 0x80, 0x80);
    seL4_CPtr copy, s = kt_slot(env);
    seL4_Error err;

    if (port == seL4_CapNull)
        return kt_result();
    copy = kt_copy(env, port, seL4_AllRights);
    kt_free(env, port);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x80, 0x80, ROOT, s, D64);
    KT_CHECK_ERR(err, seL4_RevokeFirst);
    KT_CHECK_ERR(seL4_X86_IOPort_Out8(copy, 0x80, 0x12), seL4_NoError);
    kt_free(env, copy);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x80, 0x80, ROOT, s, D64);
    KT_CHECK_ERR(err, seL4_NoError);
    kt_free(env, s);
    return kt_result();
}

/* 16- and 32-bit accesses: PCI configuration space of the host bridge. */
static int test_wide_access(struct kt_env *env) {
    seL4_CPtr port = issue(env, 0xcf8, 0xcff);
    seL4_X86_IOPort_In32_t addr, id;
    seL4_X86_IOPort_In16_t vendor, device;

    if (port == seL4_CapNull)
        return kt_result();
    addr = seL4_X86_IOPort_In32(port, 0xcf8);
    KT_CHECK_ERR(addr.error, seL4_NoError);
    KT_CHECK_ERR(seL4_X86_IOPort_Out32(port, 0xcf8, 0x80000000), seL4_NoError);
    id = seL4_X86_IOPort_In32(port, 0xcfc);
    KT_CHECK_ERR(id.error, seL4_NoError);
    KT_CHECK_EQ(id.result, 0x12378086);
    vendor = seL4_X86_IOPort_In16(port, 0xcfc);
    device = seL4_X86_IOPort_In16(port, 0xcfe);
    KT_CHECK_EQ(vendor.result, 0x8086);
    KT_CHECK_EQ(device.result, 0x1237);
    /* Out32 takes 32 bits of data; the address register reads back. */
    KT_CHECK_ERR(seL4_X86_IOPort_Out32(port, 0xcf8, 0xffffffff80000004ul), seL4_NoError);
    id = seL4_X86_IOPort_In32(port, 0xcf8);
    KT_CHECK_EQ(id.result, 0x80000004);
    KT_CHECK_ERR(seL4_X86_IOPort_Out32(port, 0xcf8, addr.result), seL4_NoError);
    kt_free(env, port);
    return kt_result();
}

/* The reply to In8 is one word: MR0, zero-extended. */
static int test_in_reply(struct kt_env *env) {
    seL4_CPtr port = issue(env, CMOS_INDEX, CMOS_DATA);
    seL4_MessageInfo_t tag;

    if (port == seL4_CapNull)
        return kt_result();
    KT_CHECK_ERR(seL4_X86_IOPort_Out8(port, CMOS_INDEX, 0x0d), seL4_NoError);
    seL4_SetMR(0, CMOS_DATA);
    tag = seL4_Call(port, seL4_MessageInfo_new(X86IOPortIn8, 0, 0, 1));
    KT_CHECK_EQ(seL4_MessageInfo_get_label(tag), 0);
    KT_CHECK_EQ(seL4_MessageInfo_get_length(tag), 1);
    KT_CHECK_EQ(seL4_GetMR(0) & ~0xfful, 0);
    KT_CHECK_EQ(seL4_GetMR(0) & 0x80, 0x80);
    kt_free(env, port);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"IOPORT0001", "issue, in/out on the CMOS ports", test_issue_and_use},
    {"IOPORT0002", "access outside the range: IllegalOperation", test_out_of_range},
    {"IOPORT0003", "issue errors: overlap, reversed, occupied slot", test_issue_errors},
    {"IOPORT0004", "copies keep the range issued", test_copies},
    {"IOPORT0005", "16/32-bit access (PCI config space)", test_wide_access},
    {"IOPORT0006", "In8 reply layout", test_in_reply},
};

const struct kt_group kt_group_ioport = {"ioport", tests, KT_ARRAY_SIZE(tests)};
