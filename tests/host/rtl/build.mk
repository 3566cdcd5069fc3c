# tests/host/rtl/build.mk — host unit tests for rtl/ (ASan + UBSan).
#
# One binary per family, each built from its test file, the rtl sources it
# needs and rtl_hooks.c (the malloc-backed allocation hooks, which also
# count outstanding allocations so tests can check that nothing leaks).

RTL_HOST_CFLAGS := -Iinclude -Irtl -Itests/host/rtl
RTL_HOST_BASE   := tests/host/rtl/rtl_hooks.c rtl/memory.c rtl/string.c rtl/unicode.c \
	rtl/integer.c

$(eval $(call host_test,test_rtl_string,tests/host/rtl/test_string.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_unicode,tests/host/rtl/test_unicode.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_bitmap,tests/host/rtl/test_bitmap.c rtl/bitmap.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_avl,tests/host/rtl/test_avl.c rtl/avl.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_time,tests/host/rtl/test_time.c rtl/time.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_error,tests/host/rtl/test_error.c rtl/error.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_path,tests/host/rtl/test_path.c rtl/path.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
$(eval $(call host_test,test_rtl_image,tests/host/rtl/test_image.c rtl/image.c $(RTL_HOST_BASE),$(RTL_HOST_CFLAGS)))
