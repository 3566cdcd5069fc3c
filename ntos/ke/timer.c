/*
 * timer.c — the executive's clock: a 100 Hz tick from PIT channel 0
 * through the IOAPIC, interrupt time and system time, KUSER_SHARED_DATA,
 * and the time services.
 *
 * The tick arrives as a signal on a notification bound to the executive's
 * thread, with badge KI_TIMER_BADGE, so the dispatcher's Recv on the
 * service endpoint returns for it (services.c).  System time starts from
 * the CMOS real-time clock at boot.  ISA IRQ 0 reaches the IOAPIC on pin 2
 * on PC chipsets with an interrupt source override (QEMU's i440fx and q35
 * both); without a tick there after 50 ms, pin 0 is tried.
 */
#include "ki.h"
#include <nt/ntrtl.h>
#include <ndk/ketypes.h>
#include <sel4rt/sel4rt.h>

#define KI_PIT_HZ 100
#define KI_PIT_DIVISOR (1193182 / KI_PIT_HZ)

static ULONG64 KiInterruptTime;   /* 100 ns since boot, advanced per tick */
static ULONG64 KiBootSystemTime;  /* system time at boot */
static ULONG64 KiTickCount;
static seL4_CPtr KiTimerIrq;
static ULONG64 KiTscHz;
static KUSER_SHARED_DATA *const KiUserSharedData = (KUSER_SHARED_DATA *)0x7ffe0000ull;
VOID KiExpireTimers(ULONG64 Now);

ULONG64 KeQueryInterruptTime(VOID) { return KiInterruptTime; }
ULONG64 KeQuerySystemTime(VOID) { return KiBootSystemTime + KiInterruptTime; }

static VOID KiSetSystemTime(volatile KSYSTEM_TIME *t, ULONG64 v)
{
    t->High2Time = (LONG)(v >> 32);
    t->LowPart = (ULONG)v;
    t->High1Time = (LONG)(v >> 32);
}

static VOID KiUpdateUserSharedData(VOID)
{
    KiSetSystemTime(&KiUserSharedData->InterruptTime, KiInterruptTime);
    KiSetSystemTime(&KiUserSharedData->SystemTime, KeQuerySystemTime());
    KiUserSharedData->TickCountQuad = KiTickCount;
}

static UCHAR KiCmosRead(seL4_CPtr Port, UCHAR Reg)
{
    seL4_X86_IOPort_Out8(Port, 0x70, Reg);
    return seL4_X86_IOPort_In8(Port, 0x71).result;
}

/* System time from the RTC (UTC assumed, as QEMU provides). */
static ULONG64 KiReadRtc(seL4_CPtr Port)
{
    while (KiCmosRead(Port, 0x0a) & 0x80)
        ; /* update in progress */
    UCHAR sec = KiCmosRead(Port, 0), min = KiCmosRead(Port, 2), hour = KiCmosRead(Port, 4);
    UCHAR day = KiCmosRead(Port, 7), mon = KiCmosRead(Port, 8), year = KiCmosRead(Port, 9);
    UCHAR b = KiCmosRead(Port, 0x0b);
    if (!(b & 0x04)) { /* BCD */
#define BCD(x) (UCHAR)(((x) & 0xf) + ((x) >> 4) * 10)
        sec = BCD(sec);
        min = BCD(min);
        hour = (UCHAR)(BCD(hour & 0x7f) | (hour & 0x80));
        day = BCD(day);
        mon = BCD(mon);
        year = BCD(year);
#undef BCD
    }
    if (!(b & 0x02) && (hour & 0x80))
        hour = (UCHAR)(((hour & 0x7f) + 12) % 24);
    TIME_FIELDS tf = { (CSHORT)(2000 + year), mon, day, hour, min, sec, 0, 0 };
    LARGE_INTEGER t;
    if (!RtlTimeFieldsToTime(&tf, &t))
        return 0;
    return (ULONG64)t.QuadPart;
}

static ULONG64 KiFindTscHz(VOID)
{
    seL4_BootInfo *bi = rt_bootinfo();
    const UCHAR *extra = (const UCHAR *)bi + 4096;
    for (seL4_Word off = 0; off + 16 <= bi->extraLen;) {
        seL4_BootInfoHeader h;
        memcpy(&h, extra + off, sizeof(h));
        if (h.len < 16)
            break;
        if (h.id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ) {
            ULONG mhz;
            memcpy(&mhz, extra + off + 16, 4);
            return (ULONG64)mhz * 1000000;
        }
        off += h.len;
    }
    return 0;
}

static NTSTATUS KiIssue(seL4_CPtr *Slot)
{
    return MmAllocateSlot(Slot);
}

/* Route ISA IRQ 0 through IOAPIC pin Pin to the bound notification. */
static NTSTATUS KiConnectPit(seL4_CPtr Ntfn, seL4_Word Pin)
{
    if (KiTimerIrq) {
        seL4_CNode_Delete(MmCSpaceRoot, KiTimerIrq, MM_CSPACE_DEPTH);
    } else if (!NT_SUCCESS(KiIssue(&KiTimerIrq))) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, MmCSpaceRoot, KiTimerIrq, MM_CSPACE_DEPTH, 0, Pin, 0, 0,
                                  0) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    if (seL4_IRQHandler_SetNotification(KiTimerIrq, Ntfn) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    seL4_IRQHandler_Ack(KiTimerIrq);
    return STATUS_SUCCESS;
}

static BOOLEAN KiTickArrives(seL4_CPtr Ntfn)
{
    ULONG64 start = __builtin_ia32_rdtsc(), limit = KiTscHz ? KiTscHz / 20 : 100000000ull; /* 50 ms */
    while (__builtin_ia32_rdtsc() - start < limit) {
        seL4_Word badge;
        seL4_Poll(Ntfn, &badge);
        if (badge & KI_TIMER_BADGE) {
            seL4_IRQHandler_Ack(KiTimerIrq);
            return TRUE;
        }
    }
    return FALSE;
}

NTSTATUS KiInitializeTimer(VOID)
{
    KiTscHz = KiFindTscHz();
    seL4_CPtr ports, ntfn_badged;
    MM_OBJECT ntfn;
    if (!NT_SUCCESS(MmAllocateSlot(&ports)) || !NT_SUCCESS(MmAllocateSlot(&ntfn_badged)))
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS st = MmCreateObject(seL4_NotificationObject, 0, &ntfn);
    if (!NT_SUCCESS(st))
        return st;
    if (seL4_CNode_Mint(MmCSpaceRoot, ntfn_badged, MM_CSPACE_DEPTH, MmCSpaceRoot, ntfn.Cap, MM_CSPACE_DEPTH,
                        seL4_AllRights, KI_TIMER_BADGE) != seL4_NoError ||
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x40, 0x43, MmCSpaceRoot, ports, MM_CSPACE_DEPTH) !=
            seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    seL4_CPtr cmos;
    if (!NT_SUCCESS(MmAllocateSlot(&cmos)) ||
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x70, 0x71, MmCSpaceRoot, cmos, MM_CSPACE_DEPTH) !=
            seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    KiBootSystemTime = KiReadRtc(cmos);

    /* PIT channel 0, rate generator, 100 Hz. */
    seL4_X86_IOPort_Out8(ports, 0x43, 0x34);
    seL4_X86_IOPort_Out8(ports, 0x40, KI_PIT_DIVISOR & 0xff);
    seL4_X86_IOPort_Out8(ports, 0x40, KI_PIT_DIVISOR >> 8);

    /* Poll for the first tick before binding the notification to us. */
    static const seL4_Word pins[] = { 2, 0 };
    BOOLEAN ok = FALSE;
    for (ULONG i = 0; i < 2 && !ok; i++)
        ok = NT_SUCCESS(KiConnectPit(ntfn_badged, pins[i])) && KiTickArrives(ntfn.Cap);
    if (!ok)
        return STATUS_DEVICE_DOES_NOT_EXIST;
    if (seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn.Cap) != seL4_NoError)
        return STATUS_UNSUCCESSFUL;
    KiUserSharedData->TickCountMultiplier = (10u << 24); /* 10 ms per tick, 8.24 fixed point */
    KiUpdateUserSharedData();
    LARGE_INTEGER now = { .QuadPart = (LONGLONG)KeQuerySystemTime() };
    TIME_FIELDS tf;
    RtlTimeToTimeFields(&now, &tf);
    DbgTrace(DBG_KE, "ke: timer at %u Hz; system time %04d-%02d-%02d %02d:%02d:%02d UTC\n", KI_PIT_HZ, tf.Year,
             tf.Month, tf.Day, tf.Hour, tf.Minute, tf.Second);
    return STATUS_SUCCESS;
}

VOID KiTimerInterrupt(VOID)
{
    KiInterruptTime += KI_TICK_100NS;
    KiTickCount++;
    KiUpdateUserSharedData();
    KiExpireTimers(KiInterruptTime);
    seL4_IRQHandler_Ack(KiTimerIrq);
}

/* ------------------------------------------------------------ services */

NTSTATUS NtQuerySystemTime(PETHREAD Thread, PLARGE_INTEGER SystemTime)
{
    LARGE_INTEGER t = { .QuadPart = (LONGLONG)KeQuerySystemTime() };
    return MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)SystemTime, &t, sizeof(t));
}

NTSTATUS NtQueryPerformanceCounter(PETHREAD Thread, PLARGE_INTEGER PerformanceCounter,
                                   PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER c = { .QuadPart = (LONGLONG)__builtin_ia32_rdtsc() }, f = { .QuadPart = (LONGLONG)KiTscHz };
    NTSTATUS st = MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)PerformanceCounter, &c, sizeof(c));
    if (NT_SUCCESS(st) && PerformanceFrequency)
        st = MmCopyToUser(&Thread->Process->Vm, (ULONG_PTR)PerformanceFrequency, &f, sizeof(f));
    return st;
}

NTSTATUS NtDelayExecution(PETHREAD Thread, BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
    LARGE_INTEGER interval;
    NTSTATUS st = MmCopyFromUser(&Thread->Process->Vm, &interval, (ULONG_PTR)DelayInterval, sizeof(interval));
    if (!NT_SUCCESS(st))
        return st;
    (void)Alertable; /* no APCs yet: an alertable delay is an ordinary one */
    return KeDelayExecution(&interval);
}
