// Turns the signed-in user's role and scope into what the UI may show, as ant-design-pro's access.ts does.
// This only shapes navigation; the server's policy package decides every request on its own.
import type { CurrentUserFragment, Role } from './graphql/generated/graphql';

export type CurrentUser = CurrentUserFragment;

export interface Access {
  /** Every signed-in role has the home page. */
  canSeeHome: boolean;
  /** 用户管理: the city task-force office only. */
  canManageUsers: boolean;
  /** 本县: a county admin's own county. */
  hasOwnCounty: boolean;
  /** 我的行业: a lead department's sectors. */
  hasOwnSectors: boolean;
  /** 数据分析: analysts. */
  canAnalyze: boolean;
  /** Whether the county page of `code` may be opened (county admins: only their own). */
  canViewCounty: (code: string) => boolean;
  /** Whether the sector page of `number` may be opened (department users: only the sectors they lead). */
  canViewSector: (number: number) => boolean;
}

export type AccessFlag = { [K in keyof Access]: Access[K] extends boolean ? K : never }[keyof Access];
export type AccessCheck = { [K in keyof Access]: Access[K] extends (arg: never) => boolean ? K : never }[keyof Access];

const nobody: Access = {
  canSeeHome: false,
  canManageUsers: false,
  hasOwnCounty: false,
  hasOwnSectors: false,
  canAnalyze: false,
  canViewCounty: () => false,
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
  return {
    canSeeHome: true,
    canManageUsers: role === 'CITY_ADMIN',
    hasOwnCounty: role === 'COUNTY_ADMIN' && !!countyCode,
    hasOwnSectors: role === 'DEPARTMENT_USER' && !!user.department,
    canAnalyze: role === 'ANALYST',
    canViewCounty: (code) => (role === 'COUNTY_ADMIN' ? code === countyCode : true),
    canViewSector: (number) => (role === 'DEPARTMENT_USER' ? ownSectors.includes(number) : true),
  };
}
