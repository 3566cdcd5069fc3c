/*
 * test_time.c — NT time <-> TIME_FIELDS and the Unix/1980 epochs
 * (rtl/time.c).  Reference values were computed with Python's datetime.
 */
#include "harness.h"
#include "rtl_hooks.h"

_Static_assert(sizeof(TIME_FIELDS) == 16, "TIME_FIELDS size");

static int fields_are(const TIME_FIELDS *f, int y, int mo, int d, int h, int mi, int s, int ms,
                      int wd) {
    return f->Year == y && f->Month == mo && f->Day == d && f->Hour == h && f->Minute == mi &&
           f->Second == s && f->Milliseconds == ms && f->Weekday == wd;
}

static void test_known_times(void) {
    LARGE_INTEGER t;
    TIME_FIELDS f;

    t.QuadPart = 0;
    RtlTimeToTimeFields(&t, &f);
    CHECK(fields_are(&f, 1601, 1, 1, 0, 0, 0, 0, 1)); /* a Monday */
    t.QuadPart = 116444736000000000LL;
    RtlTimeToTimeFields(&t, &f);
    CHECK(fields_are(&f, 1970, 1, 1, 0, 0, 0, 0, 4)); /* a Thursday */
    t.QuadPart = 125963012967890000LL;
    RtlTimeToTimeFields(&t, &f);
    CHECK(fields_are(&f, 2000, 2, 29, 12, 34, 56, 789, 2));
    t.QuadPart = 133801631999990000LL;
    RtlTimeToTimeFields(&t, &f);
    CHECK(fields_are(&f, 2024, 12, 31, 23, 59, 59, 999, 2));
    t.QuadPart = 314496000000000LL;
    RtlTimeToTimeFields(&t, &f);
    CHECK(fields_are(&f, 1601, 12, 31, 0, 0, 0, 0, 1));
    t.QuadPart = 2650467743999990000LL;
    RtlTimeToTimeFields(&t, &f);
    CHECK(fields_are(&f, 9999, 12, 31, 23, 59, 59, 999, 5));
    t.QuadPart = 0x7FFFFFFFFFFFFFFFLL; /* the largest time: year 30828 */
    RtlTimeToTimeFields(&t, &f);
    CHECK_EQ(f.Year, 30828);
}

static void test_fields_to_time(void) {
    TIME_FIELDS f = {2000, 2, 29, 12, 34, 56, 789, 0};
    LARGE_INTEGER t;

    CHECK(RtlTimeFieldsToTime(&f, &t));
    CHECK_EQ(t.QuadPart, 125963012967890000LL);
    f.Weekday = 6; /* ignored */
    CHECK(RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){1601, 1, 1, 0, 0, 0, 0, 0};
    CHECK(RtlTimeFieldsToTime(&f, &t));
    CHECK_EQ(t.QuadPart, 0);

    f = (TIME_FIELDS){1900, 2, 29, 0, 0, 0, 0, 0}; /* 1900 is not a leap year */
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f.Year = 2100;
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f.Year = 2400;
    CHECK(RtlTimeFieldsToTime(&f, &t));
    f.Year = 2024;
    CHECK(RtlTimeFieldsToTime(&f, &t));
    f.Day = 30;
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 4, 31, 0, 0, 0, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 13, 1, 0, 0, 0, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 0, 1, 0, 0, 0, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){1600, 12, 31, 0, 0, 0, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 1, 1, 24, 0, 0, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 1, 1, 0, 60, 0, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 1, 1, 0, 0, 60, 0, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 1, 1, 0, 0, 0, 1000, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
    f = (TIME_FIELDS){2024, 1, 1, 0, 0, 0, -1, 0};
    CHECK(!RtlTimeFieldsToTime(&f, &t));
}

/*
 * Every day from 1601 to 2500: fields round-trip, consecutive days follow
 * the calendar (day, month and year roll over correctly, leap days appear
 * exactly when they should) and the weekday advances by one.
 */
static void test_every_day(void) {
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    TIME_FIELDS previous, f;
    LARGE_INTEGER t, back;
    int bad_round_trip = 0, bad_sequence = 0;
    LONGLONG day;

    t.QuadPart = 0;
    RtlTimeToTimeFields(&t, &previous);
    for (day = 1; day < 328718; day++) { /* to 2500-12-31 */
        int leap, month_length;

        t.QuadPart = day * 864000000000LL + (day % 86400) * 10000000LL + (day % 1000) * 10000;
        RtlTimeToTimeFields(&t, &f);
        bad_round_trip += !RtlTimeFieldsToTime(&f, &back) || back.QuadPart != t.QuadPart;

        leap = (previous.Year % 4 == 0 && previous.Year % 100 != 0) || previous.Year % 400 == 0;
        month_length = days_in_month[previous.Month - 1] + (previous.Month == 2 && leap);
        if (previous.Day < month_length)
            bad_sequence +=
                f.Year != previous.Year || f.Month != previous.Month || f.Day != previous.Day + 1;
        else if (previous.Month < 12)
            bad_sequence += f.Year != previous.Year || f.Month != previous.Month + 1 || f.Day != 1;
        else
            bad_sequence += f.Year != previous.Year + 1 || f.Month != 1 || f.Day != 1;
        bad_sequence += f.Weekday != (previous.Weekday + 1) % 7;
        previous = f;
    }
    CHECK_EQ(bad_round_trip, 0);
    CHECK_EQ(bad_sequence, 0);
    CHECK_EQ(previous.Year, 2500);
}

static void test_seconds_since(void) {
    LARGE_INTEGER t;
    ULONG seconds = 7;

    RtlSecondsSince1970ToTime(0, &t);
    CHECK_EQ(t.QuadPart, 116444736000000000LL);
    CHECK(RtlTimeToSecondsSince1970(&t, &seconds));
    CHECK_EQ(seconds, 0);
    t.QuadPart -= 10000000;
    CHECK(!RtlTimeToSecondsSince1970(&t, &seconds)); /* 1969 */
    RtlSecondsSince1970ToTime(0xFFFFFFFF, &t);
    CHECK_EQ(t.QuadPart, 159394408950000000LL); /* 2106-02-07 06:28:15 */
    CHECK(RtlTimeToSecondsSince1970(&t, &seconds));
    CHECK_EQ(seconds, 0xFFFFFFFF);
    t.QuadPart += 10000000;
    CHECK(!RtlTimeToSecondsSince1970(&t, &seconds));
    t.QuadPart = 116444736000000000LL + 15000000; /* 1.5 s: truncated */
    CHECK(RtlTimeToSecondsSince1970(&t, &seconds));
    CHECK_EQ(seconds, 1);
    t.QuadPart = -1;
    CHECK(!RtlTimeToSecondsSince1970(&t, &seconds));

    RtlSecondsSince1980ToTime(0, &t);
    CHECK_EQ(t.QuadPart, 119600064000000000LL);
    CHECK(RtlTimeToSecondsSince1980(&t, &seconds));
    CHECK_EQ(seconds, 0);
    t.QuadPart = 116444736000000000LL;
    CHECK(!RtlTimeToSecondsSince1980(&t, &seconds));
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_known_times),
    HARNESS_TEST(test_fields_to_time),
    HARNESS_TEST(test_every_day),
    HARNESS_TEST(test_seconds_since),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
