import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Drawer, Flex, Form, Input, Select, Space, Typography } from 'antd';
import { CheckOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import LabelledRadioGroup from '../../components/LabelledRadioGroup';
import ErrorAlert from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useIsPhone';
import {
  CreationStandardsDocument,
  RecordInspectionDocument,
  type HazardLevel,
  type InspectionKind,
  type Role,
  type StandardResult,
} from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { useAuth } from '../../services/auth';
import { HAZARD_LEVELS, hazardLevelKey, INSPECTION_KINDS, inspectionKindKey, STANDARD_RESULTS, standardResultKey } from './model';
import { showFormError } from './shared';

interface HazardValues {
  /** The standard marked 不符合 that proposed this hazard. */
  standardCode?: string;
  level: HazardLevel;
  description: string;
  category?: string;
  rectificationPlan?: string;
  responsiblePerson?: string;
  deadline?: Dayjs;
}

interface Values {
  inspectedOn: Dayjs;
  kind: InspectionKind;
  inspectingBody: string;
  inspectorName?: string;
  summary?: string;
  results: { standardCode: string; result?: StandardResult; remark?: string }[];
  hazards: HazardValues[];
}

/** The kind a role records most: a unit its self-checks, a grid worker its patrols, a town its inspections. */
function defaultKind(role: Role | undefined): InspectionKind {
  if (role === 'GRID_WORKER') return 'GRID_PATROL';
  if (role === 'TOWN_ADMIN') return 'TOWN';
  if (role === 'COUNTY_ADMIN') return 'COUNTY';
  if (role === 'DEPARTMENT_USER') return 'DEPARTMENT';
  return 'SELF_CHECK';
}

const FIELDS = ['inspectedOn', 'kind', 'inspectingBody', 'inspectorName', 'summary', 'hazards'] as const;

/** 记录检查: date, kind, who inspected, a result for each of the 10 creation standards and the hazards found. */
export default function RecordInspectionDrawer({
  unit,
  onClose,
  onDone,
}: {
  unit: { id: string; name: string };
  onClose: () => void;
  onDone: (hazardsFound: number) => void;
}) {
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [{ data: standardsData, error: standardsError }] = useQuery({ query: CreationStandardsDocument });
  const [, record] = useMutation(RecordInspectionDocument);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const standards = standardsData?.creationStandards ?? [];
  const hazards = Form.useWatch('hazards', form) ?? [];
  const phone = useIsPhone();
  const { user } = useAuth();

  const submit = async (v: Values) => {
    setSaving(true);
    setFailure(null);
    const result = await record({
      input: {
        unitId: unit.id,
        inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
        kind: v.kind,
        inspectingBody: v.inspectingBody.trim(),
        inspectorName: v.inspectorName?.trim() || null,
        summary: v.summary?.trim() || null,
        results: v.results.map((r) => ({ standardCode: r.standardCode, result: r.result!, remark: r.remark?.trim() || null })),
        hazards: (v.hazards ?? []).map((h) => ({
          standardCode: h.standardCode ?? null,
          level: h.level,
          description: h.description.trim(),
          category: h.category?.trim() || null,
          rectificationPlan: h.rectificationPlan?.trim() || null,
          responsiblePerson: h.responsiblePerson?.trim() || null,
          deadline: h.deadline ? h.deadline.format('YYYY-MM-DD') : null,
        })),
      },
    });
    setSaving(false);
    if (result.data) {
      onDone(result.data.recordInspection.hazards.length);
      return;
    }
    const shown = showFormError(form, result.error, locale, t, FIELDS);
    if (!shown.placed) setFailure(shown.message);
  };

  const required = (key: Parameters<typeof t>[0]) => [
    { required: true, whitespace: true, message: t('inspection.required', { field: t(key) }) },
  ];
  // a standard marked 不符合 proposes a hazard linked to it (once; the user describes or removes it)
  const proposeHazards = () => {
    const results = (form.getFieldValue('results') as Values['results']) ?? [];
    const current = (form.getFieldValue('hazards') as HazardValues[]) ?? [];
    const linked = new Set(current.map((h) => h.standardCode).filter(Boolean));
    const added = results
      .filter((r) => r.result === 'NOT_MET' && !linked.has(r.standardCode))
      .map((r) => ({ standardCode: r.standardCode, level: 'GENERAL' as HazardLevel, description: '' }));
    if (added.length) form.setFieldValue('hazards', [...current, ...added]);
  };

  // set through setFields, which also clears the 请选择结果 of a save tried before: those errors no longer hold
  const setAllMet = () =>
    form.setFields(
      (form.getFieldValue('results') as Values['results']).map((_, i) => ({
        name: ['results', i, 'result'],
        value: 'MET' as StandardResult,
        errors: [],
      })),
    );

  return (
    <Drawer
      open
      width={phone ? '100%' : 920}
      title={`${t('inspection.record')}：${unit.name}`}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} disabled={!standards.length} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={standardsError} />
      {failure && (
        <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 16 }} data-testid="inspection-error" />
      )}
      {standards.length > 0 && (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          aria-label={t('inspection.record')}
          data-testid="inspection-form"
          scrollToFirstError
          onValuesChange={(changed: Partial<Values>) => {
            if (changed.results) proposeHazards();
          }}
          initialValues={{
            inspectedOn: dayjs(),
            kind: defaultKind(user?.role),
            results: standards.map((s) => ({ standardCode: s.code, remark: '' })),
            hazards: [],
          }}
        >
          <Flex gap={16} wrap>
            <Form.Item
              name="inspectedOn"
              label={t('inspection.inspectedOn')}
              rules={[{ required: true, message: t('inspection.required', { field: t('inspection.inspectedOn') }) }]}
            >
              <DatePicker style={{ width: 180 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} allowClear={false} />
            </Form.Item>
            <Form.Item name="kind" label={t('inspection.kind')} rules={[{ required: true }]}>
              <Select style={{ width: 180 }} options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(inspectionKindKey(k)) }))} />
            </Form.Item>
            <Form.Item name="inspectingBody" label={t('inspection.inspectingBody')} rules={required('inspection.inspectingBody')}>
              <Input style={{ width: 220 }} maxLength={100} />
            </Form.Item>
            <Form.Item name="inspectorName" label={t('inspection.inspectorName')}>
              <Input style={{ width: 180 }} maxLength={100} placeholder={t('inspection.inspectorPlaceholder')} />
            </Form.Item>
          </Flex>
          <Form.Item name="summary" label={t('inspection.summary')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>

          <Card
            size="small"
            title={
              <Space>
                <span>{t('inspection.results')}</span>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {t('inspection.resultsHint')}
                </Typography.Text>
              </Space>
            }
            extra={
              <Button size="small" icon={<CheckOutlined />} onClick={setAllMet}>
                {t('inspection.allMet')}
              </Button>
            }
            style={{ marginBottom: 16 }}
          >
            <Form.List name="results">
              {(fields) =>
                fields.map((field, i) => {
                  const std = standards[i];
                  return (
                    <Flex
                      key={field.key}
                      gap={12}
                      align="flex-start"
                      wrap
                      data-testid="standard-row"
                      data-code={std.code}
                      style={{ borderBottom: '1px solid #f0f0f0', paddingTop: 8 }}
                    >
                      <div style={{ flex: '1 1 320px', minWidth: 240 }}>
                        <Typography.Text strong>{std.code}</Typography.Text> <Typography.Text>{std.text}</Typography.Text>
                        <div>
                          <Typography.Text type="secondary">{std.group}</Typography.Text>
                        </div>
                      </div>
                      <Form.Item
                        name={[field.name, 'result']}
                        rules={[{ required: true, message: t('inspection.resultRequired') }]}
                        style={{ marginBottom: 8 }}
                      >
                        <LabelledRadioGroup
                          label={t('inspection.resultLabel', { code: std.code })}
                          optionType="button"
                          options={STANDARD_RESULTS.map((r) => ({ value: r, label: t(standardResultKey(r)) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'remark']} style={{ marginBottom: 8, width: 200 }}>
                        <Input
                          aria-label={t('inspection.remarkLabel', { code: std.code })}
                          placeholder={t('inspection.remark')}
                          maxLength={500}
                        />
                      </Form.Item>
                    </Flex>
                  );
                })
              }
            </Form.List>
          </Card>

          <Form.List name="hazards">
            {(fields, { add, remove }) => (
              <Card
                size="small"
                title={t('inspection.hazardsFound')}
                extra={
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ level: 'GENERAL', description: '' })}>
                    {t('inspection.addHazard')}
                  </Button>
                }
              >
                {fields.length === 0 && <Typography.Text type="secondary">{t('inspection.noHazards')}</Typography.Text>}
                {fields.map((field, i) => {
                  const n = i + 1;
                  const major = hazards[i]?.level === 'MAJOR';
                  return (
                    <Card
                      key={field.key}
                      type="inner"
                      size="small"
                      data-testid="hazard-input"
                      title={
                        hazards[i]?.standardCode
                          ? `${t('inspection.hazardN', { n })} · ${t('hazard.standardItem')} ${hazards[i].standardCode}`
                          : t('inspection.hazardN', { n })
                      }
                      extra={
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('inspection.removeHazard', { n })}
                          onClick={() => remove(field.name)}
                        />
                      }
                      style={{ marginBottom: 12 }}
                    >
                      <Flex gap={16} wrap>
                        <Form.Item name={[field.name, 'level']} label={`${t('hazard.level')} ${n}`} rules={[{ required: true }]}>
                          <LabelledRadioGroup
                            label={`${t('hazard.level')} ${n}`}
                            optionType="button"
                            options={HAZARD_LEVELS.map((l) => ({ value: l, label: t(hazardLevelKey(l)) }))}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'category']} label={`${t('hazard.category')} ${n}`}>
                          <Input maxLength={50} style={{ width: 200 }} />
                        </Form.Item>
                      </Flex>
                      <Form.Item
                        name={[field.name, 'description']}
                        label={`${t('hazard.description')} ${n}`}
                        rules={[
                          { required: true, whitespace: true, message: t('inspection.required', { field: t('hazard.description') }) },
                        ]}
                      >
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                      {major && (
                        <>
                          <Typography.Paragraph type="secondary">{t('hazard.planRequiredHint')}</Typography.Paragraph>
                          <Form.Item name={[field.name, 'rectificationPlan']} label={`${t('hazard.rectificationPlan')} ${n}`}>
                            <Input.TextArea rows={2} maxLength={2000} />
                          </Form.Item>
                          <Flex gap={16} wrap>
                            <Form.Item name={[field.name, 'responsiblePerson']} label={`${t('hazard.responsiblePerson')} ${n}`}>
                              <Input maxLength={50} style={{ width: 200 }} />
                            </Form.Item>
                            <Form.Item name={[field.name, 'deadline']} label={`${t('hazard.deadline')} ${n}`}>
                              <DatePicker style={{ width: 200 }} />
                            </Form.Item>
                          </Flex>
                        </>
                      )}
                    </Card>
                  );
                })}
              </Card>
            )}
          </Form.List>
        </Form>
      )}
    </Drawer>
  );
}
