// Turns the signed-in user's role and scope into what the UI may show, as ant-design-pro's access.ts does.
// This only shapes navigation; the server's policy package decides every request on its own.
import type { CurrentUserFragment, Role } from './graphql/generated/graphql';

export type CurrentUser = CurrentUserFragment;

export interface Access {
  /** Every signed-in role has the home page. */
  canSeeHome: boolean;
  /** 用户管理: the city task-force office only. */
  canManageUsers: boolean;
  /** 创建单位: every signed-in role browses the register (the server confines it to the user's scope). */
  canSeeUnits: boolean;
  /** Create, edit, archive and import units: the city office anywhere, a county admin in its county. */
  canEditUnits: boolean;
  /** 本县: a county admin's own county. */
  hasOwnCounty: boolean;
  /** 我的行业: a lead department's sectors. */
  hasOwnSectors: boolean;
  /** 本乡镇: a town admin's or grid worker's own town. */
  hasOwnTown: boolean;
  /** 本单位: a unit officer's own unit. */
  hasOwnUnit: boolean;
  /** 我的待办 in the menu: the field roles (the offices have it on their landing pages). */
  hasTodoMenu: boolean;
  /** 数据分析 (pivots, saved queries, the query editor): analysts and the city office. */
  canAnalyze: boolean;
  /** 报表 (附表1, 附表2, reporting calendar, bulletin, targets): every signed-in role reads them. */
  canSeeReports: boolean;
  /** Edit 附表2 liaisons and set the yearly targets: the city office only. */
  canEditReports: boolean;
  /** 隐患排查治理 and 事故管理: every signed-in role (the server confines them to the user's scope). */
  canSeeEvents: boolean;
  /** Record inspections, move hazards along the loop and report incidents of the units one sees. */
  canRecordEvents: boolean;
  /**
   * Whether the county page of `code` (and its towns' pages) may be opened: county admins only their
   * own, department users none (their way down is by sector: 行业领域 → 县 → units).
   */
  canViewCounty: (code: string) => boolean;
  /** Whether the town page of `code` (9 digits, its county's 6 first) may be opened. */
  canViewTown: (code: string) => boolean;
  /** 认定: the city office any unit, a county admin its county's units, a lead department the city-level units of its sectors. */
  canCertify: (unit: { countyCode: string; sectorNumber: number; cityLevel: boolean }) => boolean;
  /** 黑名单: the city office, and a lead department for the units of its sectors. */
  canBlacklist: (sectorNumber: number) => boolean;
  /** Whether the sector page of `number` may be opened (department users: only the sectors they lead). */
  canViewSector: (number: number) => boolean;
}

export type AccessFlag = { [K in keyof Access]: Access[K] extends boolean ? K : never }[keyof Access];
export type AccessCheck = { [K in keyof Access]: Access[K] extends (arg: never) => boolean ? K : never }[keyof Access];

const nobody: Access = {
  canSeeHome: false,
  canManageUsers: false,
  canSeeUnits: false,
  canEditUnits: false,
  hasOwnCounty: false,
  hasOwnSectors: false,
  hasOwnTown: false,
  hasOwnUnit: false,
  hasTodoMenu: false,
  canAnalyze: false,
  canSeeReports: false,
  canEditReports: false,
  canSeeEvents: false,
  canRecordEvents: false,
  canViewCounty: () => false,
  canViewTown: () => false,
  canCertify: () => false,
  canBlacklist: () => false,
  canViewSector: () => false,
};

/**
 * @param user the signed-in user, or undefined when anonymous
 * @param ownSectors the sector numbers the user's department leads (department users only; loaded separately)
 */
export default function access(user: CurrentUser | undefined | null, ownSectors: readonly number[] = []): Access {
  if (!user) return nobody;
  const role: Role = user.role;
  const countyCode = user.county?.code;
  const townCode = user.town?.code;
  // the field roles (town, grid, unit) see their town's page at most, never a whole county's
  const field = role === 'TOWN_ADMIN' || role === 'GRID_WORKER' || role === 'UNIT_OFFICER';
  const canViewCounty = (code: string) =>
    role === 'COUNTY_ADMIN' ? code === countyCode : role !== 'DEPARTMENT_USER' && !field;
  return {
    canSeeHome: true,
    canManageUsers: role === 'CITY_ADMIN',
    canSeeUnits: true,
    canEditUnits: role === 'CITY_ADMIN' || (role === 'COUNTY_ADMIN' && !!countyCode),
    hasOwnCounty: role === 'COUNTY_ADMIN' && !!countyCode,
    hasOwnSectors: role === 'DEPARTMENT_USER' && !!user.department,
    hasOwnTown: (role === 'TOWN_ADMIN' || role === 'GRID_WORKER') && !!townCode,
    hasOwnUnit: role === 'UNIT_OFFICER' && !!user.unit,
    hasTodoMenu: field,
    canAnalyze: role === 'ANALYST' || role === 'CITY_ADMIN',
    // the plan's tables are the offices' business, not a grid worker's or a unit's
    canSeeReports: role !== 'GRID_WORKER' && role !== 'UNIT_OFFICER',
    canEditReports: role === 'CITY_ADMIN',
    canSeeEvents: true,
    canRecordEvents:
      role === 'CITY_ADMIN' ||
      (role === 'COUNTY_ADMIN' && !!countyCode) ||
      (role === 'DEPARTMENT_USER' && !!user.department) ||
      (role === 'TOWN_ADMIN' && !!townCode) ||
      role === 'GRID_WORKER' ||
      (role === 'UNIT_OFFICER' && !!user.unit),
    canViewCounty,
    canViewTown: (code) => /^\d{9}$/.test(code) && (field ? code === townCode && role !== 'UNIT_OFFICER' : canViewCounty(code.slice(0, 6))),
    canCertify: (unit) =>
      role === 'CITY_ADMIN' ||
      (role === 'COUNTY_ADMIN' && unit.countyCode === countyCode && !unit.cityLevel) ||
      (role === 'DEPARTMENT_USER' && unit.cityLevel && ownSectors.includes(unit.sectorNumber)),
    canBlacklist: (sectorNumber) => role === 'CITY_ADMIN' || (role === 'DEPARTMENT_USER' && ownSectors.includes(sectorNumber)),
    canViewSector: (number) => (role === 'DEPARTMENT_USER' ? ownSectors.includes(number) : true),
  };
}
