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
    st = PsCreateInitialProcess("smss.exe");
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, st, 5, 0, 0);
    KiDispatchServices();
}
