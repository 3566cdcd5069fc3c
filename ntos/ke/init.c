/*
 * init.c — the executive's start: from the root task's first instruction
 * to the running system.
 *
 * Phase 0 (here, so far): memory manager over the bootinfo, the executive
 * pool, the boot archive.  The object manager, processes and the service
 * loop follow as they land (docs/executive.md, "Boot sequence").
 */
#include "ki.h"
#include <sel4rt/sel4rt.h>

static VOID KiListBootArchive(VOID)
{
    SIZE_T off = 0;
    CPIO_FILE f;
    ULONG count = 0;
    NTSTATUS st;
    while (NT_SUCCESS(st = LdrCpioNext(LdrpBootArchive, LdrpBootArchiveSize, &off, &f))) {
        DbgPrint("ldr:   %.*s (%lu bytes)\n", (int)f.NameLength, f.Name, (unsigned long)f.Size);
        count++;
    }
    if (st != STATUS_NO_MORE_ENTRIES)
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, off, 0, 0);
    DbgPrint("ldr: boot archive holds %u files\n", count);
}

/*
 * The power-off port: under QEMU, isa-debug-exit at 0xf4 ends the run
 * (docs/testing.md).  Issued before the memory manager takes the free
 * slots, into the first of them.
 */
static seL4_CPtr KiIssuePowerOffPort(seL4_BootInfo *bi)
{
    seL4_CPtr slot = bi->empty.start;
    if (seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0xf4, 0xf7, seL4_CapInitThreadCNode, slot, 64) ==
        seL4_NoError)
        rt_set_exit_port(slot);
    return slot + 1;
}

/*
 * The boot programs: the archive module's command line may name them as
 * `run=a.exe+b.exe` (',' works too, but QEMU's -initrd splits on commas)
 * (a test boot runs test programs this way until smss
 * starts them itself); by default smss.exe.  They run one after another:
 * the next starts when no process is left.
 */
static const char KiDefaultBootPrograms[] = "smss.exe";
static const char *KiBootPrograms = KiDefaultBootPrograms;
static BOOLEAN KiSelfTestFault;

/* The value of option Key ("name=") on the boot archive's command line. */
static const char *KiBootOption(const char *Key)
{
    const char *c = LdrpBootCommandLine;
    for (ULONG i = 0; c[i]; i++) {
        if (i && c[i - 1] != ' ')
            continue;
        ULONG k = 0;
        while (Key[k] && c[i + k] == Key[k])
            k++;
        if (!Key[k])
            return c + i + k;
    }
    return NULL;
}

static BOOLEAN KiOptionHas(const char *List, const char *Word)
{
    for (const char *p = List; p && *p && *p != ' ';) {
        ULONG k = 0;
        while (Word[k] && p[k] == Word[k])
            k++;
        if (!Word[k] && (p[k] == ',' || p[k] == '+' || p[k] == ' ' || !p[k]))
            return TRUE;
        while (*p && *p != ',' && *p != '+' && *p != ' ')
            p++;
        if (*p == ',' || *p == '+')
            p++;
    }
    return FALSE;
}

/*
 * Options on the boot archive's command line:
 *   run=a.exe+b.exe     boot programs (below)
 *   trace=mm+ob|all     debug tracing per component (debug builds)
 *   selftest=fault      fault on purpose (tests the watchdog)
 */
static VOID KiParseBootOptions(VOID)
{
    const char *run = KiBootOption("run=");
    if (run)
        KiBootPrograms = run;
    const char *trace = KiBootOption("trace=");
    if (trace) {
        static const struct { const char *Name; ULONG Bit; } names[] = {
            { "ke", DBG_KE }, { "mm", DBG_MM }, { "ob", DBG_OB }, { "ps", DBG_PS }, { "io", DBG_IO }, { "ldr", DBG_LDR },
        };
        KiDebugComponents = KiOptionHas(trace, "all") ? ~0u : 0;
        for (ULONG i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (KiOptionHas(trace, names[i].Name))
                KiDebugComponents |= names[i].Bit;
    }
    const char *selftest = KiBootOption("selftest=");
    KiSelfTestFault = selftest && KiOptionHas(selftest, "fault");
}

BOOLEAN KiStartNextBootProgram(VOID)
{
    char name[32];
    while (*KiBootPrograms && *KiBootPrograms != ' ') {
        BOOLEAN sessionManager = KiBootPrograms == KiDefaultBootPrograms;
        ULONG n = 0;
        while (*KiBootPrograms && *KiBootPrograms != ',' && *KiBootPrograms != '+' && *KiBootPrograms != ' ') {
            if (n + 1 < sizeof(name))
                name[n++] = *KiBootPrograms;
            KiBootPrograms++;
        }
        name[n] = 0;
        if (*KiBootPrograms == ',' || *KiBootPrograms == '+')
            KiBootPrograms++;
        /* The session manager reads the boot options (tests=..., shutdown=...)
         * from its command line; programs named by run= get none. */
        NTSTATUS st = PsCreateBootProcess(name, sessionManager ? LdrpBootCommandLine : "");
        if (NT_SUCCESS(st))
            return TRUE;
        DbgPrint("ntos: cannot start %s: status 0x%08x\n", name, (ULONG)st);
    }
    return FALSE;
}

int main(seL4_BootInfo *bi)
{
    DbgPrint("ntos: NT Executive starting (root task, %lu untypeds)\n",
             (unsigned long)(bi->untyped.end - bi->untyped.start));
    seL4_CPtr first_free = KiIssuePowerOffPort(bi);
    NTSTATUS st = MmInitSystem(bi, first_free);
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, st, 1, 0, 0);
    st = KiStartWatchdog();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, st, 7, 0, 0);
    st = ExInitializePool();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, st, 2, 0, 0);
    st = ObInitSystem();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, st, 8, 0, 0);
    st = ExpInitializeEvents();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, st, 9, 0, 0);
    st = LdrInitializeBootArchive();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, 3, 0, 0);
    KiParseBootOptions();
    KiListBootArchive();
    st = IoInitSystem();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, 10, 0, 0);
    if (KiSelfTestFault) /* scenario test of the watchdog: must bug-check 0x1e */
        *(volatile ULONG *)0x8 = 0;

    /* A pool self-check at start-up: cheap, and it proves the memory path. */
    PVOID a = ExAllocatePoolWithTag(NonPagedPool, 100, 'tseT');
    PVOID b = ExAllocatePoolWithTag(NonPagedPool, 10000, 'tseT');
    if (!a || !b)
        KeBugCheckEx(NO_PAGES_AVAILABLE, 0, 0, 0, 0);
    ExFreePoolWithTag(a, 'tseT');
    ExFreePoolWithTag(b, 'tseT');
    MM_STATS ms;
    MmQueryStats(&ms);
    DbgPrint("mm: %llu KiB free of %llu KiB, %u free slots\n", (unsigned long long)(ms.FreeBytes >> 10),
             (unsigned long long)(ms.TotalBytes >> 10), ms.FreeSlots);

    st = PsInitSystem();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, 4, 0, 0);
    st = KiInitializeTimer();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, 6, 0, 0);
    DbgPrint("ntos: phase 1 complete\n");
    if (!KiStartNextBootProgram())
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, STATUS_OBJECT_NAME_NOT_FOUND, 5, 0, 0);
    KiDispatchServices();
}
