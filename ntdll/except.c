/*
 * except.c — structured exception handling in user mode, Windows x64
 * style (docs/exceptions.md): dispatch (vectored handlers, then the
 * frame-based handlers found by walking the stack with the images'
 * .pdata), unwinding (RtlUnwindEx), raising, and __C_specific_handler,
 * the personality routine of __try/__except/__finally.
 */
#include <ndk/ntndk.h>
#include "unwindp.h"

extern IMAGE_DOS_HEADER __ImageBase; /* ntdll's own image */

/* ---- Function tables ---- */

/* Tables added at run time (RtlAddFunctionTable): a few, kept in a fixed
 * array under a spin lock. */
#define RTLP_DYNAMIC_TABLES 32
typedef struct {
    PRUNTIME_FUNCTION Table;
    ULONG Count;
    ULONG64 Base, End;
} RTLP_DYNAMIC_TABLE;
static RTLP_DYNAMIC_TABLE RtlpDynamicTables[RTLP_DYNAMIC_TABLES];
static volatile LONG RtlpTableLock;

static VOID RtlpLock(volatile LONG *Lock)
{
    while (__atomic_exchange_n(Lock, 1, __ATOMIC_ACQUIRE))
        NtYieldExecution();
}

static VOID RtlpUnlock(volatile LONG *Lock)
{
    __atomic_store_n(Lock, 0, __ATOMIC_RELEASE);
}

/* The exception directory of the image at Base, if it has one. */
static PRUNTIME_FUNCTION RtlpImageFunctionTable(ULONG64 Base, PULONG Count, PULONG SizeOfImage)
{
    PIMAGE_DOS_HEADER dos = (PIMAGE_DOS_HEADER)Base;
    if (dos->e_magic != IMAGE_DOS_SIGNATURE)
        return NULL;
    PIMAGE_NT_HEADERS64 nt = (PIMAGE_NT_HEADERS64)(Base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE || nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return NULL;
    *SizeOfImage = nt->OptionalHeader.SizeOfImage;
    if (nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_EXCEPTION)
        return NULL;
    IMAGE_DATA_DIRECTORY *d = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION];
    if (!d->VirtualAddress || !d->Size)
        return NULL;
    *Count = d->Size / sizeof(RUNTIME_FUNCTION);
    return (PRUNTIME_FUNCTION)(Base + d->VirtualAddress);
}

/* The image that holds ControlPc: ntdll itself, else the loader's list. */
static ULONG64 RtlpImageOf(ULONG64 ControlPc)
{
    ULONG count, size = 0;
    ULONG64 self = (ULONG64)&__ImageBase;
    RtlpImageFunctionTable(self, &count, &size); /* sets size whenever the headers are valid */
    if (ControlPc >= self && ControlPc < self + size)
        return self;
    PPEB peb = NtCurrentPeb();
    if (!peb->Ldr)
        return 0;
    PLIST_ENTRY head = &peb->Ldr->InMemoryOrderModuleList;
    for (PLIST_ENTRY e = head->Flink; e && e != head; e = e->Flink) {
        PLDR_DATA_TABLE_ENTRY m = CONTAINING_RECORD(e, LDR_DATA_TABLE_ENTRY, InMemoryOrderLinks);
        ULONG64 base = (ULONG64)m->DllBase;
        if (ControlPc >= base && ControlPc < base + m->SizeOfImage)
            return base;
    }
    return 0;
}

PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase,
                                               PUNWIND_HISTORY_TABLE HistoryTable)
{
    (void)HistoryTable; /* no cache */
    *ImageBase = 0;
    ULONG64 base = RtlpImageOf(ControlPc);
    if (base) {
        ULONG count = 0, size = 0;
        PRUNTIME_FUNCTION t = RtlpImageFunctionTable(base, &count, &size);
        *ImageBase = base;
        return t ? RtlpSearchFunctionTable(base, t, count, (ULONG)(ControlPc - base)) : NULL;
    }
    PRUNTIME_FUNCTION found = NULL;
    RtlpLock(&RtlpTableLock);
    for (ULONG i = 0; i < RTLP_DYNAMIC_TABLES && !found; i++) {
        RTLP_DYNAMIC_TABLE *d = &RtlpDynamicTables[i];
        if (d->Table && ControlPc >= d->Base && ControlPc - d->Base < 0x100000000ull) {
            found = RtlpSearchFunctionTable(d->Base, d->Table, d->Count, (ULONG)(ControlPc - d->Base));
            if (found)
                *ImageBase = d->Base;
        }
    }
    RtlpUnlock(&RtlpTableLock);
    return found;
}

BOOLEAN NTAPI RtlAddFunctionTable(PRUNTIME_FUNCTION FunctionTable, ULONG EntryCount, ULONG64 BaseAddress)
{
    BOOLEAN ok = FALSE;
    if (!FunctionTable)
        return FALSE;
    RtlpLock(&RtlpTableLock);
    for (ULONG i = 0; i < RTLP_DYNAMIC_TABLES; i++) {
        if (!RtlpDynamicTables[i].Table) {
            RtlpDynamicTables[i] = (RTLP_DYNAMIC_TABLE){ FunctionTable, EntryCount, BaseAddress, 0 };
            ok = TRUE;
            break;
        }
    }
    RtlpUnlock(&RtlpTableLock);
    return ok;
}

BOOLEAN NTAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION FunctionTable)
{
    BOOLEAN ok = FALSE;
    RtlpLock(&RtlpTableLock);
    for (ULONG i = 0; i < RTLP_DYNAMIC_TABLES; i++) {
        if (FunctionTable && RtlpDynamicTables[i].Table == FunctionTable) {
            RtlpDynamicTables[i].Table = NULL;
            ok = TRUE;
            break;
        }
    }
    RtlpUnlock(&RtlpTableLock);
    return ok;
}

/* ---- Vectored handlers ---- */

typedef struct _RTLP_VECTORED_HANDLER {
    struct _RTLP_VECTORED_HANDLER *Next;
    PVECTORED_EXCEPTION_HANDLER Handler;
} RTLP_VECTORED_HANDLER;

static RTLP_VECTORED_HANDLER *RtlpVectoredLists[2]; /* 0: exception handlers, 1: continue handlers */
static volatile LONG RtlpVectoredLock;
#define RTLP_MAX_VECTORED 64

static PVOID RtlpAddVectored(ULONG List, ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    RTLP_VECTORED_HANDLER *h = RtlAllocateHeap(NtCurrentPeb()->ProcessHeap, 0, sizeof(*h));
    if (!h)
        return NULL;
    h->Handler = Handler;
    RtlpLock(&RtlpVectoredLock);
    RTLP_VECTORED_HANDLER **p = &RtlpVectoredLists[List];
    if (!First)
        while (*p)
            p = &(*p)->Next;
    h->Next = *p;
    *p = h;
    RtlpUnlock(&RtlpVectoredLock);
    return h;
}

static ULONG RtlpRemoveVectored(ULONG List, PVOID Handle)
{
    RTLP_VECTORED_HANDLER *found = NULL;
    RtlpLock(&RtlpVectoredLock);
    for (RTLP_VECTORED_HANDLER **p = &RtlpVectoredLists[List]; *p; p = &(*p)->Next) {
        if (*p == Handle) {
            found = *p;
            *p = found->Next;
            break;
        }
    }
    RtlpUnlock(&RtlpVectoredLock);
    if (found)
        RtlFreeHeap(NtCurrentPeb()->ProcessHeap, 0, found);
    return found != NULL;
}

/* Call the handlers of a list, in order, on a snapshot taken under the
 * lock (a handler may add or remove handlers).  TRUE if one said
 * EXCEPTION_CONTINUE_EXECUTION. */
static BOOLEAN RtlpCallVectored(ULONG List, PEXCEPTION_RECORD Record, PCONTEXT Context)
{
    PVECTORED_EXCEPTION_HANDLER snap[RTLP_MAX_VECTORED];
    ULONG n = 0;
    RtlpLock(&RtlpVectoredLock);
    for (RTLP_VECTORED_HANDLER *h = RtlpVectoredLists[List]; h && n < RTLP_MAX_VECTORED; h = h->Next)
        snap[n++] = h->Handler;
    RtlpUnlock(&RtlpVectoredLock);
    EXCEPTION_POINTERS ep = { Record, Context };
    for (ULONG i = 0; i < n; i++)
        if (snap[i](&ep) == EXCEPTION_CONTINUE_EXECUTION)
            return TRUE;
    return FALSE;
}

PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    return RtlpAddVectored(0, First, Handler);
}

ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID Handle)
{
    return RtlpRemoveVectored(0, Handle);
}

PVOID NTAPI RtlAddVectoredContinueHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    return RtlpAddVectored(1, First, Handler);
}

ULONG NTAPI RtlRemoveVectoredContinueHandler(PVOID Handle)
{
    return RtlpRemoveVectored(1, Handle);
}

/* ---- Dispatch ---- */

/* A non-continuable exception about Inner (or none). */
static VOID RtlpRaiseNested(NTSTATUS Code, PEXCEPTION_RECORD Inner)
{
    EXCEPTION_RECORD r;
    RtlZeroMemory(&r, sizeof(r));
    r.ExceptionCode = Code;
    r.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    r.ExceptionRecord = Inner;
    RtlRaiseException(&r);
}

static BOOLEAN RtlpInStack(ULONG64 Address)
{
    PNT_TIB tib = &NtCurrentTeb()->NtTib;
    return Address >= (ULONG64)tib->StackLimit && Address <= (ULONG64)tib->StackBase;
}

/* One step up the stack from Context (a function with or without unwind
 * information).  Returns its handler of the wanted kind, if any. */
static PEXCEPTION_ROUTINE RtlpUnwindOne(ULONG HandlerType, PCONTEXT Context, PDISPATCHER_CONTEXT Dc)
{
    ULONG64 base;
    Dc->ControlPc = Context->Rip;
    Dc->FunctionEntry = RtlLookupFunctionEntry(Context->Rip, &base, NULL);
    Dc->ImageBase = base;
    Dc->HandlerData = NULL;
    Dc->LanguageHandler = NULL;
    if (!Dc->FunctionEntry) {
        /* a leaf: only the return address on the stack */
        Dc->EstablisherFrame = Context->Rsp;
        Context->Rip = *(PULONG64)Context->Rsp;
        Context->Rsp += 8;
        return NULL;
    }
    Dc->LanguageHandler = RtlVirtualUnwind(HandlerType, base, Context->Rip, Dc->FunctionEntry, Context,
                                           &Dc->HandlerData, &Dc->EstablisherFrame, NULL);
    return Dc->LanguageHandler;
}

BOOLEAN NTAPI RtlDispatchException(PEXCEPTION_RECORD ExceptionRecord, PCONTEXT ContextRecord)
{
    if (RtlpCallVectored(0, ExceptionRecord, ContextRecord)) {
        RtlpCallVectored(1, ExceptionRecord, ContextRecord);
        return TRUE;
    }
    CONTEXT walk;
    RtlMoveMemory(&walk, ContextRecord, sizeof(walk));
    for (ULONG depth = 0; depth < 4096; depth++) {
        if (!walk.Rip || !RtlpInStack(walk.Rsp))
            break;
        DISPATCHER_CONTEXT dc;
        RtlZeroMemory(&dc, sizeof(dc));
        PEXCEPTION_ROUTINE handler = RtlpUnwindOne(UNW_FLAG_EHANDLER, &walk, &dc);
        if (!RtlpInStack(dc.EstablisherFrame) || (dc.EstablisherFrame & 7)) {
            ExceptionRecord->ExceptionFlags |= EXCEPTION_STACK_INVALID;
            break;
        }
        if (!handler)
            continue;
        dc.ContextRecord = ContextRecord;
        dc.HistoryTable = NULL;
        dc.ScopeIndex = 0;
        EXCEPTION_DISPOSITION d = handler(ExceptionRecord, dc.EstablisherFrame, ContextRecord, &dc);
        switch (d) {
        case ExceptionContinueExecution:
            if (ExceptionRecord->ExceptionFlags & EXCEPTION_NONCONTINUABLE) {
                RtlpRaiseNested(STATUS_NONCONTINUABLE_EXCEPTION, ExceptionRecord);
            }
            RtlpCallVectored(1, ExceptionRecord, ContextRecord);
            return TRUE;
        case ExceptionContinueSearch:
            break;
        case ExceptionNestedException:
            ExceptionRecord->ExceptionFlags |= EXCEPTION_NESTED_CALL;
            break;
        default: {
            RtlpRaiseNested(STATUS_INVALID_DISPOSITION, ExceptionRecord);
            break;
        }
        }
    }
    return FALSE;
}

/* Where KiUserExceptionDispatcher (amd64/except.S) goes with the frame
 * the executive wrote: a handler that continues gets its context back,
 * else the second chance ends the process. */
DECLSPEC_NORETURN VOID RtlpDispatchUserException(PEXCEPTION_RECORD Record, PCONTEXT Context)
{
    if (RtlDispatchException(Record, Context))
        RtlRestoreContext(Context, NULL);
    NtRaiseException(Record, Context, FALSE);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), Record->ExceptionCode);
}

/* ---- Raising ---- */

/* The caller's context: RtlRaiseException's own frame unwound once. */
VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord)
{
    CONTEXT c;
    RtlCaptureContext(&c);
    DISPATCHER_CONTEXT dc;
    RtlZeroMemory(&dc, sizeof(dc));
    RtlpUnwindOne(UNW_FLAG_NHANDLER, &c, &dc); /* now the caller, at our return address */
    ExceptionRecord->ExceptionAddress = (PVOID)c.Rip;
    if (RtlDispatchException(ExceptionRecord, &c))
        RtlRestoreContext(&c, NULL);
    NtRaiseException(ExceptionRecord, &c, FALSE);
}

VOID NTAPI RtlRaiseStatus(NTSTATUS Status)
{
    RtlpRaiseNested(Status, NULL);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), Status);
}

/* ---- Unwinding ---- */

VOID NTAPI RtlUnwindEx(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue,
                       PCONTEXT ContextRecord, PUNWIND_HISTORY_TABLE HistoryTable)
{
    (void)ContextRecord; /* a scratch buffer on Windows; ours is local */
    (void)HistoryTable;
    CONTEXT c;
    EXCEPTION_RECORD local;
    RtlCaptureContext(&c);
    if (!ExceptionRecord) {
        RtlZeroMemory(&local, sizeof(local));
        local.ExceptionCode = STATUS_UNWIND;
        local.ExceptionAddress = (PVOID)c.Rip;
        ExceptionRecord = &local;
    }
    ExceptionRecord->ExceptionFlags |= EXCEPTION_UNWINDING;
    if (!TargetFrame)
        ExceptionRecord->ExceptionFlags |= EXCEPTION_EXIT_UNWIND;
    for (;;) {
        DISPATCHER_CONTEXT dc;
        CONTEXT next;
        RtlZeroMemory(&dc, sizeof(dc));
        RtlMoveMemory(&next, &c, sizeof(c));
        PEXCEPTION_ROUTINE handler = RtlpUnwindOne(UNW_FLAG_UHANDLER, &next, &dc);
        ULONG64 frame = dc.EstablisherFrame;
        if (!RtlpInStack(frame) || (frame & 7) || !RtlpInStack(next.Rsp))
            RtlRaiseStatus(STATUS_BAD_STACK);
        if (TargetFrame && frame > (ULONG64)TargetFrame)
            RtlRaiseStatus(STATUS_INVALID_UNWIND_TARGET);
        if (handler) {
            if (frame == (ULONG64)TargetFrame)
                ExceptionRecord->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
            dc.ContextRecord = &c;
            dc.TargetIp = (ULONG64)TargetIp;
            dc.ScopeIndex = 0;
            EXCEPTION_DISPOSITION d = handler(ExceptionRecord, frame, &c, &dc);
            ExceptionRecord->ExceptionFlags &= ~(EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND);
            if (d != ExceptionContinueSearch) {
                RtlpRaiseNested(STATUS_INVALID_DISPOSITION, ExceptionRecord);
            }
        }
        if (frame == (ULONG64)TargetFrame)
            break; /* c is the target function's context */
        RtlMoveMemory(&c, &next, sizeof(c));
    }
    c.Rax = (ULONG64)ReturnValue;
    c.Rip = (ULONG64)TargetIp;
    RtlRestoreContext(&c, ExceptionRecord);
}

VOID NTAPI RtlUnwind(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue)
{
    CONTEXT scratch;
    RtlUnwindEx(TargetFrame, TargetIp, ExceptionRecord, ReturnValue, &scratch, NULL);
}

/* ---- The personality routine of __try ---- */

typedef LONG (*RTLP_FILTER)(PEXCEPTION_POINTERS Pointers, ULONG64 EstablisherFrame);
typedef VOID (*RTLP_TERMINATION)(BOOLEAN AbnormalTermination, ULONG64 EstablisherFrame);

EXCEPTION_DISPOSITION NTAPI __C_specific_handler(PEXCEPTION_RECORD ExceptionRecord, PVOID EstablisherFrame,
                                                 PCONTEXT ContextRecord, PDISPATCHER_CONTEXT Dc)
{
    PSCOPE_TABLE scopes = (PSCOPE_TABLE)Dc->HandlerData;
    ULONG64 base = Dc->ImageBase;
    ULONG pc = (ULONG)(Dc->ControlPc - base);
    if (!(ExceptionRecord->ExceptionFlags & EXCEPTION_UNWIND)) {
        /* Dispatch: the first __except whose filter says so. */
        EXCEPTION_POINTERS ep = { ExceptionRecord, ContextRecord };
        for (ULONG i = Dc->ScopeIndex; i < scopes->Count; i++) {
            if (pc < scopes->ScopeRecord[i].BeginAddress || pc >= scopes->ScopeRecord[i].EndAddress ||
                !scopes->ScopeRecord[i].JumpTarget)
                continue;
            LONG verdict = EXCEPTION_EXECUTE_HANDLER;
            if (scopes->ScopeRecord[i].HandlerAddress != 1)
                verdict = ((RTLP_FILTER)(base + scopes->ScopeRecord[i].HandlerAddress))(&ep,
                                                                                        (ULONG64)EstablisherFrame);
            if (verdict < 0)
                return ExceptionContinueExecution;
            if (verdict > 0)
                RtlUnwindEx(EstablisherFrame, (PVOID)(base + scopes->ScopeRecord[i].JumpTarget), ExceptionRecord,
                            (PVOID)(ULONG_PTR)(ULONG)ExceptionRecord->ExceptionCode, Dc->ContextRecord,
                            Dc->HistoryTable);
        }
        return ExceptionContinueSearch;
    }
    /* Unwind: run the __finally blocks the unwind leaves, innermost first,
     * stopping at the __except it goes to. */
    ULONG target = (ULONG)(Dc->TargetIp - base);
    for (ULONG i = Dc->ScopeIndex; i < scopes->Count; i++) {
        if (pc < scopes->ScopeRecord[i].BeginAddress || pc >= scopes->ScopeRecord[i].EndAddress)
            continue;
        if ((ExceptionRecord->ExceptionFlags & EXCEPTION_TARGET_UNWIND) &&
            scopes->ScopeRecord[i].JumpTarget == target)
            break;
        if (!scopes->ScopeRecord[i].JumpTarget) {
            Dc->ScopeIndex = i + 1;
            ((RTLP_TERMINATION)(base + scopes->ScopeRecord[i].HandlerAddress))(TRUE, (ULONG64)EstablisherFrame);
        }
    }
    return ExceptionContinueSearch;
}
