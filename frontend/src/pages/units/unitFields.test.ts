import { describe, expect, it } from 'vitest';
import { translator } from '../../locales';
import {
  auditActionLabel,
  auditChanges,
  formatAuditValue,
  importFieldLabel,
  maskPhone,
  unitInputField,
  type AuditNames,
} from './unitFields';

const zh = translator('zh-CN');
const en = translator('en-US');

// As the server writes a unit into the audit log (camelCase names, dates at midnight +08:00).
const row = {
  id: 42,
  name: '北关社区居民委员会',
  categoryCode: 'village_community',
  sectorNumber: 18,
  countyCode: '140602',
  townCode: '140602001',
  divisionCode: '140602001015',
  address: '朔州市朔城区北城街道北关社区居民委员会',
  longitude: null,
  latitude: null,
  creditCode: null,
  principalName: '',
  principalPhone: '',
  cityLevel: false,
  enrolledOn: '2019-12-31T00:00:00+08:00',
  archivedOn: null,
  createdAt: '2026-11-29T10:00:00Z',
  updatedAt: '2026-11-29T10:00:00Z',
  version: 1,
};

const names: AuditNames = {
  categories: new Map([['village_community', '村(社区)']]),
  counties: new Map([['140602', '朔城区']]),
  towns: new Map([['140602001', '北城街道']]),
  sectors: new Map([[18, '农业、农村']]),
};

describe('auditChanges', () => {
  it('lists only the fields an update changed, not the bookkeeping', () => {
    const after = { ...row, address: '新地址 1 号', principalPhone: '13912341119', updatedAt: '2026-11-29T11:00:00Z', version: 2 };
    expect(auditChanges(JSON.stringify(row), JSON.stringify(after))).toEqual([
      { field: 'address', before: row.address, after: '新地址 1 号' },
      { field: 'principalPhone', before: '', after: '13912341119' },
    ]);
  });

  it('lists the fields a creation set', () => {
    const fields = auditChanges(null, JSON.stringify(row)).map((c) => c.field);
    expect(fields).toEqual(['name', 'categoryCode', 'sectorNumber', 'countyCode', 'townCode', 'divisionCode', 'address', 'cityLevel', 'enrolledOn']);
  });

  it('shows an archive as the archive date', () => {
    const after = { ...row, archivedOn: '2026-11-29T00:00:00+08:00', version: 2 };
    expect(auditChanges(JSON.stringify(row), JSON.stringify(after))).toEqual([
      { field: 'archivedOn', before: null, after: '2026-11-29T00:00:00+08:00' },
    ]);
  });

  it('keeps fields it does not know, and survives broken JSON', () => {
    expect(auditChanges(JSON.stringify(row), JSON.stringify({ ...row, Risk: 'high' }))).toEqual([{ field: 'Risk', before: null, after: 'high' }]);
    expect(auditChanges('{not json', null)).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
  });

  it('finds nothing to show when only the bookkeeping changed (a safety-officer change)', () => {
    expect(auditChanges(JSON.stringify(row), JSON.stringify({ ...row, version: 2, updatedAt: 'x' }))).toEqual([]);
  });
});

describe('formatAuditValue', () => {
  it('names codes, shortens dates and says 是/否', () => {
    expect(formatAuditValue('categoryCode', 'village_community', names, zh)).toBe('村(社区)');
    expect(formatAuditValue('countyCode', '140602', names, zh)).toBe('朔城区');
    expect(formatAuditValue('townCode', '140602001', names, zh)).toBe('北城街道');
    expect(formatAuditValue('sectorNumber', 18, names, zh)).toBe('18. 农业、农村');
    expect(formatAuditValue('enrolledOn', '2019-12-31T00:00:00+08:00', names, zh)).toBe('2019-12-31');
    expect(formatAuditValue('cityLevel', true, names, zh)).toBe('是');
    expect(formatAuditValue('cityLevel', false, names, en)).toBe('No');
    expect(formatAuditValue('creditCode', null, names, zh)).toBe('—');
    expect(formatAuditValue('longitude', 112.43, names, zh)).toBe('112.43');
  });

  it('shows unknown codes as they are', () => {
    expect(formatAuditValue('townCode', '140699001', names, zh)).toBe('140699001');
  });

  it('masks the principal phone for analysts', () => {
    expect(formatAuditValue('principalPhone', '13912341119', names, zh, { maskPhones: true })).toBe('139****1119');
    expect(formatAuditValue('principalPhone', '13912341119', names, zh)).toBe('13912341119');
  });
});

describe('maskPhone', () => {
  it('masks as the server does', () => {
    expect(maskPhone('0349-2021234')).toBe('034****1234');
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone('')).toBe('');
  });
});

describe('field names', () => {
  it('finds the form field of a server error', () => {
    expect(unitInputField('townCode')).toBe('townCode');
    expect(unitInputField('input.creditCode')).toBe('creditCode');
    expect(unitInputField('officers.0.phone')).toBeUndefined();
    expect(unitInputField(undefined)).toBeUndefined();
  });

  it('names import row errors by the template column headers', () => {
    expect(importFieldLabel('principalPhone', zh)).toBe('联系电话');
    expect(importFieldLabel('sectorNumber', zh)).toBe('行业领域编号');
    expect(importFieldLabel('countyCode', zh)).toBe('县(市、区)');
    expect(importFieldLabel('officers.phone', zh)).toBe('安全员电话');
    expect(importFieldLabel('officers.3.name', zh)).toBe('安全员');
    expect(importFieldLabel('principalPhone', en)).toBe('Phone');
    expect(importFieldLabel('somethingNew', zh)).toBe('somethingNew');
  });

  it('translates the audit actions', () => {
    expect(auditActionLabel('updateUnit', zh)).toBe('修改');
    expect(auditActionLabel('importUnit', zh)).toBe('导入');
    expect(auditActionLabel('setSafetyOfficers', en)).toBe('Set safety officers');
    expect(auditActionLabel('mergeUnits', zh)).toBe('mergeUnits');
  });
});
