/*
 * IPC fastpath (placeholder until the optimised path lands): returning
 * false sends every Call and ReplyRecv down the general path in syscall.c.
 */
#include <kernel.h>

bool fastpath_call(word_t cptr, word_t info) { return false; }
bool fastpath_reply_recv(word_t cptr, word_t info) { return false; }
