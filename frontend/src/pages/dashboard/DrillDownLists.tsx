import { Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useAccess } from '../../components/AccessProvider';
import ErrorAlert from '../../components/ErrorAlert';
import { HomeOverviewDocument, type HomeOverviewQuery } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';

type CountyRow = HomeOverviewQuery['counties'][number];
type SectorRow = HomeOverviewQuery['sectors'][number];

/** The campaign's fixed frame under the figures: the 7 counties and the 25 sectors, each a link to its page. */
export default function DrillDownLists() {
  const { t } = useIntl();
  const { access } = useAccess();
  const [{ data, fetching, error }] = useQuery({ query: HomeOverviewDocument });
  // a county admin's figures cover its own county only, so the list does too
  const counties = (data?.counties ?? []).filter((c) => access.canViewCounty(c.code));
  const sectors = data?.sectors ?? [];

  return (
    <>
      <ErrorAlert error={error} />
      <Card
        title={t('home.counties')}
        extra={<Typography.Text type="secondary">{t('home.countiesHint', { count: counties.length })}</Typography.Text>}
      >
        <Table<CountyRow>
          data-testid="counties-table"
          rowKey="code"
          size="middle"
          loading={fetching}
          dataSource={counties}
          pagination={false}
          columns={[
            { title: t('county.code'), dataIndex: 'code', width: 120 },
            {
              title: t('county.name'),
              dataIndex: 'name',
              render: (name: string, c) => (access.canViewCounty(c.code) ? <Link to={`/counties/${c.code}`}>{name}</Link> : name),
            },
            { title: t('county.townCount'), key: 'towns', width: 140, align: 'right', render: (_, c) => c.towns.length },
            { title: t('county.unitCount'), dataIndex: 'unitCount', width: 140, align: 'right' },
          ]}
          expandable={{
            expandedRowRender: (c) => (
              <Space size={[4, 8]} wrap>
                {c.towns.map((town) => (
                  <Tag key={town.code}>{town.name}</Tag>
                ))}
              </Space>
            ),
          }}
        />
      </Card>
      <Card
        title={t('home.sectors')}
        extra={<Typography.Text type="secondary">{t('home.sectorsHint', { count: sectors.length })}</Typography.Text>}
      >
        <Table<SectorRow>
          data-testid="sectors-table"
          rowKey="number"
          size="middle"
          loading={fetching}
          dataSource={sectors}
          pagination={false}
          columns={[
            { title: t('sector.number'), dataIndex: 'number', width: 72, align: 'right' },
            {
              title: t('sector.name'),
              dataIndex: 'name',
              width: 280,
              render: (name: string, s) => (access.canViewSector(s.number) ? <Link to={`/sectors/${s.number}`}>{name}</Link> : name),
            },
            {
              title: t('sector.leadDepartments'),
              key: 'leadDepartments',
              render: (_, s) => (
                <Space size={[4, 4]} wrap>
                  {s.leadDepartments.map((d) => (
                    <Tag key={d.code} color="geekblue">
                      {d.name}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('sector.note'), dataIndex: 'note', render: (note?: string | null) => note ?? '' },
          ]}
        />
      </Card>
    </>
  );
}
