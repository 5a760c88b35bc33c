package graph

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// Page sizes: lists answer DefaultPageSize items unless asked, and never more than MaxPageSize.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// pageSize validates the connection argument `first`.
func pageSize(first *int) (int, error) {
	if first == nil {
		return DefaultPageSize, nil
	}
	if *first < 1 || *first > MaxPageSize {
		return 0, campaign.Invalid("first", "每页条数须在 1-%d 之间 (first must be between 1 and %d)", MaxPageSize, MaxPageSize)
	}
	return *first, nil
}

// Cursors are opaque to clients: base64 of "kind:id", so a cursor of one list is refused by another.
func encodeCursor(kind string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.FormatInt(id, 10)))
}

func decodeCursor(kind string, after *string) (int64, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(raw), kind+":"); ok {
			if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id >= 0 {
				return id, nil
			}
		}
	}
	return 0, campaign.Invalid("after", "无效的分页游标 (invalid cursor)")
}

// keyCursor is the position in a list sorted by a key other than the id: the sort it belongs to,
// the key of the last row and its id (which breaks ties).
type keyCursor struct {
	Sort string `json:"s"`
	postgres.UnitCursor
}

func encodeKeyCursor(sort, key string, id int64) string {
	b, _ := json.Marshal(keyCursor{Sort: sort, UnitCursor: postgres.UnitCursor{Key: key, ID: id}})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeKeyCursor(sort string, after *string) (*postgres.UnitCursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	var c keyCursor
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Sort != sort || c.ID <= 0 {
		return nil, campaign.Invalid("after", "无效的分页游标 (invalid cursor)")
	}
	return &c.UnitCursor, nil
}

// page trims the extra row a list query fetched to learn whether a next page exists, and builds
// the connection's edges and page info.
func page[T, E any](items []T, limit int, hasPrev bool, cursor func(T) string, edge func(string, *T) E) ([]E, *model.PageInfo) {
	info := &model.PageInfo{HasPreviousPage: hasPrev}
	if len(items) > limit {
		items, info.HasNextPage = items[:limit], true
	}
	edges := make([]E, len(items))
	var first, last string
	for i := range items {
		c := cursor(items[i])
		if i == 0 {
			first = c
		}
		last = c
		edges[i] = edge(c, &items[i])
	}
	if len(items) > 0 {
		info.StartCursor, info.EndCursor = &first, &last
	}
	return edges, info
}
