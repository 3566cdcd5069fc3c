# tests/ntapi/ — the native API tests: one native PE program per API family,
# built twice (clang + lld-link against our ntdll import library, and
# x86_64-w64-mingw32-gcc against mingw-w64's libntdll.a), plus the PE
# toolchain self-test and a compile check of the NT headers for every
# target.  tests/ntapi/run-wine.sh runs them all under wine64; docs/ntapi-tests.md
# explains the framework.
#
# Outputs, under $(OUT)/tests/ntapi/:
#   <family>.exe          clang build of tests/ntapi/<family>.c + the reporter
#   mingw/<family>.exe    the same program built by gcc
#   ntdll.lib             import library from tests/ntapi/ntdll.def
#   toolchain/            sample.dll, sample.lib, app.exe (pe.mk self-test)
#   ndk-check.stamp       include/ndk/ntndk.h compiled for ELF, host, PE, mingw
#   families.list         the families run-wine.sh must find (one per line)

include tools/pe.mk

NTAPI_DIR      := $(OUT)/tests/ntapi
NTAPI_FAMILIES := rtlstr handle event time vm namespace process section loader params pfsection critsec suspend file seh
NTAPI_PROGRAMS := $(NTAPI_FAMILIES) canary
NTAPI_COMMON   := tests/ntapi/reporter.c tests/ntapi/crt.c
NTAPI_NTDLL    := $(NTAPI_DIR)/ntdll.lib

$(eval $(call pe_import_lib,$(NTAPI_NTDLL),tests/ntapi/ntdll.def))

$(foreach p,$(NTAPI_PROGRAMS),$(eval $(call pe_exe,$(NTAPI_DIR)/$(p).exe,\
	tests/ntapi/$(p).c $(NTAPI_COMMON),$(NTAPI_NTDLL))))

# The files the file family reads, next to the programs (and in the boot
# archive, ntos/build.mk).
NTAPI_DATA := $(NTAPI_DIR)/filedata.txt $(NTAPI_DIR)/empty.dat
$(NTAPI_DATA): $(NTAPI_DIR)/%: tests/ntapi/%
	@mkdir -p $(dir $@)
	cp $< $@
ALL_TARGETS += $(NTAPI_DATA)

# The service fuzzer: Neptune only (garbage calls are not a test of Wine).
$(eval $(call pe_exe,$(NTAPI_DIR)/svcfuzz.exe,tests/ntapi/svcfuzz.c $(NTAPI_COMMON),$(NTAPI_NTDLL)))
ALL_TARGETS += $(NTAPI_DIR)/svcfuzz.exe

$(foreach p,$(NTAPI_PROGRAMS),$(eval $(call pe_mingw_exe,$(NTAPI_DIR)/mingw/$(p).exe,\
	tests/ntapi/$(p).c $(NTAPI_COMMON),-lntdll)))

# The toolchain self-test: a DLL with a DllMain, named, data, NONAME-ordinal
# and forwarded exports and a table of absolute pointers, preferring the
# same base as the program that imports it so that the loader must relocate
# it.  tests/ntapi/check-pe.sh inspects the images, run-wine.sh runs app.exe.
NTAPI_TC := $(NTAPI_DIR)/toolchain
$(eval $(call pe_import_lib,$(NTAPI_TC)/sample.lib,tests/ntapi/toolchain/sample.def))
$(eval $(call pe_dll,$(NTAPI_TC)/sample.dll,tests/ntapi/toolchain/sample.c,\
	tests/ntapi/toolchain/sample.def,,/entry:SampleDllMain /base:0x10000000))
$(eval $(call pe_exe,$(NTAPI_TC)/app.exe,tests/ntapi/toolchain/app.c $(NTAPI_COMMON),\
	$(NTAPI_TC)/sample.lib $(NTAPI_NTDLL),/base:0x10000000))
# app.exe only runs next to its DLL.
$(NTAPI_TC)/app.exe: | $(NTAPI_TC)/sample.dll

# The NDK headers must compile, with every layout assert, for the ELF
# executive, the host tests, and both PE compilers.
NTAPI_NO_DEPS = $(filter-out -MMD -MP,$(1))
$(NTAPI_DIR)/ndk-check.stamp: tests/ntapi/ndk_check.c $(wildcard include/nt/*.h include/ndk/*.h \
		include/ndk/*/*.h) tools/pe.mk | $(ABI_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(call NTAPI_NO_DEPS,$(USER_CFLAGS)) -Iinclude -fsyntax-only $<
	$(HOST_CC) -std=gnu11 -Wall -Wextra -Werror -Iinclude -fsyntax-only $<
	$(PE_CC) $(PE_CFLAGS) -fsyntax-only $<
	$(MINGW_CC) $(MINGW_CFLAGS) -fsyntax-only $<
	@touch $@

# The runner reads the family list from here rather than globbing, so a
# family whose program failed to build is reported missing, not skipped.
$(NTAPI_DIR)/families.list: tests/ntapi/build.mk
	@mkdir -p $(dir $@)
	@printf '%s\n' $(NTAPI_FAMILIES) > $@

ALL_TARGETS += $(NTAPI_DIR)/families.list $(foreach p,$(NTAPI_PROGRAMS),$(NTAPI_DIR)/$(p).exe $(NTAPI_DIR)/mingw/$(p).exe) \
	$(NTAPI_TC)/sample.dll $(NTAPI_TC)/app.exe $(NTAPI_DIR)/ndk-check.stamp
