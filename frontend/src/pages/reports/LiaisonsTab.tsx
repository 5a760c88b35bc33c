import { useMemo, useState } from 'react';
import { App, Button, Card, Flex, Space, Table, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import ErrorAlert from '../../components/ErrorAlert';
import { LiaisonsDocument } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import DownloadButton from './DownloadButton';
import LiaisonModal from './LiaisonModal';
import { liaisonRows, type LiaisonRow } from './model';

/** 附表2 联络员名单表: every county and lead department with its 分管负责人 and 具体责任人; the city office edits them. */
export default function LiaisonsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useIntl();
  const { message } = App.useApp();
  // an empty list names no type, so tell the cache which mutation results make it stale
  const context = useMemo(() => ({ additionalTypenames: ['Liaison'] }), []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: LiaisonsDocument, context });
  const [editing, setEditing] = useState<string>();

  const rows = useMemo(() => (data ? liaisonRows(data.counties, data.departments, data.liaisons) : []), [data]);
  const editingRow = rows.find((r) => r.key === editing);
  const empty = <Typography.Text type="secondary">{t('liaisons.notFilled')}</Typography.Text>;
  const text = (value: string | undefined) => (value ? value : empty);

  return (
    <Card>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Typography.Text type="secondary">{t('liaisons.hint')}</Typography.Text>
          <DownloadButton url="/export/liaisons.xlsx" fallbackName="附表2联络员名单.xlsx" label={t('liaisons.download')} />
        </Flex>
        <ErrorAlert error={error} />
        <Typography.Title level={4} style={{ textAlign: 'center', margin: 0 }}>
          {t('liaisons.title')}
        </Typography.Title>
        <Table<LiaisonRow>
          data-testid="liaisons-table"
          bordered
          size="small"
          rowKey="key"
          loading={fetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('liaisons.group'),
              key: 'group',
              width: 120,
              onCell: (r) => ({ rowSpan: r.groupSpan }),
              render: (_, r) => t(r.group === 'county' ? 'liaisons.group.county' : 'liaisons.group.department'),
            },
            { title: t('liaisons.unit'), dataIndex: 'unitName', width: 180, onCell: (r) => ({ rowSpan: r.unitSpan }) },
            { title: t('liaisons.role'), key: 'role', width: 110, render: (_, r) => t(`liaisons.role.${r.role}`) },
            { title: t('liaisons.name'), key: 'name', render: (_, r) => text(r.liaison?.name) },
            { title: t('liaisons.post'), key: 'post', render: (_, r) => text(r.liaison?.post) },
            { title: t('liaisons.officePhone'), key: 'officePhone', render: (_, r) => text(r.liaison?.officePhone) },
            { title: t('liaisons.mobile'), key: 'mobile', render: (_, r) => text(r.liaison?.mobile) },
            ...(canEdit
              ? [
                  {
                    title: t('users.actions'),
                    key: 'actions',
                    width: 100,
                    render: (_: unknown, r: LiaisonRow) => (
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('liaisons.editTitle', { unit: r.unitName, role: t(`liaisons.role.${r.role}`) })}
                        onClick={() => setEditing(r.key)}
                      >
                        {r.liaison ? t('liaisons.edit') : t('liaisons.fill')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      <LiaisonModal
        row={editingRow}
        onClose={() => setEditing(undefined)}
        onReload={() => reexecute({ requestPolicy: 'network-only' })}
        onSaved={(saved) => {
          setEditing(undefined);
          message.success(t('liaisons.saved', { name: saved.name }));
          reexecute({ requestPolicy: 'network-only' });
        }}
      />
    </Card>
  );
}
