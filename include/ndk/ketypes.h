/*
 * ndk/ketypes.h — kernel-level types that user mode sees: the system time
 * triple KSYSTEM_TIME, the product type, processor mode and wait reasons,
 * and KUSER_SHARED_DATA, the read-only page the executive maps into every
 * process at 0x7ffe0000 and keeps ticking (issue 3 §3).
 *
 * KUSER_SHARED_DATA is Windows x64's layout as ntddk.h documents it.  Its
 * members up to the XState area (offset 0x3d8) are declared one by one and
 * the offsets that programs read directly are pinned below; the XSAVE
 * configuration that follows is kept opaque (XStateOpaque) because nothing
 * here interprets it and its internal layout changed between Windows 10
 * releases.  The size is that of Windows 10 2004 (0x720); later Windows
 * versions only append.
 *
 * Reading a KSYSTEM_TIME that another CPU is updating: read High1Time, then
 * LowPart, then High2Time, and retry until High1Time == High2Time.  The
 * writer stores High2Time, LowPart, High1Time in that order.
 */
#ifndef NDK_KETYPES_H
#define NDK_KETYPES_H

#include <ndk/amd64/ketypes.h>
#include <nt/ntdef.h>

/* The user-mode address of KUSER_SHARED_DATA in every process. */
#define MM_SHARED_USER_DATA_VA 0x7ffe0000ULL

typedef CHAR KPROCESSOR_MODE;
typedef enum _MODE { KernelMode, UserMode, MaximumMode } MODE;

typedef struct _KSYSTEM_TIME {
    ULONG LowPart;
    LONG High1Time;
    LONG High2Time;
} KSYSTEM_TIME, *PKSYSTEM_TIME;

typedef enum _NT_PRODUCT_TYPE {
    NtProductWinNt = 1,
    NtProductLanManNt = 2,
    NtProductServer = 3
} NT_PRODUCT_TYPE,
    *PNT_PRODUCT_TYPE;

typedef enum _ALTERNATIVE_ARCHITECTURE_TYPE {
    StandardDesign = 0,
    NEC98x86 = 1,
    EndAlternatives = 2
} ALTERNATIVE_ARCHITECTURE_TYPE;

/* NativeProcessorArchitecture values (winnt.h PROCESSOR_ARCHITECTURE_*). */
#define PROCESSOR_ARCHITECTURE_INTEL 0
#define PROCESSOR_ARCHITECTURE_ARM 5
#define PROCESSOR_ARCHITECTURE_IA64 6
#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_ARCHITECTURE_ARM64 12
#define PROCESSOR_ARCHITECTURE_UNKNOWN 0xffff

#define PROCESSOR_FEATURE_MAX 64

typedef enum _KWAIT_REASON {
    Executive,
    FreePage,
    PageIn,
    PoolAllocation,
    DelayExecution,
    Suspended,
    UserRequest,
    WrExecutive,
    WrFreePage,
    WrPageIn,
    WrPoolAllocation,
    WrDelayExecution,
    WrSuspended,
    WrUserRequest,
    WrEventPair,
    WrQueue,
    WrLpcReceive,
    WrLpcReply,
    WrVirtualMemory,
    WrPageOut,
    WrRendezvous,
    WrKeyedEvent,
    WrTerminated,
    WrProcessInSwap,
    WrCpuRateControl,
    WrCalloutStack,
    WrKernel,
    WrResource,
    WrPushLock,
    WrMutex,
    WrQuantumEnd,
    WrDispatchInt,
    WrPreempted,
    WrYieldExecution,
    WrFastMutex,
    WrGuardedMutex,
    WrRundown,
    WrAlertByThreadId,
    WrDeferredPreempt,
    MaximumWaitReason
} KWAIT_REASON;

/* The second argument of NtWaitForMultipleObjects. */
typedef enum _WAIT_TYPE { WaitAll, WaitAny, WaitNotification, WaitDequeue } WAIT_TYPE;

typedef struct _KUSER_SHARED_DATA {
    ULONG TickCountLowDeprecated;                     /* 0x000 */
    ULONG TickCountMultiplier;                        /* 0x004: ms per tick, as 8.24 fixed point */
    volatile KSYSTEM_TIME InterruptTime;              /* 0x008: 100 ns units since boot */
    volatile KSYSTEM_TIME SystemTime;                 /* 0x014: 100 ns units since 1601, UTC */
    volatile KSYSTEM_TIME TimeZoneBias;               /* 0x020: UTC - local, 100 ns units */
    USHORT ImageNumberLow;                            /* 0x02c: IMAGE_FILE_MACHINE_* range */
    USHORT ImageNumberHigh;                           /* 0x02e */
    WCHAR NtSystemRoot[260];                          /* 0x030: e.g. C:\Windows */
    ULONG MaxStackTraceDepth;                         /* 0x238 */
    ULONG CryptoExponent;                             /* 0x23c */
    ULONG TimeZoneId;                                 /* 0x240 */
    ULONG LargePageMinimum;                           /* 0x244 */
    ULONG AitSamplingValue;                           /* 0x248 */
    ULONG AppCompatFlag;                              /* 0x24c */
    ULONGLONG RNGSeedVersion;                         /* 0x250 */
    ULONG GlobalValidationRunlevel;                   /* 0x258 */
    volatile LONG TimeZoneBiasStamp;                  /* 0x25c */
    ULONG NtBuildNumber;                              /* 0x260 */
    NT_PRODUCT_TYPE NtProductType;                    /* 0x264 */
    BOOLEAN ProductTypeIsValid;                       /* 0x268 */
    BOOLEAN Reserved0[1];                             /* 0x269 */
    USHORT NativeProcessorArchitecture;               /* 0x26a */
    ULONG NtMajorVersion;                             /* 0x26c */
    ULONG NtMinorVersion;                             /* 0x270 */
    BOOLEAN ProcessorFeatures[PROCESSOR_FEATURE_MAX]; /* 0x274 */
    ULONG Reserved1;                                  /* 0x2b4 */
    ULONG Reserved3;                                  /* 0x2b8 */
    volatile ULONG TimeSlip;                          /* 0x2bc */
    ALTERNATIVE_ARCHITECTURE_TYPE AlternativeArchitecture; /* 0x2c0 */
    ULONG BootId;                                          /* 0x2c4 */
    LARGE_INTEGER SystemExpirationDate;                    /* 0x2c8 */
    ULONG SuiteMask;                                       /* 0x2d0 */
    BOOLEAN KdDebuggerEnabled;                             /* 0x2d4 */
    UCHAR MitigationPolicies;                              /* 0x2d5 */
    USHORT CyclesPerYield;                                 /* 0x2d6 */
    volatile ULONG ActiveConsoleId;                        /* 0x2d8 */
    volatile ULONG DismountCount;                          /* 0x2dc */
    ULONG ComPlusPackage;                                  /* 0x2e0 */
    ULONG LastSystemRITEventTickCount;                     /* 0x2e4 */
    ULONG NumberOfPhysicalPages;                           /* 0x2e8 */
    BOOLEAN SafeBootMode;                                  /* 0x2ec */
    UCHAR VirtualizationFlags;                             /* 0x2ed */
    UCHAR Reserved12[2];                                   /* 0x2ee */
    ULONG SharedDataFlags;                                 /* 0x2f0 */
    ULONG DataFlagsPad[1];                                 /* 0x2f4 */
    ULONGLONG TestRetInstruction;                          /* 0x2f8 */
    LONGLONG QpcFrequency;      /* 0x300: NtQueryPerformanceCounter ticks/s */
    ULONG SystemCall;           /* 0x308 */
    ULONG Reserved2;            /* 0x30c */
    ULONGLONG SystemCallPad[2]; /* 0x310 */
    union {                     /* 0x320 */
        volatile KSYSTEM_TIME TickCount;
        volatile ULONG64 TickCountQuad;
        struct {
            ULONG ReservedTickCountOverlay[3];
            ULONG TickCountPad[1];
        };
    };
    ULONG Cookie;                               /* 0x330 */
    ULONG CookiePad[1];                         /* 0x334 */
    LONGLONG ConsoleSessionForegroundProcessId; /* 0x338 */
    ULONGLONG TimeUpdateLock;                   /* 0x340 */
    ULONGLONG BaselineSystemTimeQpc;            /* 0x348 */
    ULONGLONG BaselineInterruptTimeQpc;         /* 0x350 */
    ULONGLONG QpcSystemTimeIncrement;           /* 0x358 */
    ULONGLONG QpcInterruptTimeIncrement;        /* 0x360 */
    UCHAR QpcSystemTimeIncrementShift;          /* 0x368 */
    UCHAR QpcInterruptTimeIncrementShift;       /* 0x369 */
    USHORT UnparkedProcessorCount;              /* 0x36a */
    ULONG EnclaveFeatureMask[4];                /* 0x36c */
    ULONG TelemetryCoverageRound;               /* 0x37c */
    USHORT UserModeGlobalLogger[16];            /* 0x380 */
    ULONG ImageFileExecutionOptions;            /* 0x3a0 */
    ULONG LangGenerationCount;                  /* 0x3a4 */
    ULONGLONG Reserved4;                        /* 0x3a8 */
    volatile ULONGLONG InterruptTimeBias;       /* 0x3b0 */
    volatile ULONGLONG QpcBias;                 /* 0x3b8 */
    ULONG ActiveProcessorCount;                 /* 0x3c0 */
    volatile UCHAR ActiveGroupCount;            /* 0x3c4 */
    UCHAR Reserved9;                            /* 0x3c5 */
    union {                                     /* 0x3c6 */
        USHORT QpcData;
        struct {
            volatile UCHAR QpcBypassEnabled;
            UCHAR QpcShift;
        };
    };
    LARGE_INTEGER TimeZoneBiasEffectiveStart;              /* 0x3c8 */
    LARGE_INTEGER TimeZoneBiasEffectiveEnd;                /* 0x3d0 */
    UCHAR XStateOpaque[0x338];                             /* 0x3d8: XSTATE_CONFIGURATION */
    volatile KSYSTEM_TIME FeatureConfigurationChangeStamp; /* 0x710 */
    ULONG Spare;                                           /* 0x71c */
} KUSER_SHARED_DATA, *PKUSER_SHARED_DATA;

/*
 * The shared page as an NT process sees it (read-only).  Kernel-mode Windows
 * code uses the same name for its own mapping; in Neptune only processes
 * have one, so the name means the user-mode address everywhere.
 */
#define SharedUserData ((const KUSER_SHARED_DATA *)MM_SHARED_USER_DATA_VA)

_Static_assert(sizeof(KSYSTEM_TIME) == 12, "KSYSTEM_TIME size");
_Static_assert(sizeof(KUSER_SHARED_DATA) == 0x720, "KUSER_SHARED_DATA size");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, TickCountMultiplier) == 0x004, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, InterruptTime) == 0x008, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, SystemTime) == 0x014, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, TimeZoneBias) == 0x020, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, ImageNumberLow) == 0x02c, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NtSystemRoot) == 0x030, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, MaxStackTraceDepth) == 0x238, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, RNGSeedVersion) == 0x250, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NtBuildNumber) == 0x260, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NtProductType) == 0x264, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NativeProcessorArchitecture) == 0x26a, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NtMajorVersion) == 0x26c, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NtMinorVersion) == 0x270, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, ProcessorFeatures) == 0x274, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, TimeSlip) == 0x2bc, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, SystemExpirationDate) == 0x2c8, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, KdDebuggerEnabled) == 0x2d4, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, NumberOfPhysicalPages) == 0x2e8, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, SharedDataFlags) == 0x2f0, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, QpcFrequency) == 0x300, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, SystemCall) == 0x308, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, TickCount) == 0x320, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, TickCountQuad) == 0x320, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, Cookie) == 0x330, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, BaselineSystemTimeQpc) == 0x348, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, QpcSystemTimeIncrementShift) == 0x368, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, UserModeGlobalLogger) == 0x380, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, InterruptTimeBias) == 0x3b0, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, QpcBias) == 0x3b8, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, ActiveProcessorCount) == 0x3c0, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, QpcData) == 0x3c6, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, TimeZoneBiasEffectiveStart) == 0x3c8, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, XStateOpaque) == 0x3d8, "KUSD");
_Static_assert(__builtin_offsetof(KUSER_SHARED_DATA, FeatureConfigurationChangeStamp) == 0x710,
               "KUSD");

#endif /* NDK_KETYPES_H */
