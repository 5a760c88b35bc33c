import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import CardList from '../../components/CardList';
import { useIsPhone } from '../../components/useIsPhone';
import { useIntl } from '../../locales';
import { formatNumber, formatPercent } from '../../services/format';
import type { AreaFigures } from './figures';

/** 逾期 in words as well as in colour. */
function Overdue({ count }: { count: number }) {
  const { t, locale } = useIntl();
  return count > 0 ? (
    <Tag color="error" data-overdue="yes" style={{ marginInlineEnd: 0 }}>
      {t('figures.overdueCount', { count: formatNumber(count, locale) })}
    </Tag>
  ) : (
    <Typography.Text type="secondary">0</Typography.Text>
  );
}

/**
 * Per town of a county (or per area): units, the year's zero-accident rate of each target group,
 * incidents, open and overdue hazards; each town opens its page. Cards on a phone.
 */
export default function TownFiguresList({ rows, loading, testId }: { rows: AreaFigures[]; loading?: boolean; testId: string }) {
  const { t, locale } = useIntl();
  const phone = useIsPhone();
  const pct = (v: number | null) => formatPercent(v, locale);
  if (phone)
    return (
      <CardList<AreaFigures>
        testId={testId}
        items={rows}
        rowKey={(r) => r.code}
        loading={loading}
        emptyText={t('figures.empty')}
        render={(r) => ({
          title: <Link to={`/towns/${r.code}`}>{r.name}</Link>,
          alert: r.overdueHazards > 0,
          fields: [
            { label: t('figures.villageRate'), value: pct(r.rates.VILLAGE) },
            { label: t('figures.enterpriseRate'), value: pct(r.rates.ENTERPRISE) },
            { label: t('figures.incidents'), value: formatNumber(r.incidents, locale) },
            { label: t('figures.openHazards'), value: formatNumber(r.openHazards, locale) },
            { label: t('figures.overdueHazards'), value: <Overdue count={r.overdueHazards} /> },
            { label: t('figures.units'), value: formatNumber(r.units, locale) },
          ],
        })}
      />
    );
  return (
    <Table<AreaFigures>
      data-testid={testId}
      rowKey="code"
      size="middle"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('town.name'), key: 'name', render: (_, r) => <Link to={`/towns/${r.code}`}>{r.name}</Link> },
        { title: t('figures.units'), key: 'units', align: 'right', render: (_, r) => formatNumber(r.units, locale) },
        { title: t('figures.villageRate'), key: 'village', align: 'right', render: (_, r) => pct(r.rates.VILLAGE) },
        { title: t('figures.enterpriseRate'), key: 'enterprise', align: 'right', render: (_, r) => pct(r.rates.ENTERPRISE) },
        { title: t('figures.incidents'), key: 'incidents', align: 'right', render: (_, r) => formatNumber(r.incidents, locale) },
        { title: t('figures.openHazards'), key: 'open', align: 'right', render: (_, r) => formatNumber(r.openHazards, locale) },
        { title: t('figures.overdueHazards'), key: 'overdue', align: 'right', render: (_, r) => <Overdue count={r.overdueHazards} /> },
      ]}
    />
  );
}
