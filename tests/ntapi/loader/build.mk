# tests/ntapi/loader/ — the images the loader family (tests/ntapi/loader.c)
# needs besides its own program, built next to it in $(OUT)/tests/ntapi/:
#
#   ldrtest.dll    loaded with LdrLoadDll: imports from ntdll and sample.dll
#                  (by name, by ordinal, data), forwarders, relocations,
#                  static TLS with a callback, DllMain (see ldrtest.c)
#   ldrchild.exe   started with RtlCreateUserProcess; reports through its
#                  exit status (see ldrchild.c)
#
# and, in the subdirectory ldrdir/ (on Neptune C:\Boot\ldrdir\, never in
# \KnownDlls: the loader must find them as files, docs/loader.md):
#
#   ldrdep.dll     no imports but ntdll
#   ldrfile.dll    imports ldrdep.dll (found in the same directory)
#   ldrmiss.dll    imports from ldrnone.dll, which does not exist
#   ldrnoexp.dll   imports an export ldrdep.dll does not have
#   ldrimp.exe     a program whose own imports name ldrdep.dll
#
# Both need tests/ntapi/build.mk's variables (NTAPI_DIR, NTAPI_NTDLL,
# NTAPI_TC), which it defines first: this fragment is one level deeper, so
# the top-level Makefile includes it afterwards.  On Neptune, ldrtest.dll
# and sample.dll must be in the boot archive (\KnownDlls) and ldrchild.exe
# too (\Boot); ntos/build.mk copies ldrdir/ as a directory of the archive.

include tools/pe.mk

# /base: a fixed preferred base, which the test occupies to force a move.
$(eval $(call pe_dll,$(NTAPI_DIR)/ldrtest.dll,tests/ntapi/loader/ldrtest.c,\
	tests/ntapi/loader/ldrtest.def,$(NTAPI_TC)/sample.lib $(NTAPI_NTDLL),\
	/entry:LdrTestDllMain /base:0x60000000))
$(eval $(call pe_exe,$(NTAPI_DIR)/ldrchild.exe,tests/ntapi/loader/ldrchild.c,$(NTAPI_NTDLL)))

ALL_TARGETS += $(NTAPI_DIR)/ldrtest.dll $(NTAPI_DIR)/ldrchild.exe

# The DLLs the loader must find as files: only in ldrdir/ (no /base: they
# need not move, and may).
NTAPI_LDRDIR := $(NTAPI_DIR)/ldrdir
NTAPI_LDRDIR_FILES := $(addprefix $(NTAPI_LDRDIR)/,ldrdep.dll ldrfile.dll ldrmiss.dll ldrnoexp.dll ldrimp.exe)
$(eval $(call pe_import_lib,$(NTAPI_LDRDIR)/lib/ldrdep.lib,tests/ntapi/loader/ldrdep.def))
$(eval $(call pe_import_lib,$(NTAPI_LDRDIR)/lib/ldrdepx.lib,tests/ntapi/loader/ldrdepx.def))
$(eval $(call pe_import_lib,$(NTAPI_LDRDIR)/lib/ldrnone.lib,tests/ntapi/loader/ldrnone.def))
$(eval $(call pe_dll,$(NTAPI_LDRDIR)/ldrdep.dll,tests/ntapi/loader/ldrdep.c,\
	tests/ntapi/loader/ldrdep.def,$(NTAPI_NTDLL),))
$(eval $(call pe_dll,$(NTAPI_LDRDIR)/ldrfile.dll,tests/ntapi/loader/ldrfile.c,\
	tests/ntapi/loader/ldrfile.def,$(NTAPI_LDRDIR)/lib/ldrdep.lib $(NTAPI_NTDLL),))
$(eval $(call pe_dll,$(NTAPI_LDRDIR)/ldrmiss.dll,tests/ntapi/loader/ldrmiss.c,\
	tests/ntapi/loader/ldrmiss.def,$(NTAPI_LDRDIR)/lib/ldrnone.lib $(NTAPI_NTDLL),))
$(eval $(call pe_dll,$(NTAPI_LDRDIR)/ldrnoexp.dll,tests/ntapi/loader/ldrnoexp.c,\
	tests/ntapi/loader/ldrnoexp.def,$(NTAPI_LDRDIR)/lib/ldrdepx.lib $(NTAPI_NTDLL),))
$(eval $(call pe_exe,$(NTAPI_LDRDIR)/ldrimp.exe,tests/ntapi/loader/ldrimp.c,\
	$(NTAPI_LDRDIR)/lib/ldrdep.lib $(NTAPI_NTDLL)))

ALL_TARGETS += $(NTAPI_LDRDIR_FILES)
