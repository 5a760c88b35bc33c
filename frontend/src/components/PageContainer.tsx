import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** A breadcrumb a page names itself; without a path it is not a link. */
export interface TrailCrumb {
  title: string;
  path?: string;
}

export interface PageCrumbs {
  /** The last breadcrumb's text (e.g. 朔城区 instead of the route's generic name). */
  title?: string;
  /** The breadcrumbs after 首页, replacing those of the route table (e.g. 县 / 乡镇 / 单位 on a unit page). */
  trail?: TrailCrumb[];
}

/** Lets a page name its breadcrumbs. */
export const CrumbContext = createContext<(crumbs: PageCrumbs | undefined) => void>(() => {});

export default function PageContainer({
  title,
  crumb,
  trail,
  extra,
  children,
}: {
  title: ReactNode;
  crumb?: string;
  trail?: TrailCrumb[];
  extra?: ReactNode;
  children?: ReactNode;
}) {
  const setCrumbs = useContext(CrumbContext);
  // compared by value: a page builds its trail anew on every render; `crumb` is the last crumb's title
  const key = JSON.stringify({ title: crumb, trail } satisfies PageCrumbs);
  useEffect(() => {
    setCrumbs(JSON.parse(key) as PageCrumbs);
    return () => setCrumbs(undefined);
  }, [key, setCrumbs]);
  return (
    <div>
      <Flex align="center" justify="space-between" gap={16} wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </div>
  );
}
