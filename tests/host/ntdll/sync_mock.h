/*
 * sync_mock.h — events, yields and thread ids for host builds of
 * ntdll/critsec.c (see sync_mock.c).
 */
#ifndef TESTS_HOST_NTDLL_SYNC_MOCK_H
#define TESTS_HOST_NTDLL_SYNC_MOCK_H

#include <ndk/ntndk.h>

struct sync_counters {
    unsigned creates, failed_creates, sets, waits, yields, delays;
    int live; /* events not closed */
};

extern struct sync_counters sync_counters;
extern ULONG sync_mock_processors; /* what critsec.c sees (default 2: it spins) */
extern int sync_mock_fail_events;  /* non-zero: NtCreateEvent fails */

HANDLE RtlpTestCurrentThreadId(VOID);

#endif
