import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiCountyCode, countiesWithoutPolygon, MAPPED_COUNTY_CODES, mappedCountyCodes, prepareCountyGeo, type CountyFeatureCollection } from './geo';

const geo = JSON.parse(readFileSync(new URL('../../assets/shuozhou-counties.geojson', import.meta.url), 'utf8')) as CountyFeatureCollection;
const API_CODES = ['140602', '140603', '140621', '140622', '140623', '140671', '140681'];

describe('apiCountyCode', () => {
  it('maps the old 怀仁县 code to 怀仁市', () => {
    expect(apiCountyCode('140624')).toBe('140681');
  });
  it('keeps the other codes', () => {
    expect(apiCountyCode('140602')).toBe('140602');
    expect(apiCountyCode(140603)).toBe('140603');
  });
});

describe('the Shuozhou county map', () => {
  it('has a polygon for every county but the economic development zone', () => {
    expect(mappedCountyCodes(geo).sort()).toEqual(API_CODES.filter((c) => c !== '140671'));
    expect(countiesWithoutPolygon(API_CODES, mappedCountyCodes(geo))).toEqual(['140671']);
  });

  it('is what MAPPED_COUNTY_CODES says, so the first page need not load the file', () => {
    expect([...MAPPED_COUNTY_CODES].sort()).toEqual(mappedCountyCodes(geo).sort());
    expect(countiesWithoutPolygon(API_CODES)).toEqual(['140671']);
  });

  it('keys the features by API code and takes the API names', () => {
    const prepared = prepareCountyGeo(geo, { names: { '140681': '怀仁市' } });
    const huairen = prepared.features.find((f) => f.properties.code === '140681');
    expect(huairen?.properties.name).toBe('怀仁市');
    expect(huairen?.id).toBe('140681');
    expect(prepared.features.find((f) => f.properties.code === '140602')?.properties.name).toBe('朔城区');
    // the input is left as it was
    expect(geo.features.some((f) => f.id === '140624')).toBe(true);
  });

  it('keeps only the counties asked for (a county admin sees its own)', () => {
    expect(prepareCountyGeo(geo, { codes: ['140602'] }).features.map((f) => f.properties.code)).toEqual(['140602']);
    expect(prepareCountyGeo(geo, { codes: ['140671'] }).features).toEqual([]);
  });
});
