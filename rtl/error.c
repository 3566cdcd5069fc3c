/*
 * error.c — RtlNtStatusToDosError: NTSTATUS -> Win32 error code.
 *
 * The mapping is data (data/status_to_dos.inc, sorted by status) searched
 * with a binary search.  Before the table, the rules Windows applies:
 *
 *   - STATUS_SUCCESS maps to ERROR_SUCCESS, and a status with the customer
 *     bit (0x20000000) set is returned unchanged;
 *   - 0xDxxxxxxx (an NTSTATUS wrapped as an HRESULT with FACILITY_NT_BIT) is
 *     looked up as 0xCxxxxxxx;
 *   - a Win32 error carried in an NTSTATUS or HRESULT (facility 7,
 *     0xC007xxxx or 0x8007xxxx) yields its low 16 bits;
 *   - anything not in the table is ERROR_MR_MID_NOT_FOUND (317).
 *
 * RtlNtStatusToDosError also records the status in TEB->LastStatusValue on
 * Windows.  rtl/ has no TEB, so this file's RtlNtStatusToDosError is the
 * TEB-less one; ntdll builds rtl with -DRTL_NTDLL_BUILD and provides its own.
 */
#include "rtlp.h"

#include "nt/winerror.h"

typedef struct _RTLP_STATUS_MAP {
    ULONG Status;
    ULONG Error;
} RTLP_STATUS_MAP;

#define RTL_STATUS_MAP(Status, Error) {(ULONG)(Status), (ULONG)(Error)},
static const RTLP_STATUS_MAP RtlpStatusMap[] = {
#include "data/status_to_dos.inc"
};
#undef RTL_STATUS_MAP

#define FACILITY_NT_BIT 0x10000000u
#define CUSTOMER_BIT 0x20000000u

static BOOLEAN RtlpLookupStatus(ULONG Status, PULONG Error) {
    ULONG Low = 0, High = RTL_NUMBER_OF(RtlpStatusMap);

    while (Low < High) {
        ULONG Middle = Low + (High - Low) / 2;

        if (RtlpStatusMap[Middle].Status == Status) {
            *Error = RtlpStatusMap[Middle].Error;
            return TRUE;
        }
        if (RtlpStatusMap[Middle].Status < Status)
            Low = Middle + 1;
        else
            High = Middle;
    }
    return FALSE;
}

ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS Status) {
    ULONG Code = (ULONG)Status;
    ULONG Error;

    if (Code == 0 || (Code & CUSTOMER_BIT) != 0)
        return Code;
    if ((Code & 0xF0000000u) == 0xD0000000u)
        Code &= ~FACILITY_NT_BIT;
    if ((Code & 0xFFFF0000u) == 0xC0070000u || (Code & 0xFFFF0000u) == 0x80070000u)
        return Code & 0xFFFF;
    if (RtlpLookupStatus(Code, &Error))
        return Error;
    return ERROR_MR_MID_NOT_FOUND;
}

#ifndef RTL_NTDLL_BUILD
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status) { return RtlNtStatusToDosErrorNoTeb(Status); }
#endif

/* For the host tests: the table itself, to check its order. */
ULONG RtlpStatusMapCount(VOID);
ULONG RtlpStatusMapStatus(ULONG Index);

ULONG RtlpStatusMapCount(VOID) { return RTL_NUMBER_OF(RtlpStatusMap); }

ULONG RtlpStatusMapStatus(ULONG Index) { return RtlpStatusMap[Index].Status; }
