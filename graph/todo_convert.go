package graph

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/todo"
)

// todoEntry is a to-do item with its place in the list.
type todoEntry struct {
	item   campaign.TodoItem
	cursor todo.Cursor
}

type todoCursorJSON struct {
	R int    `json:"r"`
	D string `json:"d"`
	U int64  `json:"u"`
	H int64  `json:"h"`
}

func encodeTodoCursor(c todo.Cursor) string {
	b, _ := json.Marshal(todoCursorJSON{R: c.Rank, D: c.Deadline.Format(time.DateOnly), U: c.UnitID, H: c.HazardID})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeTodoCursor(after *string) (*todo.Cursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	bad := campaign.Invalid("after", "无效的分页游标 (invalid cursor)")
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || len(b) > 200 {
		return nil, bad
	}
	var j todoCursorJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, bad
	}
	d, err := time.Parse(time.DateOnly, j.D)
	if err != nil {
		return nil, bad
	}
	return &todo.Cursor{Rank: j.R, Deadline: d, UnitID: j.U, HazardID: j.H}, nil
}
