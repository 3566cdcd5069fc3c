/*
 * ki.h — private to the kernel-glue component: the service dispatcher.
 */
#pragma once
#include "../inc/ntos.h"
#include <ndk/extypes.h>
#include <ndk/iotypes.h>
#include <ndk/mmtypes.h>
#include <ndk/pstypes.h>
#include <ndk/obtypes.h>
#include <ndk/ketypes.h>
#include "ob.h"
#include "ntos/services.h" /* generated: service numbers and NtXxx prototypes */

typedef struct _KI_SERVICE_CALL {
    PETHREAD Thread;
    ULONG Label;
    ULONG ArgCount;
    ULONG_PTR Args[16];
} KI_SERVICE_CALL, *PKI_SERVICE_CALL;

typedef struct _KI_SERVICE_ENTRY {
    const char *Name;
    ULONG ArgCount;
    NTSTATUS (*Handler)(PKI_SERVICE_CALL Call);
    BOOLEAN MayWait; /* runs on a coroutine; others run on the dispatcher's stack */
} KI_SERVICE_ENTRY;

extern const KI_SERVICE_ENTRY KiServiceTable[KI_SERVICE_COUNT];

/* Coroutines (ke/async.c). */
typedef struct _KI_COROUTINE {
    ULONG_PTR Rsp;          /* saved while switched out */
    ULONG_PTR ResumerRsp;   /* where to go when it parks or ends */
    struct _KI_COROUTINE *Resumer;
    ULONG_PTR StackTop;
    VOID (*Fn)(struct _KI_COROUTINE *);
    PVOID Context;
    NTSTATUS WaitStatus;
    BOOLEAN Finished, Parked, Cancelled, OnReadyList;
    BOOLEAN CallerGone;     /* the calling thread died: do not reply */
    LIST_ENTRY ReadyLink;
    struct _KI_COROUTINE *NextFree;
    KI_SERVICE_CALL Call;   /* the service call it runs */
    NTSTATUS Result;
} KI_COROUTINE, *PKI_COROUTINE;

extern PKI_COROUTINE KiCurrentCoroutine;
extern ULONG KiCoroutineCount;
PKI_COROUTINE KiStartCoroutine(VOID (*Fn)(PKI_COROUTINE), PVOID Context);
VOID KiReleaseCoroutine(PKI_COROUTINE Co);
NTSTATUS KiPark(VOID);
VOID KiReadyCoroutine(PKI_COROUTINE Co, NTSTATUS WaitStatus);
VOID KiRunReadyCoroutines(VOID (*Finished)(PKI_COROUTINE));
VOID KiCancelCoroutine(PKI_COROUTINE Co);

/* Argument capture (ke/capture.c). */
NTSTATUS KiCaptureUnicodeString(PETHREAD Thread, ULONG_PTR UserAddress, PUNICODE_STRING Captured);
VOID KiReleaseUnicodeString(PUNICODE_STRING Captured);
/* Write a handle to the caller's HANDLE at User.  Services call it once
 * with NULL before the work (the probe: a bad pointer fails the service
 * before anything changes) and once with the result. */
NTSTATUS KiPutHandle(PETHREAD Thread, PHANDLE User, HANDLE Value);
NTSTATUS KiCaptureObjectAttributes(PETHREAD Thread, ULONG_PTR UserAddress, BOOLEAN Optional,
                                   POBJECT_ATTRIBUTES Captured, PUNICODE_STRING NameStorage);

/* Event objects (ex/event.c). */
extern POBJECT_TYPE ExEventObjectType;
NTSTATUS ExpInitializeEvents(VOID);

/* The executive's own fault handler (ke/watchdog.c). */
NTSTATUS KiStartWatchdog(VOID);

/* Boot programs (ke/init.c): FALSE when none is left to start. */
BOOLEAN KiStartNextBootProgram(VOID);
extern BOOLEAN KiSystemHalted; /* NtShutdownSystem(ShutdownNoReboot): stay up, idle */

/* Held answers of suspended threads (ke/suspend.c). */
BOOLEAN KiHoldReply(PETHREAD Thread, NTSTATUS Status, BOOLEAN InCallerSlot);
VOID KiSendReply(PETHREAD Thread, NTSTATUS Status);
VOID KiSaveReply(PETHREAD Thread); /* caller slot -> the thread's reply slot */

/* User exceptions and CONTEXTs (ke/exception.c). */
#define KI_USER_RFLAGS 0xcd5ull /* the rflags bits a user CONTEXT may set: arithmetic flags and DF */
BOOLEAN KiContextToRegisters(const CONTEXT *Context, seL4_UserContext *Regs);
extern ULONG_PTR KiUserExceptionDispatcher;
VOID KiDispatchFault(PETHREAD Thread, seL4_Word Label, const seL4_Word *Mr);
VOID KiCallerContinued(PETHREAD Thread); /* restarted with new registers: no answer */
/* The service loop (ke/services.c). */
__attribute__((noreturn)) VOID KiDispatchServices(VOID);
