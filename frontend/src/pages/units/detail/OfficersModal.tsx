import { useState } from 'react';
import { Button, Flex, Form, Input, Modal, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { SetSafetyOfficersDocument, type SafetyOfficerInput, type UnitProfileFragment } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError, parseApiError } from '../../../services/errors';
import ErrorAlert from '../../../components/ErrorAlert';

interface Values {
  officers: { name: string; phone: string; fullTime: boolean }[];
}

/** The server names a bad officer field officers.N.name / officers.N.phone. */
function officerField(field: string | undefined): ['officers', number, 'name' | 'phone'] | undefined {
  const m = /^officers\.(\d+)\.(name|phone)$/.exec(field ?? '');
  return m ? ['officers', Number(m[1]), m[2] as 'name' | 'phone'] : undefined;
}

/** 编辑安全员: replaces the unit's safety officers (the unit's version guards against lost updates). */
export default function OfficersModal({
  unit,
  open,
  onClose,
  onSaved,
  onConflict,
}: {
  unit: UnitProfileFragment;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
  onConflict: (error: unknown) => void;
}) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, setOfficers] = useMutation(SetSafetyOfficersDocument);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setError(null);
    const officers: SafetyOfficerInput[] = (values.officers ?? []).map((o) => ({
      name: o.name.trim(),
      phone: o.phone.trim(),
      fullTime: o.fullTime,
    }));
    const result = await setOfficers({ unitId: unit.id, version: unit.version, officers });
    if (result.data?.setSafetyOfficers) {
      onSaved();
      return;
    }
    const { code } = parseApiError(result.error);
    if (code === 'CONFLICT') {
      onConflict(result.error);
      return;
    }
    const described = describeApiError(result.error, locale, t);
    const field = officerField(described.field);
    if (field) form.setFields([{ name: field, errors: [described.message] }]);
    else setError(result.error);
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('unit.required', { field }) }];

  return (
    <Modal
      open={open}
      title={t('unit.editOfficers')}
      width={720}
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
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ officers: unit.safetyOfficers.map((o) => ({ name: o.name, phone: o.phone, fullTime: o.fullTime })) }}
      >
        <Form.List name="officers">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="flex-start" data-testid="officer-row">
                  <Form.Item
                    name={[field.name, 'name']}
                    label={i === 0 ? t('unit.officerName') : undefined}
                    rules={required(t('unit.officerName'))}
                    style={{ flex: 2, marginBottom: 8 }}
                  >
                    <Input aria-label={`${t('unit.officerName')} ${i + 1}`} maxLength={50} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'phone']}
                    label={i === 0 ? t('unit.officerPhone') : undefined}
                    rules={required(t('unit.officerPhone'))}
                    style={{ flex: 2, marginBottom: 8 }}
                  >
                    <Input aria-label={`${t('unit.officerPhone')} ${i + 1}`} placeholder={t('unitForm.phoneHint')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'fullTime']} label={i === 0 ? t('unit.officerType') : undefined} style={{ flex: 1, marginBottom: 8 }}>
                    <Select
                      aria-label={`${t('unit.officerType')} ${i + 1}`}
                      options={[
                        { value: true, label: t('unit.fullTime') },
                        { value: false, label: t('unit.partTime') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item label={i === 0 ? ' ' : undefined} style={{ marginBottom: 8 }}>
                    <Button icon={<DeleteOutlined />} aria-label={`${t('unit.removeOfficer')} ${i + 1}`} onClick={() => remove(field.name)} />
                  </Form.Item>
                </Flex>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', phone: '', fullTime: false })}>
                {t('unit.addOfficer')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
