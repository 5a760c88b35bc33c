import { describe, expect, it } from 'vitest';
import access, { type CurrentUser } from './access';
import type { Role } from './graphql/generated/graphql';
import { menuEntries, routes, isAllowed } from './routes';

function user(role: Role, extra: Partial<CurrentUser> = {}): CurrentUser {
  return { id: '1', username: 'u', displayName: 'U', role, county: null, department: null, ...extra };
}

describe('menuEntries', () => {
  it.each<[Role, Partial<CurrentUser>, string[]]>([
    ['CITY_ADMIN', {}, ['/', '/users']],
    ['COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } }, ['/', '/counties/140602']],
    ['DEPARTMENT_USER', { department: { code: 'emergency', name: '市应急局' } }, ['/', '/sectors']],
    ['ANALYST', {}, ['/', '/analysis']],
  ])('%s sees exactly its own items', (role, scope, paths) => {
    const u = user(role, scope);
    expect(menuEntries(u, access(u)).map((e) => e.path)).toEqual(paths);
  });

  it('labels the county admin item 本县', () => {
    const u = user('COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } });
    expect(menuEntries(u, access(u))[1].name).toBe('menu.myCounty');
  });
});

describe('route access', () => {
  const county = routes.find((r) => r.path === '/counties/:code')!;
  const sector = routes.find((r) => r.path === '/sectors/:number')!;

  it('checks the county in the URL against the county admin scope', () => {
    const a = access(user('COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } }));
    expect(isAllowed(county, a, { code: '140602' })).toBe(true);
    expect(isAllowed(county, a, { code: '140603' })).toBe(false);
  });

  it('checks the sector in the URL against the department sectors', () => {
    const a = access(user('DEPARTMENT_USER', { department: { code: 'housing', name: '市住建局' } }), [4]);
    expect(isAllowed(sector, a, { number: '4' })).toBe(true);
    expect(isAllowed(sector, a, { number: '5' })).toBe(false);
    expect(isAllowed(sector, a, { number: 'x' })).toBe(false);
  });
});
