import { useMemo } from 'react';
import { Card, Flex, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from 'urql';
import ErrorAlert from '../../components/ErrorAlert';
import YearSelect from '../../components/YearSelect';
import { Table1Document, type Table1RowFieldsFragment } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { formatDate, formatNumber } from '../../services/format';
import DownloadButton from './DownloadButton';

type Row = Table1RowFieldsFragment & { key: string };

/** 附表1 全市“零事故”村(社区)、企业、单位统计表, laid out like the plan's original, with its download. */
export default function Table1Tab({ year, onYearChange }: { year: number; onYearChange: (year: number) => void }) {
  const { t, locale } = useIntl();
  const [{ data, fetching, error }] = useQuery({ query: Table1Document, variables: { year } });
  const table = data?.table1;

  const rows: Row[] = useMemo(
    () => (table ? [...table.rows.map((r) => ({ ...r, key: r.county?.code ?? '' })), { ...table.totals, key: 'total' }] : []),
    [table],
  );

  const columns: ColumnsType<Row> = useMemo(() => {
    const categories = table?.totals.cells.map((c) => c.category) ?? [];
    const pair = (title: string, key: string, pick: (r: Row) => { total: number; zeroAccident: number } | undefined) => ({
      title,
      key,
      children: [
        { title: t('table1.total'), key: `${key}:total`, align: 'right' as const, render: (_: unknown, r: Row) => formatNumber(pick(r)?.total, locale) },
        {
          title: t('table1.zeroAccident'),
          key: `${key}:zero`,
          align: 'right' as const,
          render: (_: unknown, r: Row) => formatNumber(pick(r)?.zeroAccident, locale),
        },
      ],
    });
    return [
      {
        title: t('table1.county'),
        key: 'county',
        fixed: 'left',
        width: 150,
        render: (_, r) => (r.county ? r.county.name : <strong>{t('table1.sum')}</strong>),
      },
      ...categories.map((c) => pair(c.name, c.code, (r) => r.cells.find((x) => x.category.code === c.code))),
      pair(t('table1.allCategories'), 'all', (r) => r),
    ];
  }, [table, t, locale]);

  return (
    <Card>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Space>
            <Typography.Text type="secondary">{t('common.year')}</Typography.Text>
            <YearSelect value={year} onChange={onYearChange} />
          </Space>
          <DownloadButton url={`/export/table1.xlsx?year=${year}`} fallbackName="附表1.xlsx" label={t('table1.download')} />
        </Flex>
        <ErrorAlert error={error} />
        <div>
          <Typography.Text>{t('table1.label')}</Typography.Text>
          <Typography.Title level={4} style={{ textAlign: 'center', margin: '4px 0 8px' }}>
            {t('table1.title')}
          </Typography.Title>
          <Flex justify="space-between" wrap gap={8}>
            <Typography.Text>{t('table1.issuer')}</Typography.Text>
            <Typography.Text data-testid="table1-asof">{table && t('table1.asOf', { date: formatDate(table.asOf, locale) })}</Typography.Text>
          </Flex>
        </div>
        <Table<Row>
          data-testid="table1"
          bordered
          size="small"
          loading={fetching}
          dataSource={rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.county ? '' : 'table1-total-row')}
          onRow={(r) => (r.county ? {} : { style: { fontWeight: 600, background: '#fafafa' } })}
        />
        <div data-testid="table1-notes">
          <Typography.Paragraph style={{ margin: 0 }}>{t('table1.note1')}</Typography.Paragraph>
          <Typography.Paragraph style={{ margin: 0, paddingInlineStart: '1.5em' }}>{t('table1.note2')}</Typography.Paragraph>
        </div>
      </Space>
    </Card>
  );
}
