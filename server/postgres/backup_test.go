package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/seed"
)

// repoRoot is found from this file's path: the scripts live at the top of the repository.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestBackupAndRestore runs scripts/backup.sh on a database with the reference data and some
// generated units, restores the dump with scripts/restore.sh into a new database, and compares
// every table (row count and a checksum of all rows in primary-key order) and every sequence.
// restore.sh must then refuse to restore over the database it just made.
func TestBackupAndRestore(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	if !havePgDump() {
		t.Skip("no pg_dump on PATH nor in /usr/lib/postgresql/*/bin")
	}
	ctx := context.Background()
	src, srcURL := pgtest.MustEmptyDB(t)
	if _, err := src.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := seed.Reference(ctx, src); err != nil {
		t.Fatal(err)
	}
	addRows(t, src)

	root := repoRoot(t)
	backupDir := t.TempDir()
	out := runScript(t, root, []string{"DATABASE_URL=" + srcURL, "BACKUP_DIR=" + backupDir}, "scripts/backup.sh")
	file := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	if !strings.HasPrefix(file, backupDir+"/") || !strings.HasSuffix(file, ".dump") {
		t.Fatalf("backup.sh printed %q, want a .dump file under %s", file, backupDir)
	}
	if st, err := os.Stat(file); err != nil || st.Size() == 0 || st.Mode().Perm()&0o077 != 0 {
		t.Fatalf("backup file %s: %v %v (want non-empty and private)", file, st, err)
	}

	restored := fmt.Sprintf("za_restored_%d_%d", os.Getpid(), time.Now().UnixNano())
	dstURL := withDB(t, srcURL, restored)
	t.Cleanup(func() { dropDB(srcURL, restored) })
	runScript(t, root, []string{"DATABASE_URL=" + srcURL}, "scripts/restore.sh", file, restored)
	dst, err := postgres.Open(ctx, dstURL, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()

	tables := tableList(t, src)
	if len(tables) < 20 {
		t.Fatalf("only %d tables in the source: %v", len(tables), tables)
	}
	if got := tableList(t, dst); strings.Join(got, ",") != strings.Join(tables, ",") {
		t.Fatalf("restored tables %v, want %v", got, tables)
	}
	for _, table := range tables {
		t.Run(table, func(t *testing.T) {
			want, got := tableDigest(t, src, table), tableDigest(t, dst, table)
			if got != want {
				t.Errorf("restored %s: %s, want %s", table, got, want)
			}
		})
	}
	t.Run("units are there", func(t *testing.T) {
		if d := tableDigest(t, dst, "units"); strings.HasPrefix(d, "0 rows") {
			t.Errorf("units: %s", d)
		}
	})
	t.Run("sequences", func(t *testing.T) {
		if want, got := sequences(t, src), sequences(t, dst); got != want {
			t.Errorf("sequences %s, want %s", got, want)
		}
	})
	t.Run("no overwrite", func(t *testing.T) {
		cmd := exec.Command("bash", filepath.Join(root, "scripts/restore.sh"), file, restored)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+srcURL)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "exists already") {
			t.Fatalf("restore over an existing database: %v\n%s", err, out)
		}
	})
}

// addRows puts generated units (with safety officers) and a few other rows in the database, so
// that the comparison covers more than the reference data.
func addRows(t *testing.T, db *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	ref, err := seed.LoadReference()
	if err != nil {
		t.Fatal(err)
	}
	units, officers, err := seed.DemoUnits(1, 7, ref.Counties, ref.Towns)
	if err != nil {
		t.Fatal(err)
	}
	n := min(500, len(units))
	if _, err := db.BulkInsertUnits(ctx, units[:n], officers[:n]); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO login_failures (username, client_ip) VALUES ('x', '127.0.0.1'), ('y', '::1')`,
		`UPDATE units SET name = name || '（改）', version = version + 1 WHERE id IN (SELECT id FROM units ORDER BY id LIMIT 3)`,
	} {
		if err := db.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
}

func runScript(t *testing.T, root string, env []string, script string, args ...string) string {
	t.Helper()
	cmd := exec.Command("bash", append([]string{filepath.Join(root, script)}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\nstdout: %s\nstderr: %s", script, args, err, out, stderr.String())
	}
	return string(out)
}

func havePgDump() bool {
	if _, err := exec.LookPath("pg_dump"); err == nil {
		return true
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
	return len(m) > 0
}

func withDB(t *testing.T, dbURL, name string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func dropDB(dbURL, name string) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return
	}
	u.Path = "/postgres"
	// dropping takes a moment: not a slow query worth a log line
	db, err := postgres.Open(context.Background(), u.String(), postgres.Options{SlowThreshold: time.Minute})
	if err != nil {
		return
	}
	defer db.Close()
	_ = db.Exec(context.Background(), `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
}

func tableList(t *testing.T, db *postgres.DB) []string {
	t.Helper()
	var rows []struct{ TableName string }
	if err := db.Raw(context.Background(), &rows, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.TableName
	}
	return out
}

// tableDigest is "<count> rows <md5>" of every row's text form, in primary-key order (whole-row
// order for a table without a primary key).
func tableDigest(t *testing.T, db *postgres.DB, table string) string {
	t.Helper()
	var pk []struct{ Attname string }
	if err := db.Raw(context.Background(), &pk, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
		WHERE i.indrelid = ('public.' || quote_ident(?))::regclass AND i.indisprimary
		ORDER BY array_position(i.indkey::int2[], a.attnum)`, table); err != nil {
		t.Fatal(err)
	}
	order := "t::text"
	if len(pk) > 0 {
		cols := make([]string, len(pk))
		for i, c := range pk {
			cols[i] = `t."` + c.Attname + `"`
		}
		order = strings.Join(cols, ", ")
	}
	var out []struct {
		N   int64
		Sum string
	}
	q := fmt.Sprintf(`SELECT count(*) AS n, coalesce(md5(string_agg(t::text, E'\n' ORDER BY %s)), '') AS sum FROM public."%s" t`, order, table)
	if err := db.Raw(context.Background(), &out, q); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d rows %s", out[0].N, out[0].Sum)
}

func sequences(t *testing.T, db *postgres.DB) string {
	t.Helper()
	var rows []struct {
		Sequencename string
		LastValue    *int64
	}
	if err := db.Raw(context.Background(), &rows, `SELECT sequencename, last_value FROM pg_sequences
		WHERE schemaname = 'public' ORDER BY sequencename`); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		v := "null"
		if r.LastValue != nil {
			v = fmt.Sprint(*r.LastValue)
		}
		fmt.Fprintf(&b, "%s=%s ", r.Sequencename, v)
	}
	return b.String()
}
