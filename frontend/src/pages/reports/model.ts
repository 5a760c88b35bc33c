// The reports page's pure parts: the rows of 附表2 (every county and lead department, each with its two
// roles, whether filled in or not) and the next reporting deadline. Unit-tested.
import type { LiaisonFieldsFragment, LiaisonRole } from '../../graphql/generated/graphql';

export const LIAISON_ROLES: readonly LiaisonRole[] = ['LEADER', 'CONTACT'];

export type LiaisonGroup = 'county' | 'department';

export interface LiaisonRow {
  /** Stable key: group, unit code and role. */
  key: string;
  group: LiaisonGroup;
  unitCode: string;
  unitName: string;
  role: LiaisonRole;
  /** The liaison on record, if any. */
  liaison?: LiaisonFieldsFragment;
  /** Rows the 类别 cell spans (0: merged into the row above). */
  groupSpan: number;
  /** Rows the 单位 cell spans (0: merged into the row above). */
  unitSpan: number;
}

/**
 * 附表2 as the plan lays it out: the counties (县(市、区)、经济开发区) and then the lead departments
 * (市牵头责任部门), each with 分管负责人 and 具体责任人, filled in from `liaisons`.
 */
export function liaisonRows(
  counties: readonly { code: string; name: string }[],
  departments: readonly { code: string; name: string }[],
  liaisons: readonly LiaisonFieldsFragment[],
): LiaisonRow[] {
  const byKey = new Map<string, LiaisonFieldsFragment>();
  for (const l of liaisons) {
    const group: LiaisonGroup = l.county ? 'county' : 'department';
    const code = l.county?.code ?? l.department?.code ?? '';
    byKey.set(`${group}:${code}:${l.role}`, l);
  }
  const rows: LiaisonRow[] = [];
  const add = (group: LiaisonGroup, units: readonly { code: string; name: string }[]) => {
    units.forEach((u, i) => {
      LIAISON_ROLES.forEach((role, j) => {
        const key = `${group}:${u.code}:${role}`;
        rows.push({
          key,
          group,
          unitCode: u.code,
          unitName: u.name,
          role,
          liaison: byKey.get(key),
          groupSpan: i === 0 && j === 0 ? units.length * LIAISON_ROLES.length : 0,
          unitSpan: j === 0 ? LIAISON_ROLES.length : 0,
        });
      });
    });
  };
  add('county', counties);
  add('department', departments);
  return rows;
}

export interface Deadline {
  due: string;
  what: string;
  recurring: boolean;
}

/** The first deadline due today or later (dates as YYYY-MM-DD compare as strings), or undefined. */
export function nextDeadline(deadlines: readonly Deadline[], today: string): Deadline | undefined {
  return [...deadlines].sort((a, b) => a.due.localeCompare(b.due)).find((d) => d.due >= today);
}

/** Whole days from `today` to `due` (both YYYY-MM-DD). */
export function daysUntil(due: string, today: string): number {
  const ms = Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** The bulletin months one may pick: from January 2020 to this month. */
export function bulletinMonthAllowed(month: string, thisMonth: string): boolean {
  return /^\d{4}-\d{2}$/.test(month) && month >= '2020-01' && month <= thisMonth;
}
