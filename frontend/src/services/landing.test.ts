import { describe, expect, it } from 'vitest';
import { landingPath } from './landing';

describe('landingPath', () => {
  it('sends each role to its own page', () => {
    expect(landingPath({ role: 'COUNTY_ADMIN', county: { code: '140602', name: '朔城区' }, department: null })).toBe('/counties/140602');
    expect(landingPath({ role: 'DEPARTMENT_USER', county: null, department: { code: 'housing', name: '市住建局' } })).toBe('/sectors');
    expect(landingPath({ role: 'CITY_ADMIN', county: null, department: null })).toBe('/');
    expect(landingPath({ role: 'ANALYST', county: null, department: null })).toBe('/');
  });

  it('falls back to the dashboard for an account without its scope', () => {
    expect(landingPath({ role: 'COUNTY_ADMIN', county: null, department: null })).toBe('/');
  });
});
