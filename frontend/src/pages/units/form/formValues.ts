// The unit form's values and their conversion to and from the API (pure, so it is tested).
import type { UnitFormFieldsFragment, UnitInput } from '../../../graphql/generated/graphql';
import type { UnitInputField } from '../unitFields';

/** Form values: dates as YYYY-MM-DD text here; the page converts them for the DatePicker. */
export interface UnitFormValues {
  name: string;
  categoryCode?: string;
  sectorNumber?: number;
  countyCode?: string;
  townCode?: string;
  address: string;
  creditCode: string;
  principalName: string;
  principalPhone: string;
  cityLevel: boolean;
  enrolledOn?: string;
  longitude?: number | null;
  latitude?: number | null;
}

export const VILLAGE_CATEGORY = 'village_community';
/** 农业、农村: the sector villages and communities are registered under. */
export const VILLAGE_SECTOR = 18;

export function emptyValues(countyCode: string | undefined, today: string): UnitFormValues {
  return {
    name: '',
    countyCode,
    address: '',
    creditCode: '',
    principalName: '',
    principalPhone: '',
    cityLevel: false,
    enrolledOn: today,
    longitude: null,
    latitude: null,
  };
}

export function valuesOf(unit: UnitFormFieldsFragment): UnitFormValues {
  return {
    name: unit.name,
    categoryCode: unit.category.code,
    sectorNumber: unit.sector.number,
    countyCode: unit.county.code,
    townCode: unit.town.code,
    address: unit.address,
    creditCode: unit.creditCode ?? '',
    principalName: unit.principalName,
    principalPhone: unit.principalPhone,
    cityLevel: unit.cityLevel,
    enrolledOn: unit.enrolledOn,
    longitude: unit.longitude ?? null,
    latitude: unit.latitude ?? null,
  };
}

/** The mutation input of validated form values (text trimmed, an empty credit code sent as none). */
export function toUnitInput(values: UnitFormValues): UnitInput {
  const text = (s: string | undefined) => (s ?? '').trim();
  return {
    name: text(values.name),
    categoryCode: values.categoryCode ?? '',
    sectorNumber: values.sectorNumber ?? 0,
    countyCode: values.countyCode ?? '',
    townCode: values.townCode ?? '',
    address: text(values.address),
    creditCode: text(values.creditCode).toUpperCase() || null,
    principalName: text(values.principalName),
    principalPhone: text(values.principalPhone),
    cityLevel: !!values.cityLevel,
    enrolledOn: values.enrolledOn ?? '',
    longitude: values.longitude ?? null,
    latitude: values.latitude ?? null,
  };
}

/** The fields where two sets of values differ as the server would see them (for the conflict view). */
export function differingFields(a: UnitFormValues, b: UnitFormValues): UnitInputField[] {
  const x = toUnitInput(a);
  const y = toUnitInput(b);
  return (Object.keys(x) as UnitInputField[]).filter((k) => JSON.stringify(x[k] ?? null) !== JSON.stringify(y[k] ?? null));
}

/** The latest version with the user's own changes on top: the fields the user changed keep the user's values. */
export function applyChanges(latest: UnitFormValues, mine: UnitFormValues, changed: UnitInputField[]): UnitFormValues {
  const next: UnitFormValues = { ...latest };
  for (const field of changed) (next as unknown as Record<string, unknown>)[field] = mine[field];
  return next;
}
