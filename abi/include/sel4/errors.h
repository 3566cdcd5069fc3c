/*
 * sel4/errors.h — seL4_Error (the label of a kernel reply) and the lookup
 * failure types reported in FailedLookup replies and CapFault messages.
 *
 * Pure header; the kernel uses these very enumerators for its replies.
 */
#ifndef SEL4_ERRORS_H
#define SEL4_ERRORS_H

#include <sel4/macros.h>

typedef enum {
    seL4_NoError = 0,
    seL4_InvalidArgument,
    seL4_InvalidCapability,
    seL4_IllegalOperation,
    seL4_RangeError,
    seL4_AlignmentError,
    seL4_FailedLookup,
    seL4_TruncatedMessage,
    seL4_DeleteFirst,
    seL4_RevokeFirst,
    seL4_NotEnoughMemory,
    seL4_NumErrors,
    SEL4_FORCE_LONG_ENUM(seL4_Error),
} seL4_Error;

typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot,
    seL4_MissingCapability,
    seL4_DepthMismatch,
    seL4_GuardMismatch,
    SEL4_FORCE_LONG_ENUM(seL4_LookupFailureType),
} seL4_LookupFailureType;

#endif /* SEL4_ERRORS_H */
