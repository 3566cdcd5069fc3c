/*
 * sel4/fault.h — decoding a fault message received by a fault handler.
 *
 * USER-ONLY header (reads the IPC buffer).  libsel4 represents a fault as a
 * generated tagged union; we keep a simpler value type with the same entry
 * points for the common uses:
 *
 *     seL4_Fault_t f = seL4_getFault(tag);          right after the Recv
 *     seL4_Fault_get_seL4_FaultType(f)              seL4_Fault_VMFault, ...
 *     seL4_Fault_VMFault_get_Addr(f), ...           named fields
 *     seL4_Fault_get_MR(f, i)                       any word by index
 *
 * The message-register indices are those of sel4/faults_types.h.
 */
#ifndef SEL4_FAULT_H
#define SEL4_FAULT_H

#include <sel4/functions.h>
#include <sel4/types.h>

typedef struct seL4_Fault {
    seL4_Word type;
    seL4_Word length;
    seL4_Word mr[seL4_UnknownSyscall_Length];
} seL4_Fault_t;

/* Capture the fault carried by the message just received with `tag`. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getFault(seL4_MessageInfo_t tag) {
    seL4_Fault_t f;
    seL4_Word i;

    f.type = seL4_MessageInfo_get_label(tag);
    f.length = seL4_MessageInfo_get_length(tag);
    if (f.length > seL4_UnknownSyscall_Length)
        f.length = seL4_UnknownSyscall_Length;
    for (i = 0; i < seL4_UnknownSyscall_Length; i++)
        f.mr[i] = i < f.length ? seL4_GetMR((int)i) : 0;
    return f;
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_get_seL4_FaultType(seL4_Fault_t f) { return f.type; }

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_get_MR(seL4_Fault_t f, seL4_Word i) {
    return i < seL4_UnknownSyscall_Length ? f.mr[i] : 0;
}

/* Named fields (libsel4's accessor names). */

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_IP(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_IP];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_Addr(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_Addr];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_InRecvPhase(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_InRecvPhase];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_LookupFailureType(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_LookupFailureType];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_MR4(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_BitsLeft];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_MR5(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_DepthMismatch_BitsFound];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_CapFault_get_MR6(seL4_Fault_t f) {
    return f.mr[seL4_CapFault_GuardMismatch_BitsFound];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_VMFault_get_IP(seL4_Fault_t f) {
    return f.mr[seL4_VMFault_IP];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_VMFault_get_Addr(seL4_Fault_t f) {
    return f.mr[seL4_VMFault_Addr];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_VMFault_get_PrefetchFault(seL4_Fault_t f) {
    return f.mr[seL4_VMFault_PrefetchFault];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_VMFault_get_FSR(seL4_Fault_t f) {
    return f.mr[seL4_VMFault_FSR];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UserException_get_FaultIP(seL4_Fault_t f) {
    return f.mr[seL4_UserException_FaultIP];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UserException_get_Stack(seL4_Fault_t f) {
    return f.mr[seL4_UserException_SP];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UserException_get_FLAGS(seL4_Fault_t f) {
    return f.mr[seL4_UserException_FLAGS];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UserException_get_Number(seL4_Fault_t f) {
    return f.mr[seL4_UserException_Number];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UserException_get_Code(seL4_Fault_t f) {
    return f.mr[seL4_UserException_Code];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UnknownSyscall_get_FaultIP(seL4_Fault_t f) {
    return f.mr[seL4_UnknownSyscall_FaultIP];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UnknownSyscall_get_RSP(seL4_Fault_t f) {
    return f.mr[seL4_UnknownSyscall_SP];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UnknownSyscall_get_FLAGS(seL4_Fault_t f) {
    return f.mr[seL4_UnknownSyscall_FLAGS];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UnknownSyscall_get_Syscall(seL4_Fault_t f) {
    return f.mr[seL4_UnknownSyscall_Syscall];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UnknownSyscall_get_RAX(seL4_Fault_t f) {
    return f.mr[seL4_UnknownSyscall_RAX];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_UnknownSyscall_get_RDI(seL4_Fault_t f) {
    return f.mr[seL4_UnknownSyscall_RDI];
}

#endif /* SEL4_FAULT_H */
