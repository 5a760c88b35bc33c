package policy

import (
	"fmt"
	"testing"

	"zeroaccident/server/campaign"
)

// Nobody grants a role or scope wider than its own: every manager against every role, in its own
// scope and outside it.
func TestManageAccount(t *testing.T) {
	ownCounty := func(r campaign.Role) Account { return Account{Role: r, CountyCode: "140602", TownCode: townOf(r, "140602100")} }
	otherTown := func(r campaign.Role) Account { return Account{Role: r, CountyCode: "140602", TownCode: townOf(r, "140602101")} }
	otherCounty := func(r campaign.Role) Account { return Account{Role: r, CountyCode: "140603", TownCode: townOf(r, "140603100")} }
	none := func(r campaign.Role) Account { return Account{Role: r} }
	allRoles := campaign.Roles
	cases := []struct {
		actor *Actor
		place string
		acc   func(campaign.Role) Account
		may   []campaign.Role
	}{
		{city, "anywhere", none, allRoles},
		{city, "other county", otherCounty, allRoles},
		{county, "own town", ownCounty, []campaign.Role{CountyAdmin, TownAdmin, GridWorker, UnitOfficer}},
		{county, "other town of the county", otherTown, []campaign.Role{CountyAdmin, TownAdmin, GridWorker, UnitOfficer}},
		{county, "other county", otherCounty, nil},
		{county, "no place", none, nil},
		{town, "own town", ownCounty, []campaign.Role{GridWorker, UnitOfficer}},
		{town, "other town", otherTown, nil},
		{town, "other county", otherCounty, nil},
		{emergent, "own town", ownCounty, nil},
		{analyst, "own town", ownCounty, nil},
		{grid, "own town", ownCounty, nil},
		{officer, "own town", ownCounty, nil},
	}
	for _, c := range cases {
		for _, r := range allRoles {
			want := false
			for _, m := range c.may {
				want = want || m == r
			}
			t.Run(fmt.Sprintf("%s%d/%s/%s", c.actor.Role, c.actor.UserID, c.place, r), func(t *testing.T) {
				err := ManageAccount(c.actor, c.acc(r))
				if (err == nil) != want {
					t.Fatalf("err = %v, want allowed %v", err, want)
				}
				if err != nil && campaign.ErrorCode(err) != campaign.EFORBIDDEN {
					t.Fatalf("refusal is not FORBIDDEN: %v", err)
				}
			})
		}
	}
}

func townOf(r campaign.Role, town string) string {
	if r == TownAdmin || r == GridWorker || r == UnitOfficer {
		return town
	}
	return ""
}

// A password is reset by the level that created the account or above.
func TestResetPasswordOf(t *testing.T) {
	acc := func(level int) Account {
		return Account{Role: UnitOfficer, CountyCode: "140602", TownCode: "140602100", CreatorLevel: level}
	}
	cases := []struct {
		actor *Actor
		level int
		want  bool
	}{
		{town, 0, true}, {town, Level(TownAdmin), true}, {town, Level(CountyAdmin), false}, {town, Level(CityAdmin), false},
		{county, Level(TownAdmin), true}, {county, Level(CountyAdmin), true}, {county, Level(CityAdmin), false},
		{city, Level(CityAdmin), true},
		{grid, 0, false}, {officer, 0, false}, {analyst, 0, false},
	}
	for _, c := range cases {
		if err := ResetPasswordOf(c.actor, acc(c.level)); (err == nil) != c.want {
			t.Errorf("%s resetting an account made at level %d: err = %v, want allowed %v", c.actor.Role, c.level, err, c.want)
		}
	}
}

func TestUsersScope(t *testing.T) {
	for _, a := range []*Actor{emergent, analyst, grid, officer} {
		if _, err := UsersScope(a); err == nil {
			t.Errorf("%s got a users page", a.Role)
		}
	}
	if s, err := UsersScope(town); err != nil || s.All || s.TownCode != "140602100" || len(s.Roles) != 2 {
		t.Errorf("town admin's page: %+v %v", s, err)
	}
	if s, err := UsersScope(county); err != nil || s.All || s.CountyCode != "140602" || len(s.Roles) != 4 {
		t.Errorf("county admin's page: %+v %v", s, err)
	}
	if s, err := UsersScope(city); err != nil || !s.All {
		t.Errorf("city's page: %+v %v", s, err)
	}
}

func TestGridRules(t *testing.T) {
	g11 := campaign.Grid{ID: 11, CountyCode: "140602", TownCode: "140602100"}
	g12 := campaign.Grid{ID: 12, CountyCode: "140602", TownCode: "140602100"}
	other := campaign.Grid{ID: 13, CountyCode: "140603", TownCode: "140603100"}
	read := map[*Actor][]campaign.Grid{
		city: {g11, g12, other}, analyst: {g11, g12, other}, county: {g11, g12}, town: {g11, g12},
		grid: {g11}, gridless: nil, officer: {g11, g12}, emergent: nil, idle: nil,
	}
	for a, visible := range read {
		for _, g := range []campaign.Grid{g11, g12, other} {
			want := false
			for _, v := range visible {
				want = want || v.ID == g.ID
			}
			if got := CanReadGrid(a, g); got != want {
				t.Errorf("%s%d reads grid %d: %v, want %v", a.Role, a.UserID, g.ID, got, want)
			}
		}
	}
	for _, c := range []struct {
		a    *Actor
		want bool
	}{{city, true}, {county, true}, {town, true}, {grid, false}, {officer, false}, {emergent, false}, {analyst, false}} {
		if err := ManageGrids(c.a, "140602", "140602100"); (err == nil) != c.want {
			t.Errorf("%s manages 神头镇's grids: %v, want %v", c.a.Role, err, c.want)
		}
	}
	if ManageGrids(town, "140602", "140602101") == nil || ManageGrids(county, "140603", "140603100") == nil {
		t.Error("a manager changed grids outside its place")
	}
}
