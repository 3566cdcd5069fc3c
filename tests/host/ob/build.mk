# tests/host/ob/ — host unit tests of the object manager (ntos/ob).
#
# Each binary links the real ntos/ob sources with a malloc-backed pool
# (pool_stub.c, which also defines rtl's allocation hooks) and the rtl/
# sources that provide the string routines it calls.

# services.c (the NtXxx wrappers) needs the whole executive: not host-built.
OB_TEST_SRCS := $(sort $(filter-out ntos/ob/services.c,$(wildcard ntos/ob/*.c))) tests/host/ob/pool_stub.c \
	tests/host/ob/ob_test_util.c
OB_RTL_SRCS := rtl/string.c rtl/unicode.c rtl/memory.c
OB_TEST_CFLAGS := -Iinclude -Intos/inc -Intos/ob -Itests/host/ob

define ob_host_test
$(eval $(call host_test,$(1),tests/host/ob/$(1).c $(OB_TEST_SRCS) $(OB_RTL_SRCS),$(OB_TEST_CFLAGS)))
endef

$(call ob_host_test,test_ob_object)
$(call ob_host_test,test_ob_namespace)
$(call ob_host_test,test_ob_handle)
$(call ob_host_test,test_ob_query)
$(call ob_host_test,test_ob_random)
