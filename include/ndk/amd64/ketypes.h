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

#endif /* NDK_AMD64_KETYPES_H */
