/*
 * ndk_check.c — compiled (never linked) by tests/ntapi/build.mk once per
 * target: the freestanding ELF executive, the host, clang's PE target and
 * mingw-w64 gcc.  Including the whole NDK makes every _Static_assert on
 * the Windows x64 layouts run under each compiler's type model.
 */
#include <ndk/ntndk.h>

/* A translation unit must declare something. */
typedef int NdkCheckTranslationUnit;
