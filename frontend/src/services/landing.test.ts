import { describe, expect, it } from 'vitest';
import { landingPath } from './landing';

describe('landingPath', () => {
  it('sends each role to its own page', () => {
    expect(landingPath({ role: 'COUNTY_ADMIN', county: { code: '140602', name: '朔城区' }, department: null, town: null, unit: null })).toBe('/counties/140602');
    expect(landingPath({ role: 'DEPARTMENT_USER', county: null, department: { code: 'housing', name: '市住建局' }, town: null, unit: null })).toBe('/sectors');
    expect(landingPath({ role: 'CITY_ADMIN', county: null, department: null, town: null, unit: null })).toBe('/');
    expect(landingPath({ role: 'ANALYST', county: null, department: null, town: null, unit: null })).toBe('/');
  });

  it('sends a town admin and a grid worker to their town, a unit officer to its unit', () => {
    const town = { code: '140602100', name: '神头镇' };
    const county = { code: '140602', name: '朔城区' };
    expect(landingPath({ role: 'TOWN_ADMIN', county, department: null, town, unit: null })).toBe('/towns/140602100');
    expect(landingPath({ role: 'GRID_WORKER', county, department: null, town, unit: null })).toBe('/towns/140602100');
    expect(landingPath({ role: 'UNIT_OFFICER', county, department: null, town, unit: { id: '42', name: '某村委会' } })).toBe('/units/42');
  });

  it('falls back to the dashboard for an account without its scope', () => {
    expect(landingPath({ role: 'COUNTY_ADMIN', county: null, department: null, town: null, unit: null })).toBe('/');
  });
});
