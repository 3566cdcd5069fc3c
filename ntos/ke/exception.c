/*
 * exception.c — user-mode exceptions (docs/exceptions.md).
 *
 * A fault the memory manager cannot resolve, a CPU exception or an
 * NtRaiseException becomes an exception dispatched in the thread itself,
 * the way Windows x64 does it: the executive writes a KUSER_EXCEPTION_FRAME
 * (CONTEXT, CONTEXT_EX, EXCEPTION_RECORD, machine frame) below the thread's
 * stack pointer and restarts the thread at ntdll!KiUserExceptionDispatcher
 * with rsp pointing at the CONTEXT.  ntdll finds a handler or ends the
 * process with NtRaiseException(..., FALSE).  A frame that cannot be
 * written (a wild rsp, the stack used up by nested faults) ends the process
 * with the exception code, so nothing loops.
 *
 * Registers move through seL4_TCB_ReadRegisters/WriteRegisters.  A thread
 * blocked on our reply (a fault or a call) is restarted by WriteRegisters
 * with resume: the kernel drops its reply capability and starts it at the
 * new rip, so no answer goes to it afterwards (KiCallerContinued).  The
 * executive cannot reach a thread's x87/SSE state: ntdll's dispatcher
 * saves it into the CONTEXT itself (the flag in CONTEXT_EX.Reserved), and
 * RtlRestoreContext puts it back; NtContinue and NtSetContextThread set
 * the integer and control registers only.
 */
#include "ki.h"
#include <sel4/sel4.h>
#include <sel4rt/sel4rt.h>

ULONG_PTR KiUserExceptionDispatcher; /* set by PsInitSystem from ntdll's exports */

#define KI_REG_COUNT (sizeof(seL4_UserContext) / sizeof(seL4_Word))
/* CONTEXT_EX.Reserved: ntdll's dispatcher is to save the FPU state. */
#define KI_SAVE_FPU_IN_DISPATCHER 1

static BOOLEAN KiReadRegisters(PETHREAD Thread, seL4_UserContext *Regs)
{
    return seL4_TCB_ReadRegisters(Thread->Tcb.Cap, 0, 0, KI_REG_COUNT, Regs) == seL4_NoError;
}

/* Is the instruction at Rip a `syscall` (the thread was stopped at a
 * service stub's syscall, which the stubs issue with rsp in rbx)? */
static BOOLEAN KiAtSyscall(PETHREAD Thread, ULONG_PTR Rip)
{
    UCHAR code[2];
    return NT_SUCCESS(MmCopyFromUser(&Thread->Process->Vm, code, Rip, 2)) && code[0] == 0x0f &&
           code[1] == 0x05;
}

/*
 * The user registers of a thread as a CONTEXT would show them.  InCall: the
 * thread is blocked in a service call (the kernel's rip is its syscall
 * instruction and rsp was not saved; the stubs keep it in rbx): report the
 * state the call returns to.  A thread stopped at a syscall it has not
 * issued yet (withdrawn by a suspension) reports rsp from rbx too.
 */
typedef enum { KiExact, KiInCall, KiMaybeAtSyscall } KI_REGISTER_STATE;

static VOID KiRegistersToContext(PETHREAD Thread, seL4_UserContext *r, KI_REGISTER_STATE State, PCONTEXT c)
{
    if (State == KiInCall) {
        r->rip += 2;
        r->rsp = r->rbx;
    } else if (State == KiMaybeAtSyscall && KiAtSyscall(Thread, r->rip)) {
        r->rsp = r->rbx;
    }
    c->Rip = r->rip;
    c->Rsp = r->rsp;
    c->EFlags = (ULONG)r->rflags;
    c->Rax = r->rax;
    c->Rbx = r->rbx;
    c->Rcx = r->rcx;
    c->Rdx = r->rdx;
    c->Rsi = r->rsi;
    c->Rdi = r->rdi;
    c->Rbp = r->rbp;
    c->R8 = r->r8;
    c->R9 = r->r9;
    c->R10 = r->r10;
    c->R11 = r->r11;
    c->R12 = r->r12;
    c->R13 = r->r13;
    c->R14 = r->r14;
    c->R15 = r->r15;
    c->SegCs = KGDT64_R3_CODE;
    c->SegSs = c->SegDs = c->SegEs = c->SegGs = KGDT64_R3_DATA;
    c->SegFs = KGDT64_R3_CMTEB;
}

/*
 * Fold a user CONTEXT into the registers, by its ContextFlags, keeping
 * only what is safe: rflags changes only in the arithmetic flags and DF,
 * rip and rsp must be user addresses, segments and fs/gs bases never
 * change.  FALSE if rip or rsp is outside user space.
 */
BOOLEAN KiContextToRegisters(const CONTEXT *c, seL4_UserContext *r)
{
    ULONG flags = c->ContextFlags;
    if ((flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        if (c->Rip >= PS_USER_TOP || c->Rsp >= PS_USER_TOP)
            return FALSE;
        r->rip = c->Rip;
        r->rsp = c->Rsp;
        r->rflags = (r->rflags & ~KI_USER_RFLAGS) | (c->EFlags & KI_USER_RFLAGS) | 0x202;
    }
    if ((flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        r->rax = c->Rax;
        r->rbx = c->Rbx;
        r->rcx = c->Rcx;
        r->rdx = c->Rdx;
        r->rsi = c->Rsi;
        r->rdi = c->Rdi;
        r->rbp = c->Rbp;
        r->r8 = c->R8;
        r->r9 = c->R9;
        r->r10 = c->R10;
        r->r11 = c->R11;
        r->r12 = c->R12;
        r->r13 = c->R13;
        r->r14 = c->R14;
        r->r15 = c->R15;
    }
    return TRUE;
}

/* Restart a thread blocked on our reply (a fault or a call) with Regs: its
 * reply capability goes, and no answer is sent. */
static VOID KiRestartWithRegisters(PETHREAD Thread, seL4_UserContext *Regs)
{
    seL4_TCB_WriteRegisters(Thread->Tcb.Cap, 1, 0, KI_REG_COUNT, Regs);
    Thread->InExecutive = FALSE;
    KiCallerContinued(Thread);
}

static VOID KiEndProcess(PETHREAD Thread, NTSTATUS Code, ULONG_PTR Address, const char *Why)
{
    DbgPrint("ke: %s (pid %u): exception 0x%08x at %lx %s; terminating the process\n",
             Thread->Process->ImageName, Thread->Process->UniqueProcessId, (ULONG)Code, (unsigned long)Address,
             Why);
    PspTerminateProcess(Thread->Process, Code);
}

/*
 * Dispatch an exception to user mode: write the frame below Context->Rsp
 * and restart the thread at KiUserExceptionDispatcher.  Regs are the
 * thread's registers (fs/gs bases kept).  SaveFpu: ntdll is to save the
 * FPU state (a fault: the state is still the thread's own).  If the frame
 * cannot be written the process ends with the exception code.
 */
static VOID KiDispatchToUser(PETHREAD Thread, seL4_UserContext *Regs, PCONTEXT Context,
                             PEXCEPTION_RECORD Record, BOOLEAN SaveFpu)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    ULONG_PTR sp = Context->Rsp;
    ULONG_PTR frame = (sp & ~15ull) - sizeof(KUSER_EXCEPTION_FRAME);
    if (!KiUserExceptionDispatcher || sp >= PS_USER_TOP || sp < sizeof(KUSER_EXCEPTION_FRAME) + 0x10000) {
        KiEndProcess(Thread, Record->ExceptionCode, Context->Rip, "(no stack for the exception frame)");
        return;
    }
    static KUSER_EXCEPTION_FRAME f; /* the executive is single-threaded; keep it off its small stack */
    memset(&f, 0, sizeof(f));
    f.Context = *Context;
    f.ContextEx.All.Offset = -(LONG)sizeof(CONTEXT);
    f.ContextEx.All.Length = sizeof(CONTEXT) + sizeof(CONTEXT_EX);
    f.ContextEx.Legacy.Offset = -(LONG)sizeof(CONTEXT);
    f.ContextEx.Legacy.Length = sizeof(CONTEXT);
    f.ContextEx.XState.Offset = sizeof(CONTEXT_EX);
    f.ContextEx.Reserved = SaveFpu ? KI_SAVE_FPU_IN_DISPATCHER : 0;
    f.ExceptionRecord = *Record;
    f.MachineFrame.Rip = Context->Rip;
    f.MachineFrame.SegCs = KGDT64_R3_CODE;
    f.MachineFrame.EFlags = Context->EFlags;
    f.MachineFrame.Rsp = Context->Rsp;
    f.MachineFrame.SegSs = KGDT64_R3_DATA;
    if (!NT_SUCCESS(MmProbeUser(vm, frame, sizeof(f), TRUE)) ||
        !NT_SUCCESS(MmCopyToUser(vm, frame, &f, sizeof(f)))) {
        KiEndProcess(Thread, Record->ExceptionCode, Context->Rip, "(the stack cannot take the exception frame)");
        return;
    }
    Regs->rip = KiUserExceptionDispatcher;
    Regs->rsp = frame;
    Regs->rflags = 0x202; /* DF clear, as the ABI wants at a call */
    Regs->rcx = frame + FIELD_OFFSET(KUSER_EXCEPTION_FRAME, ExceptionRecord);
    Regs->rdx = frame;
    KiRestartWithRegisters(Thread, Regs);
}

/* Privileged instructions a #GP at user level may come from. */
static BOOLEAN KiIsPrivilegedInstruction(PETHREAD Thread, ULONG_PTR Rip)
{
    UCHAR b[2];
    if (!NT_SUCCESS(MmCopyFromUser(&Thread->Process->Vm, b, Rip, 2)))
        return FALSE;
    switch (b[0]) {
    case 0xf4: /* hlt */
    case 0xfa: /* cli */
    case 0xfb: /* sti */
    case 0xe4: case 0xe5: case 0xe6: case 0xe7: /* in/out imm8 */
    case 0xec: case 0xed: case 0xee: case 0xef: /* in/out dx */
    case 0x6c: case 0x6d: case 0x6e: case 0x6f: /* ins/outs */
        return TRUE;
    case 0x0f:
        /* clts, invd, wbinvd, wrmsr, rdmsr, mov to/from cr/dr, lgdt and friends */
        return b[1] == 0x06 || b[1] == 0x08 || b[1] == 0x09 || b[1] == 0x30 || b[1] == 0x32 ||
               b[1] == 0x20 || b[1] == 0x21 || b[1] == 0x22 || b[1] == 0x23 || b[1] == 0x01;
    default:
        return FALSE;
    }
}

/*
 * A fault of Thread that the memory manager did not resolve.  Label and the
 * message registers are the kernel's fault message (reference §8).  Makes
 * the exception record Windows would and dispatches it.
 */
VOID KiDispatchFault(PETHREAD Thread, seL4_Word Label, const seL4_Word *Mr)
{
    seL4_UserContext regs;
    EXCEPTION_RECORD rec;
    memset(&rec, 0, sizeof(rec));
    if (!KiReadRegisters(Thread, &regs)) {
        KiEndProcess(Thread, STATUS_ACCESS_VIOLATION, Mr[0], "(registers unreadable)");
        return;
    }
    switch (Label) {
    case seL4_Fault_VMFault:
        rec.ExceptionCode = STATUS_ACCESS_VIOLATION;
        rec.NumberParameters = 2;
        rec.ExceptionInformation[0] = (Mr[3] & 0x10) ? 8 : (Mr[3] & 2) ? 1 : 0;
        rec.ExceptionInformation[1] = Mr[1];
        break;
    case seL4_Fault_UserException:
        switch (Mr[3]) {
        case 0: rec.ExceptionCode = STATUS_INTEGER_DIVIDE_BY_ZERO; break;
        case 1: rec.ExceptionCode = STATUS_SINGLE_STEP; break;
        case 3:
            /* int3 traps after the instruction; Windows reports it at the int3 */
            rec.ExceptionCode = STATUS_BREAKPOINT;
            rec.NumberParameters = 1; /* BREAKPOINT_BREAK */
            regs.rip -= 1;
            break;
        case 4: rec.ExceptionCode = STATUS_INTEGER_OVERFLOW; break;
        case 5: rec.ExceptionCode = STATUS_ARRAY_BOUNDS_EXCEEDED; break;
        case 6: rec.ExceptionCode = STATUS_ILLEGAL_INSTRUCTION; break;
        case 16: rec.ExceptionCode = STATUS_FLOAT_INVALID_OPERATION; break;
        case 17: rec.ExceptionCode = STATUS_DATATYPE_MISALIGNMENT; break;
        case 19: rec.ExceptionCode = STATUS_FLOAT_MULTIPLE_TRAPS; break;
        case 13:
            if (KiIsPrivilegedInstruction(Thread, regs.rip)) {
                rec.ExceptionCode = STATUS_PRIVILEGED_INSTRUCTION;
                break;
            }
            /* a non-canonical address, or an int n without a user gate: an
             * access violation at an unknown address, as Windows says */
            rec.ExceptionCode = STATUS_ACCESS_VIOLATION;
            rec.NumberParameters = 2;
            rec.ExceptionInformation[1] = ~0ull;
            break;
        default:
            rec.ExceptionCode = STATUS_ACCESS_VIOLATION;
            rec.NumberParameters = 2;
            rec.ExceptionInformation[1] = ~0ull;
            break;
        }
        break;
    default: /* an unknown syscall or capability fault: not an instruction we run */
        rec.ExceptionCode = STATUS_ILLEGAL_INSTRUCTION;
        break;
    }
    CONTEXT c;
    memset(&c, 0, sizeof(c));
    c.ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    KiRegistersToContext(Thread, &regs, KiExact, &c);
    c.Rip = regs.rip;
    c.Rsp = regs.rsp;
    rec.ExceptionAddress = (PVOID)c.Rip;
    DbgTrace(DBG_KE, "ke: %s: exception 0x%08x at %lx (%lx, rsp %lx) dispatched\n", Thread->Process->ImageName,
             (ULONG)rec.ExceptionCode, (unsigned long)c.Rip, (unsigned long)rec.ExceptionInformation[1],
             (unsigned long)c.Rsp);
    KiDispatchToUser(Thread, &regs, &c, &rec, TRUE);
}

static NTSTATUS KiCaptureContext(PETHREAD Thread, PCONTEXT User, PCONTEXT Captured)
{
    if (!User || ((ULONG_PTR)User & 15) ||
        !NT_SUCCESS(MmCopyFromUser(&Thread->Process->Vm, Captured, (ULONG_PTR)User, sizeof(*Captured))))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS NtContinue(PETHREAD Thread, PCONTEXT ContextRecord, BOOLEAN TestAlert)
{
    (void)TestAlert; /* no alerts or APCs yet */
    CONTEXT c;
    seL4_UserContext regs;
    NTSTATUS st = KiCaptureContext(Thread, ContextRecord, &c);
    if (!NT_SUCCESS(st))
        return st;
    if (!KiReadRegisters(Thread, &regs))
        return STATUS_UNSUCCESSFUL;
    CONTEXT now;
    KiRegistersToContext(Thread, &regs, KiInCall, &now); /* rip/rsp as the call returns */
    if (!KiContextToRegisters(&c, &regs))
        return STATUS_INVALID_PARAMETER;
    KiRestartWithRegisters(Thread, &regs);
    return STATUS_SUCCESS; /* not sent: the thread runs the context */
}

NTSTATUS NtRaiseException(PETHREAD Thread, PEXCEPTION_RECORD ExceptionRecord, PCONTEXT ContextRecord,
                          BOOLEAN FirstChance)
{
    EXCEPTION_RECORD rec;
    CONTEXT c;
    if (!ExceptionRecord ||
        !NT_SUCCESS(MmCopyFromUser(&Thread->Process->Vm, &rec, (ULONG_PTR)ExceptionRecord, sizeof(rec))))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = KiCaptureContext(Thread, ContextRecord, &c);
    if (!NT_SUCCESS(st))
        return st;
    if (rec.NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS)
        return STATUS_INVALID_PARAMETER;
    if (!FirstChance) {
        /* the program did not handle it: the second chance ends the process */
        KiEndProcess(Thread, rec.ExceptionCode, (ULONG_PTR)rec.ExceptionAddress, "(unhandled)");
        return rec.ExceptionCode;
    }
    seL4_UserContext regs;
    if (!KiReadRegisters(Thread, &regs))
        return STATUS_UNSUCCESSFUL;
    if (c.Rip >= PS_USER_TOP || c.Rsp >= PS_USER_TOP)
        return STATUS_INVALID_PARAMETER;
    KiDispatchToUser(Thread, &regs, &c, &rec, FALSE);
    return STATUS_SUCCESS; /* not sent: the thread dispatches it, or its process ended */
}

/*
 * Another thread's registers can be read or written while it is stopped:
 * suspended in user mode (its TCB stopped), never started, or running (it
 * is stopped for the moment).  A thread blocked in a service call shows the
 * state the call returns to; changing it there is not done yet.
 */
static NTSTATUS KiReferenceContextThread(PETHREAD Caller, HANDLE Handle, ACCESS_MASK Access, PETHREAD *Thread)
{
    NTSTATUS st = PsReferenceThreadByHandle(Handle, Access, Thread);
    if (!NT_SUCCESS(st))
        return st;
    if ((*Thread)->Terminated || !(*Thread)->Tcb.Cap) {
        ObDereferenceObject(*Thread);
        return STATUS_UNSUCCESSFUL;
    }
    (void)Caller;
    return STATUS_SUCCESS;
}

NTSTATUS NtGetContextThread(PETHREAD Thread, HANDLE ThreadHandle, PCONTEXT ThreadContext)
{
    PMMSUPPORT vm = &Thread->Process->Vm;
    CONTEXT c;
    if (!ThreadContext || ((ULONG_PTR)ThreadContext & 15) ||
        !NT_SUCCESS(MmCopyFromUser(vm, &c, (ULONG_PTR)ThreadContext, sizeof(c))) ||
        !NT_SUCCESS(MmProbeUser(vm, (ULONG_PTR)ThreadContext, sizeof(c), TRUE)))
        return STATUS_ACCESS_VIOLATION;
    PETHREAD t;
    NTSTATUS st = KiReferenceContextThread(Thread, ThreadHandle, THREAD_GET_CONTEXT, &t);
    if (!NT_SUCCESS(st))
        return st;
    seL4_UserContext regs;
    BOOLEAN stopped = t == Thread || t->InExecutive || t->TcbStopped;
    if (!stopped)
        seL4_TCB_Suspend(t->Tcb.Cap);
    BOOLEAN ok = KiReadRegisters(t, &regs);
    if (!stopped)
        seL4_TCB_Resume(t->Tcb.Cap);
    if (!ok) {
        ObDereferenceObject(t);
        return STATUS_UNSUCCESSFUL;
    }
    CONTEXT now;
    memset(&now, 0, sizeof(now));
    KiRegistersToContext(t, &regs, (t == Thread || t->InExecutive) ? KiInCall : KiMaybeAtSyscall, &now);
    ObDereferenceObject(t);
    ULONG flags = c.ContextFlags;
    if ((flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        c.Rip = now.Rip;
        c.Rsp = now.Rsp;
        c.EFlags = now.EFlags;
        c.SegCs = now.SegCs;
        c.SegSs = now.SegSs;
    }
    if ((flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        c.Rax = now.Rax; c.Rbx = now.Rbx; c.Rcx = now.Rcx; c.Rdx = now.Rdx;
        c.Rsi = now.Rsi; c.Rdi = now.Rdi; c.Rbp = now.Rbp;
        c.R8 = now.R8; c.R9 = now.R9; c.R10 = now.R10; c.R11 = now.R11;
        c.R12 = now.R12; c.R13 = now.R13; c.R14 = now.R14; c.R15 = now.R15;
    }
    if ((flags & CONTEXT_SEGMENTS) == CONTEXT_SEGMENTS) {
        c.SegDs = now.SegDs; c.SegEs = now.SegEs; c.SegFs = now.SegFs; c.SegGs = now.SegGs;
    }
    if ((flags & CONTEXT_FLOATING_POINT) == CONTEXT_FLOATING_POINT) {
        /* not reachable from the executive: the power-on defaults */
        memset(&c.FltSave, 0, sizeof(c.FltSave));
        c.FltSave.ControlWord = 0x27f;
        c.FltSave.MxCsr = c.MxCsr = 0x1f80;
        c.FltSave.MxCsr_Mask = 0xffff;
    }
    if ((flags & CONTEXT_DEBUG_REGISTERS) == CONTEXT_DEBUG_REGISTERS)
        c.Dr0 = c.Dr1 = c.Dr2 = c.Dr3 = c.Dr6 = c.Dr7 = 0;
    if (!NT_SUCCESS(MmCopyToUser(vm, (ULONG_PTR)ThreadContext, &c, sizeof(c))))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS NtSetContextThread(PETHREAD Thread, HANDLE ThreadHandle, PCONTEXT ThreadContext)
{
    CONTEXT c;
    NTSTATUS st = KiCaptureContext(Thread, ThreadContext, &c);
    if (!NT_SUCCESS(st))
        return st;
    PETHREAD t;
    st = KiReferenceContextThread(Thread, ThreadHandle, THREAD_SET_CONTEXT, &t);
    if (!NT_SUCCESS(st))
        return st;
    seL4_UserContext regs;
    if (t == Thread) {
        ObDereferenceObject(t);
        return NtContinue(Thread, ThreadContext, FALSE);
    }
    if (t->InExecutive) {
        /* blocked in a call: its registers are the kernel's until we answer */
        ObDereferenceObject(t);
        return STATUS_NOT_IMPLEMENTED;
    }
    BOOLEAN stopped = t->TcbStopped;
    if (!stopped)
        seL4_TCB_Suspend(t->Tcb.Cap);
    st = STATUS_UNSUCCESSFUL;
    if (KiReadRegisters(t, &regs)) {
        CONTEXT now;
        KiRegistersToContext(t, &regs, KiMaybeAtSyscall, &now); /* rsp from rbx if stopped at a syscall */
        if (!KiContextToRegisters(&c, &regs))
            st = STATUS_INVALID_PARAMETER;
        else if (seL4_TCB_WriteRegisters(t->Tcb.Cap, 0, 0, KI_REG_COUNT, &regs) == seL4_NoError)
            st = STATUS_SUCCESS;
    }
    if (!stopped)
        seL4_TCB_Resume(t->Tcb.Cap);
    ObDereferenceObject(t);
    return st;
}
