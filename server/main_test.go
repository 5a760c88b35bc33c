package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"zeroaccident/server/config"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestUserCreateCommand(t *testing.T) {
	db, url := pgtest.MustDB(t)
	cfg, err := config.FromEnv(func(k string) string {
		if k == "DATABASE_URL" {
			return url
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	args := []string{"create", "--username", "pingLu_ops", "--role", "COUNTY_ADMIN", "--county", "140603", "--name", "平鲁区应急局"}
	if err := userCmd(ctx, cfg, args, strings.NewReader("a-long-password\n"), log); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Username, Role, CountyCode, DisplayName string
	}
	if err := db.Raw(ctx, &got, "SELECT username, role, county_code, display_name FROM users WHERE username = 'pinglu_ops'"); err != nil {
		t.Fatal(err)
	}
	if got.Role != "COUNTY_ADMIN" || got.CountyCode != "140603" || got.DisplayName != "平鲁区应急局" {
		t.Fatalf("created %+v", got)
	}
	// a county admin without a county is refused with the field named
	err = userCmd(ctx, cfg, []string{"create", "--username", "no_scope", "--role", "COUNTY_ADMIN"}, strings.NewReader("a-long-password\n"), log)
	if err == nil || !strings.Contains(err.Error(), "countyCode") {
		t.Fatalf("err = %v", err)
	}
}
