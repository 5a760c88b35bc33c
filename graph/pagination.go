package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"zeroaccident/server/campaign"
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
