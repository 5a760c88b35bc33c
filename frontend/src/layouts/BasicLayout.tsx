import { Suspense, useMemo, useState, type MouseEvent } from 'react';
import { Breadcrumb, Button, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import { LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { CurrentUser } from '../access';
import { useAccess } from '../components/AccessProvider';
import LanguageSwitch from '../components/LanguageSwitch';
import PageLoading from '../components/PageLoading';
import { CrumbContext, type PageCrumbs } from '../components/PageContainer';
import { useIntl } from '../locales';
import { menuEntries } from '../routes';
import { useAuth } from '../services/auth';
import { breadcrumbsFor } from './breadcrumbs';

const SIDER_WIDTH = 216;
const MAIN_ID = 'main-content';

/** Side menu by role, header with the user, language and logout; pages render in the content area. */
export default function BasicLayout({ user }: { user: CurrentUser }) {
  const { t } = useIntl();
  const { access } = useAccess();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [pageCrumbs, setPageCrumbs] = useState<PageCrumbs>();

  const entries = menuEntries(user, access);
  const selected = entries
    .filter((e) => (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(`${e.path}/`)))
    .map((e) => e.path);
  const crumbs = useMemo(() => breadcrumbsFor(pathname, access), [pathname, access]);
  const scopeName = user.county?.name ?? user.department?.name;

  const onLogout = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  // Keyboard users reach the page itself without going through the whole menu first.
  const skipToContent = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    document.getElementById(MAIN_ID)?.focus();
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href={`#${MAIN_ID}`} className="skip-link" onClick={skipToContent}>
        {t('layout.skipToContent')}
      </a>
      <Layout.Sider width={SIDER_WIDTH} breakpoint="lg" collapsedWidth={0}>
        {/* The dark column spans the whole page; only its content stays in view while the page scrolls. */}
        <div style={{ position: 'sticky', top: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '18px 16px', color: '#fff' }}>
            <SafetyCertificateOutlined style={{ fontSize: 24, color: token.colorPrimary }} />
            <span style={{ fontWeight: 600, fontSize: 15, lineHeight: 1.3 }}>{t('app.title')}</span>
          </div>
          <nav aria-label={t('app.title')}>
            <Menu
              theme="dark"
              mode="inline"
              // the links are the Tab stops (and the arrows move between them); the list itself would be
              // one more stop that shows no focus
              tabIndex={-1}
              selectedKeys={selected}
              items={entries.map((e) => ({ key: e.path, icon: e.icon, label: <Link to={e.path}>{t(e.name)}</Link> }))}
            />
          </nav>
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            boxShadow: '0 1px 4px rgba(0, 21, 41, 0.08)',
          }}
        >
          <Space size="middle" wrap={false}>
            <LanguageSwitch />
            <Space size={6} data-testid="current-user">
              <UserOutlined />
              <Typography.Text strong>{user.displayName}</Typography.Text>
              {scopeName && scopeName !== user.displayName && <Typography.Text type="secondary">{scopeName}</Typography.Text>}
              <Tag color="blue" data-testid="role-label" style={{ marginInlineEnd: 0 }}>
                {t('role.label', { role: t(`role.${user.role}`) })}
              </Tag>
            </Space>
            <Button icon={<LogoutOutlined />} onClick={() => void onLogout()}>
              {t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content id={MAIN_ID} tabIndex={-1} style={{ margin: 24, outline: 'none' }}>
          <Breadcrumb
            style={{ marginBottom: 16 }}
            items={
              pageCrumbs?.trail
                ? [
                    { key: '/', title: <Link to="/">{t('menu.home')}</Link> },
                    ...pageCrumbs.trail.map((c, i) => ({
                      key: `${i}:${c.path ?? c.title}`,
                      title: c.path ? <Link to={c.path}>{c.title}</Link> : c.title,
                    })),
                  ]
                : crumbs.map((c, i) => {
                    const last = i === crumbs.length - 1;
                    const title = last && pageCrumbs?.title ? pageCrumbs.title : t(c.name);
                    return { key: c.path, title: last ? title : <Link to={c.path}>{title}</Link> };
                  })
            }
          />
          <CrumbContext.Provider value={setPageCrumbs}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </CrumbContext.Provider>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
