import { describe, expect, it } from 'vitest';
import access, { type CurrentUser } from './access';
import type { Role } from './graphql/generated/graphql';

function user(role: Role, extra: Partial<CurrentUser> = {}): CurrentUser {
  return { id: '1', username: 'u', displayName: 'U', role, county: null, department: null, town: null, unit: null, isPrincipal: false, mustChangePassword: false, ...extra };
}

const shuocheng = { code: '140602', name: '朔城区' };
const housing = { code: 'housing_construction', name: '市住建局' };

describe('access', () => {
  it('grants nothing to an anonymous visitor', () => {
    const a = access(undefined);
    expect(a.canSeeHome).toBe(false);
    expect(a.canManageUsers).toBe(false);
    expect(a.canSeeUnits).toBe(false);
    expect(a.canEditUnits).toBe(false);
    expect(a.canViewCounty('140602')).toBe(false);
    expect(a.canViewSector(1)).toBe(false);
  });

  it.each<[Role, Partial<CurrentUser>, Record<string, boolean>]>([
    ['CITY_ADMIN', {}, { canManageUsers: true, hasOwnCounty: false, hasOwnSectors: false, canAnalyze: true }],
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

  it.each<[Role, Partial<CurrentUser>, boolean]>([
    ['CITY_ADMIN', {}, true],
    ['COUNTY_ADMIN', { county: shuocheng }, true],
    ['COUNTY_ADMIN', {}, false],
    ['DEPARTMENT_USER', { department: housing }, false],
    ['ANALYST', {}, false],
  ])('lets every %s browse the units, and only the register keepers edit them', (role, scope, edits) => {
    const a = access(user(role, scope));
    expect(a.canSeeUnits).toBe(true);
    expect(a.canEditUnits).toBe(edits);
  });

  it.each<[Role, Partial<CurrentUser>, boolean]>([
    ['CITY_ADMIN', {}, true],
    ['COUNTY_ADMIN', { county: shuocheng }, false],
    ['DEPARTMENT_USER', { department: housing }, false],
    ['ANALYST', {}, false],
  ])('lets every %s read the reports, and only the city office edit liaisons and targets', (role, scope, edits) => {
    const a = access(user(role, scope));
    expect(a.canSeeReports).toBe(true);
    expect(a.canEditReports).toBe(edits);
  });

  it('keeps the reports closed to an anonymous visitor', () => {
    expect(access(undefined).canSeeReports).toBe(false);
    expect(access(undefined).canEditReports).toBe(false);
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

  it('gives a lead department no county pages: its way down is by sector', () => {
    const a = access(user('DEPARTMENT_USER', { department: housing }), [4]);
    expect(a.canViewCounty('140602')).toBe(false);
    expect(a.canViewTown('140602001')).toBe(false);
  });

  it('lets every role see the hazards and incidents, and all but analysts record them', () => {
    const cases: [Role, Partial<CurrentUser>, boolean][] = [
      ['CITY_ADMIN', {}, true],
      ['COUNTY_ADMIN', { county: shuocheng }, true],
      ['DEPARTMENT_USER', { department: housing }, true],
      ['ANALYST', {}, false],
    ];
    for (const [role, scope, records] of cases) {
      const a = access(user(role, scope), [4]);
      expect(a.canSeeEvents).toBe(true);
      expect(a.canRecordEvents).toBe(records);
    }
    expect(access(undefined).canSeeEvents).toBe(false);
  });

  it('lets the responsible authority certify: county admins their non-city-level units, departments the city-level units of their sectors', () => {
    const inCounty = { countyCode: '140602', sectorNumber: 4, cityLevel: false };
    const cityLevel = { countyCode: '140602', sectorNumber: 4, cityLevel: true };
    const county = access(user('COUNTY_ADMIN', { county: shuocheng }));
    expect(county.canCertify(inCounty)).toBe(true);
    expect(county.canCertify(cityLevel)).toBe(false);
    expect(county.canCertify({ ...inCounty, countyCode: '140603' })).toBe(false);
    const dept = access(user('DEPARTMENT_USER', { department: housing }), [4]);
    expect(dept.canCertify(cityLevel)).toBe(true);
    expect(dept.canCertify(inCounty)).toBe(false);
    expect(dept.canCertify({ ...cityLevel, sectorNumber: 5 })).toBe(false);
    expect(access(user('CITY_ADMIN')).canCertify(inCounty)).toBe(true);
    expect(access(user('ANALYST')).canCertify(inCounty)).toBe(false);
  });

  it('lets the city office and the sector\'s lead departments keep the blacklist', () => {
    expect(access(user('CITY_ADMIN')).canBlacklist(18)).toBe(true);
    const dept = access(user('DEPARTMENT_USER', { department: housing }), [4]);
    expect(dept.canBlacklist(4)).toBe(true);
    expect(dept.canBlacklist(18)).toBe(false);
    expect(access(user('COUNTY_ADMIN', { county: shuocheng })).canBlacklist(4)).toBe(false);
    expect(access(user('ANALYST')).canBlacklist(4)).toBe(false);
  });

  it('confines a department user to the sectors its department leads', () => {
    const a = access(user('DEPARTMENT_USER', { department: housing }), [4]);
    expect(a.canViewSector(4)).toBe(true);
    expect(a.canViewSector(5)).toBe(false);
  });
});

describe('access of the field roles', () => {
  const town = { code: '140602100', name: '神头镇' };
  it('gives a town admin its own town (not another, not the county) and lets it record events', () => {
    const a = access(user('TOWN_ADMIN', { county: shuocheng, town }));
    expect(a.hasOwnTown).toBe(true);
    expect(a.canViewTown('140602100')).toBe(true);
    expect(a.canViewTown('140602101')).toBe(false);
    expect(a.canViewCounty('140602')).toBe(false);
    expect(a.canRecordEvents).toBe(true);
    expect(a.canEditUnits).toBe(false);
    expect(a.canManageUsers).toBe(false);
  });
  it('gives a unit officer its unit, no town or county page and no reports', () => {
    const a = access(user('UNIT_OFFICER', { county: shuocheng, town, unit: { id: '42', name: '某村委会' } }));
    expect(a.hasOwnUnit).toBe(true);
    expect(a.hasOwnTown).toBe(false);
    expect(a.canViewTown('140602100')).toBe(false);
    expect(a.canViewCounty('140602')).toBe(false);
    expect(a.canSeeReports).toBe(false);
    expect(a.canRecordEvents).toBe(true);
  });
});
