package seed

import (
	"context"
	"fmt"

	"zeroaccident/server/auth"
	"zeroaccident/server/postgres"
)

// Demo field accounts (issue 12), all with the demo password and no forced change but one:
//   - town_admin_<town code>: every real town's safety office;
//   - grid_<town code>_<n>: the worker of the town's n-th grid (第n网格), one grid per
//     VillagesPerGrid villages; every unit of a real town is in one of its grids;
//   - unit_<unit id>: the officers of the first UnitOfficersPerTown villages of every real town
//     (the first of them marked as the unit's 主要负责人) and of its first generated unit when the
//     demo register is loaded;
//   - unit_first_<unit id>: one unit officer of 神头镇 (FirstSignInTown) who must change the password
//     at the first sign-in, to show that flow.
const (
	VillagesPerGrid     = 6
	UnitOfficersPerTown = 4
	FirstSignInTown     = "140602100"
)

// FieldUsers creates, if missing, the demo grids and the demo town admins, grid workers and unit
// officers; deterministic (by code and id order) and idempotent. They share one password hash: a
// few hundred argon2 hashes of the same documented password would only make seeding slow.
func FieldUsers(ctx context.Context, db *postgres.DB, password string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fmt.Errorf("demo field users: %w", err)
	}
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"town admins", `
			INSERT INTO users (username, display_name, password_hash, role, county_code, town_code)
			SELECT 'town_admin_' || t.code, t.name || '安监站', ?, 'TOWN_ADMIN', t.county_code, t.code
			FROM towns t JOIN counties c ON c.code = t.county_code AND NOT c.synthetic
			ORDER BY t.code
			ON CONFLICT (username) DO NOTHING`, []any{hash}},
		{"grids", `
			INSERT INTO grids (county_code, town_code, name)
			SELECT t.county_code, t.code, '第' || n || '网格'
			FROM towns t JOIN counties c ON c.code = t.county_code AND NOT c.synthetic
			CROSS JOIN LATERAL generate_series(1, greatest(1, ceil((SELECT count(*) FROM units u
			     WHERE u.town_code = t.code AND u.category_code = 'village_community') / ?::numeric)::int)) n
			ORDER BY t.code, n
			ON CONFLICT (town_code, name) DO NOTHING`, []any{VillagesPerGrid}},
		// villages in runs of VillagesPerGrid by id, the other units spread over the town's grids
		{"units in grids", `
			WITH g AS (
			    SELECT id, town_code, row_number() OVER (PARTITION BY town_code ORDER BY id) AS n,
			           count(*) OVER (PARTITION BY town_code) AS grids
			    FROM grids),
			v AS (
			    SELECT u.id, u.town_code,
			           CASE WHEN u.category_code = 'village_community'
			                THEN (row_number() OVER (PARTITION BY u.town_code, u.category_code = 'village_community' ORDER BY u.id) - 1) / ?
			                ELSE u.id END AS k
			    FROM units u WHERE u.grid_id IS NULL AND u.archived_on IS NULL)
			UPDATE units SET grid_id = g.id
			FROM v JOIN g ON g.town_code = v.town_code
			WHERE units.id = v.id AND g.n = (v.k % g.grids) + 1`, []any{VillagesPerGrid}},
		{"grid workers", `
			INSERT INTO users (username, display_name, password_hash, role, county_code, town_code)
			SELECT 'grid_' || g.town_code || '_' || g.n, t.name || g.name || '网格员', ?, 'GRID_WORKER', g.county_code, g.town_code
			FROM (SELECT *, row_number() OVER (PARTITION BY town_code ORDER BY id) AS n FROM grids) g
			JOIN towns t ON t.code = g.town_code
			ORDER BY g.id
			ON CONFLICT (username) DO NOTHING`, []any{hash}},
		{"grid assignments", `
			INSERT INTO grid_workers (grid_id, user_id)
			SELECT g.id, u.id
			FROM (SELECT *, row_number() OVER (PARTITION BY town_code ORDER BY id) AS n FROM grids) g
			JOIN users u ON u.username = 'grid_' || g.town_code || '_' || g.n
			ON CONFLICT DO NOTHING`, nil},
		{"unit officers", `
			INSERT INTO users (username, display_name, password_hash, role, county_code, town_code, unit_id, is_principal)
			SELECT 'unit_' || x.id, left(x.name, 90) || CASE WHEN x.n = 1 THEN '主要负责人' ELSE '安全员' END, ?,
			       'UNIT_OFFICER', x.county_code, x.town_code, x.id, x.n = 1
			FROM (SELECT u.*, row_number() OVER (PARTITION BY u.town_code, u.category_code = 'village_community' ORDER BY u.id) AS n
			      FROM units u JOIN counties c ON c.code = u.county_code AND NOT c.synthetic
			      WHERE u.archived_on IS NULL) x
			WHERE (x.category_code = 'village_community' AND x.n <= ?) OR (x.category_code <> 'village_community' AND x.n = 1)
			ORDER BY x.id
			ON CONFLICT (username) DO NOTHING`, []any{hash, UnitOfficersPerTown}},
		{"first sign-in officer", `
			INSERT INTO users (username, display_name, password_hash, role, county_code, town_code, unit_id, must_change_password)
			SELECT 'unit_first_' || u.id, left(u.name, 90) || '安全员', ?, 'UNIT_OFFICER', u.county_code, u.town_code, u.id, true
			FROM units u WHERE u.town_code = ? AND u.category_code = 'village_community' AND u.archived_on IS NULL
			ORDER BY u.id OFFSET ? LIMIT 1
			ON CONFLICT (username) DO NOTHING`, []any{hash, FirstSignInTown, UnitOfficersPerTown}},
	}
	return db.InTx(ctx, func(tx *postgres.DB) error {
		for _, s := range steps {
			if err := tx.Exec(ctx, s.sql, s.args...); err != nil {
				return fmt.Errorf("demo field users: %s: %w", s.what, err)
			}
		}
		return nil
	})
}
