/*
 * sel4/faults_types.h — fault message labels and message-register indices.
 *
 * Pure header.  A fault reaches the handler as an IPC whose label is the
 * fault type and whose message registers follow the layouts below (x86_64,
 * non-MCS).  The kernel builds these messages with the same enumerators.
 */
#ifndef SEL4_FAULTS_TYPES_H
#define SEL4_FAULTS_TYPES_H

#include <sel4/macros.h>

typedef enum {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
    /* 4 = DebugException, only with CONFIG_HARDWARE_DEBUG_API */
    seL4_Fault_VMFault = 5,
    SEL4_FORCE_LONG_ENUM(seL4_FaultType),
} seL4_FaultType;

/* CapFault: lengths 4..7 depending on the lookup failure type. */
typedef enum {
    seL4_CapFault_IP = 0,
    seL4_CapFault_Addr,
    seL4_CapFault_InRecvPhase,
    seL4_CapFault_LookupFailureType,
    seL4_CapFault_BitsLeft,
    seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_GuardFound = seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_BitsFound,
    SEL4_FORCE_LONG_ENUM(seL4_CapFault_Msg),
} seL4_CapFault_Msg;

typedef enum {
    seL4_UnknownSyscall_RAX = 0,
    seL4_UnknownSyscall_RBX,
    seL4_UnknownSyscall_RCX,
    seL4_UnknownSyscall_RDX,
    seL4_UnknownSyscall_RSI,
    seL4_UnknownSyscall_RDI,
    seL4_UnknownSyscall_RBP,
    seL4_UnknownSyscall_R8,
    seL4_UnknownSyscall_R9,
    seL4_UnknownSyscall_R10,
    seL4_UnknownSyscall_R11,
    seL4_UnknownSyscall_R12,
    seL4_UnknownSyscall_R13,
    seL4_UnknownSyscall_R14,
    seL4_UnknownSyscall_R15,
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_FLAGS,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UnknownSyscall_Msg),
} seL4_UnknownSyscall_Msg;

typedef enum {
    seL4_UserException_FaultIP = 0,
    seL4_UserException_SP,
    seL4_UserException_FLAGS,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UserException_Msg),
} seL4_UserException_Msg;

typedef enum {
    seL4_VMFault_IP = 0,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VMFault_Msg),
} seL4_VMFault_Msg;

/* Value of seL4_VMFault_PrefetchFault. */
enum {
    seL4_DataFault = 0,
    seL4_InstructionFault = 1,
};

/* Lengths of the CapFault message per lookup failure type. */
#define seL4_CapFault_Length_Min 4
#define seL4_CapFault_Length_Max 7

#endif /* SEL4_FAULTS_TYPES_H */
