import { Card, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import { SectorCountyBreakdownDocument, type SectorCountyBreakdownQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { formatNumber, formatPercent } from '../../../services/format';
import { currentYear } from '../../units/shared';

type Row = SectorCountyBreakdownQuery['stats'][number];

/** The sector's figures per county this year; each county opens the units of the sector there. */
export default function CountyBreakdown({ sectorNumber }: { sectorNumber: number }) {
  const { t, locale } = useIntl();
  const year = currentYear();
  const [{ data, fetching, error }] = useQuery({ query: SectorCountyBreakdownDocument, variables: { year, sectorNumber } });
  const rows = (data?.stats ?? []).filter((r) => r.county);
  const sum = (pick: (r: Row) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const units = sum((r) => r.units);
  const link = (code: string) => `/units?sectorNumber=${sectorNumber}&countyCode=${code}`;

  return (
    <Card title={t('sector.byCounty', { year })}>
      <ErrorAlert error={error} />
      <Table<Row>
        data-testid="sector-counties-table"
        rowKey={(r) => r.county?.code ?? ''}
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        columns={[
          {
            title: t('unit.county'),
            key: 'county',
            render: (_, r) => r.county && <Link to={link(r.county.code)}>{r.county.name}</Link>,
          },
          { title: t('sector.units'), dataIndex: 'units', align: 'right', render: (n: number) => formatNumber(n, locale) },
          { title: t('sector.zeroRate'), key: 'rate', align: 'right', render: (_, r) => formatPercent(r.zeroAccidentRate, locale) },
          { title: t('sector.incidents'), dataIndex: 'incidents', align: 'right' },
          {
            title: t('sector.openHazards'),
            key: 'open',
            align: 'right',
            render: (_, r) => (
              <span>
                {r.openHazards}
                {r.overdueHazards > 0 && (
                  <Typography.Text type="danger">
                    {' '}
                    （{t('sector.overdueHazards')} {r.overdueHazards}）
                  </Typography.Text>
                )}
              </span>
            ),
          },
        ]}
        summary={() =>
          rows.length > 1 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('sector.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {formatNumber(units, locale)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {formatPercent(units ? sum((r) => r.zeroAccidentUnits) / units : null, locale)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {sum((r) => r.incidents)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {sum((r) => r.openHazards)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
