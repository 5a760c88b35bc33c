import { describe, expect, it } from 'vitest';
import type { LiaisonFieldsFragment } from '../../graphql/generated/graphql';
import { bulletinMonthAllowed, daysUntil, liaisonRows, nextDeadline } from './model';

const counties = [
  { code: '140602', name: '朔城区' },
  { code: '140603', name: '平鲁区' },
];
const departments = [{ code: 'emergency', name: '市应急局' }];
const contact: LiaisonFieldsFragment = {
  id: '9',
  county: { code: '140603', name: '平鲁区' },
  department: null,
  role: 'CONTACT',
  name: '李四',
  post: '科长',
  officePhone: '0349-2021234',
  mobile: '13912341119',
  version: 3,
};

describe('liaisonRows', () => {
  const rows = liaisonRows(counties, departments, [contact]);

  it('has both roles for every county and then every department', () => {
    expect(rows.map((r) => r.key)).toEqual([
      'county:140602:LEADER',
      'county:140602:CONTACT',
      'county:140603:LEADER',
      'county:140603:CONTACT',
      'department:emergency:LEADER',
      'department:emergency:CONTACT',
    ]);
  });

  it('fills in the liaisons on record', () => {
    expect(rows.find((r) => r.key === 'county:140603:CONTACT')?.liaison?.name).toBe('李四');
    expect(rows.filter((r) => r.liaison)).toHaveLength(1);
  });

  it('merges the 类别 and 单位 cells as the plan does', () => {
    expect(rows.map((r) => r.groupSpan)).toEqual([4, 0, 0, 0, 2, 0]);
    expect(rows.map((r) => r.unitSpan)).toEqual([2, 0, 2, 0, 2, 0]);
  });
});

describe('nextDeadline', () => {
  const deadlines = [
    { due: '2026-07-15', what: '上半年', recurring: true },
    { due: '2026-01-15', what: '下半年', recurring: true },
    { due: '2027-01-15', what: '下半年', recurring: true },
  ];
  it('is the first deadline on or after today', () => {
    expect(nextDeadline(deadlines, '2026-03-01')?.due).toBe('2026-07-15');
    expect(nextDeadline(deadlines, '2026-07-15')?.due).toBe('2026-07-15');
    expect(nextDeadline(deadlines, '2026-11-29')?.due).toBe('2027-01-15');
  });
  it('is undefined when everything is past', () => {
    expect(nextDeadline(deadlines, '2027-02-01')).toBeUndefined();
  });
});

describe('daysUntil', () => {
  it('counts whole days', () => {
    expect(daysUntil('2027-01-15', '2026-11-29')).toBe(47);
    expect(daysUntil('2026-11-29', '2026-11-29')).toBe(0);
  });
});

describe('bulletinMonthAllowed', () => {
  it('allows January 2020 to this month', () => {
    expect(bulletinMonthAllowed('2020-01', '2026-11')).toBe(true);
    expect(bulletinMonthAllowed('2026-11', '2026-11')).toBe(true);
    expect(bulletinMonthAllowed('2019-12', '2026-11')).toBe(false);
    expect(bulletinMonthAllowed('2026-12', '2026-11')).toBe(false);
    expect(bulletinMonthAllowed('2026-1', '2026-11')).toBe(false);
  });
});
