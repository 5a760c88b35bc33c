import { describe, expect, it } from 'vitest';
import access, { type CurrentUser } from './access';
import type { Role } from './graphql/generated/graphql';
import { menuEntries, routes, isAllowed } from './routes';

function user(role: Role, extra: Partial<CurrentUser> = {}): CurrentUser {
  return { id: '1', username: 'u', displayName: 'U', role, county: null, department: null, town: null, unit: null, isPrincipal: false, mustChangePassword: false, ...extra };
}

describe('menuEntries', () => {
  it.each<[Role, Partial<CurrentUser>, string[]]>([
    ['CITY_ADMIN', {}, ['/', '/units', '/hazards', '/incidents', '/reports', '/analysis', '/users']],
    ['COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } }, ['/', '/units', '/hazards', '/incidents', '/reports', '/counties/140602']],
    ['DEPARTMENT_USER', { department: { code: 'emergency', name: '市应急局' } }, ['/', '/units', '/hazards', '/incidents', '/reports', '/sectors']],
    ['ANALYST', {}, ['/', '/units', '/hazards', '/incidents', '/reports', '/analysis']],
  ])('%s sees exactly its own items', (role, scope, paths) => {
    const u = user(role, scope);
    expect(menuEntries(u, access(u)).map((e) => e.path)).toEqual(paths);
  });

  it('labels the county admin item 本县', () => {
    const u = user('COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } });
    expect(menuEntries(u, access(u)).find((e) => e.path === '/counties/140602')?.name).toBe('menu.myCounty');
  });

  it('names the units item 创建单位 for every role', () => {
    for (const role of ['CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST'] as const) {
      const u = user(role, role === 'COUNTY_ADMIN' ? { county: { code: '140602', name: '朔城区' } } : {});
      expect(menuEntries(u, access(u)).find((e) => e.path === '/units')?.name).toBe('menu.units');
    }
  });
});

describe('route access', () => {
  const county = routes.find((r) => r.path === '/counties/:code')!;
  const sector = routes.find((r) => r.path === '/sectors/:number')!;
  const route = (path: string) => routes.find((r) => r.path === path)!;

  it('opens the unit pages to everyone and the unit form to the register keepers only', () => {
    const keepers = [user('CITY_ADMIN'), user('COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } })];
    const readers = [user('DEPARTMENT_USER', { department: { code: 'housing', name: '市住建局' } }), user('ANALYST')];
    for (const u of [...keepers, ...readers]) {
      const a = access(u, [4]);
      expect(isAllowed(route('/units'), a)).toBe(true);
      expect(isAllowed(route('/units/:id'), a, { id: '7' })).toBe(true);
      const edits = keepers.includes(u);
      expect(isAllowed(route('/units/new'), a)).toBe(edits);
      expect(isAllowed(route('/units/:id/edit'), a, { id: '7' })).toBe(edits);
    }
  });

  it('opens 报表 to every role and 数据分析 to analysts and the city office', () => {
    const cases: [CurrentUser, boolean][] = [
      [user('CITY_ADMIN'), true],
      [user('COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } }), false],
      [user('DEPARTMENT_USER', { department: { code: 'housing', name: '市住建局' } }), false],
      [user('ANALYST'), true],
    ];
    for (const [u, analyzes] of cases) {
      const a = access(u, [4]);
      expect(isAllowed(route('/reports'), a)).toBe(true);
      expect(isAllowed(route('/analysis'), a)).toBe(analyzes);
    }
  });

  it('names 隐患排查治理 and 事故管理 in every role\'s menu', () => {
    for (const role of ['CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST'] as const) {
      const u = user(role, role === 'COUNTY_ADMIN' ? { county: { code: '140602', name: '朔城区' } } : {});
      const names = menuEntries(u, access(u)).map((e) => e.name);
      expect(names).toContain('menu.hazards');
      expect(names).toContain('menu.incidents');
    }
  });

  it('opens a town page within the county scope, and no county or town page to a lead department', () => {
    const town = route('/towns/:code');
    const countyAdmin = access(user('COUNTY_ADMIN', { county: { code: '140602', name: '朔城区' } }));
    expect(isAllowed(town, countyAdmin, { code: '140602001' })).toBe(true);
    expect(isAllowed(town, countyAdmin, { code: '140603100' })).toBe(false);
    expect(isAllowed(town, access(user('CITY_ADMIN')), { code: '140603100' })).toBe(true);
    expect(isAllowed(town, access(user('ANALYST')), { code: 'x' })).toBe(false);
    const dept = access(user('DEPARTMENT_USER', { department: { code: 'housing', name: '市住建局' } }), [4]);
    expect(isAllowed(town, dept, { code: '140602001' })).toBe(false);
    expect(isAllowed(county, dept, { code: '140603' })).toBe(false);
  });

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
