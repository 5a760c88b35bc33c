package seed

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// DefaultDemoPassword is the documented password of every demo user (README); never used unless
// `seed --demo` runs.
const DefaultDemoPassword = "Demo@2026"

// DemoUsers creates, if missing, city_admin, analyst, county_admin_<code> and county_staff_<code>
// for every county and dept_<code> for every department, all with the given password. The field
// roles' accounts come from FieldUsers, once the register is there.
func DemoUsers(ctx context.Context, db *postgres.DB, acc *accounts.Service, password string) (created int, err error) {
	counties, err := db.Counties(ctx)
	if err != nil {
		return 0, err
	}
	depts, err := db.Departments(ctx)
	if err != nil {
		return 0, err
	}
	users := []accounts.NewUser{
		{Username: "city_admin", DisplayName: "市专班办公室", Role: campaign.RoleCityAdmin},
		{Username: "analyst", DisplayName: "分析人员", Role: campaign.RoleAnalyst},
	}
	for _, c := range counties {
		if c.Synthetic {
			continue
		}
		code := c.Code
		users = append(users, accounts.NewUser{Username: "county_admin_" + code, DisplayName: c.Name + "管理员", Role: campaign.RoleCountyAdmin, CountyCode: &code},
			// a second person at the county, so the one who reports a rectification and the one who
			// verifies it can differ (issue 12)
			accounts.NewUser{Username: "county_staff_" + code, DisplayName: c.Name + "工作人员", Role: campaign.RoleCountyAdmin, CountyCode: &code})
	}
	for _, d := range depts {
		code := d.Code
		users = append(users, accounts.NewUser{Username: "dept_" + code, DisplayName: d.Name, Role: campaign.RoleDepartmentUser, DepartmentCode: &code})
	}
	for _, u := range users {
		u.Password = password
		_, err := acc.CreateUserUnchecked(ctx, u)
		var ce *campaign.Error
		switch {
		case errors.As(err, &ce) && ce.Code == campaign.ECONFLICT:
			// already there: seeding twice changes nothing
		case err != nil:
			return created, fmt.Errorf("create demo user %s: %w", u.Username, err)
		default:
			created++
		}
	}
	return created, nil
}

// DemoResult says what Demo did and how long each part took.
type DemoResult struct {
	// Skipped: the database already held a register (ExistingUnits generated units, of
	// ExistingScale), so nothing was written
	Skipped       bool
	ExistingUnits int
	ExistingScale int

	Units, Officers int
	Events          postgres.EventCounts
	// durations of generating and loading the register and the events, and of ANALYZE
	RegisterGenerate, RegisterLoad, EventsGenerate, EventsLoad, Analyze time.Duration
}

// Demo loads the demo register of a scale (the real villages are already there from the
// reference seed) and its event history up to now, unless the database holds generated units
// already: seeding twice changes nothing, and scripts/run.sh seeds on every start. A larger scale
// than the one loaded is refused rather than mixed into it. The register and the events are two
// transactions; should the second fail, the register stays and a rerun skips it, so start again
// from a fresh database.
func Demo(ctx context.Context, db *postgres.DB, scale int, seed int64, now time.Time) (DemoResult, error) {
	var res DemoResult
	if scale < 1 {
		return res, fmt.Errorf("demo data: scale must be at least 1, got %d", scale)
	}
	existing, err := db.CountGeneratedUnits(ctx)
	if err != nil {
		return res, err
	}
	counties, err := db.Counties(ctx)
	if err != nil {
		return res, err
	}
	if existing > 0 {
		synthetic := 0
		for _, c := range counties {
			if c.Synthetic {
				synthetic++
			}
		}
		res.Skipped, res.ExistingUnits, res.ExistingScale = true, existing, 1+synthetic/syntheticCountiesPerScale
		if scale > res.ExistingScale {
			return res, fmt.Errorf("demo data: the database already holds demo data (%d generated units, scale %d); "+
				"scale %d would mix with it: load it into a fresh database (point DATABASE_URL at a new database name, then migrate and seed)",
				existing, res.ExistingScale, scale)
		}
		return res, nil
	}

	start := time.Now()
	sc, st := SyntheticDivisions(scale)
	if err := db.InsertSyntheticDivisions(ctx, sc, st); err != nil {
		return res, err
	}
	// the real counties and this scale's synthetic ones: a failed larger attempt may have left
	// more synthetic counties behind, without units
	want := map[string]bool{}
	for _, c := range sc {
		want[c.Code] = true
	}
	counties, err = db.Counties(ctx)
	if err != nil {
		return res, err
	}
	counties = slices.DeleteFunc(counties, func(c campaign.County) bool { return c.Synthetic && !want[c.Code] })
	codes := make([]string, len(counties))
	for i, c := range counties {
		codes[i] = c.Code
	}
	byCounty, err := db.TownsByCounty(ctx, codes)
	if err != nil {
		return res, err
	}
	var towns []campaign.Town
	for _, c := range codes {
		towns = append(towns, byCounty[c]...)
	}
	units, officers, err := DemoUnits(scale, seed, counties, towns)
	if err != nil {
		return res, err
	}
	res.RegisterGenerate = time.Since(start)

	start = time.Now()
	if res.Units, err = db.BulkInsertUnits(ctx, units, officers); err != nil {
		return res, err
	}
	for _, list := range officers {
		res.Officers += len(list)
	}
	res.RegisterLoad = time.Since(start)

	start = time.Now()
	villages, err := db.ReferenceVillages(ctx)
	if err != nil {
		return res, err
	}
	set := DemoEvents(append(villages, units...), seed, now)
	res.EventsGenerate = time.Since(start)

	start = time.Now()
	if res.Events, err = db.BulkInsertEvents(ctx, &set); err != nil {
		return res, err
	}
	res.EventsLoad = time.Since(start)

	start = time.Now()
	if err := db.Analyze(ctx); err != nil {
		return res, err
	}
	res.Analyze = time.Since(start)
	return res, nil
}
