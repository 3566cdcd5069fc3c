/*
 * canary.c — a test program that must fail, run by the wine tier to prove
 * that the pipeline can report failure at all.
 *
 * "passes" passes, "fails" fails on purpose, and "neptune-only" and
 * "wine-differs" fail on purpose but carry the markers that skip them on
 * Wine.  Run with --platform=wine, the reporter must print exactly
 * `1 passed, 1 failed` after two skips and exit with status 1;
 * tests/ntapi/run-wine.sh checks all of that and counts the canary as one
 * passed test when it holds.
 */
#include "ntapi_test.h"

static VOID TestPasses(VOID) { CHECK_EQ(1 + 1, 2); }

static VOID TestFails(VOID) { CHECK_STATUS(STATUS_SUCCESS, STATUS_UNSUCCESSFUL); }

static VOID TestNeptuneOnly(VOID) { CHECK(FALSE); }

static VOID TestWineDiffers(VOID) {
    CHECK_STATUS_ONE_OF(STATUS_SUCCESS, STATUS_INVALID_PARAMETER, STATUS_INVALID_PARAMETER_1);
}

const CHAR NtapiFamily[] = "canary";
const NTAPI_TEST NtapiTests[] = {
    {"passes", TestPasses, 0},
    {"fails", TestFails, 0},
    {"neptune-only", TestNeptuneOnly, NTAPI_TEST_NEPTUNE_ONLY},
    {"wine-differs", TestWineDiffers, NTAPI_TEST_WINE_DIFFERS},
    {NULL, NULL, 0},
};
