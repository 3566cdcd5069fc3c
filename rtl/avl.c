/*
 * avl.c — RTL_AVL_TABLE, Windows' generic table kept as an AVL tree.
 *
 * Each element is one block from the table's AllocateRoutine: an
 * RTL_BALANCED_LINKS header followed by the caller's data, which the
 * routines hand out and take as "element" pointers (header + 1).  The
 * CompareRoutine sees only element pointers.
 *
 *        BalancedRoot (sentinel, Parent = itself)
 *               \ RightChild
 *               root
 *              /    \
 *
 * Balance is height(right) - height(left), kept in {-1, 0, +1}.  Insertion
 * walks up adjusting balances until a subtree's height stops changing, with
 * at most one (single or double) rotation.  Deletion unlinks the node — a
 * node with two children is replaced by its in-order successor, relinked,
 * never copied, because callers hold pointers into elements — and walks up
 * until the height stops shrinking, rotating as it goes.
 *
 * Enumeration state: RestartKey (RtlEnumerateGenericTableAvl) and the
 * OrderedPointer/WhichOrderedElement cache of RtlGetElementGenericTableAvl
 * (a node and its 1-based position, 0 meaning invalid).  Insertions and
 * deletions invalidate the cache; deleting the RestartKey node moves the key
 * to its predecessor so that "enumerate and delete" loops keep working.
 * DepthOfTree is not maintained (always 0).
 */
#include "rtlp.h"

#define LEFT_HEAVY (-1)
#define RIGHT_HEAVY 1

static PVOID RtlpElementOf(PRTL_BALANCED_LINKS Node) { return Node + 1; }

static PRTL_BALANCED_LINKS RtlpRoot(PRTL_AVL_TABLE Table) { return Table->BalancedRoot.RightChild; }

VOID NTAPI RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table,
                                        PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                        PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                        PRTL_AVL_FREE_ROUTINE FreeRoutine, PVOID TableContext) {
    RtlZeroMemory(Table, sizeof(*Table));
    Table->BalancedRoot.Parent = &Table->BalancedRoot;
    Table->CompareRoutine = CompareRoutine;
    Table->AllocateRoutine = AllocateRoutine;
    Table->FreeRoutine = FreeRoutine;
    Table->TableContext = TableContext;
}

ULONG NTAPI RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table) {
    return Table->NumberGenericTableElements;
}

BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table) { return RtlpRoot(Table) == NULL; }

/* ---- Navigation ---------------------------------------------------------- */

static PRTL_BALANCED_LINKS RtlpLeftmost(PRTL_BALANCED_LINKS Node) {
    while (Node->LeftChild != NULL)
        Node = Node->LeftChild;
    return Node;
}

static PRTL_BALANCED_LINKS RtlpRightmost(PRTL_BALANCED_LINKS Node) {
    while (Node->RightChild != NULL)
        Node = Node->RightChild;
    return Node;
}

static PRTL_BALANCED_LINKS RtlpSuccessor(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node) {
    PRTL_BALANCED_LINKS Parent;

    if (Node->RightChild != NULL)
        return RtlpLeftmost(Node->RightChild);
    Parent = Node->Parent;
    while (Parent != &Table->BalancedRoot && Node == Parent->RightChild) {
        Node = Parent;
        Parent = Node->Parent;
    }
    return Parent == &Table->BalancedRoot ? NULL : Parent;
}

static PRTL_BALANCED_LINKS RtlpPredecessor(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node) {
    PRTL_BALANCED_LINKS Parent;

    if (Node->LeftChild != NULL)
        return RtlpRightmost(Node->LeftChild);
    Parent = Node->Parent;
    while (Parent != &Table->BalancedRoot && Node == Parent->LeftChild) {
        Node = Parent;
        Parent = Node->Parent;
    }
    return Parent == &Table->BalancedRoot ? NULL : Parent;
}

/* Finds Buffer; *NodeOrParent is the match, or the parent to insert under. */
static TABLE_SEARCH_RESULT RtlpFind(PRTL_AVL_TABLE Table, PVOID Buffer,
                                    PRTL_BALANCED_LINKS *NodeOrParent) {
    PRTL_BALANCED_LINKS Node = RtlpRoot(Table);

    *NodeOrParent = NULL;
    if (Node == NULL)
        return TableEmptyTree;
    for (;;) {
        RTL_GENERIC_COMPARE_RESULTS Result =
            Table->CompareRoutine(Table, Buffer, RtlpElementOf(Node));
        PRTL_BALANCED_LINKS Next;

        *NodeOrParent = Node;
        if (Result == GenericEqual)
            return TableFoundNode;
        Next = Result == GenericLessThan ? Node->LeftChild : Node->RightChild;
        if (Next == NULL)
            return Result == GenericLessThan ? TableInsertAsLeft : TableInsertAsRight;
        Node = Next;
    }
}

/* ---- Rotations ----------------------------------------------------------- */

static VOID RtlpReplaceChild(PRTL_BALANCED_LINKS Parent, PRTL_BALANCED_LINKS Old,
                             PRTL_BALANCED_LINKS New) {
    if (Parent->LeftChild == Old)
        Parent->LeftChild = New;
    else
        Parent->RightChild = New;
}

/* Lifts Node's left child into Node's place. */
static VOID RtlpRotateRight(PRTL_BALANCED_LINKS Node) {
    PRTL_BALANCED_LINKS Left = Node->LeftChild;

    Node->LeftChild = Left->RightChild;
    if (Left->RightChild != NULL)
        Left->RightChild->Parent = Node;
    Left->Parent = Node->Parent;
    RtlpReplaceChild(Node->Parent, Node, Left);
    Left->RightChild = Node;
    Node->Parent = Left;
}

/* Lifts Node's right child into Node's place. */
static VOID RtlpRotateLeft(PRTL_BALANCED_LINKS Node) {
    PRTL_BALANCED_LINKS Right = Node->RightChild;

    Node->RightChild = Right->LeftChild;
    if (Right->LeftChild != NULL)
        Right->LeftChild->Parent = Node;
    Right->Parent = Node->Parent;
    RtlpReplaceChild(Node->Parent, Node, Right);
    Right->LeftChild = Node;
    Node->Parent = Right;
}

/*
 * Restores balance at Node, whose Balance is -2 or +2.  Returns TRUE if
 * the subtree got one level shorter than it was before the rotation (always
 * after an insertion; after a deletion only if the heavy child was not
 * itself balanced).
 */
static BOOLEAN RtlpRebalance(PRTL_BALANCED_LINKS Node) {
    CHAR Sign = Node->Balance < 0 ? LEFT_HEAVY : RIGHT_HEAVY;
    PRTL_BALANCED_LINKS Child = Sign == LEFT_HEAVY ? Node->LeftChild : Node->RightChild;

    if (Child->Balance == -Sign) {
        /* Double rotation through the grandchild on the inner side. */
        PRTL_BALANCED_LINKS Grand = Sign == LEFT_HEAVY ? Child->RightChild : Child->LeftChild;

        if (Sign == LEFT_HEAVY) {
            RtlpRotateLeft(Child);
            RtlpRotateRight(Node);
        } else {
            RtlpRotateRight(Child);
            RtlpRotateLeft(Node);
        }
        Node->Balance = Grand->Balance == Sign ? -Sign : 0;
        Child->Balance = Grand->Balance == -Sign ? Sign : 0;
        Grand->Balance = 0;
        return TRUE;
    }
    if (Sign == LEFT_HEAVY)
        RtlpRotateRight(Node);
    else
        RtlpRotateLeft(Node);
    if (Child->Balance == 0) {
        /* Only after a deletion: the height is unchanged. */
        Node->Balance = Sign;
        Child->Balance = -Sign;
        return FALSE;
    }
    Node->Balance = 0;
    Child->Balance = 0;
    return TRUE;
}

/* ---- Insertion ----------------------------------------------------------- */

/* Node was just linked in as a leaf: walk up while subtrees grow. */
static VOID RtlpRebalanceAfterInsert(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node) {
    PRTL_BALANCED_LINKS Parent = Node->Parent;

    while (Parent != &Table->BalancedRoot) {
        Parent->Balance += Node == Parent->LeftChild ? LEFT_HEAVY : RIGHT_HEAVY;
        if (Parent->Balance == 0)
            return;
        if (Parent->Balance == -2 || Parent->Balance == 2) {
            RtlpRebalance(Parent);
            return;
        }
        Node = Parent;
        Parent = Node->Parent;
    }
}

PVOID NTAPI RtlInsertElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                CLONG BufferSize, PBOOLEAN NewElement,
                                                PVOID NodeOrParent,
                                                TABLE_SEARCH_RESULT SearchResult) {
    PRTL_BALANCED_LINKS Parent = NodeOrParent;
    PRTL_BALANCED_LINKS Node;

    if (SearchResult == TableFoundNode) {
        if (NewElement != NULL)
            *NewElement = FALSE;
        return RtlpElementOf(Parent);
    }
    Node = Table->AllocateRoutine(Table, (CLONG)sizeof(RTL_BALANCED_LINKS) + BufferSize);
    if (Node == NULL) {
        if (NewElement != NULL)
            *NewElement = FALSE;
        return NULL;
    }
    RtlZeroMemory(Node, sizeof(*Node));
    if (SearchResult == TableEmptyTree) {
        Table->BalancedRoot.RightChild = Node;
        Node->Parent = &Table->BalancedRoot;
    } else {
        if (SearchResult == TableInsertAsLeft)
            Parent->LeftChild = Node;
        else
            Parent->RightChild = Node;
        Node->Parent = Parent;
    }
    RtlMoveMemory(RtlpElementOf(Node), Buffer, BufferSize);
    Table->NumberGenericTableElements++;
    Table->WhichOrderedElement = 0;
    RtlpRebalanceAfterInsert(Table, Node);
    if (NewElement != NULL)
        *NewElement = TRUE;
    return RtlpElementOf(Node);
}

PVOID NTAPI RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer, CLONG BufferSize,
                                            PBOOLEAN NewElement) {
    PRTL_BALANCED_LINKS NodeOrParent;
    TABLE_SEARCH_RESULT Result = RtlpFind(Table, Buffer, &NodeOrParent);

    return RtlInsertElementGenericTableFullAvl(Table, Buffer, BufferSize, NewElement, NodeOrParent,
                                               Result);
}

/* ---- Deletion ------------------------------------------------------------ */

/* The subtree on side (LEFT_HEAVY or RIGHT_HEAVY) of Node got shorter: walk up. */
static VOID RtlpRebalanceAfterDelete(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node, CHAR Side) {
    while (Node != &Table->BalancedRoot) {
        PRTL_BALANCED_LINKS Parent = Node->Parent;
        CHAR ParentSide = Parent->LeftChild == Node ? LEFT_HEAVY : RIGHT_HEAVY;

        Node->Balance -= Side;
        if (Node->Balance == LEFT_HEAVY || Node->Balance == RIGHT_HEAVY)
            return; /* was balanced: height unchanged */
        if (Node->Balance != 0 && !RtlpRebalance(Node))
            return;
        Node = Parent;
        Side = ParentSide;
    }
}

/* Puts New (already unlinked) where Old is, with Old's children and balance. */
static VOID RtlpTakePlace(PRTL_BALANCED_LINKS New, PRTL_BALANCED_LINKS Old) {
    New->LeftChild = Old->LeftChild;
    New->RightChild = Old->RightChild;
    New->Balance = Old->Balance;
    New->Parent = Old->Parent;
    if (New->LeftChild != NULL)
        New->LeftChild->Parent = New;
    if (New->RightChild != NULL)
        New->RightChild->Parent = New;
    RtlpReplaceChild(Old->Parent, Old, New);
}

static VOID RtlpUnlink(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node) {
    PRTL_BALANCED_LINKS Start;
    CHAR Side;

    if (Node->LeftChild != NULL && Node->RightChild != NULL) {
        PRTL_BALANCED_LINKS Next = RtlpLeftmost(Node->RightChild);

        /* Detach Next (it has no left child), then let it stand in for Node. */
        if (Next->Parent == Node) {
            Node->RightChild = Next->RightChild;
            Start = Next;
            Side = RIGHT_HEAVY;
        } else {
            Next->Parent->LeftChild = Next->RightChild;
            Start = Next->Parent;
            Side = LEFT_HEAVY;
        }
        if (Next->RightChild != NULL)
            Next->RightChild->Parent = Next->Parent == Node ? Node : Next->Parent;
        RtlpTakePlace(Next, Node);
    } else {
        PRTL_BALANCED_LINKS Child = Node->LeftChild != NULL ? Node->LeftChild : Node->RightChild;

        Start = Node->Parent;
        Side = Start->LeftChild == Node ? LEFT_HEAVY : RIGHT_HEAVY;
        RtlpReplaceChild(Start, Node, Child);
        if (Child != NULL)
            Child->Parent = Start;
    }
    RtlpRebalanceAfterDelete(Table, Start, Side);
}

VOID NTAPI RtlDeleteElementGenericTableAvlEx(PRTL_AVL_TABLE Table, PVOID NodeOrParent) {
    PRTL_BALANCED_LINKS Node = NodeOrParent;

    if (Table->RestartKey == Node)
        Table->RestartKey = RtlpPredecessor(Table, Node);
    RtlpUnlink(Table, Node);
    Table->NumberGenericTableElements--;
    Table->DeleteCount++;
    Table->WhichOrderedElement = 0;
    Table->OrderedPointer = NULL;
    Table->FreeRoutine(Table, Node);
}

BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer) {
    PRTL_BALANCED_LINKS Node;

    if (RtlpFind(Table, Buffer, &Node) != TableFoundNode)
        return FALSE;
    RtlDeleteElementGenericTableAvlEx(Table, Node);
    return TRUE;
}

/* ---- Lookup and enumeration ---------------------------------------------- */

PVOID NTAPI RtlLookupElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                PVOID *NodeOrParent,
                                                TABLE_SEARCH_RESULT *SearchResult) {
    PRTL_BALANCED_LINKS Node;

    *SearchResult = RtlpFind(Table, Buffer, &Node);
    *NodeOrParent = Node;
    return *SearchResult == TableFoundNode ? RtlpElementOf(Node) : NULL;
}

PVOID NTAPI RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer) {
    PRTL_BALANCED_LINKS Node;

    if (RtlpFind(Table, Buffer, &Node) != TableFoundNode)
        return NULL;
    return RtlpElementOf(Node);
}

/* The leftmost element that compares equal to Buffer (for range-style compares). */
PVOID NTAPI RtlLookupFirstMatchingElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         PVOID *RestartKey) {
    PRTL_BALANCED_LINKS Node, Previous;

    *RestartKey = NULL;
    if (RtlpFind(Table, Buffer, &Node) != TableFoundNode)
        return NULL;
    while ((Previous = RtlpPredecessor(Table, Node)) != NULL &&
           Table->CompareRoutine(Table, Buffer, RtlpElementOf(Previous)) == GenericEqual)
        Node = Previous;
    *RestartKey = Node;
    return RtlpElementOf(Node);
}

PVOID NTAPI RtlEnumerateGenericTableWithoutSplayingAvl(PRTL_AVL_TABLE Table, PVOID *RestartKey) {
    PRTL_BALANCED_LINKS Node;

    if (RtlpRoot(Table) == NULL)
        return NULL;
    if (*RestartKey == NULL)
        Node = RtlpLeftmost(RtlpRoot(Table));
    else
        Node = RtlpSuccessor(Table, *RestartKey);
    if (Node == NULL)
        return NULL;
    *RestartKey = Node;
    return RtlpElementOf(Node);
}

PVOID NTAPI RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart) {
    PVOID Key;
    PVOID Element;

    if (Restart)
        Table->RestartKey = NULL;
    Key = Table->RestartKey;
    Element = RtlEnumerateGenericTableWithoutSplayingAvl(Table, &Key);
    Table->RestartKey = Key;
    return Element;
}

/*
 * The element at 0-based position I in order.  Walks from whichever of the
 * first element, the cached position and the last element is closest.
 */
PVOID NTAPI RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I) {
    ULONG Count = Table->NumberGenericTableElements;
    ULONG Target = I + 1; /* positions are 1-based, as in WhichOrderedElement */
    PRTL_BALANCED_LINKS Node;
    ULONG Position;

    if (I >= Count)
        return NULL;
    if (Target <= Count - Target + 1) {
        Node = RtlpLeftmost(RtlpRoot(Table));
        Position = 1;
    } else {
        Node = RtlpRightmost(RtlpRoot(Table));
        Position = Count;
    }
    if (Table->WhichOrderedElement != 0) {
        ULONG Cached = Table->WhichOrderedElement;
        ULONG FromCache = Cached > Target ? Cached - Target : Target - Cached;
        ULONG FromStart = Position > Target ? Position - Target : Target - Position;

        if (FromCache < FromStart) {
            Node = Table->OrderedPointer;
            Position = Cached;
        }
    }
    for (; Position < Target; Position++)
        Node = RtlpSuccessor(Table, Node);
    for (; Position > Target; Position--)
        Node = RtlpPredecessor(Table, Node);
    Table->OrderedPointer = Node;
    Table->WhichOrderedElement = Target;
    return RtlpElementOf(Node);
}
