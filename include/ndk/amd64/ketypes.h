/*
 * ndk/amd64/ketypes.h — the x86-64 processor context as Windows x64 lays it
 * out: CONTEXT (what NtCreateThread, NtGetContextThread and exception
 * dispatch exchange), its FXSAVE area and the CONTEXT_* flags.
 *
 * Offsets are those of winnt.h's x64 CONTEXT (0x4d0 bytes, 16-byte aligned);
 * the asserts at the end pin every member that user code or the executive
 * addresses by offset.  This is the only architecture-specific NDK header;
 * ndk/ketypes.h includes it.
 */
#ifndef NDK_AMD64_KETYPES_H
#define NDK_AMD64_KETYPES_H

#include <nt/ntdef.h>
#include <nt/ntimage.h>

/* A 128-bit value: one XMM register or one x87 register slot. */
typedef struct DECLSPEC_ALIGN(16) _M128A {
    ULONGLONG Low;
    LONGLONG High;
} M128A, *PM128A;

/* The FXSAVE image (legacy x87/SSE state), 512 bytes. */
typedef struct DECLSPEC_ALIGN(16) _XSAVE_FORMAT {
    USHORT ControlWord;
    USHORT StatusWord;
    UCHAR TagWord;
    UCHAR Reserved1;
    USHORT ErrorOpcode;
    ULONG ErrorOffset;
    USHORT ErrorSelector;
    USHORT Reserved2;
    ULONG DataOffset;
    USHORT DataSelector;
    USHORT Reserved3;
    ULONG MxCsr;
    ULONG MxCsr_Mask;
    M128A FloatRegisters[8];
    M128A XmmRegisters[16];
    UCHAR Reserved4[96];
} XSAVE_FORMAT, *PXSAVE_FORMAT, XMM_SAVE_AREA32, *PXMM_SAVE_AREA32;

/* ContextFlags: which parts of a CONTEXT are valid or wanted. */
#define CONTEXT_AMD64 0x00100000L
#define CONTEXT_CONTROL (CONTEXT_AMD64 | 0x00000001L)         /* SegSs Rsp SegCs Rip EFlags */
#define CONTEXT_INTEGER (CONTEXT_AMD64 | 0x00000002L)         /* Rax..R15 except Rsp */
#define CONTEXT_SEGMENTS (CONTEXT_AMD64 | 0x00000004L)        /* SegDs SegEs SegFs SegGs */
#define CONTEXT_FLOATING_POINT (CONTEXT_AMD64 | 0x00000008L)  /* FltSave, MxCsr */
#define CONTEXT_DEBUG_REGISTERS (CONTEXT_AMD64 | 0x00000010L) /* Dr0..Dr3 Dr6 Dr7 */
#define CONTEXT_FULL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL                                                                                \
    (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS | CONTEXT_FLOATING_POINT |               \
     CONTEXT_DEBUG_REGISTERS)

typedef struct DECLSPEC_ALIGN(16) _CONTEXT {
    /* Home addresses for register parameters (spill space). */
    ULONG64 P1Home;
    ULONG64 P2Home;
    ULONG64 P3Home;
    ULONG64 P4Home;
    ULONG64 P5Home;
    ULONG64 P6Home;

    ULONG ContextFlags;
    ULONG MxCsr;

    USHORT SegCs;
    USHORT SegDs;
    USHORT SegEs;
    USHORT SegFs;
    USHORT SegGs;
    USHORT SegSs;
    ULONG EFlags;

    ULONG64 Dr0;
    ULONG64 Dr1;
    ULONG64 Dr2;
    ULONG64 Dr3;
    ULONG64 Dr6;
    ULONG64 Dr7;

    ULONG64 Rax;
    ULONG64 Rcx;
    ULONG64 Rdx;
    ULONG64 Rbx;
    ULONG64 Rsp;
    ULONG64 Rbp;
    ULONG64 Rsi;
    ULONG64 Rdi;
    ULONG64 R8;
    ULONG64 R9;
    ULONG64 R10;
    ULONG64 R11;
    ULONG64 R12;
    ULONG64 R13;
    ULONG64 R14;
    ULONG64 R15;
    ULONG64 Rip;

    /* Either the whole FXSAVE image or a view of its XMM part by name. */
    union {
        XMM_SAVE_AREA32 FltSave;
        struct {
            M128A Header[2];
            M128A Legacy[8];
            M128A Xmm0, Xmm1, Xmm2, Xmm3, Xmm4, Xmm5, Xmm6, Xmm7;
            M128A Xmm8, Xmm9, Xmm10, Xmm11, Xmm12, Xmm13, Xmm14, Xmm15;
        };
    };

    M128A VectorRegister[26];
    ULONG64 VectorControl;

    ULONG64 DebugControl;
    ULONG64 LastBranchToRip;
    ULONG64 LastBranchFromRip;
    ULONG64 LastExceptionToRip;
    ULONG64 LastExceptionFromRip;
} CONTEXT, *PCONTEXT;

_Static_assert(sizeof(M128A) == 16, "M128A size");
_Static_assert(sizeof(XSAVE_FORMAT) == 512, "XSAVE_FORMAT size");
_Static_assert(__builtin_offsetof(XSAVE_FORMAT, MxCsr) == 0x18, "XSAVE_FORMAT.MxCsr");
_Static_assert(__builtin_offsetof(XSAVE_FORMAT, FloatRegisters) == 0x20, "XSAVE.FloatRegisters");
_Static_assert(__builtin_offsetof(XSAVE_FORMAT, XmmRegisters) == 0xa0, "XSAVE.XmmRegisters");
_Static_assert(sizeof(CONTEXT) == 0x4d0, "CONTEXT size");
_Static_assert(_Alignof(CONTEXT) == 16, "CONTEXT alignment");
_Static_assert(__builtin_offsetof(CONTEXT, ContextFlags) == 0x30, "CONTEXT.ContextFlags");
_Static_assert(__builtin_offsetof(CONTEXT, MxCsr) == 0x34, "CONTEXT.MxCsr");
_Static_assert(__builtin_offsetof(CONTEXT, SegCs) == 0x38, "CONTEXT.SegCs");
_Static_assert(__builtin_offsetof(CONTEXT, SegSs) == 0x42, "CONTEXT.SegSs");
_Static_assert(__builtin_offsetof(CONTEXT, EFlags) == 0x44, "CONTEXT.EFlags");
_Static_assert(__builtin_offsetof(CONTEXT, Dr0) == 0x48, "CONTEXT.Dr0");
_Static_assert(__builtin_offsetof(CONTEXT, Dr7) == 0x70, "CONTEXT.Dr7");
_Static_assert(__builtin_offsetof(CONTEXT, Rax) == 0x78, "CONTEXT.Rax");
_Static_assert(__builtin_offsetof(CONTEXT, Rsp) == 0x98, "CONTEXT.Rsp");
_Static_assert(__builtin_offsetof(CONTEXT, R8) == 0xb8, "CONTEXT.R8");
_Static_assert(__builtin_offsetof(CONTEXT, R15) == 0xf0, "CONTEXT.R15");
_Static_assert(__builtin_offsetof(CONTEXT, Rip) == 0xf8, "CONTEXT.Rip");
_Static_assert(__builtin_offsetof(CONTEXT, FltSave) == 0x100, "CONTEXT.FltSave");
_Static_assert(__builtin_offsetof(CONTEXT, Xmm0) == 0x1a0, "CONTEXT.Xmm0");
_Static_assert(__builtin_offsetof(CONTEXT, Xmm15) == 0x290, "CONTEXT.Xmm15");
_Static_assert(__builtin_offsetof(CONTEXT, VectorRegister) == 0x300, "CONTEXT.VectorRegister");
_Static_assert(__builtin_offsetof(CONTEXT, VectorControl) == 0x4a0, "CONTEXT.VectorControl");
_Static_assert(__builtin_offsetof(CONTEXT, DebugControl) == 0x4a8, "CONTEXT.DebugControl");
_Static_assert(__builtin_offsetof(CONTEXT, LastExceptionFromRip) == 0x4c8, "CONTEXT.LastExcFrom");

/*
 * Exceptions (winnt.h's x64 layouts).  An EXCEPTION_RECORD is 0x98 bytes;
 * the executive writes one on the user stack for every fault it delivers
 * (docs/exceptions.md).
 */
#define EXCEPTION_MAXIMUM_PARAMETERS 15
#define EXCEPTION_NONCONTINUABLE 0x01
#define EXCEPTION_UNWINDING 0x02
#define EXCEPTION_EXIT_UNWIND 0x04
#define EXCEPTION_STACK_INVALID 0x08
#define EXCEPTION_NESTED_CALL 0x10
#define EXCEPTION_TARGET_UNWIND 0x20
#define EXCEPTION_COLLIDED_UNWIND 0x40
#define EXCEPTION_SOFTWARE_ORIGINATE 0x80
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND | EXCEPTION_TARGET_UNWIND | \
                          EXCEPTION_COLLIDED_UNWIND)

/* __except filter results. */
#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

typedef struct _EXCEPTION_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

/* What follows the CONTEXT in the frame of KiUserExceptionDispatcher. */
typedef struct _CONTEXT_CHUNK {
    LONG Offset;
    ULONG Length;
} CONTEXT_CHUNK, *PCONTEXT_CHUNK;

typedef struct _CONTEXT_EX {
    CONTEXT_CHUNK All;
    CONTEXT_CHUNK Legacy;
    CONTEXT_CHUNK XState;
    ULONG64 Reserved; /* pads it to 0x20 */
} CONTEXT_EX, *PCONTEXT_EX;

/* The frame an interrupt pushes (and unwind code UWOP_PUSH_MACHFRAME). */
typedef struct _MACHINE_FRAME {
    ULONG64 Rip;
    USHORT SegCs;
    USHORT Fill1[3];
    ULONG EFlags;
    ULONG Fill2;
    ULONG64 Rsp;
    USHORT SegSs;
    USHORT Fill3[3];
} MACHINE_FRAME, *PMACHINE_FRAME;

/*
 * The stack at ntdll!KiUserExceptionDispatcher (Windows 10 and later): rsp
 * points at the CONTEXT (16-byte aligned), the CONTEXT_EX follows, then
 * the EXCEPTION_RECORD at rsp + 0x4f0, then the machine frame that the
 * dispatcher's unwind information (UWOP_PUSH_MACHFRAME) describes.
 */
typedef struct DECLSPEC_ALIGN(16) _KUSER_EXCEPTION_FRAME {
    CONTEXT Context;                 /* 0x000 */
    CONTEXT_EX ContextEx;            /* 0x4d0 */
    EXCEPTION_RECORD ExceptionRecord; /* 0x4f0 */
    ULONG64 Align;                   /* 0x588 */
    MACHINE_FRAME MachineFrame;      /* 0x590 */
    ULONG64 Align2;                  /* 0x5b8 */
} KUSER_EXCEPTION_FRAME, *PKUSER_EXCEPTION_FRAME;

/* The selectors a user CONTEXT reports, Windows x64's (cs 0x33, ss ds es
 * gs 0x2b, fs 0x53).  Neptune's GDT differs; the values are reported, and
 * a CONTEXT given back never sets selectors. */
#define KGDT64_R3_CODE 0x33
#define KGDT64_R3_DATA 0x2b
#define KGDT64_R3_CMTEB 0x53

_Static_assert(sizeof(EXCEPTION_RECORD) == 0x98, "EXCEPTION_RECORD size");
_Static_assert(__builtin_offsetof(EXCEPTION_RECORD, ExceptionAddress) == 0x10, "EXCEPTION_RECORD.Address");
_Static_assert(__builtin_offsetof(EXCEPTION_RECORD, ExceptionInformation) == 0x20, "EXCEPTION_RECORD.Info");
_Static_assert(sizeof(CONTEXT_EX) == 0x20, "CONTEXT_EX size");
_Static_assert(sizeof(MACHINE_FRAME) == 0x28, "MACHINE_FRAME size");
_Static_assert(__builtin_offsetof(KUSER_EXCEPTION_FRAME, ExceptionRecord) == 0x4f0, "frame: record");
_Static_assert(__builtin_offsetof(KUSER_EXCEPTION_FRAME, MachineFrame) == 0x590, "frame: machine frame");
_Static_assert(sizeof(KUSER_EXCEPTION_FRAME) == 0x5c0, "KUSER_EXCEPTION_FRAME size");

/* ---- x64 unwinding (the PE exception directory, .pdata/.xdata) ---- */
typedef struct _IMAGE_RUNTIME_FUNCTION_ENTRY RUNTIME_FUNCTION, *PRUNTIME_FUNCTION;

#define UNW_FLAG_NHANDLER 0x0
#define UNW_FLAG_EHANDLER 0x1
#define UNW_FLAG_UHANDLER 0x2
#define UNW_FLAG_CHAININFO 0x4

#define UNWIND_HISTORY_TABLE_SIZE 12
typedef struct _UNWIND_HISTORY_TABLE_ENTRY {
    ULONG64 ImageBase;
    PRUNTIME_FUNCTION FunctionEntry;
} UNWIND_HISTORY_TABLE_ENTRY, *PUNWIND_HISTORY_TABLE_ENTRY;

typedef struct _UNWIND_HISTORY_TABLE {
    ULONG Count;
    UCHAR LocalHint;
    UCHAR GlobalHint;
    UCHAR Search;
    UCHAR Once;
    ULONG64 LowAddress;
    ULONG64 HighAddress;
    UNWIND_HISTORY_TABLE_ENTRY Entry[UNWIND_HISTORY_TABLE_SIZE];
} UNWIND_HISTORY_TABLE, *PUNWIND_HISTORY_TABLE;

/* Where RtlVirtualUnwind found each restored register (NULL: not saved). */
typedef struct _KNONVOLATILE_CONTEXT_POINTERS {
    PM128A FloatingContext[16];
    PULONG64 IntegerContext[16]; /* Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi, R8..R15 */
} KNONVOLATILE_CONTEXT_POINTERS, *PKNONVOLATILE_CONTEXT_POINTERS;

struct _DISPATCHER_CONTEXT;
typedef EXCEPTION_DISPOSITION (*PEXCEPTION_ROUTINE)(PEXCEPTION_RECORD ExceptionRecord, ULONG64 EstablisherFrame,
                                                    PCONTEXT ContextRecord,
                                                    struct _DISPATCHER_CONTEXT *DispatcherContext);

typedef struct _DISPATCHER_CONTEXT {
    ULONG64 ControlPc;
    ULONG64 ImageBase;
    PRUNTIME_FUNCTION FunctionEntry;
    ULONG64 EstablisherFrame;
    ULONG64 TargetIp;
    PCONTEXT ContextRecord;
    PEXCEPTION_ROUTINE LanguageHandler;
    PVOID HandlerData;
    PUNWIND_HISTORY_TABLE HistoryTable;
    ULONG ScopeIndex;
    ULONG Fill0;
} DISPATCHER_CONTEXT, *PDISPATCHER_CONTEXT;

/* The language data of __C_specific_handler: the __try scopes of a function. */
typedef struct _SCOPE_TABLE_AMD64 {
    ULONG Count;
    struct {
        ULONG BeginAddress;
        ULONG EndAddress;
        ULONG HandlerAddress; /* filter (or 1: EXCEPTION_EXECUTE_HANDLER), or the __finally */
        ULONG JumpTarget;     /* the __except block; 0 for a __finally */
    } ScopeRecord[1];
} SCOPE_TABLE_AMD64, *PSCOPE_TABLE_AMD64, SCOPE_TABLE, *PSCOPE_TABLE;

typedef LONG (*PVECTORED_EXCEPTION_HANDLER)(PEXCEPTION_POINTERS ExceptionInfo);

_Static_assert(sizeof(DISPATCHER_CONTEXT) == 0x50, "DISPATCHER_CONTEXT size");
_Static_assert(sizeof(KNONVOLATILE_CONTEXT_POINTERS) == 0x100, "KNONVOLATILE_CONTEXT_POINTERS size");
_Static_assert(sizeof(UNWIND_HISTORY_TABLE) == 0xd8, "UNWIND_HISTORY_TABLE size");

#endif /* NDK_AMD64_KETYPES_H */
