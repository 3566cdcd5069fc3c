# tests/host/ntdll/ — host tests of ntdll's loader and process-parameter
# code (ASan + UBSan).  ntdll's pure parts build for the host as they are;
# what they need from the rest of ntdll (the heap, the PEB, the PEB lock,
# virtual memory) comes from ntdll_mock.c.
#
#   test_ntdll_ldr     ntdll/ldr.c + ldrtls.c on PE images built in memory:
#                      exports, forwarders, import binding, relocations, TLS
#   test_ntdll_params  ntdll/params.c: parameter blocks, environment blocks,
#                      the current directory and DOS path conversion
#   test_critsec       ntdll/critsec.c over pthread-backed events
#                      (sync_mock.c): states, recursion, contention

NTDLL_HOST_CFLAGS := -Iinclude -Intdll -Itests/host/ntdll -Itests/host/rtl
NTDLL_HOST_RTL    := tests/host/rtl/rtl_hooks.c rtl/memory.c rtl/string.c rtl/unicode.c \
	rtl/integer.c rtl/path.c

$(eval $(call host_test,test_ntdll_ldr,tests/host/ntdll/test_ldr.c tests/host/ntdll/test_tls.c \
	tests/host/ntdll/image_builder.c tests/host/ntdll/ntdll_mock.c ntdll/ldr.c ntdll/ldrtls.c \
	$(NTDLL_HOST_RTL),$(NTDLL_HOST_CFLAGS)))
$(eval $(call host_test,test_ntdll_params,tests/host/ntdll/test_params.c \
	tests/host/ntdll/ntdll_mock.c ntdll/params.c $(NTDLL_HOST_RTL),$(NTDLL_HOST_CFLAGS)))
$(eval $(call host_test,test_critsec,tests/host/ntdll/test_critsec.c tests/host/ntdll/sync_mock.c \
	ntdll/critsec.c,$(NTDLL_HOST_CFLAGS)))
