package accounts_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var seq atomic.Int64

// mustUser creates a fresh analyst account, so tests do not share lock-outs or sessions.
func mustUser(t *testing.T, app *apptest.App, password string) string {
	t.Helper()
	name := fmt.Sprintf("acct_%d_%d", time.Now().UnixNano()%1e9, seq.Add(1))
	_, err := app.Accounts.CreateUserUnchecked(context.Background(), accounts.NewUser{
		Username: name, DisplayName: "测试用户", Password: password, Role: campaign.RoleAnalyst,
	})
	if err != nil {
		t.Fatal(err)
	}
	return name
}

const meQuery = `{ me { username } }`

func TestLockout(t *testing.T) {
	clock := apptest.NewClock(time.Now())
	app := apptest.MustStart(t, apptest.Options{Now: clock.Now})
	user := mustUser(t, app, "right-password")

	for i := 1; i <= accounts.MaxFailures; i++ {
		res := app.Login(t, user, "wrong-password")
		if res.Code() != campaign.EUNAUTHENTICATED || !strings.Contains(res.Errors[0].Message, "用户名或密码错误") {
			t.Fatalf("wrong password #%d: %+v", i, res.Errors)
		}
		clock.Advance(time.Minute)
	}
	res := app.Login(t, user, "right-password")
	if res.Code() != campaign.EUNAUTHENTICATED || !strings.Contains(res.Errors[0].Message, "锁定") {
		t.Fatalf("the right password during the lock was not refused as locked: %+v", res)
	}
	// the lock runs 15 minutes from the fifth failure, which was 1 minute ago
	clock.Advance(accounts.LockWindow - 2*time.Minute)
	if res := app.Login(t, user, "right-password"); res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("a login just before the lock ends was let in: %+v", res)
	}
	clock.Advance(2 * time.Minute)
	s := app.MustLoginWith(t, user, "right-password")
	if res := app.Query(t, s.AccessToken, meQuery, nil); res.Code() != "" {
		t.Fatalf("after the lock: %+v", res.Errors)
	}
}

func TestUnknownUserAndWrongPasswordLookAlike(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	user := mustUser(t, app, "right-password")
	wrong := app.Login(t, user, "wrong-password")
	unknown := app.Login(t, user+"_nobody", "wrong-password")
	if wrong.Code() != campaign.EUNAUTHENTICATED || wrong.Errors[0].Message != unknown.Errors[0].Message || wrong.Code() != unknown.Code() {
		t.Fatalf("answers differ:\nwrong password: %+v\nunknown user:   %+v", wrong.Errors, unknown.Errors)
	}
}

func TestRefreshRotationAndReuse(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	user := mustUser(t, app, "right-password")
	first := app.MustLoginWith(t, user, "right-password")

	const refresh = `mutation($t: String!) { refreshToken(token: $t) { accessToken refreshToken } }`
	var out struct{ RefreshToken apptest.Session }
	app.Query(t, "", refresh, map[string]any{"t": first.RefreshToken}).MustDecode(t, &out)
	second := out.RefreshToken
	if second.RefreshToken == first.RefreshToken {
		t.Fatal("the refresh token was not rotated")
	}
	if res := app.Query(t, second.AccessToken, meQuery, nil); res.Code() != "" {
		t.Fatalf("the new access token does not work: %+v", res.Errors)
	}
	// presenting the old token again means it was copied: the whole session ends
	if res := app.Query(t, "", refresh, map[string]any{"t": first.RefreshToken}); res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("reuse of a rotated token: %+v", res)
	}
	if res := app.Query(t, "", refresh, map[string]any{"t": second.RefreshToken}); res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("the family's newest token survived the reuse: %+v", res)
	}
	if res := app.Query(t, second.AccessToken, meQuery, nil); res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("the session's access token survived the reuse: %+v", res)
	}
	if res := app.Query(t, "", refresh, map[string]any{"t": "not-a-token"}); res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("an unknown refresh token: %+v", res)
	}
}

// Each way of ending access must stop the access token already handed out.
func TestRevokedTokensAreRefused(t *testing.T) {
	clock := apptest.NewClock(time.Now())
	app := apptest.MustStart(t, apptest.Options{Now: clock.Now})
	admin := app.MustLogin(t, "city_admin").AccessToken
	userID := func(t *testing.T, name string) string {
		var out struct{ Me struct{ ID string } }
		s := app.MustLoginWith(t, name, "right-password")
		app.Query(t, s.AccessToken, `{ me { id } }`, nil).MustDecode(t, &out)
		return out.Me.ID
	}
	cases := []struct {
		name   string
		revoke func(t *testing.T, user string, s apptest.Session)
	}{
		{"expired", func(t *testing.T, _ string, _ apptest.Session) { clock.Advance(31 * time.Minute) }},
		{"logout", func(t *testing.T, _ string, s apptest.Session) {
			app.Query(t, s.AccessToken, `mutation($r: String) { logout(refreshToken: $r) }`, map[string]any{"r": s.RefreshToken}).MustDecode(t, &struct{}{})
		}},
		{"password changed", func(t *testing.T, _ string, s apptest.Session) {
			app.Query(t, s.AccessToken, `mutation { changePassword(oldPassword: "right-password", newPassword: "another-password") }`, nil).MustDecode(t, &struct{}{})
		}},
		{"deactivated", func(t *testing.T, user string, _ apptest.Session) {
			app.Query(t, admin, `mutation($id: ID!) { deactivateUser(id: $id, version: 1) { active } }`, map[string]any{"id": userID(t, user)}).MustDecode(t, &struct{}{})
		}},
		{"password reset", func(t *testing.T, user string, _ apptest.Session) {
			app.Query(t, admin, `mutation($id: ID!) { resetPassword(id: $id, newPassword: "reset-password-1") }`, map[string]any{"id": userID(t, user)}).MustDecode(t, &struct{}{})
		}},
		{"role changed", func(t *testing.T, user string, _ apptest.Session) {
			app.Query(t, admin, `mutation($id: ID!) { updateUser(input: {id: $id, version: 1, role: COUNTY_ADMIN, countyCode: "140603"}) { role } }`, map[string]any{"id": userID(t, user)}).MustDecode(t, &struct{}{})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			user := mustUser(t, app, "right-password")
			s := app.MustLoginWith(t, user, "right-password")
			if res := app.Query(t, s.AccessToken, meQuery, nil); res.Code() != "" {
				t.Fatalf("before: %+v", res.Errors)
			}
			c.revoke(t, user, s)
			if res := app.Query(t, s.AccessToken, meQuery, nil); res.Code() != campaign.EUNAUTHENTICATED {
				t.Fatalf("the token still works: %+v", res)
			}
			admin = app.MustLogin(t, "city_admin").AccessToken // the clock may have moved past its expiry
		})
	}
}

func TestLoginsAreAudited(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	user := mustUser(t, app, "right-password")
	app.Login(t, user, "wrong-password")
	app.MustLoginWith(t, user, "right-password")
	var actions []string
	if err := app.DB.Raw(context.Background(), &actions, "SELECT action FROM audit_log WHERE actor_username = ? ORDER BY id", user); err != nil {
		t.Fatal(err)
	}
	if strings.Join(actions, ",") != "loginFailed,login" {
		t.Fatalf("audit actions for %s: %v, want loginFailed,login", user, actions)
	}
}
