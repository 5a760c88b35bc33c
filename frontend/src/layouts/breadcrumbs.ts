import { matchPath } from 'react-router';
import type { Access } from '../access';
import type { MessageKey } from '../locales';
import { isAllowed, routes } from '../routes';

export interface Crumb {
  path: string;
  name: MessageKey;
}

/**
 * ProLayout-style breadcrumbs: every prefix of the path that is a route the user may open,
 * e.g. /sectors/4 → 首页 / 我的行业 / 行业领域 for a department user; a page the user may not open ends
 * in 无权访问.
 */
export function breadcrumbsFor(pathname: string, access: Access): Crumb[] {
  const segments = pathname.split('/').filter(Boolean);
  const prefixes = ['/', ...segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}`)];
  const crumbs: Crumb[] = [];
  for (const prefix of prefixes) {
    for (const route of routes) {
      if (route.path === '*') continue;
      const match = matchPath({ path: route.path, end: true }, prefix);
      if (match) {
        if (isAllowed(route, access, match.params)) crumbs.push({ path: prefix, name: route.name });
        else if (prefix === pathname) crumbs.push({ path: prefix, name: 'menu.forbidden' });
        break;
      }
    }
  }
  const known = routes.some((r) => r.path !== '*' && matchPath({ path: r.path, end: true }, pathname));
  if (!known) crumbs.push({ path: pathname, name: 'menu.notFound' });
  return crumbs;
}
