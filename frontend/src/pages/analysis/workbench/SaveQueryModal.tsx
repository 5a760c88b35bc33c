import { useState } from 'react';
import { Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useMutation } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import { SaveQueryDocument, type SaveQueryMutation } from '../../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../../locales';
import { describeApiError } from '../../../services/errors';

export interface QueryToSave {
  query: string;
  /** JSON object text. */
  variables: string;
  /** A suggested name. */
  name: string;
}

interface Values {
  name: string;
  shared: boolean;
}

const FIELDS: Record<string, MessageKey> = { name: 'saved.name', query: 'saved.query', variables: 'saved.variables' };

interface Props {
  value: QueryToSave | undefined;
  onClose: () => void;
  onSaved: (saved: SaveQueryMutation['saveQuery']) => void;
}

/** Saves a query (a pivot's text, or the editor's) under a name of the user's, optionally shared. */
export default function SaveQueryModal(props: Props) {
  // a fresh form for each query to save
  return props.value ? <SaveQueryDialog {...props} value={props.value} /> : null;
}

function SaveQueryDialog({ value, onClose, onSaved }: Props & { value: QueryToSave }) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, saveQuery] = useMutation(SaveQueryDocument);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    const result = await saveQuery({ name: v.name.trim(), query: value.query, variables: value.variables, shared: v.shared });
    if (result.data?.saveQuery) {
      onSaved(result.data.saveQuery);
      return;
    }
    const described = describeApiError(result.error, locale, t, { fieldLabel: (f) => (FIELDS[f] ? t(FIELDS[f]) : undefined) });
    if (described.field === 'name') form.setFields([{ name: 'name', errors: [described.message] }]);
    else setError(result.error);
  };

  return (
    <Modal
      open
      title={t('saved.saveTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== null && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      )}
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ name: value.name, shared: false }}>
        <Form.Item
          name="name"
          label={t('saved.name')}
          extra={t('saved.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('saved.nameRequired') }, { max: 100 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked">
          <Checkbox>{t('saved.shareWithOthers')}</Checkbox>
        </Form.Item>
        <Typography.Text type="secondary">{t('saved.query')}</Typography.Text>
        <pre data-testid="query-to-save" style={{ maxHeight: 200, overflow: 'auto', background: '#fafafa', padding: 8, fontSize: 12, marginTop: 4 }}>
          {value.query}
          {'\n'}
          {value.variables}
        </pre>
      </Form>
    </Modal>
  );
}
