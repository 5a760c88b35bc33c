import { Card, Empty, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import { DepartmentSectorsDocument, type DepartmentSectorsQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { useAuth } from '../../../services/auth';

type SectorRow = NonNullable<DepartmentSectorsQuery['department']>['sectors'][number];

/** 我的行业: the sectors the user's department leads (the same query access.ts relies on, so it is cached). */
export default function MySectorsPage() {
  const { t } = useIntl();
  const { user } = useAuth();
  const code = user?.department?.code;
  const [{ data, fetching, error }] = useQuery({ query: DepartmentSectorsDocument, variables: { code: code ?? '' }, pause: !code });

  if (!code) return <Empty description={t('mySectors.none')} />;
  if (fetching && !data) return <PageLoading />;
  if (error && !data?.department) return <QueryFailure error={error} />;
  const department = data?.department;

  return (
    <PageContainer title={t('mySectors.title')}>
      <Card
        title={
          <span>
            {t('mySectors.department')}：{department?.name ?? user?.department?.name}
          </span>
        }
      >
        <Table<SectorRow>
          data-testid="my-sectors-table"
          rowKey="number"
          size="middle"
          dataSource={department?.sectors ?? []}
          pagination={false}
          columns={[
            { title: t('sector.number'), dataIndex: 'number', width: 72, align: 'right' },
            {
              title: t('sector.name'),
              dataIndex: 'name',
              render: (name: string, s) => <Link to={`/sectors/${s.number}`}>{name}</Link>,
            },
            {
              title: t('sector.note'),
              dataIndex: 'note',
              render: (note?: string | null) => <Typography.Text type="secondary">{note ?? ''}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
