# tests/host/ — host-compiled unit tests (ASan + UBSan through HOST_CFLAGS).
#
# Each test binary lands in $(OUT)/host/ and is appended to HOST_TESTS;
# tests/host/run.sh $(OUT) runs them all and prints `N passed, N failed`.
# Objects go to $(OUT)/host-obj/ (not $(OUT)/host/, which holds only
# runnable binaries).
#
# To add a test binary (from any build.mk, e.g. for kernel logic):
#   $(eval $(call host_test,NAME,SOURCES,EXTRA_CFLAGS))
# builds $(OUT)/host/NAME from SOURCES plus the harness.  Sources outside
# tests/host/ (e.g. kernel/src/object/cnode.c) are compiled for the host
# with -DHOST_TEST=1, so they can stub out what a host cannot do.

HOST_OBJ_DIR      := $(OUT)/host-obj
HOST_HARNESS_SRCS := tests/host/harness.c

# Host objects: the shorter stem makes this rule win over $(OUT)/%.o.
$(HOST_OBJ_DIR)/%.o: %.c | $(ABI_GEN)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_EXTRA_CFLAGS) -Itests/host -MMD -MP -c $< -o $@

# $(call host_test,NAME,SOURCES,EXTRA_CFLAGS)
define host_test
HOST_TESTS += $(OUT)/host/$(1)
$(OUT)/host/$(1): HOST_EXTRA_CFLAGS := $(3)
$(OUT)/host/$(1): $(patsubst %.c,$(HOST_OBJ_DIR)/%.o,$(2) $(HOST_HARNESS_SRCS))
	@mkdir -p $$(dir $$@)
	$(HOST_CC) $(HOST_CFLAGS) -o $$@ $$(filter %.o,$$^)
endef

$(eval $(call host_test,test_abi,tests/host/test_abi.c))
$(eval $(call host_test,test_client,tests/host/test_client.c))
$(eval $(call host_test,test_fmt,tests/host/test_fmt.c lib/sel4rt/src/fmt.c,-Ilib/sel4rt/src))
$(eval $(call host_test,test_tls,tests/host/test_tls.c lib/sel4rt/src/tls.c,-Ilib/sel4rt/include))
$(eval $(call host_test,test_alloc,tests/host/test_alloc.c lib/sel4rt/src/alloc.c,\
	-Ilib/sel4rt/include -Ilib/sel4rt/src -include tests/host/mock_call.h \
	-DSEL4_CLIENT_CALL_WITH_MRS=mock_call))

# Runs the example root task under a ptrace-based fake kernel.
$(eval $(call host_test,test_roottask,tests/host/test_roottask.c,-DSEL4RT_HELLO_ELF='"$(OUT)/lib/sel4rt/hello.elf"'))
$(OUT)/host/test_roottask: $(OUT)/lib/sel4rt/hello.elf

# Build the host tests with everything else, so that ./build.sh (and the
# build tier of ./test.sh) leaves them ready for run.sh.  The phony name is
# used rather than $(HOST_TESTS) so tests added by later fragments count too.
ALL_TARGETS += host-tests

.PHONY: host-check
host-check: $(HOST_TESTS)
	tests/host/run.sh $(OUT)
