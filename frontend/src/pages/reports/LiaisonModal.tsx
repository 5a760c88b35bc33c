import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Modal, Space } from 'antd';
import { useMutation } from 'urql';
import ErrorAlert from '../../components/ErrorAlert';
import { SetLiaisonDocument, type LiaisonFieldsFragment, type LiaisonInput } from '../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../locales';
import { describeApiError } from '../../services/errors';
import type { LiaisonRow } from './model';

interface Values {
  name: string;
  post?: string;
  officePhone?: string;
  mobile?: string;
}

const FIELDS: Record<keyof Values, MessageKey> = {
  name: 'liaisons.name',
  post: 'liaisons.post',
  officePhone: 'liaisons.officePhone',
  mobile: 'liaisons.mobile',
};

function formField(field: string): keyof Values | undefined {
  const name = field.split('.').pop() as keyof Values;
  return name in FIELDS ? name : undefined;
}

interface Props {
  row: LiaisonRow | undefined;
  onClose: () => void;
  onSaved: (saved: LiaisonFieldsFragment) => void;
  onReload: () => void;
}

/**
 * Fills in or changes one liaison (a county's or a department's leader or contact). `row` always
 * carries the latest liaison on record, so after a conflict and a reload the next save uses its version.
 */
export default function LiaisonModal(props: Props) {
  // a fresh form (and state) for each liaison opened; a reload after a conflict keeps what was typed
  return props.row ? <LiaisonDialog key={props.row.key} {...props} row={props.row} /> : null;
}

function LiaisonDialog({ row, onClose, onSaved, onReload }: Props & { row: LiaisonRow }) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, setLiaison] = useMutation(SetLiaisonDocument);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const current = row.liaison;

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setError(null);
    const input: LiaisonInput = {
      role: row.role,
      countyCode: row.group === 'county' ? row.unitCode : null,
      departmentCode: row.group === 'department' ? row.unitCode : null,
      name: values.name.trim(),
      post: values.post?.trim() ?? '',
      officePhone: values.officePhone?.trim() ?? '',
      mobile: values.mobile?.trim() ?? '',
      version: current?.version ?? null,
    };
    const result = await setLiaison({ input });
    if (result.data?.setLiaison) {
      setConflict(false);
      onSaved(result.data.setLiaison);
      return;
    }
    const described = describeApiError(result.error, locale, t, {
      fieldLabel: (f) => {
        const name = formField(f);
        return name && t(FIELDS[name]);
      },
    });
    if (described.code === 'CONFLICT') {
      setConflict(true);
      setReloaded(false);
      return;
    }
    const field = described.field && formField(described.field);
    if (field) form.setFields([{ name: field, errors: [described.message] }]);
    else setError(result.error);
  };

  const title = t('liaisons.editTitle', { unit: row.unitName, role: t(`liaisons.role.${row.role}`) });
  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            data-testid="liaison-conflict"
            message={reloaded ? t('liaisons.reloaded') : t('liaisons.conflict')}
            description={
              <Space direction="vertical" style={{ width: '100%' }}>
                {current && (
                  <Descriptions size="small" column={1} title={t('liaisons.latest', { version: current.version })}>
                    <Descriptions.Item label={t('liaisons.name')}>{current.name}</Descriptions.Item>
                    <Descriptions.Item label={t('liaisons.post')}>{current.post}</Descriptions.Item>
                    <Descriptions.Item label={t('liaisons.officePhone')}>{current.officePhone}</Descriptions.Item>
                    <Descriptions.Item label={t('liaisons.mobile')}>{current.mobile}</Descriptions.Item>
                  </Descriptions>
                )}
                {!reloaded && (
                  <Button
                    size="small"
                    onClick={() => {
                      setReloaded(true);
                      onReload();
                    }}
                  >
                    {t('liaisons.reload')}
                  </Button>
                )}
              </Space>
            }
          />
        )}
        {error !== null && <ErrorAlert error={error} />}
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ name: current?.name ?? '', post: current?.post ?? '', officePhone: current?.officePhone ?? '', mobile: current?.mobile ?? '' }}
        >
          <Form.Item
            name="name"
            label={t('liaisons.name')}
            rules={[{ required: true, whitespace: true, message: t('liaisons.required', { field: t('liaisons.name') }) }, { max: 50 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="post" label={t('liaisons.post')} rules={[{ max: 100 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="officePhone" label={t('liaisons.officePhone')} extra={t('liaisons.phoneHint')}>
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
          <Form.Item name="mobile" label={t('liaisons.mobile')} extra={t('liaisons.mobileHint')}>
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
