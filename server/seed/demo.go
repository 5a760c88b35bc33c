package seed

import (
	"context"
	"errors"
	"fmt"

	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// DefaultDemoPassword is the documented password of every demo user (README); never used unless
// `seed --demo` runs.
const DefaultDemoPassword = "Demo@2026"

// DemoUsers creates, if missing, city_admin, analyst, county_admin_<code> for every county and
// dept_<code> for every department, all with the given password.
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
		users = append(users, accounts.NewUser{Username: "county_admin_" + code, DisplayName: c.Name + "管理员", Role: campaign.RoleCountyAdmin, CountyCode: &code})
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
