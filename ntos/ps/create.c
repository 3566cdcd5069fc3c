/*
 * create.c — creating NT processes and their threads (first slice).
 *
 * PsCreateInitialProcess builds a process the way every process will be
 * built: a fresh address space; ntdll.dll and the program image mapped at
 * their preferred bases; KUSER_SHARED_DATA (one executive page, read-only
 * in every process); the PEB; then the initial thread:
 *
 *   CSpace   a 4-slot CNode: slot 1 its service endpoint, slot 2 its fault
 *            endpoint (both badged with the ETHREAD address, see services.c)
 *   memory   TEB (2 pages) + IPC buffer (TEB + 0x2000), stack
 *   start    rip = ntdll!LdrInitializeThunk, rcx = the image's entry point,
 *            rdx = the PEB, rsp = stack top (as after a call), gs = TEB
 *
 * ntdll's LdrInitializeThunk binds the program's imports and calls its
 * entry point (ntdll/ldr.c).
 */
#include "../inc/ntos.h"
#include "ob.h"
#include <ndk/pstypes.h>
#include <ndk/ketypes.h>
#include <ndk/mmtypes.h>
#include <sel4rt/sel4rt.h>

static MM_OBJECT PspSharedUserPage;
static ULONG PspNextId = 4;
ULONG PspActiveProcesses;

NTSTATUS PsInitSystem(VOID)
{
    MM_OBJECT ep;
    NTSTATUS st = MmCreateObject(seL4_EndpointObject, 0, &ep);
    if (!NT_SUCCESS(st))
        return st;
    KiServiceEndpoint = ep.Cap;
    /* KUSER_SHARED_DATA: mapped into the executive for writing, read-only
     * into every process (time keeping comes with the timer work). */
    st = MmMapExecutivePage(0x7ffe0000ull, &PspSharedUserPage);
    if (!NT_SUCCESS(st))
        return st;
    KUSER_SHARED_DATA *k = (KUSER_SHARED_DATA *)0x7ffe0000ull;
    k->NtMajorVersion = 10;
    k->NtMinorVersion = 0;
    k->NtProductType = NtProductWinNt;
    k->ProductTypeIsValid = TRUE;
    static const char root[] = "C:\\Windows";
    for (ULONG i = 0; root[i]; i++)
        k->NtSystemRoot[i] = (WCHAR)root[i];
    k->NumberOfPhysicalPages = 0;
    k->NativeProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    k->ImageNumberLow = 0x014c;  /* IMAGE_FILE_MACHINE_I386 */
    k->ImageNumberHigh = 0x8664; /* IMAGE_FILE_MACHINE_AMD64 */
    return STATUS_SUCCESS;
}

static NTSTATUS PspMapImageFromArchive(PEPROCESS Process, const char *Name, PLDR_IMAGE_INFO Info,
                                       ULONG_PTR *ThunkAddress)
{
    CPIO_FILE f;
    NTSTATUS st = LdrCpioFind(LdrpBootArchive, LdrpBootArchiveSize, Name, &f);
    if (!NT_SUCCESS(st))
        return st;
    st = LdrMapImage(&Process->Vm, f.Data, f.Size, Info);
    if (NT_SUCCESS(st) && ThunkAddress) {
        *ThunkAddress = LdrFindExport(f.Data, f.Size, "LdrInitializeThunk");
        if (!*ThunkAddress)
            st = STATUS_ENTRYPOINT_NOT_FOUND;
    }
    return st;
}

static NTSTATUS PspMapRange(PMMSUPPORT Vm, ULONG_PTR Va, SIZE_T Size)
{
    NTSTATUS vst = MmCreateFixedRegion(Vm, Va, Size, MEM_PRIVATE | 0x80000000u /* executive's own */, TRUE);
    if (!NT_SUCCESS(vst))
        return vst;
    for (SIZE_T off = 0; off < Size; off += 4096) {
        NTSTATUS st = MmMapUserPage(Vm, Va + off, TRUE, NULL);
        if (!NT_SUCCESS(st))
            return st;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS PspCreateThread(PEPROCESS Process, ULONG_PTR StartAddress, ULONG_PTR Arg1, ULONG_PTR Arg2,
                                PETHREAD *ThreadOut)
{
    PETHREAD t = ExAllocatePoolWithTag(NonPagedPool, sizeof(*t), 'rhTE');
    if (!t)
        return STATUS_INSUFFICIENT_RESOURCES;
    t->Process = Process;
    t->UniqueThreadId = PspNextId;
    PspNextId += 4;
    t->TebAddress = PS_TEB_BASE_VA + (ULONG_PTR)Process->ThreadCount * PS_TEB_STRIDE;
    t->StackBase = PS_STACK_TOP;
    t->StackLimit = PS_STACK_TOP - PS_STACK_COMMIT;

    PMMSUPPORT vm = &Process->Vm;
    NTSTATUS st = MmAllocateSlot(&t->ReplySlot);
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(t, 'rhTE');
        return st;
    }
    st = PspMapRange(vm, t->TebAddress, 0x3000); /* TEB + IPC buffer */
    if (NT_SUCCESS(st) && Process->ThreadCount == 0)
        st = PspMapRange(vm, t->StackLimit, PS_STACK_COMMIT);
    if (!NT_SUCCESS(st))
        goto fail;

    TEB teb;
    memset(&teb, 0, sizeof(teb));
    teb.NtTib.Self = (PNT_TIB)t->TebAddress;
    teb.NtTib.StackBase = (PVOID)t->StackBase;
    teb.NtTib.StackLimit = (PVOID)t->StackLimit;
    teb.ClientId.UniqueProcess = (HANDLE)(ULONG_PTR)Process->UniqueProcessId;
    teb.ClientId.UniqueThread = (HANDLE)(ULONG_PTR)t->UniqueThreadId;
    teb.ProcessEnvironmentBlock = (struct _PEB *)Process->PebAddress;
    st = MmCopyToUser(vm, t->TebAddress, &teb, sizeof(teb));
    if (!NT_SUCCESS(st))
        goto fail;

    /* CSpace: 4 slots, guard 62 so that CPtr n names slot n. */
    st = MmCreateObject(seL4_CapTableObject, 2, &t->CNode);
    if (!NT_SUCCESS(st))
        goto fail;
    seL4_CapRights_t call_only = seL4_CapRights_new(1, 0, 0, 1); /* GrantReply + Write */
    if (seL4_CNode_Mint(t->CNode.Cap, 1, 2, seL4_CapInitThreadCNode, KiServiceEndpoint, 64, call_only,
                        (seL4_Word)t) != seL4_NoError ||
        seL4_CNode_Mint(t->CNode.Cap, 2, 2, seL4_CapInitThreadCNode, KiServiceEndpoint, 64, call_only,
                        (seL4_Word)t | 1) != seL4_NoError) {
        st = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_cnode;
    }
    st = MmCreateObject(seL4_TCBObject, 0, &t->Tcb);
    if (!NT_SUCCESS(st))
        goto fail_cnode;
    ULONG_PTR ipcbuf = t->TebAddress + PS_IPC_BUFFER_OFFSET;
    seL4_Word guard = seL4_CNode_CapData_new(0, 62).words[0];
    if (seL4_TCB_Configure(t->Tcb.Cap, 2, t->CNode.Cap, guard, vm->Pml4.Cap, 0, ipcbuf,
                           MmUserPageCap(vm, ipcbuf)) != seL4_NoError ||
        seL4_TCB_SetSchedParams(t->Tcb.Cap, seL4_CapInitThreadTCB, 100, 100) != seL4_NoError) {
        st = STATUS_UNSUCCESSFUL;
        goto fail_tcb;
    }
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.rip = StartAddress;
    regs.rsp = t->StackBase - 8; /* as if called: rsp + 8 is 16-byte aligned */
    regs.rflags = 0x202;
    regs.rcx = Arg1;
    regs.rdx = Arg2;
    regs.gs_base = t->TebAddress;
    if (seL4_TCB_WriteRegisters(t->Tcb.Cap, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs) != seL4_NoError) {
        st = STATUS_UNSUCCESSFUL;
        goto fail_tcb;
    }
    char name[48];
    snprintf(name, sizeof(name), "%s:%u", Process->ImageName, t->UniqueThreadId);
    seL4_DebugNameThread(t->Tcb.Cap, name);
    Process->ThreadCount++;
    *ThreadOut = t;
    return STATUS_SUCCESS;
fail_tcb:
    MmDeleteObject(&t->Tcb);
fail_cnode:
    MmDeleteObject(&t->CNode);
fail:
    MmFreeSlot(t->ReplySlot);
    ExFreePoolWithTag(t, 'rhTE');
    return st;
}

NTSTATUS PsCreateInitialProcess(const char *ImageName)
{
    PEPROCESS p = ExAllocatePoolWithTag(NonPagedPool, sizeof(*p), 'corP');
    if (!p)
        return STATUS_INSUFFICIENT_RESOURCES;
    p->UniqueProcessId = PspNextId;
    PspNextId += 4;
    for (ULONG i = 0; ImageName[i] && i + 1 < sizeof(p->ImageName); i++)
        p->ImageName[i] = ImageName[i];
    NTSTATUS st = ObCreateHandleTable(p, NULL, &p->ObjectTable);
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(p, 'corP');
        return st;
    }
    st = MmCreateAddressSpace(&p->Vm);
    if (!NT_SUCCESS(st)) {
        ObDestroyHandleTable(p->ObjectTable);
        ExFreePoolWithTag(p, 'corP');
        return st;
    }
    LDR_IMAGE_INFO ntdll, image;
    ULONG_PTR thunk = 0;
    st = PspMapImageFromArchive(p, "ntdll.dll", &ntdll, &thunk);
    if (NT_SUCCESS(st))
        st = PspMapImageFromArchive(p, ImageName, &image, NULL);
    if (NT_SUCCESS(st))
        st = MmMapUserFrameCopy(&p->Vm, PS_SHARED_USER_DATA_VA, PspSharedUserPage.Cap, FALSE);
    if (NT_SUCCESS(st)) {
        p->PebAddress = PS_PEB_VA;
        p->ImageBase = image.ImageBase;
        st = PspMapRange(&p->Vm, PS_PEB_VA, 4096);
    }
    if (NT_SUCCESS(st)) {
        PEB peb;
        memset(&peb, 0, sizeof(peb));
        peb.ImageBaseAddress = (PVOID)image.ImageBase;
        peb.OSMajorVersion = 10;
        peb.NumberOfProcessors = 1;
        st = MmCopyToUser(&p->Vm, PS_PEB_VA, &peb, sizeof(peb));
    }
    PETHREAD t;
    if (NT_SUCCESS(st))
        st = PspCreateThread(p, thunk, image.EntryPoint, p->PebAddress, &t);
    if (!NT_SUCCESS(st)) {
        MmDeleteAddressSpace(&p->Vm);
        ObDestroyHandleTable(p->ObjectTable);
        ExFreePoolWithTag(p, 'corP');
        return st;
    }
    PspActiveProcesses++;
    DbgTrace(DBG_PS, "ps: process %u '%s' created, image at %lx, entry %lx\n", p->UniqueProcessId, ImageName,
             (unsigned long)image.ImageBase, (unsigned long)image.EntryPoint);
    p->InitialThread = t;
    seL4_TCB_Resume(t->Tcb.Cap);
    return STATUS_SUCCESS;
}
