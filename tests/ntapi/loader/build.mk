# tests/ntapi/loader/ — the images the loader family (tests/ntapi/loader.c)
# needs besides its own program, built next to it in $(OUT)/tests/ntapi/:
#
#   ldrtest.dll    loaded with LdrLoadDll: imports from ntdll and sample.dll
#                  (by name, by ordinal, data), forwarders, relocations,
#                  static TLS with a callback, DllMain (see ldrtest.c)
#   ldrchild.exe   started with RtlCreateUserProcess; reports through its
#                  exit status (see ldrchild.c)
#
# Both need tests/ntapi/build.mk's variables (NTAPI_DIR, NTAPI_NTDLL,
# NTAPI_TC), which it defines first: this fragment is one level deeper, so
# the top-level Makefile includes it afterwards.  On Neptune, ldrtest.dll
# and sample.dll must be in the boot archive (\KnownDlls) and ldrchild.exe
# too (\Boot).

include tools/pe.mk

# /base: a fixed preferred base, which the test occupies to force a move.
$(eval $(call pe_dll,$(NTAPI_DIR)/ldrtest.dll,tests/ntapi/loader/ldrtest.c,\
	tests/ntapi/loader/ldrtest.def,$(NTAPI_TC)/sample.lib $(NTAPI_NTDLL),\
	/entry:LdrTestDllMain /base:0x60000000))
$(eval $(call pe_exe,$(NTAPI_DIR)/ldrchild.exe,tests/ntapi/loader/ldrchild.c,$(NTAPI_NTDLL)))

ALL_TARGETS += $(NTAPI_DIR)/ldrtest.dll $(NTAPI_DIR)/ldrchild.exe
