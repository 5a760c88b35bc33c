import { describe, expect, it } from 'vitest';
import access, { type CurrentUser } from '../access';
import { breadcrumbsFor } from './breadcrumbs';

const dept: CurrentUser = {
  id: '3',
  username: 'dept_housing_construction',
  displayName: '市住建局',
  role: 'DEPARTMENT_USER',
  county: null,
  department: { code: 'housing', name: '市住建局' },
  town: null,
  unit: null,
  isPrincipal: false,
  mustChangePassword: false,
};
const city: CurrentUser = { ...dept, role: 'CITY_ADMIN', department: null };

describe('breadcrumbsFor', () => {
  it('passes through 我的行业 for a department user', () => {
    expect(breadcrumbsFor('/sectors/4', access(dept, [4])).map((c) => c.name)).toEqual(['menu.home', 'menu.mySectors', 'menu.sector']);
  });

  it('skips crumbs the user may not open', () => {
    expect(breadcrumbsFor('/sectors/4', access(city)).map((c) => c.path)).toEqual(['/', '/sectors/4']);
  });

  it('ends a page the user may not open with 无权访问', () => {
    const countyAdmin: CurrentUser = { ...city, role: 'COUNTY_ADMIN', county: { code: '140602', name: '朔城区' } };
    expect(breadcrumbsFor('/counties/140603', access(countyAdmin)).map((c) => c.name)).toEqual(['menu.home', 'menu.forbidden']);
  });

  it('reads /units/new as the form, not as a unit called "new"', () => {
    expect(breadcrumbsFor('/units/new', access(city)).map((c) => c.name)).toEqual(['menu.home', 'menu.units', 'menu.unitNew']);
    expect(breadcrumbsFor('/units/7/edit', access(city)).map((c) => c.name)).toEqual(['menu.home', 'menu.units', 'menu.unit', 'menu.unitEdit']);
  });

  it('ends the unit form with 无权访问 for a department user', () => {
    expect(breadcrumbsFor('/units/7/edit', access(dept, [4])).map((c) => c.name)).toEqual(['menu.home', 'menu.units', 'menu.unit', 'menu.forbidden']);
  });

  it('reads 报表 for everyone and 数据分析 for the city office, but not for a county admin', () => {
    const countyAdmin: CurrentUser = { ...city, role: 'COUNTY_ADMIN', county: { code: '140602', name: '朔城区' } };
    expect(breadcrumbsFor('/reports', access(countyAdmin)).map((c) => c.name)).toEqual(['menu.home', 'menu.reports']);
    expect(breadcrumbsFor('/analysis', access(city)).map((c) => c.name)).toEqual(['menu.home', 'menu.analysis']);
    expect(breadcrumbsFor('/analysis', access(countyAdmin)).map((c) => c.name)).toEqual(['menu.home', 'menu.forbidden']);
  });

  it('ends unknown paths with 页面不存在', () => {
    expect(breadcrumbsFor('/no/such/page', access(city)).map((c) => c.name)).toEqual(['menu.home', 'menu.notFound']);
  });
});
