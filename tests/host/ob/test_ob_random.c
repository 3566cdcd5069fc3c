/*
 * test_ob_random.c — 10 000 random operations on named and unnamed objects
 * across three processes, each checked against a simple model.
 *
 * The model knows, for every object, its handles (per process), whether it
 * is permanent and which name it holds; an object is alive while it has a
 * handle or is permanent, and its name goes when it stops being either.
 * After every operation the test compares the status with the model's
 * prediction, the number of delete-procedure calls with the number of
 * objects the model has seen die, and the live TestEvent count with the
 * model's.  Handle counts and the object behind a handle are compared on
 * the handles the operations touch.  At the end everything is closed and
 * the pool must be back where it started.
 *
 * The generator is a fixed-seed xorshift, so a failure reproduces; the
 * loop stops at the first mismatch and reports the step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ob_test.h"

enum { Steps = 10000, Processes = 3, Names = 12, MaxHandles = 600, MaxObjects = 12000 };

typedef struct MODEL_OBJECT {
    ULONG Id;
    LONG Handles;
    BOOLEAN Permanent, Alive;
    LONG Name; /* index into the names, or -1 */
} MODEL_OBJECT;

typedef struct MODEL_HANDLE {
    HANDLE Value;
    ULONG Object; /* index into Objects */
} MODEL_HANDLE;

static MODEL_OBJECT Objects[MaxObjects];
static ULONG ObjectCount;
static MODEL_HANDLE Handles[Processes][MaxHandles];
static ULONG HandleCount[Processes];
static PHANDLE_TABLE Tables[Processes];
static LONG NameOwner[Names];
static ULONG ExpectedDeletes, LiveModel;
static unsigned long long Seed = 0x9e3779b97f4a7c15ull;
static ULONG Step;
static BOOLEAN Failed;

static ULONG Random(ULONG Limit) {
    Seed ^= Seed << 13;
    Seed ^= Seed >> 7;
    Seed ^= Seed << 17;
    return (ULONG)(Seed % Limit);
}

static void Expect(BOOLEAN Condition, const char *What) {
    if (!Condition && !Failed) {
        Failed = TRUE;
        fprintf(stderr, "random step %u: %s\n", Step, What);
    }
}

/* \BaseNamedObjects\rnd\nXX, in lower or upper case. */
static PCWSTR NameOf(ULONG Index, BOOLEAN Upper) {
    static WCHAR Buffer[32];

    memcpy(Buffer, u"\\BaseNamedObjects\\rnd\\n00", sizeof(u"\\BaseNamedObjects\\rnd\\n00"));
    Buffer[22] = Upper ? u'N' : u'n';
    Buffer[23] = u'0' + Index / 10;
    Buffer[24] = u'0' + Index % 10;
    return Buffer;
}

/* ---- Model bookkeeping --------------------------------------------------- */

static void AddHandle(ULONG Process, HANDLE Value, ULONG Object) {
    ULONG i;

    for (i = 0; i < HandleCount[Process]; i++)
        Expect(Handles[Process][i].Value != Value, "a handle value handed out twice");
    Handles[Process][HandleCount[Process]++] = (MODEL_HANDLE){Value, Object};
    Objects[Object].Handles++;
}

static ULONG NewModelObject(LONG Name) {
    ULONG Index = ObjectCount++;

    Objects[Index] = (MODEL_OBJECT){TestNextId - 1, 0, FALSE, TRUE, Name};
    LiveModel++;
    if (Name >= 0)
        NameOwner[Name] = (LONG)Index;
    return Index;
}

/* Applies the lifetime rule after a handle closed or permanence changed. */
static void Settle(ULONG Object) {
    MODEL_OBJECT *O = &Objects[Object];

    if (!O->Alive || O->Handles > 0 || O->Permanent)
        return;
    O->Alive = FALSE;
    LiveModel--;
    ExpectedDeletes++;
    if (O->Name >= 0)
        NameOwner[O->Name] = -1;
    O->Name = -1;
}

static void RemoveHandle(ULONG Process, ULONG Slot) {
    ULONG Object = Handles[Process][Slot].Object;

    Handles[Process][Slot] = Handles[Process][--HandleCount[Process]];
    Objects[Object].Handles--;
    Settle(Object);
}

static void CheckHandle(ULONG Process, ULONG Slot) {
    MODEL_HANDLE *H = &Handles[Process][Slot];
    PTEST_EVENT Event = TestObject(Tables[Process], H->Value);

    Expect(Event != NULL && Event->Id == Objects[H->Object].Id, "wrong object behind a handle");
    Expect(TestHandleCount(Tables[Process], H->Value) == (ULONG)Objects[H->Object].Handles,
           "handle count");
    Expect(TestPointerCount(Tables[Process], H->Value) ==
               (ULONG)(Objects[H->Object].Handles + Objects[H->Object].Permanent),
           "pointer count");
}

/* ---- Operations ---------------------------------------------------------- */

static void OpCreateNamed(ULONG Process) {
    ULONG Name = Random(Names);
    BOOLEAN OpenIf = Random(2);
    NTSTATUS Status;
    HANDLE H;

    Status = TestCreateEvent(Tables[Process], NameOf(Name, FALSE), OpenIf ? OBJ_OPENIF : 0, NULL,
                             UserMode, &H);
    if (NameOwner[Name] < 0) {
        Expect(Status == STATUS_SUCCESS, "create of a free name");
        if (NT_SUCCESS(Status))
            AddHandle(Process, H, NewModelObject((LONG)Name));
        return;
    }
    ExpectedDeletes++; /* the object made for the attempt */
    Expect(TestLastDeletedId == TestNextId - 1, "the attempted object is the one deleted");
    if (!OpenIf) {
        Expect(Status == STATUS_OBJECT_NAME_COLLISION, "collision");
        return;
    }
    Expect(Status == STATUS_OBJECT_NAME_EXISTS, "OBJ_OPENIF of an existing name");
    if (NT_SUCCESS(Status)) {
        AddHandle(Process, H, (ULONG)NameOwner[Name]);
        CheckHandle(Process, HandleCount[Process] - 1);
    }
}

static void OpCreateUnnamed(ULONG Process) {
    NTSTATUS Status;
    HANDLE H;

    Status = TestCreateEvent(Tables[Process], NULL, 0, NULL, UserMode, &H);
    Expect(Status == STATUS_SUCCESS, "unnamed create");
    if (NT_SUCCESS(Status))
        AddHandle(Process, H, NewModelObject(-1));
}

static void OpOpen(ULONG Process) {
    ULONG Name = Random(Names), Variant = Random(3);
    BOOLEAN Upper = Variant != 0, Insensitive = Variant == 1;
    NTSTATUS Status;
    HANDLE H;

    Status = TestOpen(Tables[Process], NameOf(Name, Upper), Insensitive ? OBJ_CASE_INSENSITIVE : 0,
                      NULL, TestEventType, TEST_EVENT_ALL_ACCESS, UserMode, &H);
    if (NameOwner[Name] < 0 || (Upper && !Insensitive)) {
        Expect(Status == STATUS_OBJECT_NAME_NOT_FOUND, "open of a missing name");
        return;
    }
    Expect(Status == STATUS_SUCCESS, "open of an existing name");
    if (NT_SUCCESS(Status)) {
        AddHandle(Process, H, (ULONG)NameOwner[Name]);
        CheckHandle(Process, HandleCount[Process] - 1);
    }
}

static void OpClose(ULONG Process) {
    ULONG Slot, Object, Id;

    if (HandleCount[Process] == 0 || Random(10) == 0) {
        /* A value no live handle of this process has. */
        HANDLE Bad = (HANDLE)(ULONG_PTR)(4 * (MaxHandles + 1 + Random(100)));

        Expect(ObCloseHandle(Tables[Process], Bad, UserMode) == STATUS_INVALID_HANDLE,
               "close of a bad handle");
        return;
    }
    Slot = Random(HandleCount[Process]);
    Object = Handles[Process][Slot].Object;
    Id = Objects[Object].Id;
    Expect(ObCloseHandle(Tables[Process], Handles[Process][Slot].Value, UserMode) == STATUS_SUCCESS,
           "close");
    RemoveHandle(Process, Slot);
    if (Objects[Object].Alive)
        Expect(TestDeleted[Id] == 0, "an object deleted while the model keeps it");
    else
        Expect(TestLastDeletedId == Id && TestDeleted[Id] == 1,
               "the last handle deletes the object, once");
}

static void OpDuplicate(ULONG Process) {
    ULONG Target = Random(Processes), Slot, Object;
    BOOLEAN CloseSource = Random(4) == 0;
    NTSTATUS Status;
    HANDLE H;

    if (HandleCount[Process] == 0 || HandleCount[Target] >= MaxHandles - 1)
        return;
    Slot = Random(HandleCount[Process]);
    Object = Handles[Process][Slot].Object;
    Status = ObDuplicateObject(
        Tables[Process], Handles[Process][Slot].Value, Tables[Target], &H, 0, 0,
        DUPLICATE_SAME_ACCESS | (CloseSource ? DUPLICATE_CLOSE_SOURCE : 0), UserMode);
    Expect(Status == STATUS_SUCCESS, "duplicate");
    if (!NT_SUCCESS(Status))
        return;
    /* The new handle comes first, so the object always keeps one. */
    AddHandle(Target, H, Object);
    if (CloseSource)
        RemoveHandle(Process, Slot); /* may move the new entry into Slot */
    for (Slot = 0; Handles[Target][Slot].Value != H; Slot++)
        ;
    CheckHandle(Target, Slot);
}

static void OpPermanence(ULONG Process) {
    ULONG Slot, Object;
    NTSTATUS Status;

    if (HandleCount[Process] == 0)
        return;
    Slot = Random(HandleCount[Process]);
    Object = Handles[Process][Slot].Object;
    if (Objects[Object].Name < 0)
        return; /* an unnamed permanent object could never be found again */
    if (Random(2)) {
        Status =
            ObMakePermanentObjectByHandle(Tables[Process], Handles[Process][Slot].Value, UserMode);
        Objects[Object].Permanent = TRUE;
    } else {
        Status =
            ObMakeTemporaryObjectByHandle(Tables[Process], Handles[Process][Slot].Value, UserMode);
        Objects[Object].Permanent = FALSE;
    }
    Expect(Status == STATUS_SUCCESS, "permanence change");
    CheckHandle(Process, Slot);
}

static void OpRestartProcess(ULONG Process) {
    ObDestroyHandleTable(Tables[Process]);
    while (HandleCount[Process] != 0)
        RemoveHandle(Process, HandleCount[Process] - 1);
    Tables[Process] = TestProcess();
}

static void OpQuery(ULONG Process) {
    if (HandleCount[Process] != 0)
        CheckHandle(Process, Random(HandleCount[Process]));
}

/* ---- The run ------------------------------------------------------------- */

static void CheckGlobal(ULONG FirstDeletes, ULONG FirstLive) {
    Expect(TestDeleteCount - FirstDeletes == ExpectedDeletes, "number of deletions");
    Expect(TestEventType->TotalNumberOfObjects - FirstLive == LiveModel, "live objects");
}

static void test_random_operations(void) {
    unsigned long Live = PoolStats.LiveBlocks;
    ULONG FirstDeletes = TestDeleteCount, FirstLive = TestEventType->TotalNumberOfObjects;
    ULONG Counts[8] = {0}, i, p;
    HANDLE Dir;
    PHANDLE_TABLE System = TestProcess();
    BOOLEAN Trace = getenv("OB_RANDOM_TRACE") != NULL; /* one line per step */

    CHECK_STATUS(TestCreateDir(System, u"\\BaseNamedObjects\\rnd", 0, NULL, &Dir), STATUS_SUCCESS);
    for (i = 0; i < Names; i++)
        NameOwner[i] = -1;
    for (p = 0; p < Processes; p++)
        Tables[p] = TestProcess();

    for (Step = 0; Step < Steps && !Failed; Step++) {
        ULONG Process = Random(Processes), Op = Random(100);

        if (HandleCount[Process] >= MaxHandles - 2 || ObjectCount >= MaxObjects - 2)
            Op = 99;
        if (Op < 20)
            OpCreateNamed(Process), Counts[0]++;
        else if (Op < 28)
            OpCreateUnnamed(Process), Counts[1]++;
        else if (Op < 48)
            OpOpen(Process), Counts[2]++;
        else if (Op < 75)
            OpClose(Process), Counts[3]++;
        else if (Op < 85)
            OpDuplicate(Process), Counts[4]++;
        else if (Op < 91)
            OpPermanence(Process), Counts[5]++;
        else if (Op < 99)
            OpQuery(Process), Counts[6]++;
        else
            OpRestartProcess(Process), Counts[7]++;
        CheckGlobal(FirstDeletes, FirstLive);
        if (Trace)
            printf("step %u: process %u op %u: deletes %u/%u live %u\n", Step, Process, Op,
                   TestDeleteCount - FirstDeletes, ExpectedDeletes, LiveModel);
    }
    CHECK(!Failed);
    CHECK_EQ(Step, Steps);
    for (i = 0; i < 8; i++)
        CHECK(Counts[i] > 20); /* every kind of operation ran */
    printf("random: %u objects, %u deletions, %u alive at the end\n", ObjectCount, ExpectedDeletes,
           LiveModel);

    /* Every object the model says is dead was deleted exactly once. */
    for (i = 0; i < ObjectCount; i++)
        CHECK_EQ(TestDeleted[Objects[i].Id], Objects[i].Alive ? 0 : 1);

    /* Tear down: processes, then the permanent names. */
    for (p = 0; p < Processes; p++)
        OpRestartProcess(p);
    for (i = 0; i < Names; i++) {
        HANDLE H;

        if (NameOwner[i] < 0)
            continue;
        CHECK_STATUS(
            TestOpen(Tables[0], NameOf(i, FALSE), 0, NULL, TestEventType, DELETE, UserMode, &H),
            STATUS_SUCCESS);
        CHECK_STATUS(ObMakeTemporaryObjectByHandle(Tables[0], H, UserMode), STATUS_SUCCESS);
        ObCloseHandle(Tables[0], H, UserMode);
    }
    CHECK_EQ(TestEventType->TotalNumberOfObjects, FirstLive);
    for (p = 0; p < Processes; p++)
        ObDestroyHandleTable(Tables[p]);
    ObCloseHandle(System, Dir, UserMode);
    ObDestroyHandleTable(System);
    CHECK(!TestExists(u"\\BaseNamedObjects\\rnd"));
    CHECK_EQ(PoolStats.LiveBlocks, Live);
}

static const struct harness_test tests[] = {
    HARNESS_TEST(test_random_operations),
};

int main(void) {
    TestInit();
    return harness_run(tests, HARNESS_COUNT(tests));
}
