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
static const char *KiBootPrograms = "smss.exe";

static VOID KiChooseBootPrograms(VOID)
{
    const char *c = LdrpBootCommandLine;
    for (ULONG i = 0; c[i]; i++)
        if ((i == 0 || c[i - 1] == ' ') && c[i] == 'r' && c[i + 1] == 'u' && c[i + 2] == 'n' && c[i + 3] == '=')
            KiBootPrograms = c + i + 4;
}

BOOLEAN KiStartNextBootProgram(VOID)
{
    char name[32];
    while (*KiBootPrograms && *KiBootPrograms != ' ') {
        ULONG n = 0;
        while (*KiBootPrograms && *KiBootPrograms != ',' && *KiBootPrograms != '+' && *KiBootPrograms != ' ') {
            if (n + 1 < sizeof(name))
                name[n++] = *KiBootPrograms;
            KiBootPrograms++;
        }
        name[n] = 0;
        if (*KiBootPrograms == ',' || *KiBootPrograms == '+')
            KiBootPrograms++;
        NTSTATUS st = PsCreateInitialProcess(name);
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
    st = ExInitializePool();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, st, 2, 0, 0);
    st = LdrInitializeBootArchive();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, 3, 0, 0);
    KiListBootArchive();

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
    KiChooseBootPrograms();
    if (!KiStartNextBootProgram())
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, STATUS_OBJECT_NAME_NOT_FOUND, 5, 0, 0);
    KiDispatchServices();
}
