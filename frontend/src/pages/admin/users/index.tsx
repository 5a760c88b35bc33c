import { useState } from 'react';
import { App, Badge, Button, Card, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import PageContainer from '../../../components/PageContainer';
import { DeactivateUserDocument, UserListDocument, type UserListQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError } from '../../../services/errors';
import CreateUserModal from './CreateUserModal';

type UserRow = UserListQuery['users']['edges'][number]['node'];

const PAGE_SIZE = 20;

/** 用户管理: the city office's list of accounts, a page at a time (cursor pagination). */
export default function UsersPage() {
  const { t, locale } = useIntl();
  const { message } = App.useApp();
  // Cursors of the pages before the current one; the last is the current page's `after`.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [search, setSearch] = useState('');
  const filter = search ? { search } : null;
  const [{ data, fetching, error }] = useQuery({ query: UserListDocument, variables: { first: PAGE_SIZE, after, filter } });
  const [, deactivateUser] = useMutation(DeactivateUserDocument);
  const [creating, setCreating] = useState(false);
  const users = data?.users;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  const deactivate = async (user: UserRow) => {
    const result = await deactivateUser({ id: user.id, version: user.version });
    if (result.data) message.success(t('users.deactivated', { name: user.displayName }));
    else message.error(describeApiError(result.error, locale, t).message);
  };

  return (
    <PageContainer
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      }
    >
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <ErrorAlert error={error} />
          <Input.Search
            allowClear
            aria-label={t('users.search')}
            placeholder={t('users.searchPlaceholder')}
            maxLength={100}
            style={{ maxWidth: 360 }}
            onSearch={(value) => {
              setSearch(value.trim());
              setCursors([null]);
            }}
          />
          <Table<UserRow>
            data-testid="users-table"
            rowKey="id"
            size="middle"
            loading={fetching}
            dataSource={users?.edges.map((e) => e.node) ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              { title: t('users.username'), dataIndex: 'username' },
              { title: t('users.displayName'), dataIndex: 'displayName' },
              { title: t('users.role'), dataIndex: 'role', render: (role: UserRow['role']) => t(`role.${role}`) },
              {
                title: t('users.scope'),
                key: 'scope',
                render: (_, u) => u.county?.name ?? u.department?.name ?? t('users.allScope'),
              },
              {
                title: t('users.status'),
                dataIndex: 'active',
                render: (active: boolean) =>
                  active ? <Badge status="success" text={t('users.active')} /> : <Badge status="default" text={t('users.inactive')} />,
              },
              {
                title: t('users.createdAt'),
                dataIndex: 'createdAt',
                render: (value: string) => (Number.isNaN(Date.parse(value)) ? value : dateFormat.format(new Date(value))),
              },
              {
                title: t('users.actions'),
                key: 'actions',
                render: (_, u) =>
                  u.active && (
                    <Popconfirm
                      title={t('users.deactivateConfirm', { name: u.displayName })}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => deactivate(u)}
                    >
                      <Button type="link" danger size="small">
                        {t('users.deactivate')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text type="secondary">{users && t('users.total', { count: users.totalCount })}</Typography.Text>
            <Space>
              <Button disabled={cursors.length <= 1 || fetching} onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t('users.prev')}
              </Button>
              <Button
                disabled={!users?.pageInfo.hasNextPage || fetching}
                onClick={() => setCursors((c) => [...c, users?.pageInfo.endCursor ?? null])}
              >
                {t('users.next')}
              </Button>
            </Space>
          </Space>
        </Space>
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(username) => {
          setCreating(false);
          message.success(t('users.created', { name: username }));
        }}
      />
    </PageContainer>
  );
}
