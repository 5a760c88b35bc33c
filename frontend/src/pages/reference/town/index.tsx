import { useMemo } from 'react';
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useAccess } from '../../../components/AccessProvider';
import ErrorAlert from '../../../components/ErrorAlert';
import Exception from '../../../components/Exception';
import LinkButton from '../../../components/LinkButton';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import { Pager, useCursorPages } from '../../../components/paging';
import QueryFailure from '../../../components/QueryFailure';
import { TownDetailDocument, type TownDetailQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import TodoList from '../../todo/TodoList';
import { BlacklistTag, currentYear, sectorLabel, ZeroAccidentTag } from '../../units/shared';

type UnitRow = TownDetailQuery['units']['edges'][number]['node'];

const PAGE_SIZE = 20;

/** 乡镇(街道): a town of a county and its units, a step of the drill-down 市 → 县 → 乡镇 → 单位. */
export default function TownPage() {
  const { t } = useIntl();
  const { access } = useAccess();
  const { code = '' } = useParams();
  const valid = /^\d{9}$/.test(code);
  const countyCode = code.slice(0, 6);
  const pages = useCursorPages(code);
  const year = currentYear();
  const variables = useMemo(
    () => ({ countyCode, townCode: code, first: PAGE_SIZE, after: pages.after, year }),
    [countyCode, code, pages.after, year],
  );
  const [{ data, fetching, error }] = useQuery({ query: TownDetailDocument, variables, pause: !valid });

  if (!valid) return <Exception status={404} title={t('town.notFound')} />;
  if (fetching && !data) return <PageLoading />;
  if (error && !data?.county) return <QueryFailure error={error} notFoundTitle={t('town.notFound')} />;
  const county = data?.county;
  const town = county?.towns.find((x) => x.code === code);
  if (!county || !town) return <Exception status={404} title={t('town.notFound')} />;
  const units = data.units;

  return (
    <PageContainer
      title={town.name}
      trail={[
        { title: county.name, path: access.canViewCounty(county.code) ? `/counties/${county.code}` : undefined },
        { title: town.name },
      ]}
      extra={
        <LinkButton to={`/units?countyCode=${county.code}&townCode=${town.code}`} icon={<ShopOutlined />}>
          {t('town.viewUnits')}
        </LinkButton>
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {access.hasOwnTown && <TodoList compact />}
        <Card>
          <Descriptions column={{ xs: 1, md: 3 }} data-testid="town-profile">
            <Descriptions.Item label={t('town.code')}>{town.code}</Descriptions.Item>
            <Descriptions.Item label={t('town.county')}>
              {access.canViewCounty(county.code) ? <Link to={`/counties/${county.code}`}>{county.name}</Link> : county.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('town.unitCount')}>{town.unitCount}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('town.units')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={error} />
            <Table<UnitRow>
              data-testid="town-units-table"
              rowKey="id"
              size="middle"
              loading={fetching}
              dataSource={units.edges.map((e) => e.node)}
              pagination={false}
              scroll={{ x: 860 }}
              locale={{ emptyText: t('units.empty') }}
              columns={[
                {
                  title: t('unit.name'),
                  key: 'name',
                  render: (_, u) => (
                    <Space size={4} wrap>
                      <Link to={`/units/${u.id}`}>{u.name}</Link>
                      {u.blacklisted && <BlacklistTag />}
                    </Space>
                  ),
                },
                { title: t('unit.category'), key: 'category', width: 110, render: (_, u) => u.category.name },
                { title: t('unit.sector'), key: 'sector', width: 200, render: (_, u) => sectorLabel(u.sector) },
                {
                  title: t('unit.cityLevel'),
                  dataIndex: 'cityLevel',
                  width: 90,
                  render: (v: boolean) =>
                    v ? <Tag color="blue">{t('common.yes')}</Tag> : <Typography.Text type="secondary">{t('common.no')}</Typography.Text>,
                },
                { title: t('figures.incidents'), dataIndex: 'incidentCount', width: 100, align: 'right' },
                { title: t('unit.openHazardCount'), dataIndex: 'openHazardCount', width: 100, align: 'right' },
                { title: t('units.thisYearZero'), key: 'zero', width: 120, render: (_, u) => <ZeroAccidentTag value={u.zeroAccident} /> },
              ]}
            />
            <Pager
              testId="town-units-total"
              total={t('town.unitsTotal', { count: units.totalCount })}
              page={pages.page}
              hasNext={units.pageInfo.hasNextPage}
              endCursor={units.pageInfo.endCursor}
              loading={fetching}
              onPrev={pages.prev}
              onNext={pages.next}
            />
          </Space>
        </Card>
      </Space>
    </PageContainer>
  );
}
