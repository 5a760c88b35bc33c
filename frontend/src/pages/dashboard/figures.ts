// The dashboard's figures and chart options, computed from the Dashboard query's answer. Pure (no
// React, no ECharts import: options are plain objects), so they are unit-tested.
import type { EChartsCoreOption } from 'echarts/core';
import type { ChartTable } from '../../components/charts/EChart';
import type { DashboardQuery } from '../../graphql/generated/graphql';
import type { Locale } from '../../locales';
import { formatMonth, formatNumber, formatPercent } from '../../services/format';

export type Attainment = DashboardQuery['targetAttainment']['counties'][number];

export interface Summary {
  /** Units active in the year (the caller's scope). */
  units: number;
  incidents: number;
  /** Major hazards not closed now (found, rectifying or verified). */
  openMajorHazards: number;
  overdueMajorHazards: number;
}

export function summarize(data: DashboardQuery): Summary {
  return {
    units: data.byCounty.reduce((sum, r) => sum + r.units, 0),
    incidents: data.byCounty.reduce((sum, r) => sum + r.incidents, 0),
    openMajorHazards: data.majorFound.totalCount + data.majorRectifying.totalCount + data.majorVerified.totalCount,
    overdueMajorHazards: data.majorOverdue.totalCount,
  };
}

/** 达标 / 未达标 / no target: always said in words, the colour only repeats it. */
export type Verdict = 'met' | 'notMet' | 'noTarget' | 'noUnits';

export function verdict(met: boolean | null | undefined, rate: number | null | undefined, hasTarget: boolean): Verdict {
  if (!hasTarget) return 'noTarget';
  if (rate === null || rate === undefined) return 'noUnits';
  return met ? 'met' : 'notMet';
}

export interface RateBarsLabels {
  village: string;
  enterprise: string;
  villageTarget: string;
  enterpriseTarget: string;
}

const VILLAGE_COLOR = '#1677ff';
const ENTERPRISE_COLOR = '#13c2c2';

/** Each county's village and enterprise rates as bars, with the year's targets as lines. */
export function countyRateBarsOption(
  counties: readonly Attainment[],
  target: { village: number; enterprise: number } | null | undefined,
  labels: RateBarsLabels,
  locale: Locale,
): EChartsCoreOption {
  const pct = (v: number | null | undefined) => formatPercent(v ?? null, locale);
  const targetLine = (value: number, name: string, color: string) => ({
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed', color, width: 2 },
    // over the bars' ends, on a light box so both stay legible
    label: { formatter: `${name} ${pct(value)}`, position: 'insideEndTop', color, backgroundColor: 'rgba(255,255,255,0.9)', padding: [2, 4], borderRadius: 3 },
    data: [{ yAxis: value }],
  });
  const rates = counties.flatMap((c) => [c.villageRate, c.enterpriseRate]).filter((r): r is number => r !== null && r !== undefined);
  const floor = Math.min(...rates, target?.village ?? 1, target?.enterprise ?? 1);
  // start the axis a little below the lowest bar or target, so the differences show
  const min = rates.length ? Math.max(0, Math.floor(floor * 10) / 10 - 0.1) : 0;
  return {
    // the two groups' bars differ by pattern as well as by colour
    aria: { enabled: true, decal: { show: true } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => pct(v) },
    xAxis: { type: 'category', data: counties.map((c) => c.county?.name ?? ''), axisLabel: { interval: 0, rotate: counties.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', min, max: 1, axisLabel: { formatter: (v: number) => pct(v) } },
    series: [
      {
        name: labels.village,
        type: 'bar',
        barMaxWidth: 48,
        itemStyle: { color: VILLAGE_COLOR },
        data: counties.map((c) => c.villageRate ?? null),
        markLine: target ? targetLine(target.village, labels.villageTarget, VILLAGE_COLOR) : undefined,
      },
      {
        name: labels.enterprise,
        type: 'bar',
        barMaxWidth: 48,
        itemStyle: { color: ENTERPRISE_COLOR },
        data: counties.map((c) => c.enterpriseRate ?? null),
        markLine: target ? targetLine(target.enterprise, labels.enterpriseTarget, '#08979c') : undefined,
      },
    ],
  };
}

/** The bars' figures as text (components/charts/EChart.tsx): each county's two rates, then the targets. */
export function countyRateBarsTable(
  counties: readonly Attainment[],
  target: { village: number; enterprise: number } | null | undefined,
  labels: Pick<RateBarsLabels, 'village' | 'enterprise'> & { county: string; target: string },
  locale: Locale,
): ChartTable {
  const pct = (v: number | null | undefined) => formatPercent(v ?? null, locale);
  const rows = counties.map((c) => [c.county?.name ?? '', pct(c.villageRate), pct(c.enterpriseRate)]);
  if (target) rows.push([labels.target, pct(target.village), pct(target.enterprise)]);
  return { columns: [labels.county, labels.village, labels.enterprise], rows };
}

/** The months' figures as text, every month (ECharts' own description stopped after ten). */
export function monthlyIncidentsTable(
  rows: readonly { month?: number | null; incidents: number }[],
  months: readonly number[],
  labels: { month: string; incidents: string },
  locale: Locale,
): ChartTable {
  const byMonth = new Map(rows.filter((r) => r.month).map((r) => [r.month as number, r.incidents]));
  return {
    columns: [labels.month, labels.incidents],
    rows: months.map((m) => [formatMonth(m, locale), formatNumber(byMonth.get(m) ?? 0, locale)]),
  };
}

/** The months of `year` that have begun: all 12 for a past year, up to this month for this year. */
export function monthsSoFar(year: number, now: Date = new Date()): number[] {
  const last = year < now.getFullYear() ? 12 : year === now.getFullYear() ? now.getMonth() + 1 : 0;
  return Array.from({ length: last }, (_, i) => i + 1);
}

/** Incidents per month (months without a row count 0), as bars. */
export function monthlyIncidentsOption(
  rows: readonly { month?: number | null; incidents: number }[],
  months: readonly number[],
  label: string,
  locale: Locale,
): EChartsCoreOption {
  const byMonth = new Map(rows.filter((r) => r.month).map((r) => [r.month as number, r.incidents]));
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v, locale) },
    xAxis: { type: 'category', data: months.map((m) => formatMonth(m, locale)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: label,
        type: 'bar',
        itemStyle: { color: '#fa8c16' },
        label: { show: true, position: 'top', formatter: (p: { value: number }) => formatNumber(p.value, locale) },
        data: months.map((m) => byMonth.get(m) ?? 0),
      },
    ],
  };
}
