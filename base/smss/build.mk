# smss.exe, the Session Manager: the first NT process.
include tools/pe.mk
$(eval $(call pe_exe,$(OUT)/base/smss/smss.exe,base/smss/smss.c,$(OUT)/lib/ntdll.lib,,))
ALL_TARGETS += $(OUT)/base/smss/smss.exe
