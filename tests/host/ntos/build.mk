# Host unit tests of the NT Executive's pure logic (see tests/host/build.mk).
NTOS_HOST_CFLAGS := -Iinclude -Intos/inc -Ilib/sel4rt/include
$(eval $(call host_test,test_ntos_untyped,tests/host/ntos/test_untyped.c ntos/mm/untyped.c,$(NTOS_HOST_CFLAGS)))
$(eval $(call host_test,test_ntos_slots,tests/host/ntos/test_slots.c ntos/mm/slots.c,$(NTOS_HOST_CFLAGS)))
$(eval $(call host_test,test_ntos_pool,tests/host/ntos/test_pool.c ntos/ex/pool.c,$(NTOS_HOST_CFLAGS)))
$(eval $(call host_test,test_ntos_cpio,tests/host/ntos/test_cpio.c ntos/ldr/cpio.c,\
	$(NTOS_HOST_CFLAGS) -DNTOS_BOOTARCH='"$(OUT)/ntos/bootarch.cpio"'))
$(OUT)/host/test_ntos_cpio: $(OUT)/ntos/bootarch.cpio
