import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useIntl } from '../locales';
import { useAuth } from '../services/auth';
import { describeApiError } from '../services/errors';
import { loginPath } from '../services/redirect';
import PageLoading from './PageLoading';
import type { CurrentUser } from '../access';

/** Sends anonymous visitors to /login (and back afterwards); renders children with the signed-in user. */
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
  return <>{children(user)}</>;
}
