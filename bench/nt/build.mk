# bench/nt: NT system-service benchmarks, a native PE program run as a boot
# program (bench/run.sh runs it after the kernel benchmarks).
include tools/pe.mk
$(eval $(call pe_exe,$(OUT)/bench/nt/ntbench.exe,bench/nt/ntbench.c,$(OUT)/lib/ntdll.lib,,))
ALL_TARGETS += $(OUT)/bench/nt/ntbench.exe
