import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import Exception from '../../../components/Exception';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import {
  CreateUnitDocument,
  UnitForEditDocument,
  UpdateUnitDocument,
  type UnitFormFieldsFragment,
} from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError } from '../../../services/errors';
import { filterParams } from '../listState';
import { sectorLabel, useOwnCounty, useTowns, useUnitOptions } from '../shared';
import { UNIT_FIELD_LABELS, unitInputField, type UnitInputField } from '../unitFields';
import { applyChanges, differingFields, emptyValues, toUnitInput, valuesOf, VILLAGE_CATEGORY, VILLAGE_SECTOR, type UnitFormValues } from './formValues';

const DATE = 'YYYY-MM-DD';

/** What a save that lost the race keeps: the user's input, the fields the user changed, and the latest version once loaded. */
interface Conflict {
  mine: UnitFormValues;
  changed: UnitInputField[];
  latest?: UnitFormFieldsFragment;
}

/** /units/new and /units/:id/edit: the unit's fields, checked again by the server on save. */
export default function UnitFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const [{ data, fetching, error }] = useQuery({ query: UnitForEditDocument, variables: { id: id ?? '' }, pause: !editing });
  const { t } = useIntl();

  if (!editing) return <UnitForm />;
  if (fetching && !data) return <PageLoading />;
  if (error && !data?.unit) return <QueryFailure error={error} notFoundTitle={t('unit.notFound')} />;
  const unit = data?.unit;
  if (!unit) return <Exception status={404} title={t('unit.notFound')} />;
  if (!unit.canEdit) return <Exception status={403} subTitle={t('unitForm.forbidden')} />;
  return <UnitForm unit={unit} />;
}

function UnitForm({ unit }: { unit?: UnitFormFieldsFragment }) {
  const { t, locale } = useIntl();
  const client = useClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitFormValues>();
  const ownCounty = useOwnCounty();
  const [initialValues] = useState<UnitFormValues>(() => (unit ? valuesOf(unit) : emptyValues(ownCounty?.code, dayjs().format(DATE))));
  const [version, setVersion] = useState(unit?.version);
  // the version the user's edits start from: what they changed is what differs from it
  const [base, setBase] = useState<UnitFormValues>(initialValues);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [reloading, setReloading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [{ fetching: creating }, createUnit] = useMutation(CreateUnitDocument);
  const [{ fetching: updating }, updateUnit] = useMutation(UpdateUnitDocument);
  const { options, error: optionsError } = useUnitOptions();

  const countyCode = Form.useWatch('countyCode', form) ?? initialValues.countyCode;
  const categoryCode = Form.useWatch('categoryCode', form) ?? initialValues.categoryCode;
  const { towns, loading: townsLoading } = useTowns(countyCode);
  const village = categoryCode === VILLAGE_CATEGORY;

  useEffect(() => {
    // the credit code rule depends on the category: check again when it changes
    if (form.isFieldTouched('creditCode')) void form.validateFields(['creditCode']).catch(() => {});
  }, [village, form]);

  const label = (field: UnitInputField) => t(UNIT_FIELD_LABELS[field]);
  const required = (field: UnitInputField): Rule => ({ required: true, whitespace: true, message: t('unit.required', { field: label(field) }) });

  const save = async () => {
    let values: UnitFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the messages under the fields
    }
    setError(null);
    const input = toUnitInput({ ...form.getFieldsValue(true), ...values });
    const result =
      unit && version !== undefined ? await updateUnit({ id: unit.id, version, input }) : await createUnit({ input });
    const saved = result.data && ('updateUnit' in result.data ? result.data.updateUnit : result.data.createUnit);
    if (saved) {
      message.success(t(unit ? 'unitForm.saved' : 'unitForm.created', { name: saved.name }));
      navigate(`/units/${saved.id}`);
      return;
    }
    const described = describeApiError(result.error, locale, t, {
      fieldLabel: (f) => {
        const name = unitInputField(f);
        return name && label(name);
      },
    });
    if (described.code === 'CONFLICT' && unit) {
      const mine = form.getFieldsValue(true) as UnitFormValues;
      setConflict({ mine, changed: differingFields(mine, base) });
      return;
    }
    const field = unitInputField(described.field);
    if (described.code === 'BAD_USER_INPUT' && field) {
      form.setFields([{ name: field, errors: [described.message] }]);
      form.scrollToField(field, { block: 'center' });
    } else {
      setError(result.error);
    }
  };

  const loadLatest = async () => {
    if (!unit || !conflict) return;
    setReloading(true);
    const result = await client.query(UnitForEditDocument, { id: unit.id }, { requestPolicy: 'network-only' }).toPromise();
    setReloading(false);
    const latest = result.data?.unit;
    if (!latest) {
      setError(result.error ?? null);
      return;
    }
    form.setFieldsValue(valuesOf(latest));
    setBase(valuesOf(latest));
    setVersion(latest.version);
    setConflict({ ...conflict, latest });
  };

  /** Puts the fields the user changed back, on top of the latest version (the other user's changes stay). */
  const reapply = () => {
    if (!conflict) return;
    form.setFieldsValue(applyChanges(form.getFieldsValue(true) as UnitFormValues, conflict.mine, conflict.changed));
    setConflict(null);
    message.info(t('unitForm.reapplied'));
  };

  const display = (values: UnitFormValues, field: UnitInputField): string => {
    const input = toUnitInput(values);
    const value = input[field];
    if (value === null || value === undefined || value === '') return '—';
    switch (field) {
      case 'categoryCode':
        return options?.unitCategories.find((c) => c.code === value)?.name ?? String(value);
      case 'countyCode':
        return options?.counties.find((c) => c.code === value)?.name ?? String(value);
      case 'townCode':
        return towns.find((x) => x.code === value)?.name ?? String(value);
      case 'sectorNumber': {
        const s = options?.sectors.find((x) => x.number === value);
        return s ? sectorLabel(s) : String(value);
      }
      case 'cityLevel':
        return t(value ? 'common.yes' : 'common.no');
      default:
        return String(value);
    }
  };

  const cancelPath = unit ? `/units/${unit.id}` : '/units';
  const trail = unit
    ? [
        { title: unit.county.name, path: `/counties/${unit.county.code}` },
        {
          title: unit.town.name,
          path: `/units?${filterParams({ countyCode: unit.county.code, townCode: unit.town.code, archived: 'false' }).toString()}`,
        },
        { title: unit.name, path: `/units/${unit.id}` },
        { title: t('menu.unitEdit') },
      ]
    : undefined;
  const col = { xs: 24, md: 12 };
  // the user's changes that the latest version does not already have
  const differences = conflict?.latest
    ? conflict.changed.filter((f) => differingFields(conflict.mine, valuesOf(conflict.latest!)).includes(f))
    : [];

  return (
    <PageContainer title={unit ? t('unitForm.editTitle', { name: unit.name }) : t('unitForm.createTitle')} trail={trail}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            data-testid="unit-conflict"
            message={t('unitForm.conflictTitle')}
            description={
              <Space direction="vertical" style={{ width: '100%' }}>
                {!conflict.latest && <span>{t('unitForm.conflictDetail')}</span>}
                {conflict.latest && (
                  <>
                    <span>{differences.length ? t('unitForm.reloaded', { version: conflict.latest.version }) : t('unitForm.noDifferences')}</span>
                    {differences.length > 0 && (
                      <Table
                        size="small"
                        pagination={false}
                        rowKey="field"
                        dataSource={differences.map((field) => ({
                          field,
                          mine: display(conflict.mine, field),
                          latest: display(valuesOf(conflict.latest!), field),
                        }))}
                        columns={[
                          { title: t('changeLog.field'), dataIndex: 'field', width: 160, render: (f: UnitInputField) => label(f) },
                          { title: t('unitForm.yourValue'), dataIndex: 'mine' },
                          { title: t('unitForm.latestValue'), dataIndex: 'latest' },
                        ]}
                      />
                    )}
                  </>
                )}
              </Space>
            }
            action={
              conflict.latest ? (
                differences.length > 0 && (
                  <Button type="primary" size="small" onClick={reapply}>
                    {t('unitForm.reapply')}
                  </Button>
                )
              ) : (
                <Button type="primary" size="small" loading={reloading} onClick={() => void loadLatest()}>
                  {t('unitForm.reloadLatest')}
                </Button>
              )
            }
          />
        )}
        <ErrorAlert error={error ?? optionsError} />
        <Card>
          <Form<UnitFormValues>
            form={form}
            layout="vertical"
            initialValues={initialValues}
            scrollToFirstError={{ block: 'center' }}
            onValuesChange={(changed: Partial<UnitFormValues>) => {
              if ('countyCode' in changed) form.setFieldValue('townCode', undefined);
              if (changed.categoryCode === VILLAGE_CATEGORY && form.getFieldValue('sectorNumber') === undefined) {
                form.setFieldValue('sectorNumber', VILLAGE_SECTOR);
              }
            }}
          >
            <Row gutter={24}>
              <Col xs={24}>
                <Form.Item
                  name="name"
                  label={label('name')}
                  rules={[required('name'), { min: 2, max: 100, transform: (v: string) => v?.trim(), message: t('unitForm.nameLength') }]}
                >
                  <Input maxLength={100} showCount />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="categoryCode" label={label('categoryCode')} rules={[required('categoryCode')]}>
                  <Select options={options?.unitCategories.map((c) => ({ value: c.code, label: c.name }))} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="sectorNumber" label={label('sectorNumber')} rules={[{ required: true, message: t('unit.required', { field: label('sectorNumber') }) }]}>
                  <Select showSearch optionFilterProp="label" options={options?.sectors.map((s) => ({ value: s.number, label: sectorLabel(s) }))} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="countyCode"
                  label={label('countyCode')}
                  rules={[required('countyCode')]}
                  extra={ownCounty ? t('unitForm.countyFixed') : undefined}
                >
                  <Select
                    disabled={!!ownCounty}
                    options={
                      ownCounty
                        ? [{ value: ownCounty.code, label: ownCounty.name }]
                        : options?.counties.map((c) => ({ value: c.code, label: c.name }))
                    }
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="townCode" label={label('townCode')} rules={[required('townCode')]}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    disabled={!countyCode}
                    loading={townsLoading}
                    placeholder={countyCode ? undefined : t('unitForm.selectCountyFirst')}
                    options={towns.map((town) => ({ value: town.code, label: town.name }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="address" label={label('address')} rules={[{ max: 200 }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="creditCode"
                  label={label('creditCode')}
                  extra={t('unitForm.creditCodeHint')}
                  rules={[
                    { required: !village, whitespace: true, message: t('unitForm.creditCodeRequired') },
                    { len: 18, transform: (v: string) => v?.trim(), message: t('unitForm.creditCodeLength') },
                  ]}
                >
                  <Input maxLength={18} style={{ textTransform: 'uppercase', fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="enrolledOn" label={label('enrolledOn')} rules={[{ required: true, message: t('unit.required', { field: label('enrolledOn') }) }]}
                  getValueProps={(v?: string) => ({ value: v ? dayjs(v, DATE) : undefined })}
                  normalize={(d?: Dayjs | null) => (d ? d.format(DATE) : undefined)}
                >
                  <DatePicker
                    style={{ width: '100%' }}
                    format={DATE}
                    disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                    placeholder={DATE}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="principalName" label={label('principalName')} rules={[{ max: 50 }]}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="principalPhone" label={label('principalPhone')} extra={t('unitForm.phoneHint')}>
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="cityLevel" label={label('cityLevel')} valuePropName="checked">
                  <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
                </Form.Item>
              </Col>
            </Row>
            <Divider orientation="left" plain>
              <Typography.Text type="secondary">
                {t('unit.location')}（{t('unitForm.locationHint')}）
              </Typography.Text>
            </Divider>
            <Row gutter={24}>
              <Col {...col}>
                <Form.Item
                  name="longitude"
                  label={label('longitude')}
                  dependencies={['latitude']}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: (_, v?: number | null) =>
                        (v == null) === (getFieldValue('latitude') == null) ? Promise.resolve() : Promise.reject(new Error(t('unitForm.bothCoordinates'))),
                    }),
                  ]}
                >
                  <InputNumber min={-180} max={180} step={0.000001} precision={6} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="latitude" label={label('latitude')}>
                  <InputNumber min={-90} max={90} step={0.000001} precision={6} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Space>
              <Button type="primary" loading={creating || updating} onClick={() => void save()}>
                {t('common.save')}
              </Button>
              <Button onClick={() => navigate(cancelPath)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      </Space>
    </PageContainer>
  );
}
