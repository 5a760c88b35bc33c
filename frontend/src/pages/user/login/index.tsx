import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useSearchParams } from 'react-router';
import ErrorAlert from '../../../components/ErrorAlert';
import LanguageSwitch from '../../../components/LanguageSwitch';
import { useIntl } from '../../../locales';
import { useAuth } from '../../../services/auth';
import { landingPath } from '../../../services/landing';
import { safeRedirect } from '../../../services/redirect';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useIntl();
  const { status, user, login } = useAuth();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const redirect = params.get('redirect');

  // back to the page that sent the user here, else the role's own landing page
  if (status === 'ready' && user) return <Navigate to={redirect ? safeRedirect(redirect) : landingPath(user)} replace />;

  const onFinish = async ({ username, password }: LoginForm) => {
    setSubmitting(true);
    setError(null);
    const failure = await login(username.trim(), password);
    setSubmitting(false);
    // on success the auth state turns 'ready' and the <Navigate> above takes the user on
    if (failure) setError(failure);
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)',
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 16 }}>
        <LanguageSwitch />
      </div>
      <main style={{ flex: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center', paddingTop: '8vh' }}>
        <Card style={{ width: 400, maxWidth: 'calc(100vw - 32px)' }}>
          <div style={{ textAlign: 'center', marginBottom: 24 }}>
            <SafetyCertificateOutlined style={{ fontSize: 40, color: '#1677ff' }} />
            <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
          {error !== null && (
            <div style={{ marginBottom: 16 }} data-testid="login-error">
              <ErrorAlert
                error={error}
                title={t('login.failed')}
                options={{ overrides: { UNAUTHENTICATED: 'login.UNAUTHENTICATED', FORBIDDEN: 'login.FORBIDDEN' } }}
              />
            </div>
          )}
          <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} aria-label={t('login.title')}>
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
      </main>
    </div>
  );
}
