# ntdll.dll: the generated service stubs, process start-up (ldr.c) and the
# Rtl routines it exports (compiled from rtl/ for the PE target).
include tools/pe.mk

NTDLL_GEN := $(OUT)/gen/ntdll
SVCGEN := $(PYTHON) tools/svcgen.py ntos/services.spec

$(NTDLL_GEN)/svcstubs.S $(NTDLL_GEN)/svcexports.def: ntos/services.spec tools/svcgen.py
	@mkdir -p $(NTDLL_GEN)
	$(SVCGEN) --stubs $(NTDLL_GEN)/svcstubs.S --def $(NTDLL_GEN)/svcexports.def

$(NTDLL_GEN)/ntdll.def: ntdll/ntdll.def.in $(NTDLL_GEN)/svcexports.def
	cat $^ > $@

$(NTDLL_GEN)/svcstubs.obj: $(NTDLL_GEN)/svcstubs.S
	$(PE_CC) $(PE_CFLAGS) $(PE_DEPFLAGS) -D__ASSEMBLY__ -c $< -o $@

# rtl-pe/librtl.a (rtl/build.mk, read after this fragment: fixed path here)
NTDLL_RTL := $(OUT)/rtl-pe/librtl.a
NTDLL_SRCS := ntdll/ldr.c ntdll/ldrtls.c ntdll/ldrload.c ntdll/ldrinit.c ntdll/process.c ntdll/params.c ntdll/rtl.c ntdll/heap.c ntdll/critsec.c ntdll/except.c ntdll/unwind.c ntdll/amd64/except.S
$(eval $(call pe_dll,$(OUT)/ntdll/ntdll.dll,$(NTDLL_SRCS),$(NTDLL_GEN)/ntdll.def,$(NTDLL_GEN)/svcstubs.obj $(NTDLL_RTL),,))
$(eval $(call pe_import_lib,$(OUT)/lib/ntdll.lib,$(NTDLL_GEN)/ntdll.def))

ALL_TARGETS += $(OUT)/ntdll/ntdll.dll $(OUT)/lib/ntdll.lib
