import { Suspense, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { Badge, Breadcrumb, Button, Drawer, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import { LogoutOutlined, MenuOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { MyTodoCountDocument } from '../graphql/generated/graphql';
import type { CurrentUser } from '../access';
import { useAccess } from '../components/AccessProvider';
import LanguageSwitch from '../components/LanguageSwitch';
import PageLoading from '../components/PageLoading';
import { useIsPhone } from '../components/useIsPhone';
import { CrumbContext, type PageCrumbs } from '../components/PageContainer';
import { useIntl } from '../locales';
import { menuEntries } from '../routes';
import { useAuth } from '../services/auth';
import { breadcrumbsFor } from './breadcrumbs';

const SIDER_WIDTH = 216;
const MAIN_ID = 'main-content';
/** The phone header's height: the content starts below it (the header is sticky, never over the page). */
export const PHONE_HEADER_HEIGHT = 56;

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

  const [drawerOpen, setDrawerOpen] = useState(false);
  // the menu's 我的待办 count, refreshed on each page change
  const [todo, refetchTodo] = useQuery({ query: MyTodoCountDocument, pause: !access.hasTodoMenu, requestPolicy: 'cache-and-network' });
  const todoCount = todo.data?.myTodo.counts.total ?? 0;
  useEffect(() => {
    if (access.hasTodoMenu) refetchTodo({ requestPolicy: 'network-only' });
  }, [pathname, access.hasTodoMenu, refetchTodo]);
  const phone = useIsPhone();
  // a menu choice (or any navigation) closes the phone's drawer
  useEffect(() => setDrawerOpen(false), [pathname]);

  const brand = (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '18px 16px', color: '#fff' }}>
      <SafetyCertificateOutlined style={{ fontSize: 24, color: token.colorPrimary }} />
      <span style={{ fontWeight: 600, fontSize: 15, lineHeight: 1.3 }}>{t('app.title')}</span>
    </div>
  );
  const menu = (
    <nav aria-label={t('app.title')}>
      <Menu
        theme="dark"
        mode="inline"
        // the links are the Tab stops (and the arrows move between them); the list itself would be
        // one more stop that shows no focus
        tabIndex={-1}
        selectedKeys={selected}
        items={entries.map((e) => ({
          key: e.path,
          icon: e.icon,
          label: (
            <Link to={e.path}>
              {t(e.name)}
              {e.path === '/todo' && todoCount > 0 && (
                <Badge count={todoCount} size="small" overflowCount={99} style={{ marginInlineStart: 8 }} data-testid="todo-badge" />
              )}
            </Link>
          ),
        }))}
      />
    </nav>
  );
  const userInfo = (
    <Space size={6} data-testid="current-user" wrap>
      <UserOutlined style={phone ? { color: '#fff' } : undefined} />
      <Typography.Text strong style={phone ? { color: '#fff' } : undefined}>
        {user.displayName}
      </Typography.Text>
      {scopeName && scopeName !== user.displayName && (
        <Typography.Text type="secondary" style={phone ? { color: 'rgba(255,255,255,0.65)' } : undefined}>
          {scopeName}
        </Typography.Text>
      )}
      <Tag color="blue" data-testid="role-label" style={{ marginInlineEnd: 0 }}>
        {t('role.label', { role: t(`role.${user.role}`) })}
      </Tag>
    </Space>
  );

  let header: ReactNode;
  if (phone) {
    header = (
      <Layout.Header
        data-testid="app-header"
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 100,
          height: PHONE_HEADER_HEIGHT,
          lineHeight: `${PHONE_HEADER_HEIGHT}px`,
          background: token.colorBgContainer,
          padding: '0 8px',
          display: 'flex',
          alignItems: 'center',
          gap: 4,
          boxShadow: '0 1px 4px rgba(0, 21, 41, 0.08)',
        }}
      >
        <Button
          type="text"
          icon={<MenuOutlined />}
          aria-label={t('layout.openMenu')}
          aria-expanded={drawerOpen}
          data-testid="menu-toggle"
          onClick={() => setDrawerOpen(true)}
        />
        <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 15 }}>
          {t('app.shortTitle')}
        </Typography.Text>
        <LanguageSwitch compact />
        <Button type="text" icon={<LogoutOutlined />} aria-label={t('header.logout')} onClick={() => void onLogout()} />
      </Layout.Header>
    );
  } else {
    header = (
      <Layout.Header
        data-testid="app-header"
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
          {userInfo}
          <Link to="/password">{t('menu.changePassword')}</Link>
          <Button icon={<LogoutOutlined />} onClick={() => void onLogout()}>
            {t('header.logout')}
          </Button>
        </Space>
      </Layout.Header>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href={`#${MAIN_ID}`} className="skip-link" onClick={skipToContent}>
        {t('layout.skipToContent')}
      </a>
      {phone ? (
        <Drawer
          placement="left"
          width={Math.min(300, SIDER_WIDTH + 64)}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          title={null}
          data-testid="menu-drawer"
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          <div style={{ padding: '0 16px 12px' }}>
            {userInfo}
            <div style={{ marginTop: 6 }}>
              <Link to="/password" style={{ color: 'rgba(255,255,255,0.85)' }}>
                {t('menu.changePassword')}
              </Link>
            </div>
          </div>
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={SIDER_WIDTH}>
          {/* The dark column spans the whole page; only its content stays in view while the page scrolls. */}
          <div style={{ position: 'sticky', top: 0 }}>
            {brand}
            {menu}
          </div>
        </Layout.Sider>
      )}
      <Layout>
        {header}
        <Layout.Content id={MAIN_ID} tabIndex={-1} style={{ margin: phone ? 12 : 24, outline: 'none', minWidth: 0 }}>
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
