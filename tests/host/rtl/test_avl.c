/*
 * test_avl.c — RTL_AVL_TABLE (rtl/avl.c): layout, the API contract, and
 * 10 000 random inserts and deletes checked against a reference set with
 * the AVL invariants (order, parent links, balance factors, heights)
 * verified along the way.
 */
#include "harness.h"
#include "rtl_hooks.h"

#include <stdlib.h>

_Static_assert(sizeof(RTL_BALANCED_LINKS) == 32, "RTL_BALANCED_LINKS size");
_Static_assert(__builtin_offsetof(RTL_BALANCED_LINKS, Balance) == 24, "Balance");
_Static_assert(sizeof(RTL_AVL_TABLE) == 104, "RTL_AVL_TABLE size");
_Static_assert(__builtin_offsetof(RTL_AVL_TABLE, OrderedPointer) == 32, "OrderedPointer");
_Static_assert(__builtin_offsetof(RTL_AVL_TABLE, RestartKey) == 56, "RestartKey");
_Static_assert(__builtin_offsetof(RTL_AVL_TABLE, DeleteCount) == 64, "DeleteCount");
_Static_assert(__builtin_offsetof(RTL_AVL_TABLE, CompareRoutine) == 72, "CompareRoutine");
_Static_assert(__builtin_offsetof(RTL_AVL_TABLE, TableContext) == 96, "TableContext");

typedef struct {
    ULONG Key;
    ULONG Payload;
} ELEMENT;

static long live_nodes;

static RTL_GENERIC_COMPARE_RESULTS NTAPI compare(PRTL_AVL_TABLE table, PVOID a, PVOID b) {
    ULONG ka = ((ELEMENT *)a)->Key, kb = ((ELEMENT *)b)->Key;

    return ka < kb ? GenericLessThan : ka > kb ? GenericGreaterThan : GenericEqual;
}

static PVOID NTAPI allocate(PRTL_AVL_TABLE table, CLONG size) {
    CHECK_EQ(size, sizeof(RTL_BALANCED_LINKS) + sizeof(ELEMENT));
    live_nodes++;
    return malloc(size);
}

static VOID NTAPI release(PRTL_AVL_TABLE table, PVOID buffer) {
    live_nodes--;
    free(buffer);
}

static PVOID NTAPI fail_allocate(PRTL_AVL_TABLE table, CLONG size) { return NULL; }

/* Checks the subtree at node; returns its height, or -1000 on a broken invariant. */
static int check_subtree(PRTL_BALANCED_LINKS node, PRTL_BALANCED_LINKS parent, long low, long high,
                         ULONG *count) {
    int left, right;
    ULONG key;

    if (node == NULL)
        return 0;
    key = ((ELEMENT *)(node + 1))->Key;
    if (node->Parent != parent || (long)key <= low || (long)key >= high)
        return -1000;
    (*count)++;
    left = check_subtree(node->LeftChild, node, low, key, count);
    right = check_subtree(node->RightChild, node, key, high, count);
    if (left < 0 || right < 0 || right - left != node->Balance || right - left > 1 ||
        left - right > 1)
        return -1000;
    return 1 + (left > right ? left : right);
}

static int tree_valid(PRTL_AVL_TABLE table) {
    ULONG count = 0;
    int height = check_subtree(table->BalancedRoot.RightChild, &table->BalancedRoot, -1,
                               0x7fffffffL, &count);

    return height >= 0 && count == table->NumberGenericTableElements &&
           table->BalancedRoot.LeftChild == NULL &&
           table->BalancedRoot.Parent == &table->BalancedRoot;
}

static void test_basics(void) {
    RTL_AVL_TABLE table;
    ELEMENT e = {5, 50}, *found, *again;
    BOOLEAN is_new = FALSE;
    PVOID node;
    TABLE_SEARCH_RESULT result;

    RtlInitializeGenericTableAvl(&table, compare, allocate, release, (PVOID)0x1234);
    CHECK(RtlIsGenericTableEmptyAvl(&table));
    CHECK(table.TableContext == (PVOID)0x1234);
    CHECK(RtlLookupElementGenericTableAvl(&table, &e) == NULL);
    CHECK(RtlGetElementGenericTableAvl(&table, 0) == NULL);
    CHECK(RtlEnumerateGenericTableAvl(&table, TRUE) == NULL);
    CHECK(!RtlDeleteElementGenericTableAvl(&table, &e));

    found = RtlInsertElementGenericTableAvl(&table, &e, sizeof(e), &is_new);
    CHECK(found != NULL && is_new && found->Payload == 50 && found != &e);
    CHECK((PUCHAR)found - (PUCHAR)table.BalancedRoot.RightChild == sizeof(RTL_BALANCED_LINKS));
    e.Payload = 99;
    again = RtlInsertElementGenericTableAvl(&table, &e, sizeof(e), &is_new);
    CHECK(again == found && !is_new && again->Payload == 50);
    CHECK_EQ(RtlNumberGenericTableElementsAvl(&table), 1);

    e.Key = 7;
    CHECK(RtlLookupElementGenericTableFullAvl(&table, &e, &node, &result) == NULL);
    CHECK_EQ(result, TableInsertAsRight);
    found = RtlInsertElementGenericTableFullAvl(&table, &e, sizeof(e), &is_new, node, result);
    CHECK(found != NULL && found->Key == 7 && is_new);
    e.Key = 1;
    CHECK(RtlLookupElementGenericTableFullAvl(&table, &e, &node, &result) == NULL);
    CHECK_EQ(result, TableInsertAsLeft);
    e.Key = 7;
    CHECK(RtlLookupElementGenericTableFullAvl(&table, &e, &node, &result) == found);
    CHECK_EQ(result, TableFoundNode);
    RtlDeleteElementGenericTableAvlEx(&table, node);
    CHECK_EQ(RtlNumberGenericTableElementsAvl(&table), 1);
    CHECK_EQ(table.DeleteCount, 1);

    table.AllocateRoutine = fail_allocate;
    e.Key = 8;
    CHECK(RtlInsertElementGenericTableAvl(&table, &e, sizeof(e), &is_new) == NULL);
    CHECK(!is_new);
    CHECK_EQ(RtlNumberGenericTableElementsAvl(&table), 1);
    table.AllocateRoutine = allocate;
    e.Key = 5;
    CHECK(RtlDeleteElementGenericTableAvl(&table, &e));
    CHECK(RtlIsGenericTableEmptyAvl(&table));
    CHECK_EQ(live_nodes, 0);
}

static unsigned long long rng_state = 0x2545F4914F6CDD1Dull;

static unsigned rnd(unsigned limit) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % limit);
}

#define KEYS 2000

/* Enumeration in order matches the reference; so does RtlGetElementGenericTableAvl. */
static int enumeration_matches(PRTL_AVL_TABLE table, const unsigned char *present) {
    ULONG index = 0, key = 0;
    PVOID restart = NULL;
    ELEMENT *e;

    for (e = RtlEnumerateGenericTableAvl(table, TRUE); e != NULL;
         e = RtlEnumerateGenericTableAvl(table, FALSE), key++, index++) {
        while (key < KEYS && !present[key])
            key++;
        if (key == KEYS || e->Key != key || e->Payload != key * 3)
            return 0;
        if (index % 37 == 0 && RtlGetElementGenericTableAvl(table, index) != e)
            return 0;
    }
    while (key < KEYS && !present[key])
        key++;
    if (key != KEYS || index != table->NumberGenericTableElements)
        return 0;
    index = 0;
    while ((e = RtlEnumerateGenericTableWithoutSplayingAvl(table, &restart)) != NULL)
        index++;
    return index == table->NumberGenericTableElements;
}

static void test_random_against_reference(void) {
    RTL_AVL_TABLE table;
    unsigned char present[KEYS] = {0};
    ULONG count = 0;
    int wrong_result = 0, invalid = 0, wrong_order = 0;

    RtlInitializeGenericTableAvl(&table, compare, allocate, release, NULL);
    for (int op = 0; op < 10000; op++) {
        ELEMENT e = {rnd(KEYS), 0};
        BOOLEAN is_new;

        e.Payload = e.Key * 3;
        if (rnd(100) < 55) {
            ELEMENT *got = RtlInsertElementGenericTableAvl(&table, &e, sizeof(e), &is_new);

            wrong_result += got == NULL || got->Key != e.Key || is_new == present[e.Key];
            count += !present[e.Key];
            present[e.Key] = 1;
        } else {
            BOOLEAN deleted = RtlDeleteElementGenericTableAvl(&table, &e);

            wrong_result += deleted != present[e.Key];
            count -= present[e.Key];
            present[e.Key] = 0;
        }
        wrong_result += (RtlLookupElementGenericTableAvl(&table, &e) != NULL) != present[e.Key];
        wrong_result += RtlNumberGenericTableElementsAvl(&table) != count;
        if (op % 50 == 0 || op > 9900) {
            invalid += !tree_valid(&table);
            wrong_order += !enumeration_matches(&table, present);
        }
    }
    CHECK_EQ(wrong_result, 0);
    CHECK_EQ(invalid, 0);
    CHECK_EQ(wrong_order, 0);
    CHECK_EQ(live_nodes, (long)count);

    /* Enumerate-and-delete: deleting the restart key keeps the walk going. */
    {
        ELEMENT *e;
        ULONG deleted = 0;

        for (e = RtlEnumerateGenericTableAvl(&table, TRUE); e != NULL;
             e = RtlEnumerateGenericTableAvl(&table, FALSE)) {
            if (e->Key % 2 == 0) {
                ELEMENT copy = *e;

                RtlDeleteElementGenericTableAvl(&table, &copy);
                deleted++;
            }
        }
        CHECK(tree_valid(&table));
        for (ULONG k = 0; k < KEYS; k += 2)
            deleted -= present[k];
        CHECK_EQ(deleted, 0);
        while (!RtlIsGenericTableEmptyAvl(&table)) {
            ELEMENT copy = *(ELEMENT *)RtlGetElementGenericTableAvl(&table, 0);

            RtlDeleteElementGenericTableAvl(&table, &copy);
        }
    }
    CHECK_EQ(live_nodes, 0);
}

/* Sequential inserts (the worst case for an unbalanced tree) stay logarithmic. */
static void test_sequential_height(void) {
    RTL_AVL_TABLE table;
    ULONG count = 0;

    RtlInitializeGenericTableAvl(&table, compare, allocate, release, NULL);
    for (ULONG k = 0; k < 4096; k++) {
        ELEMENT e = {k, k * 3};

        RtlInsertElementGenericTableAvl(&table, &e, sizeof(e), NULL);
    }
    CHECK(check_subtree(table.BalancedRoot.RightChild, &table.BalancedRoot, -1, 0x7fffffffL,
                        &count) <= 14); /* AVL: height < 1.44 log2(n + 2) */
    CHECK_EQ(((ELEMENT *)RtlGetElementGenericTableAvl(&table, 4000))->Key, 4000);
    CHECK_EQ(((ELEMENT *)RtlGetElementGenericTableAvl(&table, 10))->Key, 10);
    CHECK_EQ(((ELEMENT *)RtlGetElementGenericTableAvl(&table, 11))->Key, 11); /* from the cache */
    CHECK(RtlGetElementGenericTableAvl(&table, 4096) == NULL);
    for (ULONG k = 0; k < 4096; k++) {
        ELEMENT e = {k, 0};

        RtlDeleteElementGenericTableAvl(&table, &e);
        if (k % 512 == 0)
            CHECK(tree_valid(&table));
    }
    CHECK_EQ(live_nodes, 0);
}

static void test_first_matching(void) {
    RTL_AVL_TABLE table;
    PVOID restart;
    ELEMENT e = {10, 30}, *found;

    RtlInitializeGenericTableAvl(&table, compare, allocate, release, NULL);
    RtlInsertElementGenericTableAvl(&table, &e, sizeof(e), NULL);
    found = RtlLookupFirstMatchingElementGenericTableAvl(&table, &e, &restart);
    CHECK(found != NULL && found->Key == 10 && restart != NULL);
    e.Key = 11;
    CHECK(RtlLookupFirstMatchingElementGenericTableAvl(&table, &e, &restart) == NULL);
    e.Key = 10;
    RtlDeleteElementGenericTableAvl(&table, &e);
    CHECK_EQ(live_nodes, 0);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_basics),
    HARNESS_TEST(test_random_against_reference),
    HARNESS_TEST(test_sequential_height),
    HARNESS_TEST(test_first_matching),
};

int main(void) { return harness_run(tests, HARNESS_COUNT(tests)); }
