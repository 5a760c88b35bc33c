package postgres

import (
	"context"
	"fmt"

	"zeroaccident/server/campaign"
)

// UsersByID loads the named users (who found a hazard, say), in one statement.
func (db *DB) UsersByID(ctx context.Context, ids []int64) (map[int64]campaign.User, error) {
	var rows []userRow
	if err := db.gorm.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load users: %w", err)
	}
	out := make(map[int64]campaign.User, len(rows))
	for _, r := range rows {
		out[r.ID] = toUser(r)
	}
	return out, nil
}
