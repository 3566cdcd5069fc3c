/*
 * irq.c — IRQ tests: IRQControl and IRQHandler caps on the IOAPIC
 * configuration (reference §5.3 "IRQ", §11.5).
 *
 * Real interrupts come from two ISA devices of QEMU's pc machine, driven
 * through I/O port caps:
 *   - the RTC's periodic interrupt, ISA IRQ 8 = IOAPIC pin 8, programmed
 *     through CMOS registers A (rate), B (PIE) and C (read to re-arm);
 *   - the PIT channel 0 in rate-generator mode, ISA IRQ 0 = IOAPIC pin 2.
 * Both are edge-triggered, active high.  The kernel signals the handler's
 * notification and masks the IRQ; IRQHandler_Ack unmasks it again.
 */
#include "ktest.h"

#include <sel4rt/sel4rt.h>

#define ROOT seL4_CapInitThreadCNode
#define D64 seL4_WordBits

#define RTC_PIN 8
#define PIT_PIN 2
#define RTC_VECTOR 20
#define PIT_VECTOR 21
#define IRQ_BADGE 0x100

static seL4_Error get_ioapic(seL4_CPtr slot, seL4_Word ioapic, seL4_Word pin, seL4_Word level,
                             seL4_Word polarity, seL4_Word vector) {
    return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, slot, D64, ioapic, pin, level,
                                     polarity, vector);
}

static int test_ioapic_ranges(struct kt_env *env) {
    seL4_CPtr s = kt_slot(env);

    KT_CHECK_ERR_MRS(get_ioapic(s, 0, RTC_PIN, 0, 0, 108), seL4_RangeError, 0, 107);
    KT_CHECK_ERR_MRS(get_ioapic(s, 0, RTC_PIN, 0, 0, ~0ul), seL4_RangeError, 0, 107);
    KT_CHECK_ERR_MRS(get_ioapic(s, 1, RTC_PIN, 0, 0, RTC_VECTOR), seL4_RangeError, 0, 0);
    KT_CHECK_ERR_MRS(get_ioapic(s, 0, 24, 0, 0, RTC_VECTOR), seL4_RangeError, 0, 23);
    KT_CHECK_ERR_MRS(get_ioapic(s, 0, RTC_PIN, 2, 0, RTC_VECTOR), seL4_RangeError, 0, 1);
    KT_CHECK_ERR_MRS(get_ioapic(s, 0, RTC_PIN, 0, 2, RTC_VECTOR), seL4_RangeError, 0, 1);
    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_NULL);
    return kt_result();
}

/* A vector can be issued once; it is free again when its caps are gone. */
static int test_issue_once(struct kt_env *env) {
    seL4_CPtr h = kt_slot(env), h2 = kt_slot(env), copy;
    seL4_CPtr busy = kt_alloc(env, seL4_X86_4K, 0);

    KT_CHECK_ERR(get_ioapic(h, 0, RTC_PIN, 0, 0, 107), seL4_NoError);
    KT_CHECK_EQ(seL4_DebugCapIdentify(h), KT_CAP_IRQ_HANDLER);
    KT_CHECK_ERR(get_ioapic(h2, 0, 9, 0, 0, 107), seL4_RevokeFirst);
    KT_CHECK_ERR(get_ioapic(busy, 0, 9, 0, 0, 106), seL4_DeleteFirst);
    copy = kt_copy(env, h, seL4_AllRights);
    kt_free(env, h);
    KT_CHECK_ERR(get_ioapic(h2, 0, RTC_PIN, 0, 0, 107), seL4_RevokeFirst);
    kt_free(env, copy);
    KT_CHECK_ERR(get_ioapic(h2, 0, RTC_PIN, 0, 0, 107), seL4_NoError);
    KT_CHECK_ERR(get_ioapic(h, 0, 10, 1, 1, 0), seL4_NoError);
    kt_free(env, h2);
    kt_free(env, h);
    kt_free(env, busy);
    return kt_result();
}

/* The legacy (PIC) IRQControl_Get does not exist with the IOAPIC. */
static int test_legacy_get(struct kt_env *env) {
    seL4_CPtr s = kt_slot(env);

    KT_CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 8, ROOT, s, D64), seL4_IllegalOperation);
    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_NULL);
    return kt_result();
}

static seL4_Error get_msi(seL4_CPtr slot, seL4_Word bus, seL4_Word dev, seL4_Word func,
                          seL4_Word vector) {
    return seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, slot, D64, bus, dev, func, 0x1234,
                                  vector);
}

static int test_msi(struct kt_env *env) {
    seL4_CPtr s = kt_slot(env);

    KT_CHECK_ERR_MRS(get_msi(s, 256, 0, 0, 30), seL4_RangeError, 0, 255);
    KT_CHECK_ERR_MRS(get_msi(s, 0, 32, 0, 30), seL4_RangeError, 0, 31);
    KT_CHECK_ERR_MRS(get_msi(s, 0, 0, 8, 30), seL4_RangeError, 0, 7);
    KT_CHECK_ERR_MRS(get_msi(s, 0, 0, 0, 108), seL4_RangeError, 0, 107);
    KT_CHECK_ERR(get_msi(s, 255, 31, 7, 30), seL4_NoError);
    KT_CHECK_EQ(seL4_DebugCapIdentify(s), KT_CAP_IRQ_HANDLER);
    kt_free(env, s);
    return kt_result();
}

static int test_set_notification_errors(struct kt_env *env) {
    seL4_CPtr h = kt_slot(env);
    seL4_CPtr ep = kt_alloc(env, seL4_EndpointObject, 0);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr ro = kt_copy(env, n, seL4_CanRead);

    KT_CHECK_ERR(get_ioapic(h, 0, RTC_PIN, 0, 0, RTC_VECTOR), seL4_NoError);
    KT_CHECK_ERR_MRS(seL4_IRQHandler_SetNotification(h, ep), seL4_InvalidCapability, 0);
    KT_CHECK_ERR_MRS(seL4_IRQHandler_SetNotification(h, ro), seL4_InvalidCapability, 0);
    KT_CHECK_ERR(seL4_IRQHandler_SetNotification(h, n), seL4_NoError);
    KT_CHECK_ERR(seL4_IRQHandler_Clear(h), seL4_NoError);
    KT_CHECK_ERR(seL4_IRQHandler_Clear(h), seL4_NoError);
    kt_free(env, h);
    kt_free(env, ro);
    kt_free(env, n);
    kt_free(env, ep);
    return kt_result();
}

/* ---- Devices ------------------------------------------------------------ */

static seL4_Word cmos_read(seL4_CPtr port, seL4_Word reg) {
    seL4_X86_IOPort_In8_t r;

    seL4_X86_IOPort_Out8(port, 0x70, reg);
    r = seL4_X86_IOPort_In8(port, 0x71);
    KT_CHECK_ERR(r.error, seL4_NoError);
    return r.result;
}

static void cmos_write(seL4_CPtr port, seL4_Word reg, seL4_Word value) {
    seL4_X86_IOPort_Out8(port, 0x70, reg);
    seL4_X86_IOPort_Out8(port, 0x71, value);
}

struct rtc {
    seL4_CPtr port, handler, ntfn, badged;
    seL4_Word reg_a, reg_b;
};

/* RTC periodic interrupt at 1024 Hz, delivered to rtc->ntfn. */
static bool rtc_start(struct kt_env *env, struct rtc *r) {
    seL4_Error err;

    r->port = kt_slot(env);
    r->handler = kt_slot(env);
    r->ntfn = kt_alloc(env, seL4_NotificationObject, 0);
    r->badged = kt_mint(env, r->ntfn, seL4_AllRights, IRQ_BADGE);
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x70, 0x71, ROOT, r->port, D64);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return false;
    err = get_ioapic(r->handler, 0, RTC_PIN, 0, 0, RTC_VECTOR);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return false;
    err = seL4_IRQHandler_SetNotification(r->handler, r->badged);
    if (!KT_CHECK_ERR(err, seL4_NoError))
        return false;
    r->reg_a = cmos_read(r->port, 0x0a);
    r->reg_b = cmos_read(r->port, 0x0b);
    cmos_write(r->port, 0x0a, (r->reg_a & 0xf0) | 0x06);
    cmos_write(r->port, 0x0b, r->reg_b | 0x40);
    cmos_read(r->port, 0x0c);
    return KT_CHECK_ERR(seL4_IRQHandler_Ack(r->handler), seL4_NoError);
}

static void rtc_stop(struct kt_env *env, struct rtc *r) {
    if (r->port != seL4_CapNull && seL4_DebugCapIdentify(r->port) == KT_CAP_IO_PORT) {
        cmos_write(r->port, 0x0b, r->reg_b & ~0x40ul);
        cmos_write(r->port, 0x0a, r->reg_a);
        cmos_read(r->port, 0x0c);
    }
    kt_free(env, r->handler);
    kt_free(env, r->port);
    kt_free(env, r->badged);
    kt_free(env, r->ntfn);
}

/*
 * Wait for the next RTC interrupt and re-arm: read register C (the RTC
 * holds its IRQ line until then), Ack (the kernel unmasks the pin).
 */
static bool rtc_next(struct rtc *r) {
    seL4_Word badge = 0;

    seL4_Wait(r->ntfn, &badge);
    if (!KT_CHECK_EQ(badge, IRQ_BADGE))
        return false;
    cmos_read(r->port, 0x0c);
    return KT_CHECK_ERR(seL4_IRQHandler_Ack(r->handler), seL4_NoError);
}

static int test_rtc_interrupt(struct kt_env *env) {
    struct rtc r;
    unsigned i;

    memset(&r, 0, sizeof(r));
    if (rtc_start(env, &r)) {
        for (i = 0; i < 5; i++)
            if (!rtc_next(&r))
                break;
    }
    rtc_stop(env, &r);
    return kt_result();
}

/* Without a notification nothing is delivered; setting one again works. */
static int test_rtc_clear(struct kt_env *env) {
    struct rtc r;
    seL4_Word badge = 0;

    memset(&r, 0, sizeof(r));
    if (rtc_start(env, &r) && rtc_next(&r)) {
        KT_CHECK_ERR(seL4_IRQHandler_Clear(r.handler), seL4_NoError);
        seL4_Poll(r.ntfn, &badge);
        cmos_read(r.port, 0x0c);
        kt_yield_for(20); /* ~20 periods */
        seL4_Poll(r.ntfn, &badge);
        KT_CHECK_EQ(badge, 0);
        KT_CHECK_ERR(seL4_IRQHandler_SetNotification(r.handler, r.badged), seL4_NoError);
        cmos_read(r.port, 0x0c);
        KT_CHECK_ERR(seL4_IRQHandler_Ack(r.handler), seL4_NoError);
        rtc_next(&r);
    }
    rtc_stop(env, &r);
    return kt_result();
}

/* A masked (not yet acknowledged) IRQ is not delivered twice. */
static int test_rtc_needs_ack(struct kt_env *env) {
    struct rtc r;
    seL4_Word badge = 0;

    memset(&r, 0, sizeof(r));
    if (rtc_start(env, &r)) {
        seL4_Wait(r.ntfn, &badge);
        KT_CHECK_EQ(badge, IRQ_BADGE);
        /* Re-arm the device but not the IRQ: nothing arrives. */
        cmos_read(r.port, 0x0c);
        kt_yield_for(20);
        seL4_Poll(r.ntfn, &badge);
        KT_CHECK_EQ(badge, 0);
        cmos_read(r.port, 0x0c);
        KT_CHECK_ERR(seL4_IRQHandler_Ack(r.handler), seL4_NoError);
        rtc_next(&r);
    }
    rtc_stop(env, &r);
    return kt_result();
}

/* PIT channel 0 at ~1 kHz through IOAPIC pin 2. */
static int test_pit_interrupt(struct kt_env *env) {
    seL4_CPtr port = kt_slot(env), h = kt_slot(env);
    seL4_CPtr n = kt_alloc(env, seL4_NotificationObject, 0);
    seL4_CPtr nb = kt_mint(env, n, seL4_AllRights, IRQ_BADGE);
    seL4_Word badge;
    unsigned i;

    if (!KT_CHECK_ERR(
            seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x40, 0x43, ROOT, port, D64),
            seL4_NoError) ||
        !KT_CHECK_ERR(get_ioapic(h, 0, PIT_PIN, 0, 0, PIT_VECTOR), seL4_NoError) ||
        !KT_CHECK_ERR(seL4_IRQHandler_SetNotification(h, nb), seL4_NoError))
        goto out;
    seL4_X86_IOPort_Out8(port, 0x43, 0x34); /* ch0, lo/hi, mode 2 */
    seL4_X86_IOPort_Out8(port, 0x40, 1193 & 0xff);
    seL4_X86_IOPort_Out8(port, 0x40, 1193 >> 8);
    KT_CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
    for (i = 0; i < 3; i++) {
        badge = 0;
        seL4_Wait(n, &badge);
        if (!KT_CHECK_EQ(badge, IRQ_BADGE))
            break;
        KT_CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
    }
    /* Stop: one-shot mode, never reloaded. */
    seL4_X86_IOPort_Out8(port, 0x43, 0x30);
    seL4_X86_IOPort_Out8(port, 0x40, 0xff);
    seL4_X86_IOPort_Out8(port, 0x40, 0xff);
out:
    kt_free(env, h);
    kt_free(env, port);
    kt_free(env, nb);
    kt_free(env, n);
    return kt_result();
}

static const struct kt_test tests[] = {
    {"IRQ0001", "GetIOAPIC range checks", test_ioapic_ranges},
    {"IRQ0002", "a vector is issued once; RevokeFirst/DeleteFirst", test_issue_once},
    {"IRQ0003", "IRQControl_Get is illegal with the IOAPIC", test_legacy_get},
    {"IRQ0004", "GetMSI range checks and success", test_msi},
    {"IRQ0005", "SetNotification needs a writable notification", test_set_notification_errors},
    {"IRQ0006", "RTC interrupt (IOAPIC pin 8) to a notification", test_rtc_interrupt},
    {"IRQ0007", "Clear stops delivery; SetNotification again", test_rtc_clear},
    {"IRQ0008", "an IRQ stays masked until Ack", test_rtc_needs_ack},
    {"IRQ0009", "PIT interrupt (IOAPIC pin 2)", test_pit_interrupt},
};

const struct kt_group kt_group_irq = {"irq", tests, KT_ARRAY_SIZE(tests)};
