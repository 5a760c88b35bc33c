// The one route table (as in ant-design-pro's config/routes): path, menu name, icon and the access rule.
// Every page is its own chunk, loaded when first visited.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { AlertOutlined, CheckSquareOutlined, AppstoreOutlined, BarChartOutlined, EnvironmentOutlined, FileTextOutlined, HomeOutlined, ShopOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import type { Access, AccessFlag, CurrentUser } from './access';
import type { MessageKey } from './locales';

export type RouteParams = Readonly<Partial<Record<string, string>>>;

export interface AppRoute {
  path: string;
  /** Locale key of the page name, used by the menu and the breadcrumbs. */
  name: MessageKey;
  icon?: ReactNode;
  /** A flag of access.ts, or a rule on the URL parameters; absent means every signed-in user. */
  access?: AccessFlag | ((access: Access, params: RouteParams) => boolean);
  component: LazyExoticComponent<ComponentType>;
  hideInMenu?: boolean;
  /** For a route with parameters: the menu entry's own label, flag and target (e.g. 本县 → the user's county). */
  menu?: { name: MessageKey; access: AccessFlag; path: (user: CurrentUser) => string };
}

const UnitFormPage = lazy(() => import('./pages/units/form'));

export const routes: AppRoute[] = [
  {
    path: '/',
    name: 'menu.home',
    icon: <HomeOutlined />,
    access: 'canSeeHome',
    component: lazy(() => import('./pages/dashboard')),
  },
  {
    path: '/units',
    name: 'menu.units',
    icon: <ShopOutlined />,
    access: 'canSeeUnits',
    component: lazy(() => import('./pages/units/list')),
  },
  // before /units/:id, so the breadcrumbs (first match wins) read /units/new as the form
  {
    path: '/units/new',
    name: 'menu.unitNew',
    access: 'canEditUnits',
    component: UnitFormPage,
    hideInMenu: true,
  },
  {
    path: '/units/:id',
    name: 'menu.unit',
    icon: <ShopOutlined />,
    access: 'canSeeUnits',
    component: lazy(() => import('./pages/units/detail')),
    menu: { name: 'menu.myUnit', access: 'hasOwnUnit', path: (user) => `/units/${user.unit?.id ?? ''}` },
  },
  {
    path: '/units/:id/edit',
    name: 'menu.unitEdit',
    access: 'canEditUnits',
    component: UnitFormPage,
    hideInMenu: true,
  },
  {
    path: '/hazards',
    name: 'menu.hazards',
    icon: <WarningOutlined />,
    access: 'canSeeEvents',
    component: lazy(() => import('./pages/events/hazards')),
  },
  {
    path: '/hazards/:id',
    name: 'menu.hazard',
    access: 'canSeeEvents',
    component: lazy(() => import('./pages/events/hazard')),
    hideInMenu: true,
  },
  {
    path: '/incidents',
    name: 'menu.incidents',
    icon: <AlertOutlined />,
    access: 'canSeeEvents',
    component: lazy(() => import('./pages/events/incidents')),
  },
  {
    path: '/reports',
    name: 'menu.reports',
    icon: <FileTextOutlined />,
    access: 'canSeeReports',
    component: lazy(() => import('./pages/reports')),
  },
  {
    path: '/analysis',
    name: 'menu.analysis',
    icon: <BarChartOutlined />,
    access: 'canAnalyze',
    component: lazy(() => import('./pages/analysis/workbench')),
  },
  {
    path: '/users',
    name: 'menu.users',
    icon: <TeamOutlined />,
    access: 'canManageUsers',
    component: lazy(() => import('./pages/admin/users')),
  },
  {
    path: '/counties/:code',
    name: 'menu.county',
    icon: <EnvironmentOutlined />,
    access: (a, params) => a.canViewCounty(params.code ?? ''),
    component: lazy(() => import('./pages/reference/county')),
    menu: { name: 'menu.myCounty', access: 'hasOwnCounty', path: (user) => `/counties/${user.county?.code ?? ''}` },
  },
  {
    path: '/towns/:code',
    name: 'menu.town',
    icon: <EnvironmentOutlined />,
    access: (a, params) => a.canViewTown(params.code ?? ''),
    component: lazy(() => import('./pages/reference/town')),
    menu: { name: 'menu.myTown', access: 'hasOwnTown', path: (user) => `/towns/${user.town?.code ?? ''}` },
  },
  {
    path: '/sectors',
    name: 'menu.mySectors',
    icon: <AppstoreOutlined />,
    access: 'hasOwnSectors',
    component: lazy(() => import('./pages/reference/mySectors')),
  },
  {
    path: '/sectors/:number',
    name: 'menu.sector',
    access: (a, params) => a.canViewSector(Number(params.number)),
    component: lazy(() => import('./pages/reference/sector')),
    hideInMenu: true,
  },
  {
    path: '/todo',
    name: 'menu.todo',
    icon: <CheckSquareOutlined />,
    access: 'hasTodoMenu',
    component: lazy(() => import('./pages/todo')),
  },
  {
    path: '/password',
    name: 'menu.changePassword',
    component: lazy(() => import('./pages/user/password')),
    hideInMenu: true,
  },
  {
    path: '/403',
    name: 'menu.forbidden',
    component: lazy(() => import('./pages/exception/403')),
    hideInMenu: true,
  },
  {
    path: '*',
    name: 'menu.notFound',
    component: lazy(() => import('./pages/exception/404')),
    hideInMenu: true,
  },
];

export function isAllowed(route: AppRoute, access: Access, params: RouteParams = {}): boolean {
  if (!route.access) return true;
  if (typeof route.access === 'function') return route.access(access, params);
  return access[route.access];
}

export interface MenuEntry {
  path: string;
  name: MessageKey;
  icon?: ReactNode;
}

/** The side menu of a user: the routes whose access flag the user has, in table order. */
export function menuEntries(user: CurrentUser, access: Access): MenuEntry[] {
  const entries: MenuEntry[] = [];
  for (const route of routes) {
    if (route.hideInMenu) continue;
    if (route.menu) {
      if (access[route.menu.access]) entries.push({ path: route.menu.path(user), name: route.menu.name, icon: route.icon });
    } else if (typeof route.access !== 'function' && isAllowed(route, access)) {
      entries.push({ path: route.path, name: route.name, icon: route.icon });
    }
  }
  return entries;
}
