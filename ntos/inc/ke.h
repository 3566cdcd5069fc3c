/*
 * ke.h — kernel-glue services of the executive: bug checks, debug tracing,
 * system start-up and shutdown.
 */
#pragma once
#include <nt/ntdef.h>

/* Bug check codes (Windows' numbers where one exists). */
#define NO_PAGES_AVAILABLE 0x4d
#define BAD_POOL_CALLER 0xc2
#define PHASE0_INITIALIZATION_FAILED 0x31
#define PHASE1_INITIALIZATION_FAILED 0x32
#define MANUALLY_INITIATED_CRASH 0xe2

/* Stop the system: print the code and parameters; under QEMU the run ends
 * with a failure status. */
__attribute__((noreturn)) VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4);
#define KeBugCheck(Code) KeBugCheckEx((Code), 0, 0, 0, 0)

/* Power off (or, under QEMU, end the run with the given status). */
__attribute__((noreturn)) VOID KiPowerOff(BOOLEAN Success);

/*
 * Debug tracing, per component, compiled out of release builds.  Components
 * are bits; the boot configuration enables them.
 */
#define DBG_KE 0x01
#define DBG_MM 0x02
#define DBG_OB 0x04
#define DBG_PS 0x08
#define DBG_IO 0x10
#define DBG_LDR 0x20
extern ULONG KiDebugComponents;
#ifdef CONFIG_DEBUG_BUILD
#define DbgTrace(Component, ...)                                                                   \
    do {                                                                                           \
        if (KiDebugComponents & (Component))                                                       \
            DbgPrint(__VA_ARGS__);                                                                 \
    } while (0)
#else
#define DbgTrace(Component, ...) ((void)0)
#endif
ULONG DbgPrint(const char *Format, ...) __attribute__((format(printf, 1, 2)));

/*
 * Dispatcher objects and waits (ke/wait.c).  Waiting parks the calling
 * service's coroutine (ke/async.c); it is only legal inside a service.
 * Timeouts follow NT: NULL waits forever, a negative value is relative (in
 * 100 ns units), a positive one an absolute system time, 0 polls.
 */
typedef enum _KOBJECTS { KiNotificationEvent = 0, KiSynchronizationEvent = 1 } KOBJECTS;

typedef struct _DISPATCHER_HEADER {
    UCHAR Type;
    LONG SignalState;
    LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT;

VOID KeInitializeEvent(PKEVENT Event, KOBJECTS Type, BOOLEAN State);
LONG KeSetEvent(PKEVENT Event);
LONG KeResetEvent(PKEVENT Event);
NTSTATUS KeWaitForSingleObject(PDISPATCHER_HEADER Object, const LARGE_INTEGER *Timeout);
NTSTATUS KeDelayExecution(const LARGE_INTEGER *Interval);
#define KI_MAXIMUM_WAIT_OBJECTS 64
/* STATUS_WAIT_0 + index (wait any), STATUS_SUCCESS (wait all), STATUS_TIMEOUT. */
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PDISPATCHER_HEADER *Objects, BOOLEAN WaitAll,
                                  const LARGE_INTEGER *Timeout);

/* Time (ke/timer.c): 100 ns units; interrupt time counts from boot. */
ULONG64 KeQueryInterruptTime(VOID);
ULONG64 KeQuerySystemTime(VOID);
NTSTATUS KiInitializeTimer(VOID);
VOID KiTimerInterrupt(VOID);
#define KI_TIMER_BADGE (1ull << 63)
#define KI_TICK_100NS 100000ull /* 10 ms */
