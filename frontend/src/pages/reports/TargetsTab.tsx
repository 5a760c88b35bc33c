import { useMemo, useState } from 'react';
import { App, Button, Card, Form, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import ErrorAlert from '../../components/ErrorAlert';
import { SetTargetDocument, TargetsDocument } from '../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../locales';
import { describeApiError } from '../../services/errors';
import { campaignYears, formatPercent, fractionToPercent, percentToFraction } from '../../services/format';

interface TargetRow {
  year: number;
  village?: number;
  enterprise?: number;
}

interface Values {
  year: number;
  village: number;
  enterprise: number;
}

const FIELDS: Record<keyof Values, MessageKey> = { year: 'common.year', village: 'targets.village', enterprise: 'targets.enterprise' };

/** The yearly zero-accident targets (as percentages); the city office sets them. */
export default function TargetsTab({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useIntl();
  const { message } = App.useApp();
  const context = useMemo(() => ({ additionalTypenames: ['Target'] }), []);
  const [{ data, fetching, error }] = useQuery({ query: TargetsDocument, context });
  const [editing, setEditing] = useState<TargetRow>();

  // every campaign year and next year, set or not
  const years = useMemo(() => [new Date().getFullYear() + 1, ...campaignYears()], []);
  const rows: TargetRow[] = useMemo(() => {
    const set = new Map((data?.targets ?? []).map((x) => [x.year, x]));
    const all = new Set([...years, ...set.keys()]);
    return [...all].sort((a, b) => b - a).map((year) => ({ year, village: set.get(year)?.village, enterprise: set.get(year)?.enterprise }));
  }, [data, years]);

  const open = (row: TargetRow) => setEditing(row);

  return (
    <Card
      title={t('targets.title')}
      extra={
        canEdit && (
          <Button type="primary" icon={<AimOutlined />} onClick={() => open({ year: new Date().getFullYear() })}>
            {t('targets.set')}
          </Button>
        )
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('targets.hint')}</Typography.Text>
        <ErrorAlert error={error} />
        <Table<TargetRow>
          data-testid="targets-table"
          rowKey="year"
          size="middle"
          loading={fetching}
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('common.year'), dataIndex: 'year', width: 120, render: (y: number) => t('common.yearOption', { year: y }) },
            {
              title: t('targets.village'),
              dataIndex: 'village',
              render: (v?: number) => (v === undefined ? <Typography.Text type="secondary">{t('targets.notSet')}</Typography.Text> : formatPercent(v, locale, 2)),
            },
            {
              title: t('targets.enterprise'),
              dataIndex: 'enterprise',
              render: (v?: number) => (v === undefined ? <Typography.Text type="secondary">{t('targets.notSet')}</Typography.Text> : formatPercent(v, locale, 2)),
            },
            ...(canEdit
              ? [
                  {
                    title: t('users.actions'),
                    key: 'actions',
                    width: 120,
                    render: (_: unknown, r: TargetRow) => (
                      <Button type="link" size="small" onClick={() => open(r)}>
                        {r.village === undefined ? t('targets.setOne') : t('targets.change')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      {editing && (
        <TargetDialog
          row={editing}
          years={years}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            message.success(
              t('targets.saved', {
                year: saved.year,
                village: formatPercent(saved.village, locale, 2),
                enterprise: formatPercent(saved.enterprise, locale, 2),
              }),
            );
          }}
        />
      )}
    </Card>
  );
}

/** Sets one year's targets; a fresh form for each opening. */
function TargetDialog({
  row,
  years,
  onClose,
  onSaved,
}: {
  row: TargetRow;
  years: number[];
  onClose: () => void;
  onSaved: (saved: { year: number; village: number; enterprise: number }) => void;
}) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [{ fetching: saving }, setTarget] = useMutation(SetTargetDocument);
  const [saveError, setSaveError] = useState<unknown>(null);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaveError(null);
    const result = await setTarget({
      year: values.year,
      village: percentToFraction(values.village),
      enterprise: percentToFraction(values.enterprise),
    });
    if (result.data?.setTarget) {
      onSaved(result.data.setTarget);
      return;
    }
    const described = describeApiError(result.error, locale, t, {
      fieldLabel: (f) => (f in FIELDS ? t(FIELDS[f as keyof Values]) : undefined),
    });
    if (described.field && described.field in FIELDS) form.setFields([{ name: described.field as keyof Values, errors: [described.message] }]);
    else setSaveError(result.error);
  };

  const percentRule = (field: MessageKey) => [
    { required: true, message: t('targets.required', { field: t(field) }) },
    { type: 'number' as const, min: 0.01, max: 100, message: t('targets.range') },
  ];

  return (
    <Modal
      open
      title={t('targets.set')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {saveError !== null && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={saveError} />
        </div>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          year: row.year,
          village: row.village !== undefined ? fractionToPercent(row.village) : undefined,
          enterprise: row.enterprise !== undefined ? fractionToPercent(row.enterprise) : undefined,
        }}
      >
        <Form.Item name="year" label={t('common.year')} rules={[{ required: true }]}>
          <Select options={years.map((y) => ({ value: y, label: t('common.yearOption', { year: y }) }))} />
        </Form.Item>
        <Form.Item name="village" label={t('targets.village')} rules={percentRule('targets.village')}>
          <InputNumber min={0.01} max={100} step={0.5} precision={2} addonAfter="%" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="enterprise" label={t('targets.enterprise')} rules={percentRule('targets.enterprise')}>
          <InputNumber min={0.01} max={100} step={0.5} precision={2} addonAfter="%" style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
