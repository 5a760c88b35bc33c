// How the units pages name the fields of a unit: in the form (UnitInput), in import row errors (the
// template's column headers) and in the change log (the audit log's JSON of the stored row).
import type { UnitInput } from '../../graphql/generated/graphql';
import type { MessageKey, Translate } from '../../locales';

export type UnitInputField = keyof UnitInput;

/** Labels of the form's fields, by UnitInput field. */
export const UNIT_FIELD_LABELS: Record<UnitInputField, MessageKey> = {
  name: 'unit.name',
  categoryCode: 'unit.category',
  sectorNumber: 'unit.sector',
  countyCode: 'unit.county',
  townCode: 'unit.town',
  address: 'unit.address',
  longitude: 'unit.longitude',
  latitude: 'unit.latitude',
  creditCode: 'unit.creditCode',
  principalName: 'unit.principalName',
  principalPhone: 'unit.principalPhone',
  cityLevel: 'unit.cityLevel',
  enrolledOn: 'unit.enrolledOn',
};

/** The form field a server error names ("townCode", or "input.townCode"), if the form has it. */
export function unitInputField(field: string | undefined): UnitInputField | undefined {
  const name = field?.split('.').pop();
  return name && name in UNIT_FIELD_LABELS ? (name as UnitInputField) : undefined;
}

/** Import row errors name a field; people know the template's column headers. */
const IMPORT_FIELD_LABELS: Record<string, MessageKey> = {
  name: 'import.col.name',
  categoryCode: 'import.col.category',
  sectorNumber: 'import.col.sectorNumber',
  countyCode: 'import.col.county',
  townCode: 'import.col.town',
  address: 'import.col.address',
  creditCode: 'import.col.creditCode',
  principalName: 'import.col.principalName',
  principalPhone: 'import.col.principalPhone',
  cityLevel: 'import.col.cityLevel',
  enrolledOn: 'import.col.enrolledOn',
  longitude: 'unit.longitude',
  latitude: 'unit.latitude',
  'officers.name': 'import.col.officerName',
  'officers.phone': 'import.col.officerPhone',
  'officers.fullTime': 'import.col.officerType',
  file: 'import.col.file',
};

export function importFieldLabel(field: string, t: Translate): string {
  const key = IMPORT_FIELD_LABELS[field];
  if (key) return t(key);
  if (field === 'officers' || field.startsWith('officers.')) return t('import.col.officers');
  return field;
}

/** The stored unit's fields as the audit log records them (camelCase, migration 00022), in the profile's order. */
export const AUDIT_FIELDS = [
  'name',
  'categoryCode',
  'sectorNumber',
  'countyCode',
  'townCode',
  'divisionCode',
  'address',
  'creditCode',
  'principalName',
  'principalPhone',
  'cityLevel',
  'enrolledOn',
  'archivedOn',
  'longitude',
  'latitude',
] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];

export const AUDIT_FIELD_LABELS: Record<AuditField, MessageKey> = {
  name: 'unit.name',
  categoryCode: 'unit.category',
  sectorNumber: 'unit.sector',
  countyCode: 'unit.county',
  townCode: 'unit.town',
  divisionCode: 'unit.divisionCode',
  address: 'unit.address',
  creditCode: 'unit.creditCode',
  principalName: 'unit.principalName',
  principalPhone: 'unit.principalPhone',
  cityLevel: 'unit.cityLevel',
  enrolledOn: 'unit.enrolledOn',
  archivedOn: 'unit.archivedOn',
  longitude: 'unit.longitude',
  latitude: 'unit.latitude',
};

/** Bookkeeping every change touches; showing it would only hide the real change. */
const IGNORED_AUDIT_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'version']);

export interface FieldChange {
  /** An AuditField, or a field this version of the app does not know (shown under its own name). */
  field: string;
  before: unknown;
  after: unknown;
}

function parseRow(json: string | null | undefined): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * The fields an audit entry changed, known fields first in profile order. A creation or an import
 * (no before) lists the fields it set.
 */
export function auditChanges(beforeJSON: string | null | undefined, afterJSON: string | null | undefined): FieldChange[] {
  const before = parseRow(beforeJSON);
  const after = parseRow(afterJSON);
  if (!before && !after) return [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const known = AUDIT_FIELDS.filter((f) => keys.has(f));
  const unknown = [...keys].filter((k) => !IGNORED_AUDIT_FIELDS.has(k) && !(AUDIT_FIELDS as readonly string[]).includes(k)).sort();
  const changes: FieldChange[] = [];
  for (const field of [...known, ...unknown]) {
    const b = before?.[field] ?? null;
    const a = after?.[field] ?? null;
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    if (isEmpty(b) && isEmpty(a)) continue;
    changes.push({ field, before: b, after: a });
  }
  return changes;
}

export interface AuditNames {
  categories: Map<string, string>;
  counties: Map<string, string>;
  towns: Map<string, string>;
  sectors: Map<number, string>;
}

/** 139****1119, as the server masks personal phones for analysts. */
export function maskPhone(phone: string): string {
  if (phone === '') return phone;
  const chars = [...phone];
  if (chars.length < 8) return '****';
  return `${chars.slice(0, 3).join('')}****${chars.slice(-4).join('')}`;
}

/** One recorded value as people read it: names for codes, dates without time, 是/否, — for none. */
export function formatAuditValue(
  field: string,
  value: unknown,
  names: AuditNames,
  t: Translate,
  { maskPhones = false }: { maskPhones?: boolean } = {},
): string {
  if (isEmpty(value)) return '—';
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (field) {
    case 'categoryCode':
      return names.categories.get(text) ?? text;
    case 'countyCode':
      return names.counties.get(text) ?? text;
    case 'townCode':
      return names.towns.get(text) ?? text;
    case 'sectorNumber': {
      const name = names.sectors.get(Number(value));
      return name ? `${text}. ${name}` : text;
    }
    case 'enrolledOn':
    case 'archivedOn':
      // stored as midnight in China's time zone, e.g. 2019-12-31T00:00:00+08:00: the date is what was meant
      return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
    case 'principalPhone':
      return maskPhones ? maskPhone(text) : text;
    default:
      return text;
  }
}

/** Actions of the audit log that have a name in the locales. */
export const AUDIT_ACTIONS = ['createUnit', 'updateUnit', 'archiveUnit', 'restoreUnit', 'setSafetyOfficers', 'importUnit'] as const;

export function auditActionLabel(action: string, t: Translate): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`changeLog.action.${action}` as MessageKey) : action;
}
