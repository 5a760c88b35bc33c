import { useMemo } from 'react';
import { Card, Descriptions, Space } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import Exception from '../../../components/Exception';
import LinkButton from '../../../components/LinkButton';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import { CountyDetailDocument, CountyTownFiguresDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { useAccess } from '../../../components/AccessProvider';
import TodoList from '../../todo/TodoList';
import { currentYear } from '../../units/shared';
import { townFigures } from '../figures';
import TownFiguresList from '../TownFiguresList';

/** The units list filtered to a county, or to one of its towns. */
function unitsLink(countyCode: string, townCode?: string): string {
  const params = new URLSearchParams({ countyCode });
  if (townCode) params.set('townCode', townCode);
  return `/units?${params.toString()}`;
}

/**
 * A county and its towns (乡镇/街道) with this year's figures per town (the zero-accident rate of each target
 * group, incidents, open and overdue hazards), each opening its town page; a county admin's 本县 page.
 */
export default function CountyPage() {
  const { t } = useIntl();
  const { code = '' } = useParams();
  const { access } = useAccess();
  const [{ data, fetching, error }] = useQuery({ query: CountyDetailDocument, variables: { code } });
  const year = currentYear();
  const [figures] = useQuery({ query: CountyTownFiguresDocument, variables: { code, year } });
  const towns = useMemo(
    () => (figures.data ? townFigures(figures.data.byTown, figures.data.byTownGroup) : []),
    [figures.data],
  );

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
        {access.hasOwnCounty && <TodoList compact />}
        <Card>
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('county.code')}>{county.code}</Descriptions.Item>
            <Descriptions.Item label={t('county.townCount')}>{county.towns.length}</Descriptions.Item>
            <Descriptions.Item label={t('county.unitCount')}>{county.unitCount}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('figures.townsTitle', { year })}>
          <ErrorAlert error={figures.error} />
          <TownFiguresList testId="towns-table" rows={towns} loading={figures.fetching} />
        </Card>
      </Space>
    </PageContainer>
  );
}
