package graph_test

import (
	"strings"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

// One request makes at most one sign-in attempt: aliased login or refreshToken fields would make
// one password guess each for a single rate-limit token, and lock any account at once.
func TestOneSignInAttemptPerOperation(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	guesses := "mutation {"
	for _, a := range []string{"a", "b", "c", "d", "e", "f"} {
		guesses += " " + a + `: login(username: "` + analyst + `", password: "wrong-` + a + `") { accessToken }`
	}
	guesses += " }"
	cases := map[string]string{
		"aliased logins":    guesses,
		"login and refresh": `mutation { login(username: "` + analyst + `", password: "x") { accessToken } refreshToken(token: "x") { accessToken } }`,
		"through fragments": `mutation { ...A ...B } fragment A on Mutation { a: login(username: "` + analyst + `", password: "x") { accessToken } } fragment B on Mutation { b: login(username: "` + analyst + `", password: "y") { accessToken } }`,
		"aliased refreshes": `mutation { a: refreshToken(token: "x") { accessToken } b: refreshToken(token: "y") { accessToken } }`,
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			res := app.Query(t, "", q, nil)
			if res.Code() != campaign.EINVALID || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "login") {
				t.Fatalf("got %+v, want one BAD_USER_INPUT", res.Errors)
			}
		})
	}
	// none of the refused guesses counted: the account is not locked
	app.MustLogin(t, analyst)
	// one sign-in per operation still works, with other fields beside it
	res := app.Query(t, "", `mutation { login(username: "`+analyst+`", password: "wrong") { accessToken } }`, nil)
	if res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("a single wrong login: %+v", res.Errors)
	}
}
