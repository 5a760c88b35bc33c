import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Typography } from 'antd';

/** Lets a page name the last breadcrumb (e.g. 朔城区 instead of the route's generic name). */
export const CrumbContext = createContext<(title: string | undefined) => void>(() => {});

export default function PageContainer({
  title,
  crumb,
  extra,
  children,
}: {
  title: ReactNode;
  crumb?: string;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  const setCrumb = useContext(CrumbContext);
  useEffect(() => {
    setCrumb(crumb);
    return () => setCrumb(undefined);
  }, [crumb, setCrumb]);
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </div>
      {children}
    </div>
  );
}
