/*
 * ndk/kefuncs.h — scheduler-level services of the calling thread: sleeping
 * and yielding.
 *
 * Prototypes of Windows' ntdll exports (see ndk/obfuncs.h for the
 * conventions).
 */
#ifndef NDK_KEFUNCS_H
#define NDK_KEFUNCS_H

#include <nt/ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* DelayInterval as for waits: negative = relative, 100 ns units.  Returns
 * STATUS_SUCCESS after the delay, STATUS_ALERTED or STATUS_USER_APC early. */
NTSYSCALLAPI NTSTATUS NTAPI NtDelayExecution(IN BOOLEAN Alertable, IN PLARGE_INTEGER DelayInterval);

/* STATUS_NO_YIELD_PERFORMED when no other thread was ready. */
NTSYSCALLAPI NTSTATUS NTAPI NtYieldExecution(VOID);

#ifdef __cplusplus
}
#endif

#endif /* NDK_KEFUNCS_H */
