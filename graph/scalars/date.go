// Package scalars marshals the schema's custom scalars.
package scalars

import (
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
