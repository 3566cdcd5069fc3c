/*
 * time.c — NT system time <-> calendar fields.
 *
 * NT time counts 100 ns ticks since 1601-01-01 00:00:00 UTC in the
 * proleptic Gregorian calendar.  1601 begins a 400-year Gregorian cycle,
 * so a day number splits cleanly into 400-, 100- and 4-year periods:
 *
 *     146097 days per 400 years, 36524 per century (the fourth has 36525),
 *     1461 per 4 years, 365 per year (the fourth has 366).
 *
 * 1601-01-01 was a Monday, so the weekday is (days + 1) % 7 with 0 = Sunday.
 * Negative times are handled with floor division and give dates before 1601
 * (Windows rejects them at the API boundaries that matter, and so do the
 * *SecondsSince* functions here).
 */
#include "rtlp.h"

#define TICKS_PER_MILLISECOND 10000LL
#define TICKS_PER_SECOND 10000000LL
#define SECONDS_PER_DAY 86400LL
#define TICKS_PER_DAY (TICKS_PER_SECOND * SECONDS_PER_DAY)

#define DAYS_PER_400_YEARS 146097
#define DAYS_PER_100_YEARS 36524
#define DAYS_PER_4_YEARS 1461
#define DAYS_PER_YEAR 365

/* Seconds from 1601-01-01 to 1970-01-01 and to 1980-01-01. */
#define SECONDS_1601_TO_1970 11644473600LL
#define SECONDS_1601_TO_1980 11960006400LL

static const UCHAR RtlpDaysInMonth[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};

static BOOLEAN RtlpIsLeapYear(LONG Year) {
    return (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;
}

static LONGLONG RtlpFloorDiv(LONGLONG Value, LONGLONG Divisor) {
    LONGLONG Quotient = Value / Divisor;

    if (Value % Divisor != 0 && Value < 0)
        Quotient--;
    return Quotient;
}

/* Days since 1601-01-01 -> year and 0-based day of the year. */
static VOID RtlpDaysToYear(LONGLONG Days, LONG *Year, LONG *YearDay) {
    LONGLONG Cycles = RtlpFloorDiv(Days, DAYS_PER_400_YEARS);
    LONG Rest = (LONG)(Days - Cycles * DAYS_PER_400_YEARS);
    LONG Centuries = Rest / DAYS_PER_100_YEARS;
    LONG Quads, Years;

    if (Centuries == 4) /* last day of a leap 400th year */
        Centuries = 3;
    Rest -= Centuries * DAYS_PER_100_YEARS;
    Quads = Rest / DAYS_PER_4_YEARS;
    Rest -= Quads * DAYS_PER_4_YEARS;
    Years = Rest / DAYS_PER_YEAR;
    if (Years == 4) /* last day of a leap year */
        Years = 3;
    Rest -= Years * DAYS_PER_YEAR;
    *Year = (LONG)(1601 + Cycles * 400 + Centuries * 100 + Quads * 4 + Years);
    *YearDay = Rest;
}

VOID NTAPI RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields) {
    LONGLONG Days = RtlpFloorDiv(Time->QuadPart, TICKS_PER_DAY);
    LONGLONG Ticks = Time->QuadPart - Days * TICKS_PER_DAY;
    LONG SecondOfDay = (LONG)(Ticks / TICKS_PER_SECOND);
    LONG Year, YearDay, Month = 0;
    const UCHAR *MonthDays;

    TimeFields->Milliseconds = (CSHORT)((Ticks % TICKS_PER_SECOND) / TICKS_PER_MILLISECOND);
    TimeFields->Second = (CSHORT)(SecondOfDay % 60);
    TimeFields->Minute = (CSHORT)(SecondOfDay / 60 % 60);
    TimeFields->Hour = (CSHORT)(SecondOfDay / 3600);
    TimeFields->Weekday = (CSHORT)((Days + 1) - RtlpFloorDiv(Days + 1, 7) * 7);

    RtlpDaysToYear(Days, &Year, &YearDay);
    MonthDays = RtlpDaysInMonth[RtlpIsLeapYear(Year)];
    while (YearDay >= MonthDays[Month]) {
        YearDay -= MonthDays[Month];
        Month++;
    }
    TimeFields->Year = (CSHORT)Year;
    TimeFields->Month = (CSHORT)(Month + 1);
    TimeFields->Day = (CSHORT)(YearDay + 1);
}

/* Days from 1601-01-01 to January 1 of Year (Year >= 1601). */
static LONGLONG RtlpDaysBeforeYear(LONG Year) {
    LONG Elapsed = Year - 1601;

    return (LONGLONG)Elapsed * DAYS_PER_YEAR + Elapsed / 4 - Elapsed / 100 + Elapsed / 400;
}

BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time) {
    const UCHAR *MonthDays;
    LONGLONG Days;

    if (TimeFields->Year < 1601 || TimeFields->Month < 1 || TimeFields->Month > 12 ||
        TimeFields->Day < 1 || TimeFields->Hour < 0 || TimeFields->Hour > 23 ||
        TimeFields->Minute < 0 || TimeFields->Minute > 59 || TimeFields->Second < 0 ||
        TimeFields->Second > 59 || TimeFields->Milliseconds < 0 || TimeFields->Milliseconds > 999)
        return FALSE;
    MonthDays = RtlpDaysInMonth[RtlpIsLeapYear(TimeFields->Year)];
    if (TimeFields->Day > MonthDays[TimeFields->Month - 1])
        return FALSE;

    Days = RtlpDaysBeforeYear(TimeFields->Year);
    for (LONG Month = 0; Month < TimeFields->Month - 1; Month++)
        Days += MonthDays[Month];
    Days += TimeFields->Day - 1;
    Time->QuadPart =
        Days * TICKS_PER_DAY +
        ((LONGLONG)TimeFields->Hour * 3600 + TimeFields->Minute * 60 + TimeFields->Second) *
            TICKS_PER_SECOND +
        (LONGLONG)TimeFields->Milliseconds * TICKS_PER_MILLISECOND;
    return TRUE;
}

/* Whole seconds between Epoch and Time, if they fit in a ULONG. */
static BOOLEAN RtlpTimeToSeconds(PLARGE_INTEGER Time, LONGLONG EpochSeconds, PULONG Seconds) {
    LONGLONG Elapsed = Time->QuadPart / TICKS_PER_SECOND - EpochSeconds;

    if (Time->QuadPart < 0 || Elapsed < 0 || Elapsed > (LONGLONG)MAXULONG)
        return FALSE;
    *Seconds = (ULONG)Elapsed;
    return TRUE;
}

BOOLEAN NTAPI RtlTimeToSecondsSince1970(PLARGE_INTEGER Time, PULONG ElapsedSeconds) {
    return RtlpTimeToSeconds(Time, SECONDS_1601_TO_1970, ElapsedSeconds);
}

BOOLEAN NTAPI RtlTimeToSecondsSince1980(PLARGE_INTEGER Time, PULONG ElapsedSeconds) {
    return RtlpTimeToSeconds(Time, SECONDS_1601_TO_1980, ElapsedSeconds);
}

VOID NTAPI RtlSecondsSince1970ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time) {
    Time->QuadPart = ((LONGLONG)ElapsedSeconds + SECONDS_1601_TO_1970) * TICKS_PER_SECOND;
}

VOID NTAPI RtlSecondsSince1980ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time) {
    Time->QuadPart = ((LONGLONG)ElapsedSeconds + SECONDS_1601_TO_1980) * TICKS_PER_SECOND;
}
