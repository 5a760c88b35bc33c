import { Card, Descriptions, Space, Table } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import Exception from '../../../components/Exception';
import LinkButton from '../../../components/LinkButton';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import { CountyDetailDocument, type CountyDetailQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';

type TownRow = NonNullable<CountyDetailQuery['county']>['towns'][number];

/** The units list filtered to a county, or to one of its towns. */
function unitsLink(countyCode: string, townCode?: string): string {
  const params = new URLSearchParams({ countyCode });
  if (townCode) params.set('townCode', townCode);
  return `/units?${params.toString()}`;
}

/** A county and its towns (乡镇/街道), each opening its town page; a county admin's 本县 page. */
export default function CountyPage() {
  const { t } = useIntl();
  const { code = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: CountyDetailDocument, variables: { code } });

  if (fetching && !data) return <PageLoading />;
  if (error && !data?.county) return <QueryFailure error={error} notFoundTitle={t('county.notFound')} />;
  const county = data?.county;
  if (!county) return <Exception status={404} title={t('county.notFound')} />;

  return (
    <PageContainer
      title={county.name}
      crumb={county.name}
      extra={
        <LinkButton to={unitsLink(county.code)} icon={<ShopOutlined />}>
          {t('county.viewUnits')}
        </LinkButton>
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('county.code')}>{county.code}</Descriptions.Item>
            <Descriptions.Item label={t('county.townCount')}>{county.towns.length}</Descriptions.Item>
            <Descriptions.Item label={t('county.unitCount')}>{county.unitCount}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('county.towns')}>
          <Table<TownRow>
            data-testid="towns-table"
            rowKey="code"
            size="middle"
            dataSource={county.towns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('town.code'), dataIndex: 'code', width: 160 },
              {
                title: t('town.name'),
                dataIndex: 'name',
                render: (name: string, town) => <Link to={`/towns/${town.code}`}>{name}</Link>,
              },
              {
                title: t('town.unitCount'),
                dataIndex: 'unitCount',
                width: 140,
                align: 'right',
                render: (count: number, town) => <Link to={unitsLink(county.code, town.code)}>{count}</Link>,
              },
            ]}
          />
        </Card>
      </Space>
    </PageContainer>
  );
}
