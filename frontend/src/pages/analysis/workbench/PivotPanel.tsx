import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Row, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PlayCircleOutlined, SaveOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from 'urql';
import LabelledRadioGroup from '../../../components/LabelledRadioGroup';
import ErrorAlert from '../../../components/ErrorAlert';
import { BarLineChart } from '../../../components/charts';
import { WorkbenchOptionsDocument, type StatDimension, type TargetGroup, type WorkbenchPivotQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { campaignYears, formatNumber } from '../../../services/format';
import { saveBlob } from '../../../services/transfer';
import { safeFileName } from './csv';
import {
  DEFAULT_MEASURES,
  DIMENSIONS,
  MAX_DIMENSIONS,
  buildPivotQuery,
  MEASURES,
  dimensionText,
  measureText,
  pivotChart,
  pivotCsv,
  pivotVariables,
  type Labels,
  type Measure,
  type PivotRow,
  type PivotSpec,
} from './pivot';

interface FormValues {
  year: number;
  dimensions: StatDimension[];
  measures: Measure[];
  countyCode?: string;
  sectorNumber?: number;
  categoryCode?: string;
  targetGroup?: TargetGroup;
}

function toSpec(v: FormValues): PivotSpec {
  return {
    year: v.year,
    dimensions: v.dimensions ?? [],
    // in the order of MEASURES, whatever order they were picked in
    measures: MEASURES.filter((m) => (v.measures ?? []).includes(m)),
    filter: { countyCode: v.countyCode, sectorNumber: v.sectorNumber, categoryCode: v.categoryCode, targetGroup: v.targetGroup },
  };
}

function toValues(spec: PivotSpec): FormValues {
  return {
    year: spec.year,
    dimensions: spec.dimensions,
    measures: spec.measures,
    countyCode: spec.filter.countyCode ? String(spec.filter.countyCode) : undefined,
    sectorNumber: spec.filter.sectorNumber ?? undefined,
    categoryCode: spec.filter.categoryCode ? String(spec.filter.categoryCode) : undefined,
    targetGroup: spec.filter.targetGroup ?? undefined,
  };
}

type TableRow = PivotRow & { key: number };

/** The pivot builder: dimensions, year, filters and measures in; a table, a chart and a CSV out. */
export default function PivotPanel({
  loaded,
  onSave,
}: {
  /** A saved pivot to show (a new nonce each time one is loaded). */
  loaded?: { spec: PivotSpec; nonce: number };
  onSave: (spec: PivotSpec) => void;
}) {
  const { t, locale } = useIntl();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const years = useMemo(() => campaignYears(), []);
  const [applied, setApplied] = useState<PivotSpec>();
  const [chartMeasure, setChartMeasure] = useState<Measure>('units');
  const [chartKind, setChartKind] = useState<'bar' | 'line'>('bar');
  const [{ data: options }] = useQuery({ query: WorkbenchOptionsDocument });
  // The text with only the chosen dimensions and measures (the one saved, too): the server computes
  // only the measure families a query selects. Its rows are WorkbenchPivot's, less the fields not asked for.
  const pivotQuery = useMemo(() => buildPivotQuery(applied ?? { dimensions: [], measures: ['units'] }), [applied]);
  const [{ data, fetching, error }] = useQuery<WorkbenchPivotQuery>({
    query: pivotQuery,
    variables: applied ? pivotVariables(applied) : { year: years[0], groupBy: [] },
    pause: !applied,
  });
  const rows: TableRow[] = useMemo(() => (applied && data ? data.stats.map((r, i) => ({ ...r, key: i })) : []), [applied, data]);

  const labels: Labels = useMemo(
    () => ({
      dimension: (d) => t(`analysis.dim.${d}`),
      measure: (m) => t(`analysis.measure.${m}`),
      targetGroup: (g) => t(`targetGroup.${g}`),
      total: t('analysis.total'),
    }),
    [t],
  );

  const run = (spec: PivotSpec) => {
    setApplied(spec);
    if (!spec.measures.includes(chartMeasure)) setChartMeasure(spec.measures[0] ?? 'units');
  };

  useEffect(() => {
    if (!loaded) return;
    form.setFieldsValue({ countyCode: undefined, sectorNumber: undefined, categoryCode: undefined, targetGroup: undefined, ...toValues(loaded.spec) });
    run(loaded.spec);
    // only a new load (a new nonce) fills the form; run and form only set state
  }, [loaded?.nonce]);

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (values) onSave(toSpec(values));
  };

  const download = () => {
    if (!applied) return;
    const csv = pivotCsv(rows, applied, labels, locale);
    const name = safeFileName(`${t('analysis.csvName')}-${applied.year}-${applied.dimensions.map(labels.dimension).join('×') || labels.total}.csv`);
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), name);
    message.success(t('analysis.csvSaved', { name }));
  };

  const columns: ColumnsType<TableRow> = useMemo(() => {
    if (!applied) return [];
    const dimCols: ColumnsType<TableRow> = applied.dimensions.map((d) => ({
      title: labels.dimension(d),
      key: d,
      fixed: 'left' as const,
      render: (_: unknown, r: TableRow) => dimensionText(r, d, locale, labels.targetGroup),
      sorter: (a: TableRow, b: TableRow) =>
        d === 'MONTH' ? (a.month ?? 0) - (b.month ?? 0) : dimensionText(a, d, locale, labels.targetGroup).localeCompare(dimensionText(b, d, locale, labels.targetGroup), locale),
    }));
    const measureCols: ColumnsType<TableRow> = applied.measures.map((m) => ({
      title: labels.measure(m),
      key: m,
      align: 'right' as const,
      render: (_: unknown, r: TableRow) => measureText(r, m, locale),
      sorter: (a: TableRow, b: TableRow) => (a[m] ?? -1) - (b[m] ?? -1),
    }));
    return [...dimCols, ...measureCols];
  }, [applied, labels, locale]);

  const chart = useMemo(
    () => (applied && rows.length ? pivotChart(rows, applied, chartMeasure, chartKind, labels, locale) : undefined),
    [applied, rows, chartMeasure, chartKind, labels, locale],
  );

  const select = (name: string) => ({ 'aria-label': name, allowClear: true, showSearch: true, optionFilterProp: 'label' as const, placeholder: t('common.all') });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('analysis.builder')}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ year: years[0], dimensions: ['COUNTY'], measures: [...DEFAULT_MEASURES] }}
          onFinish={(v) => run(toSpec(v))}
        >
          <Row gutter={16}>
            <Col xs={24} md={6} lg={4}>
              <Form.Item name="year" label={t('common.year')} rules={[{ required: true }]}>
                <Select options={years.map((y) => ({ value: y, label: t('common.yearOption', { year: y }) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={18} lg={10}>
              <Form.Item name="dimensions" label={t('analysis.dimensions')} extra={t('analysis.dimensionsHint', { max: MAX_DIMENSIONS })}>
                <Select<StatDimension[]>
                  mode="multiple"
                  maxCount={MAX_DIMENSIONS}
                  allowClear
                  placeholder={t('analysis.noDimension')}
                  options={DIMENSIONS.map((d) => ({ value: d, label: labels.dimension(d) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={10}>
              <Form.Item
                name="measures"
                label={t('analysis.measures')}
                rules={[{ required: true, type: 'array', min: 1, message: t('analysis.measuresRequired') }]}
              >
                <Select<Measure[]> mode="multiple" allowClear options={MEASURES.map((m) => ({ value: m, label: labels.measure(m) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="countyCode" label={t('unit.county')}>
                <Select {...select(t('unit.county'))} options={options?.counties.map((c) => ({ value: c.code, label: c.name }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="sectorNumber" label={t('unit.sector')}>
                <Select {...select(t('unit.sector'))} options={options?.sectors.map((s) => ({ value: s.number, label: `${s.number}. ${s.name}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="categoryCode" label={t('unit.category')}>
                <Select {...select(t('unit.category'))} options={options?.unitCategories.map((c) => ({ value: c.code, label: c.name }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="targetGroup" label={t('targetGroup.label')}>
                <Select
                  {...select(t('targetGroup.label'))}
                  options={(['VILLAGE', 'ENTERPRISE'] as const).map((g) => ({ value: g, label: labels.targetGroup(g) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={fetching}>
              {t('analysis.run')}
            </Button>
            <Button icon={<SaveOutlined />} onClick={() => void save()}>
              {t('analysis.saveAs')}
            </Button>
            <Button icon={<DownloadOutlined />} disabled={!rows.length} onClick={download}>
              {t('analysis.downloadCsv')}
            </Button>
          </Space>
        </Form>
      </Card>

      {applied && (
        <Card
          title={t('analysis.result', { year: applied.year })}
          extra={<Typography.Text type="secondary" data-testid="pivot-count">{t('analysis.rowCount', { count: formatNumber(rows.length, locale) })}</Typography.Text>}
        >
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <ErrorAlert error={error} />
            {!fetching && !error && rows.length === 0 && <Empty description={t('analysis.noRows')} />}
            {chart && (
              <>
                <Flex gap={12} wrap align="center">
                  <Typography.Text>{t('analysis.chartMeasure')}</Typography.Text>
                  <Select<Measure>
                    aria-label={t('analysis.chartMeasure')}
                    value={chartMeasure}
                    onChange={setChartMeasure}
                    style={{ minWidth: 180 }}
                    options={applied.measures.map((m) => ({ value: m, label: labels.measure(m) }))}
                  />
                  <LabelledRadioGroup
                    label={t('analysis.chartKind')}
                    value={chartKind}
                    onChange={(e) => setChartKind(e.target.value)}
                    optionType="button"
                    options={[
                      { value: 'bar', label: t('analysis.bar') },
                      { value: 'line', label: t('analysis.line') },
                    ]}
                  />
                </Flex>
                {chart.truncated && <Alert type="info" showIcon message={t('analysis.chartTruncated')} />}
                <BarLineChart option={chart.option} height={380} ariaLabel={t('analysis.chartAria')} testId="pivot-chart" />
              </>
            )}
            <Table<TableRow>
              data-testid="pivot-table"
              size="small"
              loading={fetching}
              dataSource={rows}
              columns={columns}
              scroll={{ x: 'max-content' }}
              pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => t('analysis.rowCount', { count: formatNumber(n, locale) }) }}
            />
          </Space>
        </Card>
      )}
    </Space>
  );
}
