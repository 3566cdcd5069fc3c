# Host unit tests of the kernel's pure logic (see tests/host/build.mk).
$(eval $(call host_test,test_kernel_cdt,tests/host/kernel/test_cdt.c kernel/src/kernel/cdt.c \
	kernel/src/kernel/cspace.c tests/host/kernel/stubs.c))
$(eval $(call host_test,test_kernel_elf,tests/host/kernel/test_elf.c kernel/src/kernel/elf.c \
	tests/host/kernel/stubs.c))
