import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildPivotQuery, cleanFilter, DIMENSIONS, MEASURES, parsePivot, pivotChart, pivotCsv, pivotVariables, type Labels, type PivotRow, type PivotSpec } from './pivot';

const schemaDir = new URL('../../../../../graph/schema/', import.meta.url);
const schema = buildSchema(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphqls'))
    .sort()
    .map((f) => readFileSync(new URL(f, schemaDir), 'utf8'))
    .join('\n'),
);

const spec: PivotSpec = {
  year: 2026,
  dimensions: ['COUNTY', 'CATEGORY'],
  measures: ['units', 'zeroAccidentRate', 'incidents'],
  filter: { countyCode: '', sectorNumber: null, targetGroup: 'ENTERPRISE' },
};

function row(county: string, category: string | null, units: number, rate: number | null): PivotRow {
  return {
    county: { code: county, name: county },
    town: null,
    sector: null,
    department: null,
    category: category ? { code: category, name: category } : null,
    targetGroup: null,
    month: null,
    units,
    zeroAccidentUnits: 0,
    zeroAccidentRate: rate,
    incidents: 1,
    deaths: 0,
    seriousInjuries: 0,
    economicLossWan: 0,
    inspections: 0,
    hazardsFound: 0,
    hazardsClosed: 0,
    openHazards: 0,
    overdueHazards: 0,
    openMajorHazards: 0,
    medianDaysToClose: null,
  };
}

const labels: Labels = {
  dimension: (d) => ({ COUNTY: '县(市、区)', CATEGORY: '单位类别' })[d as 'COUNTY'] ?? d,
  measure: (m) => ({ units: '单位数', zeroAccidentRate: '零事故率', incidents: '事故起数' })[m as 'units'] ?? m,
  targetGroup: (g) => g,
  total: '合计',
};

describe('buildPivotQuery', () => {
  it('selects the chosen dimensions and measures and is valid against the schema', () => {
    const text = buildPivotQuery(spec);
    expect(text).toContain('county { code name }');
    expect(text).toContain('category { code name }');
    expect(text).toContain('zeroAccidentRate');
    expect(text).not.toContain('deaths');
    expect(validate(schema, parse(text))).toEqual([]);
  });

  it('is valid for every dimension and measure at once', () => {
    expect(validate(schema, parse(buildPivotQuery({ dimensions: [...DIMENSIONS], measures: [...MEASURES] })))).toEqual([]);
  });
});

describe('pivotVariables', () => {
  it('drops empty filters', () => {
    expect(pivotVariables(spec)).toEqual({ year: 2026, groupBy: ['COUNTY', 'CATEGORY'], filter: { targetGroup: 'ENTERPRISE' } });
    expect(pivotVariables({ ...spec, filter: {} })).toEqual({ year: 2026, groupBy: ['COUNTY', 'CATEGORY'] });
  });
  it('keeps a sector number', () => {
    expect(cleanFilter({ sectorNumber: 5 })).toEqual({ sectorNumber: 5 });
  });
});

describe('parsePivot', () => {
  it('reads back what was saved', () => {
    const back = parsePivot(buildPivotQuery(spec), JSON.stringify(pivotVariables(spec)));
    expect(back).toEqual({ ...spec, filter: { targetGroup: 'ENTERPRISE' } });
  });

  it('tells units apart from zeroAccidentUnits', () => {
    const back = parsePivot(buildPivotQuery({ dimensions: ['MONTH'], measures: ['zeroAccidentUnits'] }), '{"year":2024,"groupBy":["MONTH"]}');
    expect(back?.measures).toEqual(['zeroAccidentUnits']);
  });

  it('is null for other queries and bad variables', () => {
    expect(parsePivot('{ counties { name } }', '{}')).toBeNull();
    expect(parsePivot(buildPivotQuery(spec), 'not json')).toBeNull();
    expect(parsePivot(buildPivotQuery(spec), '{"groupBy":["COUNTY"]}')).toBeNull();
    expect(parsePivot(buildPivotQuery(spec), '{"year":2026,"groupBy":["PLANET"]}')).toBeNull();
    expect(parsePivot(buildPivotQuery(spec), '{"year":2026,"groupBy":["COUNTY","TOWN","SECTOR","MONTH"]}')).toBeNull();
  });
});

describe('pivotCsv', () => {
  it('has the dimension and measure headers and the rate in percent', () => {
    const csv = pivotCsv([row('朔城区', '医院', 179, 0.9385474860335196)], spec, labels, 'zh-CN');
    expect(csv).toBe('\uFEFF县(市、区),单位类别,单位数,零事故率(%),事故起数\r\n朔城区,医院,179,93.85,1\r\n');
  });
});

describe('pivotChart', () => {
  const rows = [row('朔城区', '医院', 179, 0.9), row('朔城区', '学校', 233, 0.8), row('平鲁区', '医院', 103, 0.95)];

  it('puts the first dimension on the axis and one series per value of the second', () => {
    const { option, truncated } = pivotChart(rows, spec, 'units', 'bar', labels, 'zh-CN');
    const o = option as { xAxis: { data: string[] }; series: { name: string; type: string; data: (number | null)[] }[] };
    expect(truncated).toBe(false);
    expect(o.xAxis.data).toEqual(['朔城区', '平鲁区']);
    expect(o.series.map((s) => s.name)).toEqual(['医院', '学校']);
    expect(o.series[1].data).toEqual([233, null]);
    expect(o.series[0].type).toBe('bar');
  });

  it('names the single series after the measure with one dimension', () => {
    const { option } = pivotChart([row('朔城区', null, 1, 0.5)], { ...spec, dimensions: ['COUNTY'] }, 'zeroAccidentRate', 'line', labels, 'zh-CN');
    const o = option as { series: { name: string; type: string; data: number[] }[] };
    expect(o.series).toEqual([expect.objectContaining({ name: '零事故率', type: 'line', data: [0.5] })]);
  });
});
