import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import { CreateUserDocument, UserFormOptionsDocument, type CreateUserInput, type Role } from '../../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../../locales';
import { describeApiError } from '../../../services/errors';

export const ROLES: Role[] = ['CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST'];

const FIELD_LABELS: Record<keyof CreateUserInput, MessageKey> = {
  username: 'users.username',
  displayName: 'users.displayName',
  password: 'users.password',
  role: 'users.role',
  countyCode: 'users.county',
  departmentCode: 'users.department',
  townCode: 'users.town',
  unitId: 'users.unit',
  isPrincipal: 'users.isPrincipal',
};

/** The server may name a field "username" or "input.username"; the form knows it as "username". */
function formField(field: string): keyof CreateUserInput | undefined {
  const name = field.split('.').pop() as keyof CreateUserInput;
  return name in FIELD_LABELS ? name : undefined;
}

export default function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (username: string) => void }) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<CreateUserInput>();
  const role = Form.useWatch('role', form);
  const [{ data: options }] = useQuery({ query: UserFormOptionsDocument, pause: !open });
  const [{ fetching }, createUser] = useMutation(CreateUserDocument);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setError(null);
    const input: CreateUserInput = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      password: values.password,
      role: values.role,
      countyCode: values.role === 'COUNTY_ADMIN' ? values.countyCode : null,
      departmentCode: values.role === 'DEPARTMENT_USER' ? values.departmentCode : null,
    };
    const result = await createUser({ input });
    if (result.data?.createUser) {
      form.resetFields();
      onCreated(result.data.createUser.username);
      return;
    }
    const described = describeApiError(result.error, locale, t, {
      fieldLabel: (f) => {
        const name = formField(f);
        return name && t(FIELD_LABELS[name]);
      },
    });
    const field = described.field && formField(described.field);
    if (field) form.setFields([{ name: field, errors: [described.message] }]);
    else setError(result.error);
  };

  const required = (key: MessageKey) => [{ required: true, whitespace: true, message: t('users.required', { field: t(key) }) }];

  return (
    <Modal
      open={open}
      title={t('users.create')}
      okText={t('common.ok')}
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
      <Form form={form} layout="vertical" initialValues={{ role: 'COUNTY_ADMIN' }} preserve={false}>
        <Form.Item name="username" label={t('users.username')} rules={required('users.username')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={required('users.displayName')}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={required('users.password')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        {role === 'COUNTY_ADMIN' && (
          <Form.Item name="countyCode" label={t('users.county')} rules={[{ required: true, message: t('users.required', { field: t('users.county') }) }]}>
            <Select options={options?.counties.map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
        )}
        {role === 'DEPARTMENT_USER' && (
          <Form.Item
            name="departmentCode"
            label={t('users.department')}
            rules={[{ required: true, message: t('users.required', { field: t('users.department') }) }]}
          >
            <Select showSearch optionFilterProp="label" options={options?.departments.map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
