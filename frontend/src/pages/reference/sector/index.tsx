import { Card, Descriptions, Space, Tag } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import Exception from '../../../components/Exception';
import LinkButton from '../../../components/LinkButton';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import { SectorDetailDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import CountyBreakdown from './CountyBreakdown';

/** One sector (行业领域), its lead departments and its figures per county (the way down for a lead department). */
export default function SectorPage() {
  const { t } = useIntl();
  const number = Number(useParams().number);
  const valid = Number.isInteger(number) && number > 0;
  const [{ data, fetching, error }] = useQuery({ query: SectorDetailDocument, variables: { number }, pause: !valid });

  if (!valid) return <Exception status={404} title={t('sector.notFound')} />;
  if (fetching && !data) return <PageLoading />;
  if (error && !data?.sector) return <QueryFailure error={error} notFoundTitle={t('sector.notFound')} />;
  const sector = data?.sector;
  if (!sector) return <Exception status={404} title={t('sector.notFound')} />;

  return (
    <PageContainer
      title={`${sector.number}. ${sector.name}`}
      crumb={sector.name}
      extra={
        <LinkButton to={`/units?sectorNumber=${sector.number}`} icon={<ShopOutlined />}>
          {t('sector.viewUnits')}
        </LinkButton>
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Descriptions column={1} bordered>
            <Descriptions.Item label={t('sector.number')}>{sector.number}</Descriptions.Item>
            <Descriptions.Item label={t('sector.name')}>{sector.name}</Descriptions.Item>
            <Descriptions.Item label={t('sector.leadDepartments')}>
              <Space size={[4, 4]} wrap>
                {sector.leadDepartments.map((d) => (
                  <Tag key={d.code} color="geekblue">
                    {d.name}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
            {sector.note && <Descriptions.Item label={t('sector.note')}>{sector.note}</Descriptions.Item>}
          </Descriptions>
        </Card>
        <CountyBreakdown sectorNumber={sector.number} />
      </Space>
    </PageContainer>
  );
}
