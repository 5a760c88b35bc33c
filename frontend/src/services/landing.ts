import type { CurrentUser } from '../access';

/**
 * Where a user lands after signing in (unless sent to the login page from another URL): a county
 * admin on its county, a lead department on its sectors (我的行业), a town admin or grid worker on its
 * town, a unit officer on its unit, the city office and analysts on the dashboard.
 */
export function landingPath(user: Pick<CurrentUser, 'role' | 'county' | 'department' | 'town' | 'unit'>): string {
  if ((user.role === 'TOWN_ADMIN' || user.role === 'GRID_WORKER') && user.town) return `/towns/${user.town.code}`;
  if (user.role === 'UNIT_OFFICER' && user.unit) return `/units/${user.unit.id}`;
  if (user.role === 'COUNTY_ADMIN' && user.county) return `/counties/${user.county.code}`;
  if (user.role === 'DEPARTMENT_USER' && user.department) return '/sectors';
  return '/';
}
