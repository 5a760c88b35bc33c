import { describe, expect, it } from 'vitest';
import type { UnitFormFieldsFragment } from '../../../graphql/generated/graphql';
import { applyChanges, differingFields, emptyValues, toUnitInput, valuesOf } from './formValues';

const unit: UnitFormFieldsFragment = {
  id: '7',
  name: '北关社区居民委员会',
  category: { code: 'village_community' },
  sector: { number: 18 },
  county: { code: '140602', name: '朔城区' },
  town: { code: '140602001', name: '北城街道' },
  address: '朔州市朔城区北城街道北关社区居民委员会',
  longitude: null,
  latitude: null,
  creditCode: null,
  principalName: '',
  principalPhone: '',
  cityLevel: false,
  enrolledOn: '2019-12-31',
  canEdit: true,
  version: 3,
};

describe('unit form values', () => {
  it('round-trip a unit into the same input', () => {
    expect(toUnitInput(valuesOf(unit))).toEqual({
      name: unit.name,
      categoryCode: 'village_community',
      sectorNumber: 18,
      countyCode: '140602',
      townCode: '140602001',
      address: unit.address,
      creditCode: null,
      principalName: '',
      principalPhone: '',
      cityLevel: false,
      enrolledOn: '2019-12-31',
      longitude: null,
      latitude: null,
    });
  });

  it('trims text and upper-cases the credit code', () => {
    const input = toUnitInput({ ...valuesOf(unit), name: '  某某煤业 ', creditCode: ' 91140602ma0k0a1b2c ', principalPhone: ' 13912341119' });
    expect(input.name).toBe('某某煤业');
    expect(input.creditCode).toBe('91140602MA0K0A1B2C');
    expect(input.principalPhone).toBe('13912341119');
  });

  it('starts a new unit in the given county, enrolled today', () => {
    const v = emptyValues('140602', '2026-11-29');
    expect(v.countyCode).toBe('140602');
    expect(v.enrolledOn).toBe('2026-11-29');
    expect(v.cityLevel).toBe(false);
  });

  it('finds where the user\'s input differs from the latest version', () => {
    const mine = { ...valuesOf(unit), address: '新地址', principalPhone: '13912341119 ' };
    const latest = { ...valuesOf(unit), name: '北关社区', principalPhone: '13912341119' };
    expect(differingFields(mine, latest)).toEqual(['name', 'address']);
  });

  it('puts the user\'s changes on top of the latest version and keeps the other changes', () => {
    const base = valuesOf(unit);
    const mine = { ...base, address: '我改的地址' };
    const latest = { ...base, principalName: '别人改的负责人' };
    const changed = differingFields(mine, base);
    expect(changed).toEqual(['address']);
    const merged = applyChanges(latest, mine, changed);
    expect(merged.address).toBe('我改的地址');
    expect(merged.principalName).toBe('别人改的负责人');
  });
});
