/*
 * ki.h — private to the kernel-glue component: the service dispatcher.
 */
#pragma once
#include "../inc/ntos.h"
#include "ntos/services.h" /* generated: service numbers and NtXxx prototypes */

typedef struct _KI_SERVICE_CALL {
    PETHREAD Thread;
    ULONG_PTR Args[16];
    ULONG ArgCount;
} KI_SERVICE_CALL, *PKI_SERVICE_CALL;

typedef struct _KI_SERVICE_ENTRY {
    const char *Name;
    ULONG ArgCount;
    NTSTATUS (*Handler)(PKI_SERVICE_CALL Call);
} KI_SERVICE_ENTRY;

extern const KI_SERVICE_ENTRY KiServiceTable[KI_SERVICE_COUNT];

/* Argument capture (ke/capture.c). */
NTSTATUS KiCaptureUnicodeString(PETHREAD Thread, ULONG_PTR UserAddress, PUNICODE_STRING Captured);
VOID KiReleaseUnicodeString(PUNICODE_STRING Captured);

/* The service loop (ke/services.c). */
__attribute__((noreturn)) VOID KiDispatchServices(VOID);
