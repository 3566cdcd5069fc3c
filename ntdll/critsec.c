/*
 * critsec.c — critical sections: RtlInitializeCriticalSection(AndSpinCount,
 * Ex), RtlDeleteCriticalSection, RtlEnterCriticalSection,
 * RtlTryEnterCriticalSection, RtlLeaveCriticalSection,
 * RtlIsCriticalSectionLocked(ByThread), RtlSetCriticalSectionSpinCount.
 *
 * A critical section is a recursive lock owned by a thread id.  Taking a
 * free one, and giving it back when nobody waits, is one interlocked
 * instruction each and no system call.  Threads that find it held spin
 * (SpinCount times, on a multiprocessor) and then sleep on an auto-reset
 * event, created on first contention and kept in LockSemaphore.
 *
 * The lock word (LockCount) uses the encoding of Windows Vista and later,
 * which docs/rtl.md explains with the reasons for choosing it:
 *
 *   bit 0      1 = free, 0 = held
 *   bit 1      1 = no wake-up in flight, 0 = one waiter has been signalled
 *              and has not yet tried again
 *   bits 2-31  the one's complement of the number of sleeping waiters
 *
 * so -1 is free, nobody waiting; -2 is held, nobody waiting.
 *
 *   Enter:  clear bit 0 (fetch-and).  If it was set, the lock is ours.
 *           Otherwise spin, then loop: if free, take it; else register as
 *           a waiter (word - 4) and sleep on the event.
 *   Leave:  add 1 (sets bit 0).  If the result shows waiters and no wake
 *           in flight, and the lock is still free, one compare-exchange
 *           takes a waiter off the count and clears bit 1 (word + 2), then
 *           the event is set.  The thread that returns from the wait sets
 *           bit 1 again in the compare-exchange with which it takes the
 *           lock or registers again, so at most one signal is ever pending
 *           and none is lost: a waiter registers only after the event
 *           exists, and the lock is never handed over — a woken thread
 *           competes for it like any other.
 *
 * Without an event (NtCreateEvent failed: out of handles or memory) a
 * thread does not register at all; it polls the lock bit, yielding and
 * then sleeping a millisecond between tries.  Sleeping waiters are not
 * affected, since it never touches bits 1-31.
 *
 * Portable C: the host tests (tests/host/ntdll/test_critsec.c) build this
 * file against pthread-backed events and their own thread ids.
 */
#include <ndk/ntndk.h>

#define CS_FREE_BIT 1
#define CS_NO_WAKE_BIT 2
#define CS_WAITER 4
#define CS_NO_DEBUG_INFO ((PVOID)(LONG_PTR)-1)
#define CS_MAX_SPIN 0x00FFFFFF /* the flag bits are not a count */

#ifdef HOST_TEST
/* The host tests supply the caller's id and the processor count. */
HANDLE RtlpTestCurrentThreadId(VOID);
ULONG RtlpTestProcessorCount(VOID);
#define RtlpCurrentThreadId() RtlpTestCurrentThreadId()
#define RtlpProcessorCount() RtlpTestProcessorCount()
#else
static inline HANDLE RtlpCurrentThreadId(VOID) { return NtCurrentTeb()->ClientId.UniqueThread; }
static inline ULONG RtlpProcessorCount(VOID) { return NtCurrentPeb()->NumberOfProcessors; }
#endif

static inline LONG RtlpLoadWord(PRTL_CRITICAL_SECTION Section) {
    return __atomic_load_n(&Section->LockCount, __ATOMIC_RELAXED);
}

static inline BOOLEAN RtlpSwapWord(PRTL_CRITICAL_SECTION Section, LONG *Expected, LONG Desired) {
    return __atomic_compare_exchange_n(&Section->LockCount, Expected, Desired, FALSE,
                                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

static inline ULONG RtlpWaiters(LONG Word) { return (ULONG)~Word >> 2; }

static inline VOID RtlpPause(VOID) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* The section is now the caller's (RecursionCount was 0). */
static inline VOID RtlpTakeOwnership(PRTL_CRITICAL_SECTION Section, HANDLE Self) {
    __atomic_store_n(&Section->OwningThread, Self, __ATOMIC_RELAXED);
    Section->RecursionCount = 1;
}

/* ---- Initialization ---------------------------------------------------------------- */

static ULONG RtlpEffectiveSpin(ULONG SpinCount) {
    /* Spinning only helps when the owner can run at the same time. */
    return RtlpProcessorCount() > 1 ? (SpinCount & CS_MAX_SPIN) : 0;
}

/*
 * SpinCount's top byte and Flags outside RTL_CRITICAL_SECTION_ALL_FLAG_BITS
 * are refused.  No debug record is allocated (DebugInfo is (PVOID)-1,
 * "none", as Windows 8 and later do by default), so a section needs no
 * memory and initialization cannot fail otherwise.
 */
NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION CriticalSection,
                                              ULONG SpinCount, ULONG Flags) {
    if (CriticalSection == NULL)
        return STATUS_INVALID_PARAMETER_1;
    if (SpinCount & RTL_CRITICAL_SECTION_ALL_FLAG_BITS)
        return STATUS_INVALID_PARAMETER_2;
    if (Flags & ~RTL_CRITICAL_SECTION_ALL_FLAG_BITS)
        return STATUS_INVALID_PARAMETER_3;
    CriticalSection->DebugInfo = CS_NO_DEBUG_INFO;
    CriticalSection->LockCount = -1;
    CriticalSection->RecursionCount = 0;
    CriticalSection->OwningThread = NULL;
    CriticalSection->LockSemaphore = NULL;
    CriticalSection->SpinCount = RtlpEffectiveSpin(SpinCount);
    return STATUS_SUCCESS;
}

/* The old "preallocate the event" bit (0x80000000) is accepted and ignored. */
NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION CriticalSection,
                                                        ULONG SpinCount) {
    return RtlInitializeCriticalSectionEx(CriticalSection, SpinCount & CS_MAX_SPIN, 0);
}

NTSTATUS NTAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION CriticalSection) {
    return RtlInitializeCriticalSectionEx(CriticalSection, 0, 0);
}

ULONG NTAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION CriticalSection,
                                           ULONG SpinCount) {
    ULONG Previous = (ULONG)CriticalSection->SpinCount;

    CriticalSection->SpinCount = RtlpEffectiveSpin(SpinCount);
    return Previous;
}

/* Closes the event; the section must be free and unused from now on. */
NTSTATUS NTAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION CriticalSection) {
    HANDLE Event;

    if (CriticalSection == NULL)
        return STATUS_INVALID_PARAMETER;
    Event = __atomic_exchange_n(&CriticalSection->LockSemaphore, NULL, __ATOMIC_ACQ_REL);
    if (Event != NULL)
        NtClose(Event);
    CriticalSection->DebugInfo = NULL;
    CriticalSection->LockCount = -1;
    CriticalSection->RecursionCount = 0;
    CriticalSection->OwningThread = NULL;
    CriticalSection->SpinCount = 0;
    return STATUS_SUCCESS;
}

/* ---- Contention ---------------------------------------------------------------------- */

/* The section's event, created and published on first use; NULL if it
 * cannot be created. */
static HANDLE RtlpSectionEvent(PRTL_CRITICAL_SECTION Section) {
    HANDLE Event = __atomic_load_n(&Section->LockSemaphore, __ATOMIC_ACQUIRE), Expected = NULL;

    if (Event != NULL)
        return Event;
    if (!NT_SUCCESS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE)))
        return NULL;
    if (__atomic_compare_exchange_n(&Section->LockSemaphore, &Expected, Event, FALSE,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return Event;
    NtClose(Event); /* another thread published one first */
    return Expected;
}

/* No event: poll the lock bit.  Bits 1-31 are left alone. */
static VOID RtlpPollForSection(PRTL_CRITICAL_SECTION Section) {
    LARGE_INTEGER Millisecond;
    ULONG Tries = 0;

    Millisecond.QuadPart = -10000;
    for (;;) {
        LONG Word = RtlpLoadWord(Section);

        if ((Word & CS_FREE_BIT) && RtlpSwapWord(Section, &Word, Word & ~CS_FREE_BIT))
            return;
        if (++Tries < 16)
            NtYieldExecution();
        else
            NtDelayExecution(FALSE, &Millisecond);
    }
}

/* Takes a section another thread holds (or held a moment ago). */
static VOID RtlpWaitForSection(PRTL_CRITICAL_SECTION Section) {
    BOOLEAN Woken = FALSE; /* we consumed a wake-up and owe bit 1 */
    HANDLE Event;

    for (ULONG_PTR Spin = Section->SpinCount; Spin != 0; Spin--) {
        LONG Word = RtlpLoadWord(Section);

        if ((Word & CS_FREE_BIT) && RtlpSwapWord(Section, &Word, Word & ~CS_FREE_BIT))
            return;
        RtlpPause();
    }
    Event = RtlpSectionEvent(Section);
    if (Event == NULL) {
        RtlpPollForSection(Section);
        return;
    }
    for (;;) {
        LONG Word = RtlpLoadWord(Section);
        LONG Owed = Woken ? CS_NO_WAKE_BIT : 0;

        if (Word & CS_FREE_BIT) {
            if (RtlpSwapWord(Section, &Word, (Word & ~CS_FREE_BIT) | Owed))
                return;
            continue;
        }
        if (!RtlpSwapWord(Section, &Word, (Word - CS_WAITER) | Owed))
            continue;
        /* Registered: the next leave with no wake-up in flight sets the event. */
        if (!NT_SUCCESS(NtWaitForSingleObject(Event, FALSE, NULL))) {
            /* The handle was closed under us (the caller deleted a section in
             * use).  Give back bit 1 as if woken, then poll. */
            Word = RtlpLoadWord(Section);
            while (!RtlpSwapWord(Section, &Word, Word | CS_NO_WAKE_BIT))
                ;
            RtlpPollForSection(Section);
            return;
        }
        Woken = TRUE;
    }
}

/* After a release: wakes one sleeping waiter unless one is already on its way
 * or the lock was taken again (its new owner wakes one when it leaves). */
static VOID RtlpWakeWaiter(PRTL_CRITICAL_SECTION Section, LONG Word) {
    for (;;) {
        if (!(Word & CS_FREE_BIT) || !(Word & CS_NO_WAKE_BIT) || RtlpWaiters(Word) == 0)
            return;
        if (RtlpSwapWord(Section, &Word, Word + CS_NO_WAKE_BIT)) /* -1 waiter, clear bit 1 */
            break;
    }
    NtSetEvent(__atomic_load_n(&Section->LockSemaphore, __ATOMIC_ACQUIRE), NULL);
}

/* ---- Enter and leave ------------------------------------------------------------------- */

NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection) {
    HANDLE Self = RtlpCurrentThreadId();

    if (__atomic_load_n(&CriticalSection->OwningThread, __ATOMIC_RELAXED) == Self) {
        CriticalSection->RecursionCount++;
        return STATUS_SUCCESS;
    }
    if (!(__atomic_fetch_and(&CriticalSection->LockCount, ~CS_FREE_BIT, __ATOMIC_ACQUIRE) &
          CS_FREE_BIT))
        RtlpWaitForSection(CriticalSection);
    RtlpTakeOwnership(CriticalSection, Self);
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection) {
    HANDLE Self = RtlpCurrentThreadId();

    if (__atomic_load_n(&CriticalSection->OwningThread, __ATOMIC_RELAXED) == Self) {
        CriticalSection->RecursionCount++;
        return TRUE;
    }
    if (!(__atomic_fetch_and(&CriticalSection->LockCount, ~CS_FREE_BIT, __ATOMIC_ACQUIRE) &
          CS_FREE_BIT))
        return FALSE;
    RtlpTakeOwnership(CriticalSection, Self);
    return TRUE;
}

/*
 * Windows does not check the caller; Neptune refuses (STATUS_RESOURCE_NOT_OWNED,
 * nothing changed) a leave by a thread that does not own the section, so a
 * stray leave cannot release another thread's lock.
 */
NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION CriticalSection) {
    LONG Word;

    if (__atomic_load_n(&CriticalSection->OwningThread, __ATOMIC_RELAXED) !=
            RtlpCurrentThreadId() ||
        CriticalSection->RecursionCount <= 0)
        return STATUS_RESOURCE_NOT_OWNED;
    if (--CriticalSection->RecursionCount > 0)
        return STATUS_SUCCESS;
    __atomic_store_n(&CriticalSection->OwningThread, NULL, __ATOMIC_RELAXED);
    Word = __atomic_add_fetch(&CriticalSection->LockCount, CS_FREE_BIT, __ATOMIC_SEQ_CST);
    if (Word != -1)
        RtlpWakeWaiter(CriticalSection, Word);
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION CriticalSection) {
    return (RtlpLoadWord(CriticalSection) & CS_FREE_BIT) == 0;
}

BOOLEAN NTAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION CriticalSection) {
    return __atomic_load_n(&CriticalSection->OwningThread, __ATOMIC_RELAXED) ==
               RtlpCurrentThreadId() &&
           CriticalSection->RecursionCount > 0;
}
