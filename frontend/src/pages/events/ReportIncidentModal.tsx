import { useState } from 'react';
import { Alert, AutoComplete, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Result, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation } from 'urql';
import { ReportIncidentDocument, type IncidentFieldsFragment } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { formatNumber } from '../../services/format';
import { severityKey } from './model';
import { SeverityTag, showFormError } from './shared';

interface Values {
  date: Dayjs;
  time: Dayjs;
  kind: string;
  deaths: number;
  seriousInjuries: number;
  injuries: number;
  directLossWan: number;
  description?: string;
}

const FIELDS = ['occurredAt', 'kind', 'deaths', 'seriousInjuries', 'injuries', 'directLossWan', 'description'] as const;

/** Kinds of accident as the statistics name them (GB 6441); any other text is accepted. */
const KINDS = [
  '物体打击',
  '车辆伤害',
  '机械伤害',
  '起重伤害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '坍塌',
  '冒顶片帮',
  '透水',
  '爆炸',
  '中毒和窒息',
  '其他伤害',
];

/** 报告事故: the incident as reported; the answer shows the severity class the server computed. */
export default function ReportIncidentModal({
  unit,
  onClose,
  onDone,
}: {
  unit: { id: string; name: string };
  onClose: () => void;
  onDone: (incident: IncidentFieldsFragment) => void;
}) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [, report] = useMutation(ReportIncidentDocument);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [reported, setReported] = useState<IncidentFieldsFragment | null>(null);

  const submit = async (v: Values) => {
    const at = v.date.hour(v.time.hour()).minute(v.time.minute()).second(0).millisecond(0);
    if (at.isAfter(dayjs())) {
      form.setFields([{ name: 'time', errors: [t('incident.futureTime')] }]);
      return;
    }
    setSaving(true);
    setFailure(null);
    const result = await report({
      input: {
        unitId: unit.id,
        // RFC 3339 with the browser's offset: 2026-11-29T08:15:00+08:00
        occurredAt: at.format(),
        kind: v.kind.trim(),
        deaths: v.deaths,
        seriousInjuries: v.seriousInjuries,
        injuries: v.injuries,
        directLossWan: v.directLossWan,
        description: v.description?.trim() || null,
      },
    });
    setSaving(false);
    if (result.data) {
      setReported(result.data.reportIncident);
      onDone(result.data.reportIncident);
      return;
    }
    const shown = showFormError(form, result.error, locale, t, FIELDS);
    if (shown.placed) return;
    // the time is typed in two fields
    if (shown.code === 'BAD_USER_INPUT' && /occurredAt/.test(String(shown.message)))
      form.setFields([{ name: 'time', errors: [shown.message] }]);
    else setFailure(shown.message);
  };

  const count = (name: keyof Values, key: Parameters<typeof t>[0]) => (
    <Form.Item name={name} label={t(key)} rules={[{ required: true, message: t('inspection.required', { field: t(key) }) }]}>
      <InputNumber min={0} precision={0} style={{ width: 140 }} />
    </Form.Item>
  );

  return (
    <Modal
      open
      width={640}
      title={`${t('incident.report')}：${unit.name}`}
      onCancel={onClose}
      destroyOnHidden
      footer={
        reported ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" danger loading={saving} onClick={() => form.submit()}>
              {t('incident.report')}
            </Button>
          </Flex>
        )
      }
    >
      {reported ? (
        <div data-testid="incident-reported">
          <Result
            status="warning"
            title={t('incident.reported', { severity: t(severityKey(reported.severity)) })}
            subTitle={
              <Flex vertical align="center" gap={8}>
                <SeverityTag severity={reported.severity} />
                <Typography.Text type="secondary">
                  {t('incident.casualtiesText', {
                    deaths: reported.deaths,
                    serious: reported.seriousInjuries,
                    injuries: reported.injuries,
                  })}{' '}
                  · {t('incident.loss')} {formatNumber(reported.directLossWan, locale, 2)}
                </Typography.Text>
              </Flex>
            }
          />
        </div>
      ) : (
        <>
          <Alert type="warning" showIcon message={t('incident.vetoHint')} style={{ marginBottom: 16 }} />
          {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 16 }} />}
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={submit}
            aria-label={t('incident.report')}
            data-testid="incident-form"
            initialValues={{ date: dayjs(), time: dayjs(), deaths: 0, seriousInjuries: 0, injuries: 0, directLossWan: 0 }}
          >
            <Flex gap={16} wrap>
              <Form.Item name="date" label={t('incident.date')} rules={[{ required: true }]}>
                <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name="time" label={t('incident.time')} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" allowClear={false} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item
                name="kind"
                label={t('incident.kind')}
                rules={[{ required: true, whitespace: true, message: t('inspection.required', { field: t('incident.kind') }) }]}
              >
                <AutoComplete
                  style={{ width: 220 }}
                  options={KINDS.map((k) => ({ value: k }))}
                  filterOption={(input, option) => (option?.value ?? '').includes(input)}
                  placeholder={t('incident.kindPlaceholder')}
                />
              </Form.Item>
            </Flex>
            <Flex gap={16} wrap>
              {count('deaths', 'incident.deaths')}
              {count('seriousInjuries', 'incident.seriousInjuries')}
              {count('injuries', 'incident.injuries')}
              <Form.Item
                name="directLossWan"
                label={t('incident.directLossWan')}
                rules={[{ required: true, message: t('inspection.required', { field: t('incident.directLossWan') }) }]}
              >
                <InputNumber min={0} precision={2} style={{ width: 180 }} />
              </Form.Item>
            </Flex>
            <Form.Item name="description" label={t('incident.description')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
