import { useState, type ReactNode } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useIntl } from '../../locales';
import { showFormError } from './shared';

/**
 * A confirmation that needs a reason (重新打开, 列入/移出黑名单). `onSubmit` runs the mutation and
 * resolves its error (null on success); the server's message for `reason` appears under the field.
 */
export default function ReasonModal({
  title,
  hint,
  okText,
  danger,
  onSubmit,
  onClose,
  testId,
}: {
  title: string;
  hint?: ReactNode;
  okText: string;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
  testId?: string;
}) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    setFailure(null);
    const error = await onSubmit(reason.trim());
    setSaving(false);
    if (!error) return;
    const shown = showFormError(form, error, locale, t, ['reason']);
    if (!shown.placed) setFailure(shown.message);
  };

  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} aria-label={title} data-testid={testId}>
        <Form.Item
          name="reason"
          label={t('hazard.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('hazard.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
