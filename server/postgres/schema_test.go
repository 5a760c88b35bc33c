package postgres_test

import (
	"context"
	"strings"
	"testing"

	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/seed"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Every migration must roll back cleanly, and the schema must come back the same.
func TestMigrationsUpDownUp(t *testing.T) {
	db, _ := pgtest.MustEmptyDB(t)
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	first := tables(t, db)
	if len(first) < 20 {
		t.Fatalf("expected the whole domain schema, got %d tables: %v", len(first), first)
	}
	if err := db.MigrateDownAll(ctx); err != nil {
		t.Fatalf("down: %v", err)
	}
	if left := tables(t, db); len(left) != 0 {
		t.Fatalf("down left tables behind: %v", left)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if again := tables(t, db); strings.Join(again, ",") != strings.Join(first, ",") {
		t.Fatalf("schema differs after up-down-up:\n%v\n%v", first, again)
	}
	current, err := db.MigrationsCurrent(ctx)
	if err != nil || !current {
		t.Fatalf("MigrationsCurrent = %v, %v; want true", current, err)
	}
}

func tables(t *testing.T, db *postgres.DB) []string {
	t.Helper()
	var names []string
	err := db.Raw(context.Background(), &names, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

var countedTables = []string{
	"counties", "towns", "departments", "sectors", "sector_lead_departments", "unit_categories",
	"targets", "creation_standards", "reporting_deadlines", "units", "users",
}

func counts(t *testing.T, db *postgres.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range countedTables {
		var n int
		if err := db.Raw(context.Background(), &n, "SELECT count(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestReferenceSeed(t *testing.T) {
	db, _ := pgtest.MustDB(t)
	ctx := context.Background()
	before := counts(t, db)
	want := map[string]int{
		"counties": 7, "towns": 72, "departments": 24, "sectors": 25, "sector_lead_departments": 26,
		"unit_categories": 11, "targets": 3, "creation_standards": 10, "reporting_deadlines": 5,
	}
	for table, n := range want {
		if before[table] != n {
			t.Errorf("%s: %d rows, want %d", table, before[table], n)
		}
	}
	var villages int
	if err := db.Raw(ctx, &villages, "SELECT count(*) FROM units WHERE category_code = 'village_community'"); err != nil {
		t.Fatal(err)
	}
	if villages != 1277 {
		t.Errorf("villages and communities: %d, want 1277", villages)
	}
	var misplaced int
	if err := db.Raw(ctx, &misplaced, `SELECT count(*) FROM units u JOIN towns t ON t.code = u.town_code
		WHERE t.county_code <> u.county_code OR left(u.division_code, 9) <> u.town_code`); err != nil {
		t.Fatal(err)
	}
	if misplaced != 0 {
		t.Errorf("%d villages are not in their real town and county", misplaced)
	}

	t.Run("seeding twice changes nothing", func(t *testing.T) {
		if err := seed.Reference(ctx, db); err != nil {
			t.Fatal(err)
		}
		after := counts(t, db)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("%s: %d rows after a second seed, %d before", table, after[table], n)
			}
		}
	})
}

// The database itself refuses what the domain forbids, whatever the application does.
func TestConstraints(t *testing.T) {
	db, _ := pgtest.MustDB(t)
	ctx := context.Background()
	var unitID int64
	if err := db.Raw(ctx, &unitID, "SELECT id FROM units ORDER BY id LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	// each case names the SQLSTATE it must fail with, so a typo in the statement cannot pass
	const check, foreignKey = "23514", "23503"
	cases := []struct {
		name, sql string
		args      []any
		code      string
	}{
		{"hazard with an unknown level", `INSERT INTO hazards (unit_id, county_code, level, description, found_on)
			SELECT id, county_code, 'CATASTROPHIC', '消防通道堵塞', '2021-03-01' FROM units WHERE id = ?`, []any{unitID}, check},
		{"incident with negative deaths", `INSERT INTO incidents (unit_id, county_code, sector_number, occurred_at, occurred_year, kind, deaths, severity)
			SELECT id, county_code, sector_number, '2021-03-01', 2021, '火灾', -1, 'GENERAL' FROM units WHERE id = ?`, []any{unitID}, check},
		{"incident with negative loss", `INSERT INTO incidents (unit_id, county_code, sector_number, occurred_at, occurred_year, kind, direct_loss_wan, severity)
			SELECT id, county_code, sector_number, '2021-03-01', 2021, '火灾', -0.5, 'GENERAL' FROM units WHERE id = ?`, []any{unitID}, check},
		{"major hazard rectifying without a plan", `INSERT INTO hazards (unit_id, county_code, level, state, description, found_on)
			SELECT id, county_code, 'MAJOR', 'RECTIFYING', '尾矿库坝体裂缝', '2021-03-01' FROM units WHERE id = ?`, []any{unitID}, check},
		{"unit whose town lies in another county", `INSERT INTO units (name, category_code, sector_number, county_code, town_code, enrolled_on)
			VALUES ('测试单位', 'school', 11, '140603', '140602001', '2020-01-01')`, nil, foreignKey},
		{"unit with a malformed credit code", `INSERT INTO units (name, category_code, sector_number, county_code, town_code, enrolled_on, credit_code)
			VALUES ('测试单位', 'school', 11, '140602', '140602001', '2020-01-01', '91140600ABCDEFGHIO')`, nil, check},
		{"county with a malformed code", `INSERT INTO counties (code, name) VALUES ('14060', '测试县')`, nil, check},
		{"user whose role lacks its scope", `INSERT INTO users (username, display_name, password_hash, role)
			VALUES ('no_scope', '无范围', 'x', 'COUNTY_ADMIN')`, nil, check},
		{"target above 100 %", `INSERT INTO targets (year, village, enterprise) VALUES (2030, 1.2, 0.9)`, nil, check},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := db.Exec(ctx, c.sql, c.args...)
			if err == nil {
				t.Fatal("the database accepted it")
			}
			if !strings.Contains(err.Error(), "SQLSTATE "+c.code) {
				t.Fatalf("refused for another reason: %v (want SQLSTATE %s)", err, c.code)
			}
		})
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db, _ := pgtest.MustDB(t)
	ctx := context.Background()
	if err := db.Audit(ctx, postgres.AuditEntry{ActorUsername: "tester", Action: "probe", Entity: "test", After: map[string]int{"n": 1}}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE audit_log SET action = 'forged' WHERE entity = 'test'",
		"DELETE FROM audit_log WHERE entity = 'test'",
		"TRUNCATE audit_log",
	} {
		if err := db.Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only refusal", stmt, err)
		}
	}
	var n int
	if err := db.Raw(ctx, &n, "SELECT count(*) FROM audit_log WHERE entity = 'test' AND action = 'probe'"); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("audit rows after the attempts: %d, want 1", n)
	}
}
