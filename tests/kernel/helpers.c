/*
 * helpers.c — ready-made bodies for helper threads (see ktest.h): one IPC
 * operation each, recording what came back in the thread's result/counter
 * words so that the test thread can check it after kt_thread_join().
 */
#include "ktest.h"

void kt_body_send(struct kt_thread *t, seL4_Word cap, seL4_Word mr0, seL4_Word label) {
    seL4_SetMR(0, mr0);
    seL4_Send(cap, seL4_MessageInfo_new(label, 0, 0, 1));
    t->result = 1;
}

void kt_body_call(struct kt_thread *t, seL4_Word cap, seL4_Word mr0, seL4_Word label) {
    seL4_MessageInfo_t tag;

    seL4_SetMR(0, mr0);
    tag = seL4_Call(cap, seL4_MessageInfo_new(label, 0, 0, 1));
    t->counter = seL4_MessageInfo_get_label(tag);
    t->result = seL4_GetMR(0);
}

void kt_body_recv(struct kt_thread *t, seL4_Word cap, seL4_Word unused, seL4_Word unused2) {
    seL4_Word badge = 0;

    seL4_Recv(cap, &badge);
    t->counter = seL4_GetMR(0);
    t->result = badge;
}

void kt_body_signal(struct kt_thread *t, seL4_Word cap, seL4_Word unused, seL4_Word unused2) {
    seL4_Signal(cap);
    t->result = 1;
}

void kt_body_wait(struct kt_thread *t, seL4_Word cap, seL4_Word unused, seL4_Word unused2) {
    seL4_Word badge = 0;

    seL4_Wait(cap, &badge);
    t->result = badge;
    t->counter = 1;
}
