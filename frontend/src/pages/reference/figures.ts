// Per-area figures of the landing pages (county → its towns), from the stats query: pure, tested in figures.test.ts.
import type { TargetGroup } from '../../graphql/generated/graphql';

export interface AreaTotals {
  code: string;
  name: string;
  units: number;
  zeroAccidentRate: number | null;
  incidents: number;
  openHazards: number;
  overdueHazards: number;
  openMajorHazards: number;
}

export interface AreaFigures extends AreaTotals {
  /** The zero-accident rate of each target group (村(社区), 企事业单位); null: no units of the group. */
  rates: Record<TargetGroup, number | null>;
}

type TotalRow = Omit<AreaTotals, 'code' | 'name'> & { town?: { code: string; name: string } | null };
type GroupRow = { town?: { code: string } | null; targetGroup?: TargetGroup | null; zeroAccidentRate: number | null };

/**
 * One row per town: its totals with the rates of both target groups joined on, in the order of the
 * totals (the server's: by code); a group a town has no units of keeps a null rate.
 */
export function townFigures(totals: readonly TotalRow[], groups: readonly GroupRow[]): AreaFigures[] {
  const rates = new Map<string, Record<TargetGroup, number | null>>();
  for (const g of groups) {
    if (!g.town || !g.targetGroup) continue;
    const r = rates.get(g.town.code) ?? { VILLAGE: null, ENTERPRISE: null };
    r[g.targetGroup] = g.zeroAccidentRate;
    rates.set(g.town.code, r);
  }
  return totals
    .filter((row): row is TotalRow & { town: { code: string; name: string } } => !!row.town)
    .map((row) => ({
      code: row.town.code,
      name: row.town.name,
      units: row.units,
      zeroAccidentRate: row.zeroAccidentRate,
      incidents: row.incidents,
      openHazards: row.openHazards,
      overdueHazards: row.overdueHazards,
      openMajorHazards: row.openMajorHazards,
      rates: rates.get(row.town.code) ?? { VILLAGE: null, ENTERPRISE: null },
    }));
}
