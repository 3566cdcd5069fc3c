/*
 * mock_call.h — force-included (-include) into runtime sources compiled for
 * a host test, together with -DSEL4_CLIENT_CALL_WITH_MRS=mock_call: every
 * generated invocation stub then calls the test's mock_call() instead of
 * entering the kernel.  The test file defines mock_call().
 */
#ifndef TESTS_HOST_MOCK_CALL_H
#define TESTS_HOST_MOCK_CALL_H

#include <sel4/types.h>

seL4_MessageInfo_t mock_call(seL4_CPtr dest, seL4_MessageInfo_t info, seL4_Word *mr0,
                             seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3);

#endif /* TESTS_HOST_MOCK_CALL_H */
