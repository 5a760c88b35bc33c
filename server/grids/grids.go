// Package grids keeps the towns' grids (网格): a town admin (or its county, or the city office)
// names grids, puts units in them (a unit in at most one) and assigns the town's grid workers,
// whose read scope is then the units of their grids. Rules come from server/policy; every change
// is audited in its transaction.
package grids

import (
	"strings"
	"unicode/utf8"

	"zeroaccident/server/campaign"
)

// Bounds of one change.
const (
	MaxUnitsPerGrid   = 500
	MaxWorkersPerGrid = 20
)

// checkName trims a grid name and checks its length.
func checkName(name string) (string, error) {
	n := strings.TrimSpace(name)
	if l := utf8.RuneCountInString(n); l < 1 || l > 100 {
		return "", campaign.Invalid("name", "网格名称须为 1-100 个字符 (a grid name must be 1-100 characters)")
	}
	return n, nil
}

// distinct drops repeated ids, keeping the first order.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
