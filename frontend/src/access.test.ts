import { describe, expect, it } from 'vitest';
import access, { type CurrentUser } from './access';
import type { Role } from './graphql/generated/graphql';

function user(role: Role, extra: Partial<CurrentUser> = {}): CurrentUser {
  return { id: '1', username: 'u', displayName: 'U', role, county: null, department: null, ...extra };
}

const shuocheng = { code: '140602', name: '朔城区' };
const housing = { code: 'housing_construction', name: '市住建局' };

describe('access', () => {
  it('grants nothing to an anonymous visitor', () => {
    const a = access(undefined);
    expect(a.canSeeHome).toBe(false);
    expect(a.canManageUsers).toBe(false);
    expect(a.canViewCounty('140602')).toBe(false);
    expect(a.canViewSector(1)).toBe(false);
  });

  it.each<[Role, Partial<CurrentUser>, Record<string, boolean>]>([
    ['CITY_ADMIN', {}, { canManageUsers: true, hasOwnCounty: false, hasOwnSectors: false, canAnalyze: false }],
    ['COUNTY_ADMIN', { county: shuocheng }, { canManageUsers: false, hasOwnCounty: true, hasOwnSectors: false, canAnalyze: false }],
    ['DEPARTMENT_USER', { department: housing }, { canManageUsers: false, hasOwnCounty: false, hasOwnSectors: true, canAnalyze: false }],
    ['ANALYST', {}, { canManageUsers: false, hasOwnCounty: false, hasOwnSectors: false, canAnalyze: true }],
  ])('gives %s exactly its own navigation flags', (role, scope, expected) => {
    const a = access(user(role, scope));
    expect(a.canSeeHome).toBe(true);
    expect({
      canManageUsers: a.canManageUsers,
      hasOwnCounty: a.hasOwnCounty,
      hasOwnSectors: a.hasOwnSectors,
      canAnalyze: a.canAnalyze,
    }).toEqual(expected);
  });

  it('confines a county admin to its own county', () => {
    const a = access(user('COUNTY_ADMIN', { county: shuocheng }));
    expect(a.canViewCounty('140602')).toBe(true);
    expect(a.canViewCounty('140603')).toBe(false);
  });

  it('does not give a county admin without a county the 本县 item', () => {
    expect(access(user('COUNTY_ADMIN')).hasOwnCounty).toBe(false);
  });

  it('lets the city office and analysts open any county and sector', () => {
    for (const role of ['CITY_ADMIN', 'ANALYST'] as const) {
      const a = access(user(role));
      expect(a.canViewCounty('140681')).toBe(true);
      expect(a.canViewSector(25)).toBe(true);
    }
  });

  it('confines a department user to the sectors its department leads', () => {
    const a = access(user('DEPARTMENT_USER', { department: housing }), [4]);
    expect(a.canViewSector(4)).toBe(true);
    expect(a.canViewSector(5)).toBe(false);
  });
});
