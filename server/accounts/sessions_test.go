package accounts_test

import (
	"context"
	"testing"
	"time"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: not heard within 30 s", what)
	}
}

// The session check reuses its results while the server listens for their changes, and a
// revocation is seen on the next request: through the API (logout, deactivation, password change)
// and through SQL alone (a PostgreSQL NOTIFY from the trigger of migration 00030).
func TestSessionCacheSeesRevocations(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{WatchSessions: true})
	wait(t, app.Accounts.WaitWatching(), "LISTEN za_session")
	ctx := context.Background()
	me := func(token string) string {
		t.Helper()
		return app.Query(t, token, meQuery, nil).Code()
	}
	userID := func(name string) int64 {
		var id int64
		if err := app.DB.Raw(ctx, &id, `SELECT id FROM users WHERE username = ?`, name); err != nil {
			t.Fatal(err)
		}
		return id
	}

	// cached: the second request does not read the database for the session check
	user := mustUser(t, app, "right-password")
	// signed in through the service: the API's login reads its payload as the new user and so
	// warms the cache itself
	first, err := app.Accounts.Login(ctx, user, "right-password", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	s := apptest.Session{AccessToken: first.AccessToken, RefreshToken: first.RefreshToken}
	counted := func() int64 {
		t.Helper()
		app.Statements.Store(0)
		if code := me(s.AccessToken); code != "" {
			t.Fatalf("me: %s", code)
		}
		return app.Statements.Load()
	}
	if first, second := counted(), counted(); second != first-1 {
		t.Errorf("me cost %d statements, then %d: the session check was not reused", first, second)
	}

	// logout through the API
	if res := app.Query(t, s.AccessToken, `mutation { logout }`, nil); res.Code() != "" {
		t.Fatalf("logout: %+v", res.Errors)
	}
	if code := me(s.AccessToken); code != campaign.EUNAUTHENTICATED {
		t.Fatalf("after logout the access token still works (%q)", code)
	}

	// deactivation by the city admin through the API
	s = app.MustLoginWith(t, user, "right-password")
	if code := me(s.AccessToken); code != "" {
		t.Fatalf("new session: %s", code)
	}
	admin := app.MustLogin(t, "city_admin").AccessToken
	var version int
	if err := app.DB.Raw(ctx, &version, `SELECT version FROM users WHERE username = ?`, user); err != nil {
		t.Fatal(err)
	}
	res := app.Query(t, admin, `mutation($id: ID!, $v: Int!) { deactivateUser(id: $id, version: $v) { active } }`,
		map[string]any{"id": userID(user), "v": version})
	if res.Code() != "" {
		t.Fatalf("deactivate: %+v", res.Errors)
	}
	if code := me(s.AccessToken); code != campaign.EUNAUTHENTICATED {
		t.Fatalf("after deactivation the access token still works (%q)", code)
	}

	// a change in SQL alone: the next request after the notification is heard is refused
	other := mustUser(t, app, "right-password")
	s = app.MustLoginWith(t, other, "right-password")
	for range 2 {
		if code := me(s.AccessToken); code != "" {
			t.Fatalf("before the SQL change: %s", code)
		}
	}
	heard := app.Accounts.WaitSessionChange(userID(other))
	if err := app.DB.Exec(ctx, `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ?`, userID(other)); err != nil {
		t.Fatal(err)
	}
	wait(t, heard, "the revocation's notification")
	if code := me(s.AccessToken); code != campaign.EUNAUTHENTICATED {
		t.Fatalf("after revoking in SQL the access token still works (%q)", code)
	}

	// and a token version bump in SQL (what a password reset does)
	third := mustUser(t, app, "right-password")
	s = app.MustLoginWith(t, third, "right-password")
	me(s.AccessToken)
	heard = app.Accounts.WaitSessionChange(userID(third))
	if err := app.DB.Exec(ctx, `UPDATE users SET token_version = token_version + 1 WHERE id = ?`, userID(third)); err != nil {
		t.Fatal(err)
	}
	wait(t, heard, "the token version's notification")
	if code := me(s.AccessToken); code != campaign.EUNAUTHENTICATED {
		t.Fatalf("after a token version bump in SQL the access token still works (%q)", code)
	}
}
