/*
 * ndk/pstypes.h — processes and threads as user mode sees them: the TEB
 * (with NT_TIB first), the PEB, the process and thread information classes
 * and their basic records, access rights, and the types the process and
 * thread creation services take.
 *
 * TEB and PEB are read by compiled programs at fixed offsets (gs:[0x30] is
 * the TEB's own address, gs:[0x60] the PEB; compilers inline TLS access
 * through TEB.ThreadLocalStoragePointer at 0x58), so both follow Windows
 * 10 x64 exactly: PEB 0x7c8 bytes, TEB 0x1838 bytes.  Offsets are pinned at
 * the end for every member Neptune's executive or ntdll fills in and for
 * enough landmarks in between that a misplaced member breaks the build.
 * Members that belong to Win32 (GDI, OpenGL, user32) are kept only as
 * correctly sized placeholders.
 *
 * Where the executive lays out a TEB or PEB for a new thread or process, it
 * must fill at least: NtTib.Self, NtTib.StackBase/StackLimit, ClientId,
 * ProcessEnvironmentBlock, StaticUnicodeString (-> StaticUnicodeBuffer);
 * PEB.ImageBaseAddress, ProcessParameters, NumberOfProcessors, OS version.
 */
#ifndef NDK_PSTYPES_H
#define NDK_PSTYPES_H

#include <ndk/ketypes.h>
#include <ndk/ldrtypes.h>
#include <ndk/rtltypes.h>
#include <nt/ntdef.h>

/* ---- Pseudo-handles ------------------------------------------------------ */

#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)
#define ZwCurrentProcess() NtCurrentProcess()
#define ZwCurrentThread() NtCurrentThread()

/* ---- Access rights --------------------------------------------------------- */

#define PROCESS_TERMINATE 0x0001
#define PROCESS_CREATE_THREAD 0x0002
#define PROCESS_SET_SESSIONID 0x0004
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ 0x0010
#define PROCESS_VM_WRITE 0x0020
#define PROCESS_DUP_HANDLE 0x0040
#define PROCESS_CREATE_PROCESS 0x0080
#define PROCESS_SET_QUOTA 0x0100
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_SUSPEND_RESUME 0x0800
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define PROCESS_SET_LIMITED_INFORMATION 0x2000
#define PROCESS_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)

#define THREAD_TERMINATE 0x0001
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_ALERT 0x0004
#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_SET_THREAD_TOKEN 0x0080
#define THREAD_IMPERSONATE 0x0100
#define THREAD_DIRECT_IMPERSONATION 0x0200
#define THREAD_SET_LIMITED_INFORMATION 0x0400
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800
#define THREAD_RESUME 0x1000
#define THREAD_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)

/* NtCreateProcessEx Flags. */
#define PROCESS_CREATE_FLAGS_BREAKAWAY 0x00000001
#define PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT 0x00000002
#define PROCESS_CREATE_FLAGS_INHERIT_HANDLES 0x00000004
#define PROCESS_CREATE_FLAGS_OVERRIDE_ADDRESS_SPACE 0x00000008
#define PROCESS_CREATE_FLAGS_LARGE_PAGES 0x00000010

/* NtCreateThreadEx CreateFlags. */
#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED 0x00000001
#define THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH 0x00000002
#define THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER 0x00000004
#define THREAD_CREATE_FLAGS_HAS_SECURITY_DESCRIPTOR 0x00000010
#define THREAD_CREATE_FLAGS_ACCESS_CHECK_IN_TARGET 0x00000020
#define THREAD_CREATE_FLAGS_INITIAL_THREAD 0x00000080

#define TLS_MINIMUM_AVAILABLE 64
#define TLS_EXPANSION_SLOTS 1024

/* ---- Thread and process creation ----------------------------------------- */

typedef NTSTATUS(NTAPI *PUSER_THREAD_START_ROUTINE)(PVOID ThreadParameter);

/* The stack NtCreateThread's caller has allocated for the new thread. */
typedef struct _INITIAL_TEB {
    struct {
        PVOID OldStackBase;
        PVOID OldStackLimit;
    } OldInitialTeb;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID StackAllocationBase;
} INITIAL_TEB, *PINITIAL_TEB;

/* NtCreateThreadEx / NtCreateUserProcess attribute list. */
typedef struct _PS_ATTRIBUTE {
    ULONG_PTR Attribute; /* PS_ATTRIBUTE_* number with its flag bits */
    SIZE_T Size;
    union {
        ULONG_PTR Value;
        PVOID ValuePtr;
    };
    PSIZE_T ReturnLength;
} PS_ATTRIBUTE, *PPS_ATTRIBUTE;

typedef struct _PS_ATTRIBUTE_LIST {
    SIZE_T TotalLength; /* bytes, this header included */
    PS_ATTRIBUTE Attributes[1];
} PS_ATTRIBUTE_LIST, *PPS_ATTRIBUTE_LIST;

/* ---- Information classes --------------------------------------------------- */

typedef enum _PROCESSINFOCLASS {
    ProcessBasicInformation = 0,
    ProcessQuotaLimits = 1,
    ProcessIoCounters = 2,
    ProcessVmCounters = 3,
    ProcessTimes = 4,
    ProcessBasePriority = 5,
    ProcessRaisePriority = 6,
    ProcessDebugPort = 7,
    ProcessExceptionPort = 8,
    ProcessAccessToken = 9,
    ProcessLdtInformation = 10,
    ProcessLdtSize = 11,
    ProcessDefaultHardErrorMode = 12,
    ProcessIoPortHandlers = 13,
    ProcessPooledUsageAndLimits = 14,
    ProcessWorkingSetWatch = 15,
    ProcessUserModeIOPL = 16,
    ProcessEnableAlignmentFaultFixup = 17,
    ProcessPriorityClass = 18,
    ProcessWx86Information = 19,
    ProcessHandleCount = 20,
    ProcessAffinityMask = 21,
    ProcessPriorityBoost = 22,
    ProcessDeviceMap = 23,
    ProcessSessionInformation = 24,
    ProcessForegroundInformation = 25,
    ProcessWow64Information = 26,
    ProcessImageFileName = 27,
    ProcessLUIDDeviceMapsEnabled = 28,
    ProcessBreakOnTermination = 29,
    ProcessDebugObjectHandle = 30,
    ProcessDebugFlags = 31,
    ProcessHandleTracing = 32,
    ProcessIoPriority = 33,
    ProcessExecuteFlags = 34,
    ProcessTlsInformation = 35,
    ProcessCookie = 36,
    ProcessImageInformation = 37,
    ProcessCycleTime = 38,
    ProcessPagePriority = 39,
    ProcessInstrumentationCallback = 40,
    ProcessThreadStackAllocation = 41,
    ProcessWorkingSetWatchEx = 42,
    ProcessImageFileNameWin32 = 43,
    ProcessImageFileMapping = 44,
    ProcessAffinityUpdateMode = 45,
    ProcessMemoryAllocationMode = 46,
    ProcessGroupInformation = 47,
    ProcessTokenVirtualizationEnabled = 48,
    ProcessConsoleHostProcess = 49,
    ProcessWindowInformation = 50
} PROCESSINFOCLASS;

typedef enum _THREADINFOCLASS {
    ThreadBasicInformation = 0,
    ThreadTimes = 1,
    ThreadPriority = 2,
    ThreadBasePriority = 3,
    ThreadAffinityMask = 4,
    ThreadImpersonationToken = 5,
    ThreadDescriptorTableEntry = 6,
    ThreadEnableAlignmentFaultFixup = 7,
    ThreadEventPair = 8,
    ThreadQuerySetWin32StartAddress = 9,
    ThreadZeroTlsCell = 10,
    ThreadPerformanceCount = 11,
    ThreadAmILastThread = 12,
    ThreadIdealProcessor = 13,
    ThreadPriorityBoost = 14,
    ThreadSetTlsArrayAddress = 15,
    ThreadIsIoPending = 16,
    ThreadHideFromDebugger = 17,
    ThreadBreakOnTermination = 18,
    ThreadSwitchLegacyState = 19,
    ThreadIsTerminated = 20,
    ThreadLastSystemCall = 21,
    ThreadIoPriority = 22,
    ThreadCycleTime = 23,
    ThreadPagePriority = 24,
    ThreadActualBasePriority = 25,
    ThreadTebInformation = 26,
    ThreadCSwitchMon = 27,
    ThreadCSwitchPmu = 28,
    ThreadWow64Context = 29,
    ThreadGroupInformation = 30,
    ThreadUmsInformation = 31,
    ThreadCounterProfiling = 32,
    ThreadIdealProcessorEx = 33,
    ThreadCpuAccountingInformation = 34,
    ThreadSuspendCount = 35,
    ThreadHeterogeneousCpuPolicy = 36,
    ThreadContainerId = 37,
    ThreadNameInformation = 38,
    ThreadSelectedCpuSets = 39,
    ThreadSystemThreadInformation = 40,
    ThreadActualGroupAffinity = 41
} THREADINFOCLASS;

typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus; /* STATUS_PENDING while the process runs */
    struct _PEB *PebBaseAddress;
    KAFFINITY AffinityMask;
    KPRIORITY BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;

typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS ExitStatus; /* STATUS_PENDING while the thread runs */
    struct _TEB *TebBaseAddress;
    CLIENT_ID ClientId;
    KAFFINITY AffinityMask;
    KPRIORITY Priority;
    KPRIORITY BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;

/* ProcessTimes / ThreadTimes (100 ns units; create/exit are system times). */
typedef struct _KERNEL_USER_TIMES {
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER ExitTime;
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
} KERNEL_USER_TIMES, *PKERNEL_USER_TIMES;

/* ---- NT_TIB ---------------------------------------------------------------- */

struct _EXCEPTION_REGISTRATION_RECORD;

/* The subsystem-independent head of every TEB. */
typedef struct _NT_TIB {
    struct _EXCEPTION_REGISTRATION_RECORD *ExceptionList; /* unused on x64 */
    PVOID StackBase;                                      /* highest address + 1 */
    PVOID StackLimit;                                     /* lowest committed address */
    PVOID SubSystemTib;
    union {
        PVOID FiberData;
        ULONG Version;
    };
    PVOID ArbitraryUserPointer;
    struct _NT_TIB *Self; /* linear address of this TEB */
} NT_TIB, *PNT_TIB;

/* ---- TEB ------------------------------------------------------------------- */

typedef struct _GDI_TEB_BATCH {
    ULONG Offset; /* bit 31: HasRenderingCommand */
    ULONG_PTR HDC;
    ULONG Buffer[310];
} GDI_TEB_BATCH, *PGDI_TEB_BATCH;

typedef struct _ACTIVATION_CONTEXT_STACK {
    PVOID ActiveFrame;
    LIST_ENTRY FrameListCache;
    ULONG Flags;
    ULONG NextCookieSequenceNumber;
    ULONG StackId;
} ACTIVATION_CONTEXT_STACK, *PACTIVATION_CONTEXT_STACK;

typedef struct _PROCESSOR_NUMBER {
    USHORT Group;
    UCHAR Number;
    UCHAR Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

typedef struct _TEB {
    NT_TIB NtTib;                                 /* 0x0000 */
    PVOID EnvironmentPointer;                     /* 0x0038 */
    CLIENT_ID ClientId;                           /* 0x0040 */
    PVOID ActiveRpcHandle;                        /* 0x0050 */
    PVOID ThreadLocalStoragePointer;              /* 0x0058: array of per-module TLS blocks */
    struct _PEB *ProcessEnvironmentBlock;         /* 0x0060 */
    ULONG LastErrorValue;                         /* 0x0068: Win32 error */
    ULONG CountOfOwnedCriticalSections;           /* 0x006c */
    PVOID CsrClientThread;                        /* 0x0070 */
    PVOID Win32ThreadInfo;                        /* 0x0078 */
    ULONG User32Reserved[26];                     /* 0x0080 */
    ULONG UserReserved[5];                        /* 0x00e8 */
    PVOID WOW32Reserved;                          /* 0x0100 */
    LCID CurrentLocale;                           /* 0x0108 */
    ULONG FpSoftwareStatusRegister;               /* 0x010c */
    PVOID ReservedForDebuggerInstrumentation[16]; /* 0x0110 */
    PVOID SystemReserved1[30];                    /* 0x0190 */
    CHAR PlaceholderCompatibilityMode;            /* 0x0280 */
    BOOLEAN PlaceholderHydrationAlwaysExplicit;   /* 0x0281 */
    CHAR PlaceholderReserved[10];                 /* 0x0282 */
    ULONG ProxiedProcessId;                       /* 0x028c */
    ACTIVATION_CONTEXT_STACK ActivationStack;     /* 0x0290 */
    UCHAR WorkingOnBehalfTicket[8];               /* 0x02b8 */
    NTSTATUS ExceptionCode;                       /* 0x02c0 */
    UCHAR Padding0[4];                            /* 0x02c4 */
    PACTIVATION_CONTEXT_STACK ActivationContextStackPointer; /* 0x02c8 */
    ULONG_PTR InstrumentationCallbackSp;                     /* 0x02d0 */
    ULONG_PTR InstrumentationCallbackPreviousPc;             /* 0x02d8 */
    ULONG_PTR InstrumentationCallbackPreviousSp;             /* 0x02e0 */
    ULONG TxFsContext;                                       /* 0x02e8 */
    BOOLEAN InstrumentationCallbackDisabled;                 /* 0x02ec */
    BOOLEAN UnalignedLoadStoreExceptions;                    /* 0x02ed */
    UCHAR Padding1[2];                                       /* 0x02ee */
    GDI_TEB_BATCH GdiTebBatch;                               /* 0x02f0 */
    CLIENT_ID RealClientId;                                  /* 0x07d8 */
    HANDLE GdiCachedProcessHandle;                           /* 0x07e8 */
    ULONG GdiClientPID;                                      /* 0x07f0 */
    ULONG GdiClientTID;                                      /* 0x07f4 */
    PVOID GdiThreadLocalInfo;                                /* 0x07f8 */
    ULONG_PTR Win32ClientInfo[62];                           /* 0x0800 */
    PVOID glDispatchTable[233];                              /* 0x09f0 */
    ULONG_PTR glReserved1[29];                               /* 0x1138 */
    PVOID glReserved2;                                       /* 0x1220 */
    PVOID glSectionInfo;                                     /* 0x1228 */
    PVOID glSection;                                         /* 0x1230 */
    PVOID glTable;                                           /* 0x1238 */
    PVOID glCurrentRC;                                       /* 0x1240 */
    PVOID glContext;                                         /* 0x1248 */
    NTSTATUS LastStatusValue;                                /* 0x1250 */
    UCHAR Padding2[4];                                       /* 0x1254 */
    UNICODE_STRING StaticUnicodeString;     /* 0x1258: Buffer = StaticUnicodeBuffer */
    WCHAR StaticUnicodeBuffer[261];         /* 0x1268 */
    UCHAR Padding3[6];                      /* 0x1472 */
    PVOID DeallocationStack;                /* 0x1478: base of the stack reservation */
    PVOID TlsSlots[TLS_MINIMUM_AVAILABLE];  /* 0x1480 */
    LIST_ENTRY TlsLinks;                    /* 0x1680 */
    PVOID Vdm;                              /* 0x1690 */
    PVOID ReservedForNtRpc;                 /* 0x1698 */
    PVOID DbgSsReserved[2];                 /* 0x16a0 */
    ULONG HardErrorMode;                    /* 0x16b0 */
    UCHAR Padding4[4];                      /* 0x16b4 */
    PVOID Instrumentation[11];              /* 0x16b8 */
    GUID ActivityId;                        /* 0x1710 */
    PVOID SubProcessTag;                    /* 0x1720 */
    PVOID PerflibData;                      /* 0x1728 */
    PVOID EtwTraceData;                     /* 0x1730 */
    PVOID WinSockData;                      /* 0x1738 */
    ULONG GdiBatchCount;                    /* 0x1740 */
    PROCESSOR_NUMBER CurrentIdealProcessor; /* 0x1744 */
    ULONG GuaranteedStackBytes;             /* 0x1748 */
    UCHAR Padding5[4];                      /* 0x174c */
    PVOID ReservedForPerf;                  /* 0x1750 */
    PVOID ReservedForOle;                   /* 0x1758 */
    ULONG WaitingOnLoaderLock;              /* 0x1760 */
    UCHAR Padding6[4];                      /* 0x1764 */
    PVOID SavedPriorityState;               /* 0x1768 */
    ULONG_PTR ReservedForCodeCoverage;      /* 0x1770 */
    PVOID ThreadPoolData;                   /* 0x1778 */
    PVOID *TlsExpansionSlots;               /* 0x1780: TLS_EXPANSION_SLOTS more slots */
    PVOID DeallocationBStore;               /* 0x1788 */
    PVOID BStoreLimit;                      /* 0x1790 */
    ULONG MuiGeneration;                    /* 0x1798 */
    ULONG IsImpersonating;                  /* 0x179c */
    PVOID NlsCache;                         /* 0x17a0 */
    PVOID pShimData;                        /* 0x17a8 */
    ULONG HeapData;                         /* 0x17b0 */
    UCHAR Padding7[4];                      /* 0x17b4 */
    HANDLE CurrentTransactionHandle;        /* 0x17b8 */
    PVOID ActiveFrame;                      /* 0x17c0 */
    PVOID FlsData;                          /* 0x17c8 */
    PVOID PreferredLanguages;               /* 0x17d0 */
    PVOID UserPrefLanguages;                /* 0x17d8 */
    PVOID MergedPrefLanguages;              /* 0x17e0 */
    ULONG MuiImpersonation;                 /* 0x17e8 */
    USHORT CrossTebFlags;                   /* 0x17ec */
    USHORT SameTebFlags;                    /* 0x17ee */
    PVOID TxnScopeEnterCallback;            /* 0x17f0 */
    PVOID TxnScopeExitCallback;             /* 0x17f8 */
    PVOID TxnScopeContext;                  /* 0x1800 */
    ULONG LockCount;                        /* 0x1808 */
    LONG WowTebOffset;                      /* 0x180c */
    PVOID ResourceRetValue;                 /* 0x1810 */
    PVOID ReservedForWdf;                   /* 0x1818 */
    ULONGLONG ReservedForCrt;               /* 0x1820 */
    GUID EffectiveContainerId;              /* 0x1828 */
} TEB, *PTEB;

/* ---- PEB ------------------------------------------------------------------- */

typedef struct _PEB {
    BOOLEAN InheritedAddressSpace;    /* 0x000 */
    BOOLEAN ReadImageFileExecOptions; /* 0x001 */
    BOOLEAN BeingDebugged;            /* 0x002 */
    union {                           /* 0x003 */
        BOOLEAN BitField;
        struct {
            BOOLEAN ImageUsesLargePages : 1;
            BOOLEAN IsProtectedProcess : 1;
            BOOLEAN IsImageDynamicallyRelocated : 1;
            BOOLEAN SkipPatchingUser32Forwarders : 1;
            BOOLEAN IsPackagedProcess : 1;
            BOOLEAN IsAppContainer : 1;
            BOOLEAN IsProtectedProcessLight : 1;
            BOOLEAN IsLongPathAwareProcess : 1;
        };
    };
    UCHAR Padding0[4];                              /* 0x004 */
    HANDLE Mutant;                                  /* 0x008 */
    PVOID ImageBaseAddress;                         /* 0x010 */
    PPEB_LDR_DATA Ldr;                              /* 0x018 */
    PRTL_USER_PROCESS_PARAMETERS ProcessParameters; /* 0x020 */
    PVOID SubSystemData;                            /* 0x028 */
    PVOID ProcessHeap;                              /* 0x030 */
    PRTL_CRITICAL_SECTION FastPebLock;              /* 0x038 */
    PVOID AtlThunkSListPtr;                         /* 0x040 */
    PVOID IFEOKey;                                  /* 0x048 */
    ULONG CrossProcessFlags;                        /* 0x050 */
    UCHAR Padding1[4];                              /* 0x054 */
    union {                                         /* 0x058 */
        PVOID KernelCallbackTable;
        PVOID UserSharedInfoPtr;
    };
    ULONG SystemReserved;                         /* 0x060 */
    ULONG AtlThunkSListPtr32;                     /* 0x064 */
    PVOID ApiSetMap;                              /* 0x068 */
    ULONG TlsExpansionCounter;                    /* 0x070 */
    UCHAR Padding2[4];                            /* 0x074 */
    PRTL_BITMAP TlsBitmap;                        /* 0x078 */
    ULONG TlsBitmapBits[2];                       /* 0x080 */
    PVOID ReadOnlySharedMemoryBase;               /* 0x088 */
    PVOID SharedData;                             /* 0x090 */
    PVOID *ReadOnlyStaticServerData;              /* 0x098 */
    PVOID AnsiCodePageData;                       /* 0x0a0 */
    PVOID OemCodePageData;                        /* 0x0a8 */
    PVOID UnicodeCaseTableData;                   /* 0x0b0 */
    ULONG NumberOfProcessors;                     /* 0x0b8 */
    ULONG NtGlobalFlag;                           /* 0x0bc */
    LARGE_INTEGER CriticalSectionTimeout;         /* 0x0c0 */
    SIZE_T HeapSegmentReserve;                    /* 0x0c8 */
    SIZE_T HeapSegmentCommit;                     /* 0x0d0 */
    SIZE_T HeapDeCommitTotalFreeThreshold;        /* 0x0d8 */
    SIZE_T HeapDeCommitFreeBlockThreshold;        /* 0x0e0 */
    ULONG NumberOfHeaps;                          /* 0x0e8 */
    ULONG MaximumNumberOfHeaps;                   /* 0x0ec */
    PVOID *ProcessHeaps;                          /* 0x0f0 */
    PVOID GdiSharedHandleTable;                   /* 0x0f8 */
    PVOID ProcessStarterHelper;                   /* 0x100 */
    ULONG GdiDCAttributeList;                     /* 0x108 */
    UCHAR Padding3[4];                            /* 0x10c */
    PRTL_CRITICAL_SECTION LoaderLock;             /* 0x110 */
    ULONG OSMajorVersion;                         /* 0x118 */
    ULONG OSMinorVersion;                         /* 0x11c */
    USHORT OSBuildNumber;                         /* 0x120 */
    USHORT OSCSDVersion;                          /* 0x122 */
    ULONG OSPlatformId;                           /* 0x124 */
    ULONG ImageSubsystem;                         /* 0x128 */
    ULONG ImageSubsystemMajorVersion;             /* 0x12c */
    ULONG ImageSubsystemMinorVersion;             /* 0x130 */
    UCHAR Padding4[4];                            /* 0x134 */
    KAFFINITY ActiveProcessAffinityMask;          /* 0x138 */
    ULONG GdiHandleBuffer[60];                    /* 0x140 */
    PVOID PostProcessInitRoutine;                 /* 0x230 */
    PRTL_BITMAP TlsExpansionBitmap;               /* 0x238 */
    ULONG TlsExpansionBitmapBits[32];             /* 0x240 */
    ULONG SessionId;                              /* 0x2c0 */
    UCHAR Padding5[4];                            /* 0x2c4 */
    ULARGE_INTEGER AppCompatFlags;                /* 0x2c8 */
    ULARGE_INTEGER AppCompatFlagsUser;            /* 0x2d0 */
    PVOID pShimData;                              /* 0x2d8 */
    PVOID AppCompatInfo;                          /* 0x2e0 */
    UNICODE_STRING CSDVersion;                    /* 0x2e8 */
    PVOID ActivationContextData;                  /* 0x2f8 */
    PVOID ProcessAssemblyStorageMap;              /* 0x300 */
    PVOID SystemDefaultActivationContextData;     /* 0x308 */
    PVOID SystemAssemblyStorageMap;               /* 0x310 */
    SIZE_T MinimumStackCommit;                    /* 0x318 */
    PVOID SparePointers[4];                       /* 0x320 */
    ULONG SpareUlongs[5];                         /* 0x340 */
    PVOID WerRegistrationData;                    /* 0x358 */
    PVOID WerShipAssertPtr;                       /* 0x360 */
    PVOID pUnused;                                /* 0x368 */
    PVOID pImageHeaderHash;                       /* 0x370 */
    ULONG TracingFlags;                           /* 0x378 */
    UCHAR Padding6[4];                            /* 0x37c */
    ULONGLONG CsrServerReadOnlySharedMemoryBase;  /* 0x380 */
    ULONG_PTR TppWorkerpListLock;                 /* 0x388 */
    LIST_ENTRY TppWorkerpList;                    /* 0x390 */
    PVOID WaitOnAddressHashTable[128];            /* 0x3a0 */
    PVOID TelemetryCoverageHeader;                /* 0x7a0 */
    ULONG CloudFileFlags;                         /* 0x7a8 */
    ULONG CloudFileDiagFlags;                     /* 0x7ac */
    CHAR PlaceholderCompatibilityMode;            /* 0x7b0 */
    CHAR PlaceholderCompatibilityModeReserved[7]; /* 0x7b1 */
    PVOID LeapSecondData;                         /* 0x7b8 */
    ULONG LeapSecondFlags;                        /* 0x7c0 */
    ULONG NtGlobalFlag2;                          /* 0x7c4 */
} PEB, *PPEB;

/* ---- The current thread ---------------------------------------------------- */

#if defined(_WIN32)
/* Inside an NT process gs points at the TEB, whose NtTib.Self is its address. */
FORCEINLINE PTEB NtCurrentTeb(VOID) {
    PTEB Teb;

    __asm__("movq %%gs:0x30, %0" : "=r"(Teb));
    return Teb;
}

FORCEINLINE PPEB NtCurrentPeb(VOID) { return NtCurrentTeb()->ProcessEnvironmentBlock; }
#endif

/* ---- Layout checks --------------------------------------------------------- */

_Static_assert(sizeof(INITIAL_TEB) == 0x28, "INITIAL_TEB size");
_Static_assert(sizeof(PS_ATTRIBUTE) == 0x20, "PS_ATTRIBUTE size");
_Static_assert(sizeof(PS_ATTRIBUTE_LIST) == 0x28, "PS_ATTRIBUTE_LIST size");
_Static_assert(sizeof(PROCESS_BASIC_INFORMATION) == 0x30, "PROCESS_BASIC_INFORMATION size");
_Static_assert(__builtin_offsetof(PROCESS_BASIC_INFORMATION, PebBaseAddress) == 0x08, "PBI");
_Static_assert(__builtin_offsetof(PROCESS_BASIC_INFORMATION, BasePriority) == 0x18, "PBI");
_Static_assert(__builtin_offsetof(PROCESS_BASIC_INFORMATION, UniqueProcessId) == 0x20, "PBI");
_Static_assert(__builtin_offsetof(PROCESS_BASIC_INFORMATION, InheritedFromUniqueProcessId) == 0x28,
               "PBI");
_Static_assert(sizeof(THREAD_BASIC_INFORMATION) == 0x30, "THREAD_BASIC_INFORMATION size");
_Static_assert(__builtin_offsetof(THREAD_BASIC_INFORMATION, TebBaseAddress) == 0x08, "TBI");
_Static_assert(__builtin_offsetof(THREAD_BASIC_INFORMATION, ClientId) == 0x10, "TBI");
_Static_assert(__builtin_offsetof(THREAD_BASIC_INFORMATION, AffinityMask) == 0x20, "TBI");
_Static_assert(__builtin_offsetof(THREAD_BASIC_INFORMATION, Priority) == 0x28, "TBI");
_Static_assert(__builtin_offsetof(THREAD_BASIC_INFORMATION, BasePriority) == 0x2c, "TBI");
_Static_assert(sizeof(KERNEL_USER_TIMES) == 0x20, "KERNEL_USER_TIMES size");

_Static_assert(sizeof(NT_TIB) == 0x38, "NT_TIB size");
_Static_assert(__builtin_offsetof(NT_TIB, StackBase) == 0x08, "NT_TIB.StackBase");
_Static_assert(__builtin_offsetof(NT_TIB, StackLimit) == 0x10, "NT_TIB.StackLimit");
_Static_assert(__builtin_offsetof(NT_TIB, FiberData) == 0x20, "NT_TIB.FiberData");
_Static_assert(__builtin_offsetof(NT_TIB, ArbitraryUserPointer) == 0x28, "NT_TIB.Arbitrary");
_Static_assert(__builtin_offsetof(NT_TIB, Self) == 0x30, "NT_TIB.Self");

_Static_assert(sizeof(GDI_TEB_BATCH) == 0x4e8, "GDI_TEB_BATCH size");
_Static_assert(sizeof(ACTIVATION_CONTEXT_STACK) == 0x28, "ACTIVATION_CONTEXT_STACK size");
_Static_assert(sizeof(TEB) == 0x1838, "TEB size");
_Static_assert(__builtin_offsetof(TEB, EnvironmentPointer) == 0x38, "TEB");
_Static_assert(__builtin_offsetof(TEB, ClientId) == 0x40, "TEB");
_Static_assert(__builtin_offsetof(TEB, ThreadLocalStoragePointer) == 0x58, "TEB");
_Static_assert(__builtin_offsetof(TEB, ProcessEnvironmentBlock) == 0x60, "TEB");
_Static_assert(__builtin_offsetof(TEB, LastErrorValue) == 0x68, "TEB");
_Static_assert(__builtin_offsetof(TEB, CsrClientThread) == 0x70, "TEB");
_Static_assert(__builtin_offsetof(TEB, User32Reserved) == 0x80, "TEB");
_Static_assert(__builtin_offsetof(TEB, WOW32Reserved) == 0x100, "TEB");
_Static_assert(__builtin_offsetof(TEB, CurrentLocale) == 0x108, "TEB");
_Static_assert(__builtin_offsetof(TEB, SystemReserved1) == 0x190, "TEB");
_Static_assert(__builtin_offsetof(TEB, ActivationStack) == 0x290, "TEB");
_Static_assert(__builtin_offsetof(TEB, ExceptionCode) == 0x2c0, "TEB");
_Static_assert(__builtin_offsetof(TEB, ActivationContextStackPointer) == 0x2c8, "TEB");
_Static_assert(__builtin_offsetof(TEB, GdiTebBatch) == 0x2f0, "TEB");
_Static_assert(__builtin_offsetof(TEB, RealClientId) == 0x7d8, "TEB");
_Static_assert(__builtin_offsetof(TEB, Win32ClientInfo) == 0x800, "TEB");
_Static_assert(__builtin_offsetof(TEB, glDispatchTable) == 0x9f0, "TEB");
_Static_assert(__builtin_offsetof(TEB, glReserved1) == 0x1138, "TEB");
_Static_assert(__builtin_offsetof(TEB, LastStatusValue) == 0x1250, "TEB");
_Static_assert(__builtin_offsetof(TEB, StaticUnicodeString) == 0x1258, "TEB");
_Static_assert(__builtin_offsetof(TEB, StaticUnicodeBuffer) == 0x1268, "TEB");
_Static_assert(__builtin_offsetof(TEB, DeallocationStack) == 0x1478, "TEB");
_Static_assert(__builtin_offsetof(TEB, TlsSlots) == 0x1480, "TEB");
_Static_assert(__builtin_offsetof(TEB, TlsLinks) == 0x1680, "TEB");
_Static_assert(__builtin_offsetof(TEB, DbgSsReserved) == 0x16a0, "TEB");
_Static_assert(__builtin_offsetof(TEB, HardErrorMode) == 0x16b0, "TEB");
_Static_assert(__builtin_offsetof(TEB, ActivityId) == 0x1710, "TEB");
_Static_assert(__builtin_offsetof(TEB, GdiBatchCount) == 0x1740, "TEB");
_Static_assert(__builtin_offsetof(TEB, ReservedForOle) == 0x1758, "TEB");
_Static_assert(__builtin_offsetof(TEB, TlsExpansionSlots) == 0x1780, "TEB");
_Static_assert(__builtin_offsetof(TEB, MuiGeneration) == 0x1798, "TEB");
_Static_assert(__builtin_offsetof(TEB, HeapData) == 0x17b0, "TEB");
_Static_assert(__builtin_offsetof(TEB, FlsData) == 0x17c8, "TEB");
_Static_assert(__builtin_offsetof(TEB, SameTebFlags) == 0x17ee, "TEB");
_Static_assert(__builtin_offsetof(TEB, LockCount) == 0x1808, "TEB");
_Static_assert(__builtin_offsetof(TEB, ReservedForCrt) == 0x1820, "TEB");
_Static_assert(__builtin_offsetof(TEB, EffectiveContainerId) == 0x1828, "TEB");

_Static_assert(sizeof(PEB) == 0x7c8, "PEB size");
_Static_assert(__builtin_offsetof(PEB, BeingDebugged) == 0x002, "PEB");
_Static_assert(__builtin_offsetof(PEB, Mutant) == 0x008, "PEB");
_Static_assert(__builtin_offsetof(PEB, ImageBaseAddress) == 0x010, "PEB");
_Static_assert(__builtin_offsetof(PEB, Ldr) == 0x018, "PEB");
_Static_assert(__builtin_offsetof(PEB, ProcessParameters) == 0x020, "PEB");
_Static_assert(__builtin_offsetof(PEB, SubSystemData) == 0x028, "PEB");
_Static_assert(__builtin_offsetof(PEB, ProcessHeap) == 0x030, "PEB");
_Static_assert(__builtin_offsetof(PEB, FastPebLock) == 0x038, "PEB");
_Static_assert(__builtin_offsetof(PEB, CrossProcessFlags) == 0x050, "PEB");
_Static_assert(__builtin_offsetof(PEB, KernelCallbackTable) == 0x058, "PEB");
_Static_assert(__builtin_offsetof(PEB, ApiSetMap) == 0x068, "PEB");
_Static_assert(__builtin_offsetof(PEB, TlsBitmap) == 0x078, "PEB");
_Static_assert(__builtin_offsetof(PEB, TlsBitmapBits) == 0x080, "PEB");
_Static_assert(__builtin_offsetof(PEB, ReadOnlySharedMemoryBase) == 0x088, "PEB");
_Static_assert(__builtin_offsetof(PEB, AnsiCodePageData) == 0x0a0, "PEB");
_Static_assert(__builtin_offsetof(PEB, UnicodeCaseTableData) == 0x0b0, "PEB");
_Static_assert(__builtin_offsetof(PEB, NumberOfProcessors) == 0x0b8, "PEB");
_Static_assert(__builtin_offsetof(PEB, NtGlobalFlag) == 0x0bc, "PEB");
_Static_assert(__builtin_offsetof(PEB, CriticalSectionTimeout) == 0x0c0, "PEB");
_Static_assert(__builtin_offsetof(PEB, HeapSegmentReserve) == 0x0c8, "PEB");
_Static_assert(__builtin_offsetof(PEB, NumberOfHeaps) == 0x0e8, "PEB");
_Static_assert(__builtin_offsetof(PEB, ProcessHeaps) == 0x0f0, "PEB");
_Static_assert(__builtin_offsetof(PEB, LoaderLock) == 0x110, "PEB");
_Static_assert(__builtin_offsetof(PEB, OSMajorVersion) == 0x118, "PEB");
_Static_assert(__builtin_offsetof(PEB, OSBuildNumber) == 0x120, "PEB");
_Static_assert(__builtin_offsetof(PEB, OSPlatformId) == 0x124, "PEB");
_Static_assert(__builtin_offsetof(PEB, ImageSubsystem) == 0x128, "PEB");
_Static_assert(__builtin_offsetof(PEB, ActiveProcessAffinityMask) == 0x138, "PEB");
_Static_assert(__builtin_offsetof(PEB, GdiHandleBuffer) == 0x140, "PEB");
_Static_assert(__builtin_offsetof(PEB, PostProcessInitRoutine) == 0x230, "PEB");
_Static_assert(__builtin_offsetof(PEB, TlsExpansionBitmap) == 0x238, "PEB");
_Static_assert(__builtin_offsetof(PEB, SessionId) == 0x2c0, "PEB");
_Static_assert(__builtin_offsetof(PEB, AppCompatFlags) == 0x2c8, "PEB");
_Static_assert(__builtin_offsetof(PEB, CSDVersion) == 0x2e8, "PEB");
_Static_assert(__builtin_offsetof(PEB, ActivationContextData) == 0x2f8, "PEB");
_Static_assert(__builtin_offsetof(PEB, MinimumStackCommit) == 0x318, "PEB");
_Static_assert(__builtin_offsetof(PEB, WerRegistrationData) == 0x358, "PEB");
_Static_assert(__builtin_offsetof(PEB, TracingFlags) == 0x378, "PEB");
_Static_assert(__builtin_offsetof(PEB, CsrServerReadOnlySharedMemoryBase) == 0x380, "PEB");
_Static_assert(__builtin_offsetof(PEB, TppWorkerpList) == 0x390, "PEB");
_Static_assert(__builtin_offsetof(PEB, WaitOnAddressHashTable) == 0x3a0, "PEB");
_Static_assert(__builtin_offsetof(PEB, TelemetryCoverageHeader) == 0x7a0, "PEB");
_Static_assert(__builtin_offsetof(PEB, LeapSecondData) == 0x7b8, "PEB");
_Static_assert(__builtin_offsetof(PEB, NtGlobalFlag2) == 0x7c4, "PEB");

#endif /* NDK_PSTYPES_H */
