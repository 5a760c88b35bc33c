import { describe, expect, it } from 'vitest';
import type { DashboardQuery } from '../../graphql/generated/graphql';
import { countyRateBarsOption, countyRateBarsTable, monthlyIncidentsOption, monthlyIncidentsTable, monthsSoFar, summarize, verdict, type Attainment } from './figures';

function attainment(code: string, name: string, villageRate: number | null, enterpriseRate: number | null): Attainment {
  return {
    county: { code, name },
    villageUnits: 10,
    villageZeroAccident: 8,
    villageRate,
    villageMet: villageRate === null ? null : villageRate >= 0.8,
    villageGap: null,
    enterpriseUnits: 10,
    enterpriseZeroAccident: 9,
    enterpriseRate,
    enterpriseMet: enterpriseRate === null ? null : enterpriseRate >= 0.9,
    enterpriseGap: null,
  };
}

const counties = [attainment('140602', '朔城区', 0.82, 0.91), attainment('140671', '山西朔州经济开发区', 1, 0.93)];

const data: DashboardQuery = {
  targetAttainment: { year: 2021, target: { year: 2021, village: 0.78, enterprise: 0.88 }, total: attainment('', '', 0.8, 0.9), counties },
  byCounty: [
    { county: { code: '140602', name: '朔城区' }, units: 2792, zeroAccidentUnits: 2529, zeroAccidentRate: 0.9058, incidents: 288 },
    { county: { code: '140671', name: '山西朔州经济开发区' }, units: 490, zeroAccidentUnits: 457, zeroAccidentRate: 0.9327, incidents: 37 },
  ],
  byMonth: [
    { month: 1, incidents: 94, deaths: 0 },
    { month: 3, incidents: 107, deaths: 1 },
  ],
  majorFound: { totalCount: 2 },
  majorRectifying: { totalCount: 28 },
  majorVerified: { totalCount: 0 },
  majorOverdue: { totalCount: 20 },
};

describe('summarize', () => {
  it('adds up the counties and the open major hazards of every state', () => {
    expect(summarize(data)).toEqual({ units: 3282, incidents: 325, openMajorHazards: 30, overdueMajorHazards: 20 });
  });
});

describe('verdict', () => {
  it('says met, not met, no target or no units', () => {
    expect(verdict(true, 0.8, true)).toBe('met');
    expect(verdict(false, 0.7, true)).toBe('notMet');
    expect(verdict(null, 0.7, false)).toBe('noTarget');
    expect(verdict(null, null, true)).toBe('noUnits');
  });
});

describe('countyRateBarsOption', () => {
  const labels = { village: '村(社区)', enterprise: '企事业单位', villageTarget: '村(社区)目标', enterpriseTarget: '企事业单位目标' };
  type Bars = {
    xAxis: { data: string[] };
    yAxis: { min: number; max: number };
    series: { name: string; data: (number | null)[]; markLine?: { data: { yAxis: number }[]; label: { formatter: string } } }[];
  };

  it('has a bar per county and target group, with the targets as lines', () => {
    const o = countyRateBarsOption(counties, { village: 0.78, enterprise: 0.88 }, labels, 'zh-CN') as unknown as Bars;
    expect(o.xAxis.data).toEqual(['朔城区', '山西朔州经济开发区']);
    expect(o.series.map((s) => s.name)).toEqual(['村(社区)', '企事业单位']);
    expect(o.series[0].data).toEqual([0.82, 1]);
    expect(o.series[0].markLine?.data).toEqual([{ yAxis: 0.78 }]);
    expect(o.series[1].markLine?.label.formatter).toBe('企事业单位目标 88%');
    // the axis starts below the lowest bar or target, so the differences show
    expect(o.yAxis.min).toBeCloseTo(0.6);
    expect(o.yAxis.max).toBe(1);
  });

  it('draws no target lines in a year without targets', () => {
    const o = countyRateBarsOption(counties, null, labels, 'zh-CN') as unknown as Bars;
    expect(o.series.every((s) => s.markLine === undefined)).toBe(true);
  });
});

describe('months', () => {
  it('counts the months that have begun', () => {
    expect(monthsSoFar(2025, new Date(2026, 10, 29))).toHaveLength(12);
    expect(monthsSoFar(2026, new Date(2026, 10, 29))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(monthsSoFar(2027, new Date(2026, 10, 29))).toEqual([]);
  });

  it('gives months without incidents a zero', () => {
    const o = monthlyIncidentsOption(data.byMonth, [1, 2, 3], '事故起数', 'zh-CN') as unknown as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(o.xAxis.data).toEqual(['1月', '2月', '3月']);
    expect(o.series[0].data).toEqual([94, 0, 107]);
  });
});

describe('the charts as text', () => {
  const labels = { village: '村(社区)', enterprise: '企事业单位', county: '名称', target: '2021 年目标' };

  it('gives each county its two rates as percentages, then the targets', () => {
    const table = countyRateBarsTable(counties, data.targetAttainment.target, labels, 'zh-CN');
    expect(table.columns).toEqual(['名称', '村(社区)', '企事业单位']);
    expect(table.rows).toEqual([
      ['朔城区', '82%', '91%'],
      ['山西朔州经济开发区', '100%', '93%'],
      ['2021 年目标', '78%', '88%'],
    ]);
  });

  it('has no targets row in a year without targets, and says a missing rate with a dash', () => {
    const table = countyRateBarsTable([attainment('140623', '右玉县', null, 0.9)], null, labels, 'zh-CN');
    expect(table.rows).toEqual([['右玉县', '—', '90%']]);
  });

  it('lists every month, past the ten ECharts would describe', () => {
    const table = monthlyIncidentsTable(data.byMonth, monthsSoFar(2021), { month: 'Month', incidents: 'Incidents' }, 'en-US');
    expect(table.rows).toHaveLength(12);
    expect(table.rows[0]).toEqual(['Jan', '94']);
    expect(table.rows[1]).toEqual(['Feb', '0']);
    expect(table.rows[11]).toEqual(['Dec', '0']);
  });
});
