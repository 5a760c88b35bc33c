import { useMemo } from 'react';
import { Card, Col, Empty, Flex, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useAccess } from '../../components/AccessProvider';
import ErrorAlert from '../../components/ErrorAlert';
import PageContainer from '../../components/PageContainer';
import YearSelect, { yearFromParam } from '../../components/YearSelect';
import { BarLineChart, CountyMapChart, type CountyMapDatum } from '../../components/charts';
import { countiesWithoutPolygon, MAPPED_COUNTY_CODES } from '../../components/charts/geo';
import { DashboardDocument, type DashboardQuery } from '../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../locales';
import { campaignYears, formatNumber, formatPercent } from '../../services/format';
import DrillDownLists from './DrillDownLists';
import { countyRateBarsOption, countyRateBarsTable, monthlyIncidentsOption, monthlyIncidentsTable, monthsSoFar, summarize, verdict, type Attainment, type Verdict } from './figures';

const VERDICT: Record<Verdict, { key: MessageKey; color?: string; icon?: React.ReactNode }> = {
  met: { key: 'dashboard.met', color: 'success', icon: <CheckCircleOutlined /> },
  notMet: { key: 'dashboard.notMet', color: 'error', icon: <CloseCircleOutlined /> },
  noTarget: { key: 'dashboard.noTarget', icon: <MinusCircleOutlined /> },
  noUnits: { key: 'dashboard.noUnits', icon: <MinusCircleOutlined /> },
};

function VerdictTag({ value }: { value: Verdict }) {
  const { t } = useIntl();
  const v = VERDICT[value];
  return (
    <Tag color={v.color} icon={v.icon} data-verdict={value} style={{ marginInlineEnd: 0 }}>
      {t(v.key)}
    </Tag>
  );
}

function StatCard({ title, value, footer, testId, loading }: { title: string; value: string; footer?: React.ReactNode; testId: string; loading: boolean }) {
  return (
    <Card data-testid={testId} loading={loading} style={{ height: '100%' }} styles={{ body: { padding: 20 } }}>
      <Statistic title={title} value={value} formatter={() => <span data-testid={`${testId}-value`}>{value}</span>} />
      {footer && <div style={{ marginTop: 8 }}>{footer}</div>}
    </Card>
  );
}

type CountyStat = DashboardQuery['byCounty'][number];

interface CountyRow {
  code: string;
  name: string;
  stat?: CountyStat;
  attainment?: Attainment;
}

/** 首页: the city's (or the caller's scope's) zero-accident figures for a year, then the county and sector lists. */
export default function DashboardPage() {
  const { t, locale } = useIntl();
  const { access } = useAccess();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const years = useMemo(() => campaignYears(), []);
  const year = yearFromParam(params.get('year'), years);
  // setTarget answers a Target, which an absent target (null) does not name: list it so the figures refresh
  const context = useMemo(() => ({ additionalTypenames: ['Target'] }), []);
  const [{ data, fetching, error }] = useQuery({ query: DashboardDocument, variables: { year }, context });

  const report = data?.targetAttainment;
  const target = report?.target;
  const summary = data ? summarize(data) : undefined;
  const loading = fetching && !data;

  const counties: CountyRow[] = useMemo(() => {
    const rows = new Map<string, CountyRow>();
    for (const s of data?.byCounty ?? []) if (s.county) rows.set(s.county.code, { code: s.county.code, name: s.county.name, stat: s });
    for (const a of report?.counties ?? []) {
      if (!a.county) continue;
      const row = rows.get(a.county.code) ?? { code: a.county.code, name: a.county.name };
      rows.set(a.county.code, { ...row, attainment: a });
    }
    return [...rows.values()];
  }, [data, report]);

  const mapData: CountyMapDatum[] = useMemo(
    () => counties.filter((c) => MAPPED_COUNTY_CODES.includes(c.code)).map((c) => ({ code: c.code, name: c.name, rate: c.stat?.zeroAccidentRate ?? null, units: c.stat?.units ?? 0 })),
    [counties],
  );
  const unmapped = useMemo(() => {
    const codes = countiesWithoutPolygon(counties.map((c) => c.code));
    return counties.filter((c) => codes.includes(c.code));
  }, [counties]);

  const barsOption = useMemo(
    () =>
      countyRateBarsOption(
        report?.counties ?? [],
        target,
        {
          village: t('targetGroup.VILLAGE'),
          enterprise: t('targetGroup.ENTERPRISE'),
          villageTarget: t('dashboard.villageTarget'),
          enterpriseTarget: t('dashboard.enterpriseTarget'),
        },
        locale,
      ),
    [report, target, t, locale],
  );
  const barsTable = useMemo(
    () =>
      countyRateBarsTable(
        report?.counties ?? [],
        target,
        {
          village: t('targetGroup.VILLAGE'),
          enterprise: t('targetGroup.ENTERPRISE'),
          county: t('county.name'),
          target: t('dashboard.targetRow', { year }),
        },
        locale,
      ),
    [report, target, t, locale, year],
  );
  const monthsTable = useMemo(
    () => monthlyIncidentsTable(data?.byMonth ?? [], monthsSoFar(year), { month: t('dashboard.month'), incidents: t('dashboard.incidents') }, locale),
    [data, year, t, locale],
  );
  const monthsOption = useMemo(
    () => monthlyIncidentsOption(data?.byMonth ?? [], monthsSoFar(year), t('dashboard.incidents'), locale),
    [data, year, t, locale],
  );

  const openCounty = (code: string) => {
    if (access.canViewCounty(code)) navigate(`/counties/${code}`);
  };
  const countyLink = (code: string, name: string) => (access.canViewCounty(code) ? <Link to={`/counties/${code}`}>{name}</Link> : name);

  const rateCard = (group: 'VILLAGE' | 'ENTERPRISE') => {
    const total = report?.total;
    const rate = group === 'VILLAGE' ? total?.villageRate : total?.enterpriseRate;
    const met = group === 'VILLAGE' ? total?.villageMet : total?.enterpriseMet;
    const goal = group === 'VILLAGE' ? target?.village : target?.enterprise;
    const zero = group === 'VILLAGE' ? total?.villageZeroAccident : total?.enterpriseZeroAccident;
    const units = group === 'VILLAGE' ? total?.villageUnits : total?.enterpriseUnits;
    return (
      <StatCard
        testId={`card-rate-${group.toLowerCase()}`}
        loading={loading}
        title={t('dashboard.rateOf', { group: t(`targetGroup.${group}`) })}
        value={formatPercent(rate, locale)}
        footer={
          <Flex vertical gap={4}>
            <Space size={8} wrap>
              <Typography.Text type="secondary">
                {goal !== undefined ? t('dashboard.targetIs', { year, target: formatPercent(goal, locale) }) : t('dashboard.noTargetYear', { year })}
              </Typography.Text>
              <VerdictTag value={verdict(met, rate, goal !== undefined)} />
            </Space>
            <Typography.Text type="secondary">
              {t('dashboard.zeroOfUnits', { zero: formatNumber(zero, locale), units: formatNumber(units, locale) })}
            </Typography.Text>
          </Flex>
        }
      />
    );
  };

  return (
    <PageContainer
      title={t('dashboard.title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('common.year')}</Typography.Text>
          <YearSelect
            value={year}
            years={years}
            onChange={(y) =>
              setParams(
                (p) => {
                  const next = new URLSearchParams(p);
                  if (y === years[0]) next.delete('year');
                  else next.set('year', String(y));
                  return next;
                },
                { replace: true },
              )
            }
          />
        </Space>
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <ErrorAlert error={error} />
        <Row gutter={[16, 16]} data-testid="dashboard-cards">
          <Col xs={24} sm={12} xl={8} xxl={4}>
            <StatCard
              testId="card-units"
              loading={loading}
              title={t('dashboard.unitsActive')}
              value={formatNumber(summary?.units, locale)}
              footer={<Typography.Text type="secondary">{t('dashboard.unitsHint', { year })}</Typography.Text>}
            />
          </Col>
          <Col xs={24} sm={12} xl={8} xxl={5}>
            {rateCard('VILLAGE')}
          </Col>
          <Col xs={24} sm={12} xl={8} xxl={5}>
            {rateCard('ENTERPRISE')}
          </Col>
          <Col xs={24} sm={12} xl={8} xxl={4}>
            <StatCard
              testId="card-incidents"
              loading={loading}
              title={t('dashboard.incidentsYear', { year })}
              value={formatNumber(summary?.incidents, locale)}
              footer={<Typography.Text type="secondary">{t('dashboard.incidentsHint')}</Typography.Text>}
            />
          </Col>
          <Col xs={24} sm={12} xl={8} xxl={3}>
            <StatCard
              testId="card-major-open"
              loading={loading}
              title={t('dashboard.majorOpen')}
              value={formatNumber(summary?.openMajorHazards, locale)}
              footer={<Typography.Text type="secondary">{t('dashboard.asOfNow')}</Typography.Text>}
            />
          </Col>
          <Col xs={24} sm={12} xl={8} xxl={3}>
            <StatCard
              testId="card-major-overdue"
              loading={loading}
              title={t('dashboard.majorOverdue')}
              value={formatNumber(summary?.overdueMajorHazards, locale)}
              footer={
                summary && summary.overdueMajorHazards > 0 ? (
                  <Space size={4} wrap>
                    <Tag color="warning">{t('dashboard.overdueAttention')}</Tag>
                    {/* the list the figure counts: major, past the deadline, in every open state's tab */}
                    <Link to="/hazards?level=MAJOR&overdue=true" data-testid="major-overdue-link">
                      {t('dashboard.majorOverdueList')}
                    </Link>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('dashboard.asOfNow')}</Typography.Text>
                )
              }
            />
          </Col>
        </Row>

        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card title={t('dashboard.mapTitle', { year })} data-testid="map-card" style={{ height: '100%' }}>
              {loading ? null : mapData.length ? (
                <CountyMapChart data={mapData} measure={t('dashboard.zeroRate')} onSelect={openCounty} />
              ) : (
                <Empty description={t('dashboard.noPolygon')} />
              )}
              {unmapped.length > 0 && (
                <div data-testid="unmapped-counties" style={{ marginTop: 8 }}>
                  <Typography.Text type="secondary">{t('dashboard.unmapped')}</Typography.Text>
                  <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                    {unmapped.map((c) => (
                      <li key={c.code}>
                        {countyLink(c.code, c.name)}
                        {t('dashboard.unmappedFigures', {
                          rate: formatPercent(c.stat?.zeroAccidentRate, locale),
                          units: formatNumber(c.stat?.units, locale),
                        })}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('dashboard.mapHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('dashboard.barsTitle', { year })} data-testid="bars-card" style={{ height: '100%' }}>
              {!loading && <BarLineChart option={barsOption} height={420} ariaLabel={t('dashboard.barsTitle', { year })} table={barsTable} testId="county-bars" />}
              {!loading && !target && (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  {t('dashboard.noTargetYear', { year })}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        </Row>

        <Row gutter={[16, 16]}>
          <Col xs={24} xxl={10}>
            <Card title={t('dashboard.monthsTitle', { year })} data-testid="months-card" style={{ height: '100%' }}>
              {!loading && <BarLineChart option={monthsOption} height={320} ariaLabel={t('dashboard.monthsTitle', { year })} table={monthsTable} testId="month-incidents" />}
            </Card>
          </Col>
          <Col xs={24} xxl={14}>
            <Card title={t('dashboard.countyTable', { year })} style={{ height: '100%' }}>
              <Table<CountyRow>
                data-testid="county-rates-table"
                rowKey="code"
                size="small"
                loading={loading}
                dataSource={counties}
                pagination={false}
                scroll={{ x: 640 }}
                columns={[
                  { title: t('county.name'), dataIndex: 'name', render: (name: string, c) => countyLink(c.code, name) },
                  { title: t('dashboard.unitsActive'), key: 'units', align: 'right', render: (_, c) => formatNumber(c.stat?.units, locale) },
                  { title: t('dashboard.zeroRate'), key: 'rate', align: 'right', render: (_, c) => formatPercent(c.stat?.zeroAccidentRate, locale) },
                  ...(['VILLAGE', 'ENTERPRISE'] as const).map((group) => ({
                    title: t(`targetGroup.${group}`),
                    key: group,
                    render: (_: unknown, c: CountyRow) => {
                      const a = c.attainment;
                      const rate = group === 'VILLAGE' ? a?.villageRate : a?.enterpriseRate;
                      const met = group === 'VILLAGE' ? a?.villageMet : a?.enterpriseMet;
                      return (
                        <Space size={6}>
                          <span>{formatPercent(rate, locale)}</span>
                          {target && <VerdictTag value={verdict(met, rate, true)} />}
                        </Space>
                      );
                    },
                  })),
                  { title: t('dashboard.incidents'), key: 'incidents', align: 'right', render: (_, c) => formatNumber(c.stat?.incidents, locale) },
                ]}
              />
            </Card>
          </Col>
        </Row>

        <DrillDownLists />
      </Space>
    </PageContainer>
  );
}
