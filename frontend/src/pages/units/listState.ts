// The units list's state lives in the URL query string, so a pasted link opens the same list. The
// filter parameters are named as the export endpoints name them (countyCode, townCode, sectorNumber,
// categoryCode, targetGroup, cityLevel, blacklisted, archived, search), so one mapping serves both.
import type { OrderDirection, TargetGroup, UnitFilter, UnitOrder, UnitOrderField } from '../../graphql/generated/graphql';

export const PAGE_SIZES = [20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 20;

/** 在册 (the server's default), 已归档, or both. */
export type ArchivedChoice = 'false' | 'true' | 'all';
export const ARCHIVED_CHOICES: ArchivedChoice[] = ['false', 'true', 'all'];

export const TARGET_GROUPS: TargetGroup[] = ['VILLAGE', 'ENTERPRISE'];
export const ORDER_FIELDS: UnitOrderField[] = ['NAME', 'COUNTY', 'ENROLLED_ON', 'UPDATED_AT'];

export interface UnitListFilter {
  countyCode?: string;
  townCode?: string;
  sectorNumber?: number;
  categoryCode?: string;
  targetGroup?: TargetGroup;
  cityLevel?: boolean;
  blacklisted?: boolean;
  archived: ArchivedChoice;
  search?: string;
}

export interface UnitListState {
  filter: UnitListFilter;
  /** Absent: the server's default order (by name, ascending). */
  order?: UnitOrder;
  pageSize: PageSize;
}

export const EMPTY_FILTER: UnitListFilter = { archived: 'false' };

/** The `sort` parameter: the field in camel case, with a leading "-" for descending (e.g. -enrolledOn). */
const SORT_NAMES: Record<UnitOrderField, string> = {
  NAME: 'name',
  COUNTY: 'county',
  ENROLLED_ON: 'enrolledOn',
  UPDATED_AT: 'updatedAt',
};

export function sortParam(order: UnitOrder): string {
  return `${order.direction === 'DESC' ? '-' : ''}${SORT_NAMES[order.field]}`;
}

export function parseSort(value: string | null): UnitOrder | undefined {
  if (!value) return undefined;
  const desc = value.startsWith('-');
  const name = desc ? value.slice(1) : value;
  const field = ORDER_FIELDS.find((f) => SORT_NAMES[f] === name);
  if (!field) return undefined;
  const direction: OrderDirection = desc ? 'DESC' : 'ASC';
  return { field, direction };
}

function parseBool(value: string | null): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function nonEmpty(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads the list state from the query string; unknown or malformed values are ignored. */
export function parseListState(params: URLSearchParams): UnitListState {
  const filter: UnitListFilter = { archived: 'false' };
  const countyCode = nonEmpty(params.get('countyCode'));
  if (countyCode && /^\d{6}$/.test(countyCode)) filter.countyCode = countyCode;
  const townCode = nonEmpty(params.get('townCode'));
  if (townCode && /^\d{9}$/.test(townCode)) filter.townCode = townCode;
  const sector = Number(params.get('sectorNumber') ?? '');
  if (params.get('sectorNumber') && Number.isInteger(sector) && sector > 0) filter.sectorNumber = sector;
  const categoryCode = nonEmpty(params.get('categoryCode'));
  if (categoryCode) filter.categoryCode = categoryCode;
  const targetGroup = params.get('targetGroup');
  if (TARGET_GROUPS.includes(targetGroup as TargetGroup)) filter.targetGroup = targetGroup as TargetGroup;
  const cityLevel = parseBool(params.get('cityLevel'));
  if (cityLevel !== undefined) filter.cityLevel = cityLevel;
  const blacklisted = parseBool(params.get('blacklisted'));
  if (blacklisted !== undefined) filter.blacklisted = blacklisted;
  const archived = params.get('archived');
  if (ARCHIVED_CHOICES.includes(archived as ArchivedChoice)) filter.archived = archived as ArchivedChoice;
  const search = nonEmpty(params.get('search'));
  if (search) filter.search = search;

  const size = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.find((s) => s === size) ?? DEFAULT_PAGE_SIZE;
  const order = parseSort(params.get('sort'));
  return order ? { filter, order, pageSize } : { filter, pageSize };
}

/** The filter as URL parameters, in a fixed order, leaving out what is not set (archived only when not 在册). */
export function filterParams(filter: UnitListFilter, { explicitArchived = false } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.countyCode) params.set('countyCode', filter.countyCode);
  if (filter.townCode) params.set('townCode', filter.townCode);
  if (filter.sectorNumber !== undefined) params.set('sectorNumber', String(filter.sectorNumber));
  if (filter.categoryCode) params.set('categoryCode', filter.categoryCode);
  if (filter.targetGroup) params.set('targetGroup', filter.targetGroup);
  if (filter.cityLevel !== undefined) params.set('cityLevel', String(filter.cityLevel));
  if (filter.blacklisted !== undefined) params.set('blacklisted', String(filter.blacklisted));
  if (explicitArchived || filter.archived !== 'false') params.set('archived', filter.archived);
  if (filter.search?.trim()) params.set('search', filter.search.trim());
  return params;
}

/** The whole list state as the page's query string (defaults left out, so the plain list is /units). */
export function listStateParams(state: UnitListState): URLSearchParams {
  const params = filterParams(state.filter);
  if (state.order) params.set('sort', sortParam(state.order));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  return params;
}

/** The GraphQL UnitFilter of the list state. */
export function toUnitFilter(filter: UnitListFilter): UnitFilter {
  return {
    countyCode: filter.countyCode ?? null,
    townCode: filter.townCode ?? null,
    sectorNumber: filter.sectorNumber ?? null,
    categoryCode: filter.categoryCode ?? null,
    targetGroup: filter.targetGroup ?? null,
    cityLevel: filter.cityLevel ?? null,
    blacklisted: filter.blacklisted ?? null,
    archived: filter.archived === 'all' ? null : filter.archived === 'true',
    search: filter.search?.trim() || null,
  };
}

/** The query string of /export/units.csv and .xlsx for the same rows as the list (archived always explicit). */
export function exportQuery(filter: UnitListFilter): string {
  return filterParams(filter, { explicitArchived: true }).toString();
}

/** Applies a change of some filter fields; choosing another county clears a town of the old one. */
export function changeFilter(filter: UnitListFilter, change: Partial<UnitListFilter>): UnitListFilter {
  const next: UnitListFilter = { ...filter, ...change };
  if ('countyCode' in change && change.countyCode !== filter.countyCode) delete next.townCode;
  for (const key of Object.keys(next) as (keyof UnitListFilter)[]) {
    if (next[key] === undefined || next[key] === '') delete next[key];
  }
  if (!next.archived) next.archived = 'false';
  return next;
}

/** How many filters differ from the empty filter (the phone's 筛选 button shows the number). */
export function activeFilterCount(filter: UnitListFilter): number {
  return (Object.keys(filter) as (keyof UnitListFilter)[]).filter((k) => filter[k] !== undefined && filter[k] !== EMPTY_FILTER[k]).length;
}
