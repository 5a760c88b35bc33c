import { lazy, Suspense, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useIntl } from '../locales';
import { useAuth } from '../services/auth';
import { describeApiError } from '../services/errors';
import { loginPath } from '../services/redirect';
import PageLoading from './PageLoading';
import type { CurrentUser } from '../access';

const ChangePasswordPage = lazy(() => import('../pages/user/password'));

/**
 * Sends anonymous visitors to /login (and back afterwards), a user with a one-time password to the
 * change of it; renders children with the signed-in user.
 */
export default function RequireAuth({ children }: { children: (user: CurrentUser) => ReactNode }) {
  const { status, user, error, reloadUser, logout } = useAuth();
  const location = useLocation();
  const { locale, t } = useIntl();
  if (status === 'anonymous') {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  if (status === 'error') {
    return (
      <Result
        status="error"
        title={describeApiError(error, locale, t).message}
        extra={[
          <Button key="retry" type="primary" onClick={reloadUser}>
            {t('app.retry')}
          </Button>,
          <Button key="logout" onClick={() => void logout()}>
            {t('header.logout')}
          </Button>,
        ]}
      />
    );
  }
  if (status === 'loading' || !user) return <PageLoading />;
  // a one-time initial password: nothing else works until it is changed (the server says the same)
  if (user.mustChangePassword)
    return (
      <Suspense fallback={<PageLoading />}>
        <ChangePasswordPage forced />
      </Suspense>
    );
  return <>{children(user)}</>;
}
