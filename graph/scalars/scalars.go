// Package scalars marshals the schema's custom scalars: Date, and numeric IDs sent as strings.
package scalars

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"zeroaccident/server/campaign"
)

// MarshalDate writes a calendar date as "2006-01-02".
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
	})
}

// UnmarshalDate reads "2006-01-02" as midnight China Standard Time.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("日期须为 YYYY-MM-DD 格式的字符串 (a date must be a string like 2020-05-10)")
	}
	t, err := time.ParseInLocation(time.DateOnly, s, campaign.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("日期 %q 无效，须为 YYYY-MM-DD (invalid date, expected YYYY-MM-DD)", s)
	}
	return t, nil
}

// MarshalInt64ID writes a numeric id as the string GraphQL's ID type is on the wire.
func MarshalInt64ID(id int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(id, 10)))
	})
}

// UnmarshalInt64ID reads an id given as a string (or, leniently, a number).
func UnmarshalInt64ID(v any) (int64, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	default:
		return 0, fmt.Errorf("编号须为数字字符串 (an id must be a numeric string)")
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("无效的编号 %q (invalid id)", s)
	}
	return id, nil
}
