# tests/host/heap/ — host tests of the NT heap (ntdll/heap.c), ASan + UBSan.
#
# One binary, test_heap: ntdll/heap.c linked against vm_mock.c, an
# mmap-backed NtAllocateVirtualMemory/NtFreeVirtualMemory that counts calls
# and enforces reserve/commit (see heap_test.h), and against the real
# critical sections (ntdll/critsec.c) over tests/host/ntdll/sync_mock.c's
# pthread events, for the multithreaded tests.
#
# `make OUT=... heap-pe-check` also compiles ntdll/heap.c for the PE target
# with tools/pe.mk's flags and checks that the object needs nothing but the
# two virtual-memory services and the critical-section calls (no
# memcpy/memset: ntdll has no C library).

HEAP_TEST_SRCS := tests/host/heap/test_heap.c tests/host/heap/test_heap_check.c \
	tests/host/heap/test_heap_model.c tests/host/heap/test_heap_threads.c \
	tests/host/heap/vm_mock.c tests/host/ntdll/sync_mock.c ntdll/heap.c ntdll/critsec.c

$(eval $(call host_test,test_heap,$(HEAP_TEST_SRCS),-Iinclude -Intdll -Itests/host/heap \
	-Itests/host/ntdll))

include tools/pe.mk

HEAP_PE_OBJ := $(OUT)/host-obj/heap-pe/heap.obj

$(HEAP_PE_OBJ): ntdll/heap.c ntdll/heapp.h tools/pe.mk
	@mkdir -p $(dir $@)
	$(PE_CC) $(PE_CFLAGS) -Intdll -c $< -o $@

.PHONY: heap-pe-check
heap-pe-check: $(HEAP_PE_OBJ)
	@names=$$(llvm-nm$(LLVM_SUFFIX) -u $< | awk '{print $$NF}' | sort | tr '\n' ' '); \
	echo "heap.obj undefined symbols: $$names"; \
	test "$$names" = "NtAllocateVirtualMemory NtFreeVirtualMemory RtlDeleteCriticalSection \
	RtlEnterCriticalSection RtlInitializeCriticalSectionEx RtlIsCriticalSectionLockedByThread \
	RtlLeaveCriticalSection "
