# tools/pe.mk — make functions that build PE32+ images (x86-64 Windows
# format): DLLs with an export table from a .def file, import libraries made
# from a .def alone, native executables and drivers.
#
# Everything the NT side ships (ntdll.dll, wdm.dll, drivers, smss.exe, the
# native API tests) is a PE image, while the kernel and the executive are ELF.
# The two worlds share the include/ tree but never an object file: PE objects
# end in .obj and are compiled by the rule below with PE_CFLAGS, ELF objects
# end in .o and use the top-level Makefile's rules.
#
# The toolchain is LLVM's MSVC-compatible one (see docs/pe-toolchain.md):
#   clang-19 --target=x86_64-pc-windows-msvc   compiler (COFF objects)
#   lld-link-19                                linker (note: /usr/bin/lld-link
#                                              is LLVM 14 on this machine)
#   llvm-dlltool-19 -m i386:x86-64             import library from a .def
# plus Debian's x86_64-w64-mingw32-gcc as a second compiler for programs that
# must also build with GNU tools (pe_mingw_exe).
#
# Functions (call them from a build.mk with $(eval $(call ...))):
#
#   $(call pe_import_lib,LIB,DEF)
#       LIB (e.g. $(OUT)/lib/ntdll.lib) from DEF.  The .def's LIBRARY line
#       names the DLL that importers will load.
#
#   $(call pe_dll,DLL,SOURCES,DEF,LIBS,LDFLAGS,CFLAGS)
#       DLL from SOURCES (.c/.S), exporting what DEF lists.  DEF's LIBRARY
#       name must equal DLL's file name (checked), because the export
#       directory carries the output file name while import libraries carry
#       the LIBRARY name.  No entry point unless LDFLAGS has /entry:NAME.
#       Import libraries for the DLL are made separately with pe_import_lib
#       from the same DEF; lld-link's own is not written (/noimplib).
#       Subsystem defaults to console (3), as for Windows' own user-mode
#       DLLs: Wine's loader (measured) does not call the entry point of a
#       native-subsystem DLL, which is how drivers look, and Neptune's
#       loader should not either.
#
#   $(call pe_exe,EXE,SOURCES,LIBS,LDFLAGS,CFLAGS)
#       Executable; defaults /subsystem:native and /entry:NtProcessStartup
#       unless LDFLAGS names its own.
#
#   $(call pe_driver,SYS,SOURCES,LIBS,LDFLAGS,CFLAGS)
#       Kernel-style driver image: /driver, native, /entry:DriverEntry.
#
#   $(call pe_mingw_exe,EXE,SOURCES,LIBS,LDFLAGS,CFLAGS)
#       The same native executable built with x86_64-w64-mingw32-gcc and GNU
#       ld; LIBS are linker arguments (-lntdll picks mingw-w64's libntdll.a).
#
# LIBS are import libraries (.lib) or static COFF archives; they are also
# prerequisites, so list only files make knows how to build or that exist.
# LDFLAGS go to the linker after everything else: image base (/base:0x...),
# /entry:, /subsystem:, /fixed, /stack:...  CFLAGS are added to PE_CFLAGS for
# this image's objects (a target-specific variable, so an object shared by
# two images gets the flags of whichever image make builds first: don't
# share objects between images with different CFLAGS).
#
# Include this file from any fragment that uses it (`include tools/pe.mk`);
# a guard makes repeated inclusion harmless.  Variables that refer to the
# top-level Makefile's (LLVM_SUFFIX, CLANG_RESOURCE, OPT_FLAGS) are recursive
# so that the include may come before or after their definitions.

ifndef NEPTUNE_PE_MK
NEPTUNE_PE_MK := 1

PE_CC       = clang$(LLVM_SUFFIX)
PE_LINK     = lld-link$(LLVM_SUFFIX)
PE_DLLTOOL  = llvm-dlltool$(LLVM_SUFFIX)
PE_READOBJ  = llvm-readobj$(LLVM_SUFFIX)
PE_OBJDUMP  = llvm-objdump$(LLVM_SUFFIX)
MINGW_CC    = x86_64-w64-mingw32-gcc

PE_TARGET := x86_64-pc-windows-msvc

# -fgnuc-version: the MSVC target does not define __GNUC__ by default, which
#   breaks GNU-style headers (attributes); NT headers here use attributes.
# -mno-stack-arg-probe: no __chkstk calls for frames over 4 KiB (we have no
#   CRT); code that needs probing must provide __chkstk itself.
# -fasynchronous-unwind-tables: .pdata/.xdata for every function, as the x64
#   ABI requires; without it clang, freestanding, emits them only for
#   functions with __try, and SEH stack walks treat the rest as leaves.
# -ffreestanding/-fno-builtin: no hosted library; the compiler may still emit
#   memcpy/memset calls, which the image must resolve (ntdll exports both).
PE_CFLAGS = --target=$(PE_TARGET) -fgnuc-version=4.2.1 -std=gnu11 \
	-ffreestanding -fno-builtin -fno-stack-protector -mno-stack-arg-probe \
	-fasynchronous-unwind-tables \
	-nostdinc -isystem $(CLANG_RESOURCE)/include -Iinclude \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-gnu $(OPT_FLAGS)

# /Brepro: the COFF timestamp is a hash of the contents, so rebuilding the
# same sources gives the same bytes.
PE_LDFLAGS = /nologo /nodefaultlib /machine:x64 /Brepro

# GNU side: the same language and freestanding rules.  gcc turns loops into
# memset/memcpy calls unless told not to, and mingw-w64's libntdll.a does not
# export those (msvcrt does), so that transformation is disabled.
MINGW_CFLAGS = -std=gnu11 -O2 -ffreestanding -fno-builtin -fno-stack-protector \
	-mno-stack-arg-probe -fno-tree-loop-distribute-patterns -Iinclude \
	-Wall -Wextra -Werror -Wno-unused-parameter
MINGW_LDFLAGS = -nostdlib -nostartfiles -Wl,--subsystem,native

# Object file names for SOURCES: tests/x/a.c -> $(OUT)/tests/x/a.obj.
pe_objs = $(patsubst %,$(OUT)/%.obj,$(basename $(1)))
pe_mingw_objs = $(patsubst %,$(OUT)/%.mingw.o,$(basename $(1)))

# Default linker options unless the caller's LDFLAGS ($(1)) already choose.
pe_default_entry = $(if $(filter /entry:% /noentry,$(1)),,$(2))
pe_default_subsystem = $(if $(filter /subsystem:%,$(1)),,/subsystem:$(or $(2),native))

# Dependency files are named after the object (x.obj.d, x.mingw.o.d): a
# source compiled both for ELF (x.o) and PE (x.obj), as rtl/ is, would
# otherwise have its two x.d files overwrite each other.
PE_DEPFLAGS = -MMD -MP -MF $@.d

$(OUT)/%.obj: %.c | $(ABI_GEN)
	@mkdir -p $(dir $@)
	$(PE_CC) $(PE_CFLAGS) $(PE_EXTRA_CFLAGS) $(PE_DEPFLAGS) -c $< -o $@

$(OUT)/%.obj: %.S | $(ABI_GEN)
	@mkdir -p $(dir $@)
	$(PE_CC) $(PE_CFLAGS) $(PE_EXTRA_CFLAGS) $(PE_DEPFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(OUT)/%.mingw.o: %.c
	@mkdir -p $(dir $@)
	$(MINGW_CC) $(MINGW_CFLAGS) $(PE_EXTRA_CFLAGS) $(PE_DEPFLAGS) -c $< -o $@

# $(call pe_check_def,DEF,DLL): fail unless DEF says `LIBRARY <DLL's name>`.
pe_check_def = grep -qiE '^[[:space:]]*LIBRARY[[:space:]]+"?$(subst .,\.,$(notdir $(2)))"?[[:space:]]*$$$$' $(1) \
	|| { echo "$(1): the LIBRARY line must name $(notdir $(2))" >&2; exit 1; }

define pe_import_lib
$(1): $(2) tools/pe.mk
	@mkdir -p $$(dir $$@)
	$$(PE_DLLTOOL) -m i386:x86-64 -d $(strip $(2)) -l $$@
endef

define pe_dll
$(1): PE_EXTRA_CFLAGS := $(6)
$(1): $(call pe_objs,$(2)) $(3) $(4) tools/pe.mk
	@mkdir -p $$(dir $$@)
	@$(call pe_check_def,$(strip $(3)),$(strip $(1)))
	$$(PE_LINK) $$(PE_LDFLAGS) /dll /noimplib $(call pe_default_entry,$(5),/noentry) \
		$(call pe_default_subsystem,$(5),console) /def:$(strip $(3)) /out:$$@ \
		$(call pe_objs,$(2)) $(4) $(5)
endef

define pe_exe
$(1): PE_EXTRA_CFLAGS := $(5)
$(1): $(call pe_objs,$(2)) $(3) tools/pe.mk
	@mkdir -p $$(dir $$@)
	$$(PE_LINK) $$(PE_LDFLAGS) $(call pe_default_entry,$(4),/entry:NtProcessStartup) \
		$(call pe_default_subsystem,$(4)) /out:$$@ $(call pe_objs,$(2)) $(3) $(4)
endef

define pe_driver
$(1): PE_EXTRA_CFLAGS := $(5)
$(1): $(call pe_objs,$(2)) $(3) tools/pe.mk
	@mkdir -p $$(dir $$@)
	$$(PE_LINK) $$(PE_LDFLAGS) /driver $(call pe_default_entry,$(4),/entry:DriverEntry) \
		$(call pe_default_subsystem,$(4)) /out:$$@ $(call pe_objs,$(2)) $(3) $(4)
endef

define pe_mingw_exe
$(1): PE_EXTRA_CFLAGS := $(5)
$(1): $(call pe_mingw_objs,$(2)) tools/pe.mk
	@mkdir -p $$(dir $$@)
	$$(MINGW_CC) $$(MINGW_LDFLAGS) -Wl,-e,NtProcessStartup -o $$@ \
		$(call pe_mingw_objs,$(2)) $(3) $(4)
endef

endif # NEPTUNE_PE_MK
