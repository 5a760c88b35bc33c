package campaign

import "time"

// Grid is a town's 网格: some of its units, patrolled by its grid workers. A unit is in at most
// one grid.
type Grid struct {
	ID         int64
	CountyCode string
	TownCode   string
	Name       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int
}

// TodoKind is what a to-do item asks for.
type TodoKind string

const (
	TodoRectify      TodoKind = "RECTIFY"
	TodoVerify       TodoKind = "VERIFY"
	TodoOverdue      TodoKind = "OVERDUE"
	TodoDueSoon      TodoKind = "DUE_SOON"
	TodoSelfCheckDue TodoKind = "SELF_CHECK_DUE"
	TodoPatrolDue    TodoKind = "PATROL_DUE"
)

// TodoKinds lists the kinds in the order the list shows them.
var TodoKinds = []TodoKind{TodoRectify, TodoVerify, TodoOverdue, TodoDueSoon, TodoSelfCheckDue, TodoPatrolDue}

// TodoItem is one thing for the caller to do (我的待办).
type TodoItem struct {
	Kind     TodoKind
	UnitID   int64
	HazardID *int64
	Deadline *time.Time
	Link     string
}
