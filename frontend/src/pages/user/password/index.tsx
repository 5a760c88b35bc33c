import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import LanguageSwitch from '../../../components/LanguageSwitch';
import { ChangePasswordDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { useAuth } from '../../../services/auth';
import { describeApiError } from '../../../services/errors';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

const MIN_LENGTH = 8;

/**
 * 修改密码. `forced`: the first sign-in with a one-time initial password, shown instead of every page
 * (the server refuses all else until it is changed); afterwards the user goes on where they were headed.
 */
export default function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t, locale } = useIntl();
  const { message } = App.useApp();
  const { login, logout, user } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [, change] = useMutation(ChangePasswordDocument);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const result = await change({ oldPassword: v.oldPassword, newPassword: v.newPassword });
    if (result.data?.changePassword) {
      // the change ends the account's sessions (this one too): sign in again with the new password
      const failure = user ? await login(user.username, v.newPassword) : null;
      setSaving(false);
      if (failure) {
        setError(failure);
        return;
      }
      message.success(t('password.done'));
      form.resetFields();
      if (!forced) navigate(-1);
      return;
    }
    setSaving(false);
    const described = describeApiError(result.error, locale, t);
    const field = described.field === 'oldPassword' || described.field === 'newPassword' ? described.field : null;
    if (described.code === 'BAD_USER_INPUT' && field) form.setFields([{ name: field, errors: [described.message] }]);
    else setError(result.error);
  };

  const card = (
    <Card style={{ width: 440, maxWidth: '100%' }} data-testid="change-password">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        <KeyOutlined /> {t('password.title')}
      </Typography.Title>
      {forced && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('password.firstHint')} data-testid="first-sign-in" />
      )}
      {user && (
        <Typography.Paragraph type="secondary">
          {user.displayName} · {t(`role.${user.role}`)}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t('password.title')} requiredMark={false}>
        <Form.Item name="oldPassword" label={t('password.old')} rules={[{ required: true, message: t('password.oldRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          dependencies={['oldPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: MIN_LENGTH, message: t('password.rule') },
            ({ getFieldValue }) => ({
              validator: (_, v: string) => (v && v === getFieldValue('oldPassword') ? Promise.reject(new Error(t('password.rule'))) : Promise.resolve()),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: (_, v: string) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={saving}>
          {t('password.submit')}
        </Button>
        {forced && (
          <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout()}>
            {t('header.logout')}
          </Button>
        )}
      </Form>
    </Card>
  );
  if (!forced) return card;
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 16 }}>
        <LanguageSwitch />
      </div>
      <main style={{ display: 'flex', justifyContent: 'center', padding: '4vh 16px' }}>{card}</main>
    </div>
  );
}
