// Package todo answers 我的待办: per role, the hazards to rectify or to verify, those past their
// deadline or due within a week, the units without a self-check this month and the grid units not
// patrolled this month, each with the place in the app where it is acted on.
package todo

import (
	"fmt"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

// DueSoonDays is how far ahead "due soon" looks.
const DueSoonDays = 7

// Inspection kinds the to-do list looks for. GRID_PATROL is the kind grid workers record (issue 12
// point 4); until it exists every grid unit is due.
const (
	KindSelfCheck  = "SELF_CHECK"
	KindGridPatrol = "GRID_PATROL"
)

// KindsFor are the kinds of to-do items a role has: unit officers rectify their hazards and
// self-check; the levels that verify get hazards to verify; grid workers patrol; everyone who acts
// sees what is overdue or due soon in its scope. Analysts only read.
func KindsFor(r campaign.Role) []campaign.TodoKind {
	switch r {
	case policy.UnitOfficer:
		return []campaign.TodoKind{campaign.TodoRectify, campaign.TodoOverdue, campaign.TodoDueSoon, campaign.TodoSelfCheckDue}
	case policy.GridWorker:
		return []campaign.TodoKind{campaign.TodoOverdue, campaign.TodoDueSoon, campaign.TodoPatrolDue}
	case policy.TownAdmin:
		return []campaign.TodoKind{campaign.TodoVerify, campaign.TodoOverdue, campaign.TodoDueSoon, campaign.TodoSelfCheckDue}
	case policy.CityAdmin, policy.CountyAdmin, policy.DepartmentUser:
		return []campaign.TodoKind{campaign.TodoVerify, campaign.TodoOverdue, campaign.TodoDueSoon}
	}
	return nil
}

// Link is where in the app an item is acted on.
func Link(kind campaign.TodoKind, unitID int64, hazardID *int64) string {
	switch kind {
	case campaign.TodoSelfCheckDue:
		return fmt.Sprintf("/units/%d?tab=inspections&record=%s", unitID, KindSelfCheck)
	case campaign.TodoPatrolDue:
		return fmt.Sprintf("/units/%d?tab=inspections&record=%s", unitID, KindGridPatrol)
	}
	if hazardID != nil {
		return fmt.Sprintf("/units/%d?tab=hazards&hazard=%d", unitID, *hazardID)
	}
	return fmt.Sprintf("/units/%d", unitID)
}

// Month is the calendar month (China Standard Time) of a day: its first day and the first of the next.
func Month(today time.Time) (start, next time.Time) {
	t := campaign.DayOf(today)
	start = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, campaign.Local)
	return start, start.AddDate(0, 1, 0)
}

// Counts are the numbers of items per kind and in all (an item counted under two kinds, say
// to verify and overdue, counts once in Total).
type Counts struct {
	ByKind map[campaign.TodoKind]int
	Total  int
}

// Cursor is a position in the list: items are ordered by kind, deadline, unit and hazard.
type Cursor struct {
	Rank     int
	Deadline time.Time
	UnitID   int64
	HazardID int64
}
