// The pivot builder's model: what a pivot is (year, up to three dimensions, filters, measures), the
// GraphQL text and variables it is saved as, reading a saved one back, its table cells, its chart and
// its CSV. Pure (no React, no ECharts import), so it is unit-tested.
import type { EChartsCoreOption } from 'echarts/core';
import type { StatDimension, StatFilter, TargetGroup, WorkbenchPivotQuery } from '../../../graphql/generated/graphql';
import type { Locale } from '../../../locales';
import { formatMonth, formatNumber, formatPercent } from '../../../services/format';
import { buildCsv, type CsvValue } from './csv';

export type PivotRow = WorkbenchPivotQuery['stats'][number];

export const DIMENSIONS: readonly StatDimension[] = ['COUNTY', 'TOWN', 'SECTOR', 'DEPARTMENT', 'CATEGORY', 'TARGET_GROUP', 'MONTH'];
export const MAX_DIMENSIONS = 3;

export const MEASURES = [
  'units',
  'zeroAccidentUnits',
  'zeroAccidentRate',
  'incidents',
  'deaths',
  'seriousInjuries',
  'economicLossWan',
  'inspections',
  'hazardsFound',
  'hazardsClosed',
  'openHazards',
  'overdueHazards',
  'openMajorHazards',
  'medianDaysToClose',
] as const;
export type Measure = (typeof MEASURES)[number];
export const DEFAULT_MEASURES: readonly Measure[] = ['units', 'zeroAccidentUnits', 'zeroAccidentRate', 'incidents'];

export interface PivotSpec {
  year: number;
  dimensions: StatDimension[];
  measures: Measure[];
  filter: StatFilter;
}

const DIMENSION_FIELDS: Record<StatDimension, string> = {
  COUNTY: 'county { code name }',
  TOWN: 'town { code name }',
  SECTOR: 'sector { number name }',
  DEPARTMENT: 'department { code name }',
  CATEGORY: 'category { code name }',
  TARGET_GROUP: 'targetGroup',
  MONTH: 'month',
  SOURCE: 'source',
};

/** The filter without empty entries (what goes into the variables). */
export function cleanFilter(filter: StatFilter | null | undefined): StatFilter {
  const out: StatFilter = {};
  if (filter?.countyCode) out.countyCode = filter.countyCode;
  if (filter?.sectorNumber !== null && filter?.sectorNumber !== undefined) out.sectorNumber = filter.sectorNumber;
  if (filter?.categoryCode) out.categoryCode = filter.categoryCode;
  if (filter?.targetGroup) out.targetGroup = filter.targetGroup;
  return out;
}

/** The GraphQL text of a pivot: the chosen dimensions' fields and the chosen measures, nothing else. */
export function buildPivotQuery(spec: Pick<PivotSpec, 'dimensions' | 'measures'>): string {
  const fields = [...spec.dimensions.map((d) => DIMENSION_FIELDS[d]), ...MEASURES.filter((m) => spec.measures.includes(m))];
  return [
    'query Pivot($year: Int!, $groupBy: [StatDimension!]!, $filter: StatFilter) {',
    '  stats(year: $year, groupBy: $groupBy, filter: $filter) {',
    ...fields.map((f) => `    ${f}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface PivotVariables {
  year: number;
  groupBy: StatDimension[];
  filter?: StatFilter;
}

export function pivotVariables(spec: PivotSpec): PivotVariables {
  const filter = cleanFilter(spec.filter);
  return Object.keys(filter).length ? { year: spec.year, groupBy: spec.dimensions, filter } : { year: spec.year, groupBy: spec.dimensions };
}

const TARGET_GROUPS: readonly TargetGroup[] = ['VILLAGE', 'ENTERPRISE'];

/**
 * A saved query read back as a pivot, or null when it is some other query (it then opens in the
 * query editor): it must select `stats(year: $year, groupBy: $groupBy …)` and its variables must
 * hold a year and known dimensions.
 */
export function parsePivot(query: string, variablesJson: string): PivotSpec | null {
  const stats = /\bstats\s*\(\s*year\s*:\s*\$year\s*,\s*groupBy\s*:\s*\$groupBy\b[^)]*\)\s*\{([^]*)\}/.exec(query);
  if (!stats) return null;
  let vars: unknown;
  try {
    vars = JSON.parse(variablesJson || '{}');
  } catch {
    return null;
  }
  if (!vars || typeof vars !== 'object') return null;
  const { year, groupBy, filter } = vars as { year?: unknown; groupBy?: unknown; filter?: unknown };
  if (typeof year !== 'number' || !Number.isInteger(year)) return null;
  const dims = Array.isArray(groupBy) ? groupBy : [];
  if (dims.length > MAX_DIMENSIONS || !dims.every((d) => (DIMENSIONS as readonly unknown[]).includes(d))) return null;
  const selection = stats[1];
  const measures = MEASURES.filter((m) => new RegExp(`\\b${m}\\b`).test(selection));
  const f = (filter && typeof filter === 'object' ? filter : {}) as Record<string, unknown>;
  return {
    year,
    dimensions: dims as StatDimension[],
    measures: measures.length ? measures : [...DEFAULT_MEASURES],
    filter: cleanFilter({
      countyCode: typeof f.countyCode === 'string' ? f.countyCode : undefined,
      sectorNumber: typeof f.sectorNumber === 'number' ? f.sectorNumber : undefined,
      categoryCode: typeof f.categoryCode === 'string' ? f.categoryCode : undefined,
      targetGroup: TARGET_GROUPS.includes(f.targetGroup as TargetGroup) ? (f.targetGroup as TargetGroup) : undefined,
    }),
  };
}

/** How a dimension value reads; `targetGroupName` names VILLAGE and ENTERPRISE in the user's language. */
export function dimensionText(row: PivotRow, dim: StatDimension, locale: Locale, targetGroupName: (g: TargetGroup) => string): string {
  switch (dim) {
    case 'COUNTY':
      return row.county?.name ?? '';
    case 'TOWN':
      return row.town?.name ?? '';
    case 'SECTOR':
      return row.sector ? `${row.sector.number}. ${row.sector.name}` : '';
    case 'DEPARTMENT':
      return row.department?.name ?? '';
    case 'CATEGORY':
      return row.category?.name ?? '';
    case 'TARGET_GROUP':
      return row.targetGroup ? targetGroupName(row.targetGroup) : '';
    case 'MONTH':
      return row.month ? formatMonth(row.month, locale) : '';
    case 'SOURCE': // not offered in DIMENSIONS yet; the workbench document does not ask for it
      return (row as { source?: string | null }).source ?? '';
  }
}

/** A measure as the table shows it. */
export function measureText(row: PivotRow, m: Measure, locale: Locale): string {
  const v = row[m];
  if (m === 'zeroAccidentRate') return formatPercent(v, locale);
  if (m === 'economicLossWan') return formatNumber(v, locale, 2);
  if (m === 'medianDaysToClose') return formatNumber(v, locale, 1);
  return formatNumber(v, locale);
}

/** A measure as the CSV holds it: plain numbers, the rate in percent with two decimals. */
export function measureValue(row: PivotRow, m: Measure): number | null {
  const v = row[m];
  if (v === null || v === undefined) return null;
  if (m === 'zeroAccidentRate') return Math.round(v * 10000) / 100;
  return v;
}

export interface Labels {
  dimension: (d: StatDimension) => string;
  measure: (m: Measure) => string;
  targetGroup: (g: TargetGroup) => string;
  /** The single row of a pivot without dimensions. */
  total: string;
}

export function pivotCsv(rows: readonly PivotRow[], spec: PivotSpec, labels: Labels, locale: Locale): string {
  const header = [
    ...spec.dimensions.map(labels.dimension),
    ...spec.measures.map((m) => (m === 'zeroAccidentRate' ? `${labels.measure(m)}(%)` : labels.measure(m))),
  ];
  const body: CsvValue[][] = rows.map((r) => [
    ...spec.dimensions.map((d) => dimensionText(r, d, locale, labels.targetGroup)),
    ...spec.measures.map((m) => measureValue(r, m)),
  ]);
  return buildCsv(header, body);
}

export const MAX_SERIES = 20;

/** Twenty distinguishable colours, so the series of a pivot (up to MAX_SERIES) never share one. */
export const SERIES_COLORS = [
  '#1677ff', '#fa8c16', '#52c41a', '#eb2f96', '#13c2c2', '#722ed1', '#fadb14', '#a0d911', '#2f54eb', '#f5222d',
  '#08979c', '#d48806', '#389e0d', '#c41d7f', '#531dab', '#1d39c4', '#d4380d', '#7cb305', '#0958d9', '#874d00',
];
export const MAX_CATEGORIES = 60;

export interface PivotChart {
  option: EChartsCoreOption;
  /** True when series or categories beyond the limits were left out. */
  truncated: boolean;
}

/**
 * The chart of one measure: the first dimension along the axis, one series per combination of the
 * other dimensions (or the measure itself when there is one dimension).
 */
export function pivotChart(rows: readonly PivotRow[], spec: PivotSpec, measure: Measure, kind: 'bar' | 'line', labels: Labels, locale: Locale): PivotChart {
  const [first, ...rest] = spec.dimensions;
  const label = (r: PivotRow, d: StatDimension) => dimensionText(r, d, locale, labels.targetGroup);
  const categories: string[] = [];
  const seriesNames: string[] = [];
  const cells = new Map<string, number | null>();
  for (const r of rows) {
    const x = first ? label(r, first) : labels.total;
    const s = rest.length ? rest.map((d) => label(r, d)).join(' / ') : labels.measure(measure);
    if (!categories.includes(x)) categories.push(x);
    if (!seriesNames.includes(s)) seriesNames.push(s);
    cells.set(`${x}\u0000${s}`, r[measure] ?? null);
  }
  const xs = categories.slice(0, MAX_CATEGORIES);
  const ss = seriesNames.slice(0, MAX_SERIES);
  const isRate = measure === 'zeroAccidentRate';
  const fmt = (v: number | null) => (isRate ? formatPercent(v, locale) : formatNumber(v, locale, measure === 'economicLossWan' ? 2 : 1));
  return {
    truncated: categories.length > xs.length || seriesNames.length > ss.length,
    option: {
      aria: { enabled: true },
      color: SERIES_COLORS,
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => fmt(v) },
      xAxis: { type: 'category', data: xs, axisLabel: { interval: 0, rotate: xs.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', name: labels.measure(measure), axisLabel: { formatter: (v: number) => fmt(v) }, ...(isRate ? { max: 1 } : {}) },
      series: ss.map((name) => ({
        name,
        type: kind,
        data: xs.map((x) => cells.get(`${x}\u0000${name}`) ?? null),
        connectNulls: true,
      })),
    },
  };
}
