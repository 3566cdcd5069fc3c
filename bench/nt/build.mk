# bench/nt: NT system-service benchmarks, a native PE program run as a boot
# program (bench/nt/run.sh), and the child program it starts.
include tools/pe.mk
$(eval $(call pe_exe,$(OUT)/bench/nt/ntbench.exe,bench/nt/ntbench.c,$(OUT)/lib/ntdll.lib,,))
# The child lives at a base of its own, so that no address of ntbench's code
# is code of the child too (bench/nt/profile.py breaks on ntbench's).
$(eval $(call pe_exe,$(OUT)/bench/nt/ntchild.exe,bench/nt/ntchild.c,$(OUT)/lib/ntdll.lib,/base:0x150000000,))
ALL_TARGETS += $(OUT)/bench/nt/ntbench.exe $(OUT)/bench/nt/ntchild.exe
