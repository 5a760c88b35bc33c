import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import { DeleteSavedQueryDocument, type SavedQueriesQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError } from '../../../services/errors';
import { formatDateTime } from '../../../services/format';

export type SavedQuery = SavedQueriesQuery['savedQueries'][number];

/** The user's saved queries and those others shared: load any, delete one's own. */
export default function SavedQueriesCard({
  queries,
  fetching,
  error,
  onLoad,
  onDeleted,
}: {
  queries: readonly SavedQuery[];
  fetching: boolean;
  error: unknown;
  onLoad: (q: SavedQuery) => void;
  onDeleted: () => void;
}) {
  const { t, locale } = useIntl();
  const { message } = App.useApp();
  const [, deleteSavedQuery] = useMutation(DeleteSavedQueryDocument);

  const remove = async (q: SavedQuery) => {
    const result = await deleteSavedQuery({ id: q.id });
    if (result.data?.deleteSavedQuery) {
      message.success(t('saved.deleted', { name: q.name }));
      onDeleted();
    } else {
      message.error(describeApiError(result.error, locale, t).message);
    }
  };

  return (
    <Card title={t('saved.title')} extra={<Typography.Text type="secondary">{t('saved.count', { count: queries.length })}</Typography.Text>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert error={error} />
        <Table<SavedQuery>
          data-testid="saved-queries"
          rowKey="id"
          size="small"
          loading={fetching}
          dataSource={[...queries]}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('saved.empty') }}
          columns={[
            { title: t('saved.name'), dataIndex: 'name' },
            {
              title: t('saved.owner'),
              dataIndex: 'owner',
              render: (owner: string, q) => (
                <Space size={4}>
                  <span>{owner}</span>
                  {q.mine && <Tag color="blue">{t('saved.mine')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('saved.shared'),
              dataIndex: 'shared',
              render: (shared: boolean) => (shared ? <Tag color="green">{t('saved.sharedYes')}</Tag> : <Typography.Text type="secondary">{t('saved.sharedNo')}</Typography.Text>),
            },
            { title: t('saved.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
            {
              title: t('users.actions'),
              key: 'actions',
              render: (_, q) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => onLoad(q)}>
                    {t('saved.load')}
                  </Button>
                  {q.mine && (
                    <Popconfirm
                      title={t('saved.deleteConfirm', { name: q.name })}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove(q)}
                    >
                      <Button type="link" size="small" danger>
                        {t('saved.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
