# The NT Executive: $(OUT)/ntos/ntos.elf, the root task, and its boot
# archive $(OUT)/ntos/bootarch.cpio (cpio newc; the second boot module).
NTOS_SRCS := $(sort $(wildcard ntos/*/*.c))
NTOS_ASM := $(wildcard ntos/*/amd64/*.S)
NTOS_OBJS := $(NTOS_SRCS:%.c=$(OUT)/%.o) $(NTOS_ASM:%.S=$(OUT)/%.o) $(OUT)/gen/ntos/svcdispatch.o
NTOS_RTL := $(OUT)/rtl/librtl.a
NTOS_CFLAGS := -Iinclude -Intos/inc -Intos/ke

# The service boundary, generated from ntos/services.spec (tools/svcgen.py);
# the build also fails if docs/services.md no longer matches the spec.
$(GEN_DIR)/ntos/services.h $(OUT)/gen/ntos/svcdispatch.c: ntos/services.spec tools/svcgen.py
	@mkdir -p $(GEN_DIR)/ntos
	$(PYTHON) tools/svcgen.py ntos/services.spec --header $(GEN_DIR)/ntos/services.h \
		--dispatch $(OUT)/gen/ntos/svcdispatch.c --check-doc docs/services.md

$(NTOS_OBJS): USER_CFLAGS += $(NTOS_CFLAGS)
$(NTOS_OBJS): $(GEN_DIR)/ntos/services.h

$(OUT)/gen/ntos/svcdispatch.o: $(OUT)/gen/ntos/svcdispatch.c
	$(CC) $(USER_CFLAGS) -c $< -o $@

$(OUT)/ntos/ntos.elf: $(NTOS_OBJS) $(SEL4RT_LIB) $(NTOS_RTL) $(ROOTTASK_LDS)
	$(LD) -static -nostdlib -z max-page-size=0x1000 -T $(ROOTTASK_LDS) -o $@ $(NTOS_OBJS) $(NTOS_RTL) $(SEL4RT_LIB)

# The boot archive: everything staged under $(OUT)/ntos/bootarch/.
# The native API test programs ride along for test boots (run=time.exe,...).
NTOS_BOOT_FILES := docs/executive.md $(OUT)/ntdll/ntdll.dll $(OUT)/base/smss/smss.exe \
	$(addprefix $(OUT)/tests/ntapi/,time.exe vm.exe rtlstr.exe handle.exe event.exe namespace.exe process.exe section.exe pfsection.exe \
	loader.exe params.exe critsec.exe suspend.exe file.exe seh.exe filedata.txt empty.dat svcfuzz.exe ldrchild.exe ldrtest.dll toolchain/sample.dll toolchain/app.exe) \
	$(OUT)/bench/nt/ntbench.exe $(OUT)/bench/nt/ntchild.exe
# ... and one family built by mingw-w64 gcc against mingw's own libntdll.a
# (as mingw-time.exe): a program from another compiler must run unchanged.
NTOS_MINGW_FILES := $(OUT)/tests/ntapi/mingw/time.exe $(OUT)/tests/ntapi/mingw/rtlstr.exe
# The loader family's DLLs that must not be known DLLs: a directory of
# their own, C:\Boot\ldrdir\ (tests/ntapi/loader/build.mk).
NTOS_LDRDIR_FILES := $(addprefix $(OUT)/tests/ntapi/ldrdir/,ldrdep.dll ldrfile.dll ldrmiss.dll ldrnoexp.dll ldrimp.exe)
$(OUT)/ntos/bootarch.cpio: $(NTOS_BOOT_FILES) $(NTOS_MINGW_FILES) $(NTOS_LDRDIR_FILES) ntos/build.mk
	@rm -rf $(OUT)/ntos/bootarch && mkdir -p $(OUT)/ntos/bootarch/ldrdir
	cp $(NTOS_BOOT_FILES) $(OUT)/ntos/bootarch/
	cp $(NTOS_LDRDIR_FILES) $(OUT)/ntos/bootarch/ldrdir/
	for f in $(NTOS_MINGW_FILES); do cp $$f $(OUT)/ntos/bootarch/mingw-$$(basename $$f); done
	cd $(OUT)/ntos/bootarch && find . -type f | sed 's|^\./||' | sort | cpio -o -H newc --quiet > ../bootarch.cpio

ALL_TARGETS += $(OUT)/ntos/ntos.elf $(OUT)/ntos/bootarch.cpio
