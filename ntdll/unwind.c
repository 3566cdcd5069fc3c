/*
 * unwind.c — the x64 unwinder: RtlVirtualUnwind over a function's
 * UNWIND_INFO (.xdata) and the search of a function table (.pdata).
 * Pure computation on memory, so tests/host builds it too
 * (docs/exceptions.md).
 *
 * Facts from the PE/COFF x64 exception-handling specification: an
 * UNWIND_INFO is Version:3 Flags:5, SizeOfProlog, CountOfCodes,
 * FrameRegister:4 FrameOffset:4, then the codes (an even number of slots),
 * then the handler's RVA and its data, or a chained RUNTIME_FUNCTION.
 * Codes are in reverse prologue order, each applies once the instruction
 * at CodeOffset has run; the epilog is recognised from the instructions
 * themselves (add/lea rsp, pops, ret or a jump out), as Windows does.
 */
#include <ndk/ketypes.h>
#include <ndk/rtlfuncs.h>
#include "unwindp.h"

enum {
    UWOP_PUSH_NONVOL = 0,
    UWOP_ALLOC_LARGE = 1,
    UWOP_ALLOC_SMALL = 2,
    UWOP_SET_FPREG = 3,
    UWOP_SAVE_NONVOL = 4,
    UWOP_SAVE_NONVOL_FAR = 5,
    UWOP_EPILOG = 6,      /* version 2; SAVE_XMM in version 1 (unused by compilers) */
    UWOP_SPARE_CODE = 7,  /* SAVE_XMM_FAR in version 1 */
    UWOP_SAVE_XMM128 = 8,
    UWOP_SAVE_XMM128_FAR = 9,
    UWOP_PUSH_MACHFRAME = 10,
};

typedef struct {
    UCHAR CodeOffset;
    UCHAR Op; /* UnwindOp:4 OpInfo:4 */
} UNWIND_CODE_SLOT;

typedef struct {
    UCHAR VersionFlags; /* Version:3 Flags:5 */
    UCHAR SizeOfProlog;
    UCHAR CountOfCodes;
    UCHAR Frame; /* FrameRegister:4 FrameOffset:4 */
    UNWIND_CODE_SLOT Code[1];
} UNWIND_INFO_HEADER;

#define UW_OP(s) ((s).Op & 15)
#define UW_INFO(s) ((s).Op >> 4)

static ULONG64 *RtlpIntReg(PCONTEXT Context, ULONG Reg)
{
    return &Context->Rax + Reg; /* Rax Rcx Rdx Rbx Rsp Rbp Rsi Rdi R8..R15, consecutive */
}

/* Slots one code takes. */
static ULONG RtlpCodeSlots(UNWIND_CODE_SLOT Slot)
{
    switch (UW_OP(Slot)) {
    case UWOP_ALLOC_LARGE: return UW_INFO(Slot) ? 3 : 2;
    case UWOP_SAVE_NONVOL:
    case UWOP_SAVE_XMM128:
    case UWOP_EPILOG: return 2;
    case UWOP_SAVE_NONVOL_FAR:
    case UWOP_SAVE_XMM128_FAR:
    case UWOP_SPARE_CODE: return 3;
    default: return 1;
    }
}

static VOID RtlpPop(PCONTEXT Context, ULONG Reg, PKNONVOLATILE_CONTEXT_POINTERS Pointers)
{
    PULONG64 slot = (PULONG64)Context->Rsp;
    *RtlpIntReg(Context, Reg) = *slot;
    if (Pointers)
        Pointers->IntegerContext[Reg] = slot;
    Context->Rsp += 8;
}

/*
 * Is ControlPc in an epilog?  If so, emulate the rest of it (Context then
 * holds the caller's state) and return TRUE.  An epilog is at most one
 * `add rsp, imm` or `lea rsp, [frame reg + disp]`, then pops of
 * non-volatile registers, then `ret` or a jump out of the function
 * (a tail call).
 */
static BOOLEAN RtlpUnwindEpilog(ULONG64 ImageBase, ULONG64 ControlPc, PRUNTIME_FUNCTION Function,
                                PCONTEXT Context, PKNONVOLATILE_CONTEXT_POINTERS Pointers)
{
    const UCHAR *pc = (const UCHAR *)ControlPc;
    ULONG64 rsp = Context->Rsp;
    BOOLEAN first = TRUE;
    /* First pass: does the code from here match an epilog? */
    for (;;) {
        if (first && pc[0] == 0x48 && pc[1] == 0x83 && pc[2] == 0xc4) { /* add rsp, imm8 */
            pc += 4;
        } else if (first && pc[0] == 0x48 && pc[1] == 0x81 && pc[2] == 0xc4) { /* add rsp, imm32 */
            pc += 7;
        } else if (first && (pc[0] & 0xfe) == 0x48 && pc[1] == 0x8d && (pc[2] & 0x38) == 0x20) {
            /* lea rsp, [reg + disp8/disp32] */
            ULONG mod = pc[2] >> 6;
            if ((pc[2] & 7) == 4)
                return FALSE; /* an SIB form: not a frame-pointer lea */
            if (mod == 1)
                pc += 4;
            else if (mod == 2)
                pc += 7;
            else
                return FALSE;
        } else if ((pc[0] & 0xf8) == 0x58) { /* pop reg */
            pc += 1;
        } else if (pc[0] == 0x41 && (pc[1] & 0xf8) == 0x58) { /* pop r8..r15 */
            pc += 2;
        } else if (pc[0] == 0xc3 || (pc[0] == 0xf3 && pc[1] == 0xc3)) { /* ret, rep ret */
            break;
        } else if (pc[0] == 0xe9) { /* jmp rel32: a tail call if it leaves the function */
            LONG rel;
            __builtin_memcpy(&rel, pc + 1, 4);
            ULONG64 target = (ULONG64)(pc + 5) + rel;
            if (target >= ImageBase + Function->BeginAddress && target < ImageBase + Function->EndAddress)
                return FALSE;
            break;
        } else if (pc[0] == 0xff && pc[1] == 0x25) { /* jmp [rip+disp32] */
            break;
        } else if (pc[0] == 0x48 && pc[1] == 0xff && pc[2] == 0x25) { /* rex.w jmp [rip+disp32] */
            break;
        } else {
            return FALSE;
        }
        first = FALSE;
    }
    /* Second pass: run it. */
    pc = (const UCHAR *)ControlPc;
    if (pc[0] == 0x48 && pc[1] == 0x83 && pc[2] == 0xc4) {
        rsp += (CHAR)pc[3];
        pc += 4;
    } else if (pc[0] == 0x48 && pc[1] == 0x81 && pc[2] == 0xc4) {
        LONG imm;
        __builtin_memcpy(&imm, pc + 3, 4);
        rsp += imm;
        pc += 7;
    } else if ((pc[0] & 0xfe) == 0x48 && pc[1] == 0x8d && (pc[2] & 0x38) == 0x20) {
        ULONG reg = (pc[2] & 7) + ((pc[0] & 1) ? 8 : 0);
        LONG disp;
        if ((pc[2] >> 6) == 1) {
            disp = (CHAR)pc[3];
            pc += 4;
        } else {
            __builtin_memcpy(&disp, pc + 3, 4);
            pc += 7;
        }
        rsp = *RtlpIntReg(Context, reg) + disp;
    }
    Context->Rsp = rsp;
    for (;;) {
        if ((pc[0] & 0xf8) == 0x58) {
            RtlpPop(Context, pc[0] & 7, Pointers);
            pc += 1;
        } else if (pc[0] == 0x41 && (pc[1] & 0xf8) == 0x58) {
            RtlpPop(Context, 8 + (pc[1] & 7), Pointers);
            pc += 2;
        } else {
            break;
        }
    }
    Context->Rip = *(PULONG64)Context->Rsp; /* ret, or the tail call's return */
    Context->Rsp += 8;
    return TRUE;
}

/* Apply the codes of one UNWIND_INFO whose prolog has run up to Offset
 * bytes (all of it for chained entries).  TRUE if a machine frame was
 * popped (then Rip is set). */
static BOOLEAN RtlpApplyCodes(const UNWIND_INFO_HEADER *Info, ULONG Offset, PCONTEXT Context,
                              PKNONVOLATILE_CONTEXT_POINTERS Pointers)
{
    BOOLEAN machframe = FALSE;
    ULONG i = 0;
    while (i < Info->CountOfCodes) {
        UNWIND_CODE_SLOT s = Info->Code[i];
        ULONG n = RtlpCodeSlots(s);
        if (s.CodeOffset > Offset && UW_OP(s) != UWOP_EPILOG) {
            i += n; /* that part of the prolog has not run */
            continue;
        }
        ULONG info = UW_INFO(s);
        USHORT w1 = i + 1 < Info->CountOfCodes ? *(const USHORT *)&Info->Code[i + 1] : 0;
        USHORT w2 = i + 2 < Info->CountOfCodes ? *(const USHORT *)&Info->Code[i + 2] : 0;
        switch (UW_OP(s)) {
        case UWOP_PUSH_NONVOL:
            RtlpPop(Context, info, Pointers);
            break;
        case UWOP_ALLOC_LARGE:
            Context->Rsp += info ? ((ULONG)w1 | ((ULONG)w2 << 16)) : (ULONG)w1 * 8;
            break;
        case UWOP_ALLOC_SMALL:
            Context->Rsp += info * 8 + 8;
            break;
        case UWOP_SET_FPREG:
            Context->Rsp = *RtlpIntReg(Context, Info->Frame & 15) - (ULONG64)(Info->Frame >> 4) * 16;
            break;
        case UWOP_SAVE_NONVOL:
        case UWOP_SAVE_NONVOL_FAR: {
            ULONG64 off = UW_OP(s) == UWOP_SAVE_NONVOL ? (ULONG64)w1 * 8 : ((ULONG)w1 | ((ULONG)w2 << 16));
            PULONG64 slot = (PULONG64)(Context->Rsp + off);
            *RtlpIntReg(Context, info) = *slot;
            if (Pointers)
                Pointers->IntegerContext[info] = slot;
            break;
        }
        case UWOP_SAVE_XMM128:
        case UWOP_SAVE_XMM128_FAR: {
            ULONG64 off = UW_OP(s) == UWOP_SAVE_XMM128 ? (ULONG64)w1 * 16 : ((ULONG)w1 | ((ULONG)w2 << 16));
            PM128A slot = (PM128A)(Context->Rsp + off);
            (&Context->Xmm0)[info] = *slot;
            if (Pointers)
                Pointers->FloatingContext[info] = slot;
            break;
        }
        case UWOP_PUSH_MACHFRAME: {
            if (info)
                Context->Rsp += 8; /* an error code above the frame */
            PMACHINE_FRAME f = (PMACHINE_FRAME)Context->Rsp;
            Context->Rip = f->Rip;
            Context->SegCs = f->SegCs;
            Context->EFlags = f->EFlags;
            Context->Rsp = f->Rsp;
            Context->SegSs = f->SegSs;
            machframe = TRUE;
            break;
        }
        default: /* UWOP_EPILOG: only describes epilogs; nothing to undo */
            break;
        }
        i += n;
    }
    return machframe;
}

PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                                          PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord,
                                          PVOID *HandlerData, PULONG64 EstablisherFrame,
                                          PKNONVOLATILE_CONTEXT_POINTERS ContextPointers)
{
    const UNWIND_INFO_HEADER *info = (const UNWIND_INFO_HEADER *)(ImageBase + FunctionEntry->UnwindInfoAddress);
    ULONG offset = (ULONG)(ControlPc - (ImageBase + FunctionEntry->BeginAddress));
    *HandlerData = NULL;

    /* The frame: the frame register's value less its offset once the
     * prolog set it, else rsp. */
    ULONG frameReg = info->Frame & 15;
    *EstablisherFrame = ContextRecord->Rsp;
    if (frameReg) {
        BOOLEAN set = FALSE;
        for (ULONG i = 0; i < info->CountOfCodes; i += RtlpCodeSlots(info->Code[i]))
            if (UW_OP(info->Code[i]) == UWOP_SET_FPREG && info->Code[i].CodeOffset <= offset)
                set = TRUE;
        if (set || offset >= info->SizeOfProlog)
            *EstablisherFrame = *RtlpIntReg(ContextRecord, frameReg) - (ULONG64)(info->Frame >> 4) * 16;
    }

    /* In an epilog (only past the prolog of the function itself): the rest
     * of the epilog is the unwind. */
    if (offset >= info->SizeOfProlog &&
        RtlpUnwindEpilog(ImageBase, ControlPc, FunctionEntry, ContextRecord, ContextPointers))
        return NULL;

    BOOLEAN machframe = RtlpApplyCodes(info, offset, ContextRecord, ContextPointers);
    /* Chained entries: their prologs have run whole. */
    const UNWIND_INFO_HEADER *ci = info;
    for (ULONG depth = 0; (ci->VersionFlags >> 3) & UNW_FLAG_CHAININFO; depth++) {
        if (depth > 32)
            break; /* a loop in the chain: stop */
        ULONG slots = (ci->CountOfCodes + 1) & ~1u;
        PRUNTIME_FUNCTION chained = (PRUNTIME_FUNCTION)&ci->Code[slots];
        ci = (const UNWIND_INFO_HEADER *)(ImageBase + chained->UnwindInfoAddress);
        machframe |= RtlpApplyCodes(ci, ~0u, ContextRecord, ContextPointers);
    }
    if (!machframe) {
        ContextRecord->Rip = *(PULONG64)ContextRecord->Rsp;
        ContextRecord->Rsp += 8;
    }

    /* The handler, if the function has one of the wanted kind and the
     * prolog is complete. */
    ULONG flags = info->VersionFlags >> 3;
    if (!(flags & HandlerType & (UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER)) || offset < info->SizeOfProlog)
        return NULL;
    ULONG slots = (info->CountOfCodes + 1) & ~1u;
    const ULONG *h = (const ULONG *)&info->Code[slots];
    *HandlerData = (PVOID)(h + 1);
    return (PEXCEPTION_ROUTINE)(ImageBase + h[0]);
}

/* Binary search of a sorted function table for an RVA; follows an
 * indirect entry (UnwindData with bit 0 set: the RVA of the real entry). */
PRUNTIME_FUNCTION RtlpSearchFunctionTable(ULONG64 ImageBase, PRUNTIME_FUNCTION Table, ULONG Count, ULONG Rva)
{
    ULONG lo = 0, hi = Count;
    while (lo < hi) {
        ULONG mid = lo + (hi - lo) / 2;
        PRUNTIME_FUNCTION f = &Table[mid];
        if (Rva < f->BeginAddress) {
            hi = mid;
        } else if (Rva >= f->EndAddress) {
            lo = mid + 1;
        } else {
            if (f->UnwindInfoAddress & 1)
                f = (PRUNTIME_FUNCTION)(ImageBase + (f->UnwindInfoAddress & ~1u));
            return f;
        }
    }
    return NULL;
}
