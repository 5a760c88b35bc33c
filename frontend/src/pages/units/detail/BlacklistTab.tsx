import { useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import { StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useAccess } from '../../../components/AccessProvider';
import ErrorAlert from '../../../components/ErrorAlert';
import {
  BlacklistUnitDocument,
  RemoveFromBlacklistDocument,
  UnitBlacklistDocument,
  type BlacklistFieldsFragment,
} from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { formatDate, NO_VALUE } from '../../../services/format';
import ReasonModal from '../../events/ReasonModal';
import type { UnitTabProps } from './tabProps';
import { useTabQuery } from './useTabQuery';

/** 黑名单: the unit's listings; the city office and the sector's lead departments list and lift them. */
export default function BlacklistTab({ unit, refreshKey, onChanged }: UnitTabProps) {
  const { t, locale } = useIntl();
  const { access } = useAccess();
  const { message } = App.useApp();
  const [{ data, fetching, error }] = useTabQuery({ query: UnitBlacklistDocument, variables: { id: unit.id } }, refreshKey);
  const [, blacklist] = useMutation(BlacklistUnitDocument);
  const [, remove] = useMutation(RemoveFromBlacklistDocument);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<BlacklistFieldsFragment | null>(null);
  const may = access.canBlacklist(unit.sector.number);
  const entries = [...(data?.unit?.blacklist ?? [])].sort((a, b) => b.listedOn.localeCompare(a.listedOn));
  const listed = data?.unit?.blacklisted ?? unit.blacklisted;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {may && !listed && (
        <Flex justify="flex-end">
          <Button danger icon={<StopOutlined />} onClick={() => setAdding(true)}>
            {t('blacklist.add')}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={error} />
      <Table<BlacklistFieldsFragment>
        data-testid="blacklist-table"
        rowKey="id"
        size="middle"
        loading={fetching && !data}
        dataSource={entries}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('blacklist.empty') }}
        columns={[
          {
            title: t('blacklist.status'),
            key: 'status',
            width: 90,
            render: (_, e) => (e.removedOn ? <Tag>{t('blacklist.lifted')}</Tag> : <Tag color="red">{t('blacklist.listed')}</Tag>),
          },
          { title: t('blacklist.reason'), dataIndex: 'reason' },
          { title: t('blacklist.listedOn'), key: 'listedOn', width: 140, render: (_, e) => formatDate(e.listedOn, locale) },
          { title: t('blacklist.decidedBy'), dataIndex: 'decidedBy', width: 150 },
          {
            title: t('blacklist.removedOn'),
            key: 'removedOn',
            width: 140,
            render: (_, e) => (e.removedOn ? formatDate(e.removedOn, locale) : NO_VALUE),
          },
          {
            title: t('blacklist.removedReason'),
            key: 'removedReason',
            render: (_, e) => e.removedReason ?? <Typography.Text type="secondary">{NO_VALUE}</Typography.Text>,
          },
          {
            title: '',
            key: 'actions',
            width: 130,
            render: (_, e) =>
              may &&
              !e.removedOn && (
                <Button size="small" icon={<UndoOutlined />} onClick={() => setRemoving(e)}>
                  {t('blacklist.remove')}
                </Button>
              ),
          },
        ]}
      />
      {adding && (
        <ReasonModal
          title={t('blacklist.addTitle', { name: unit.name })}
          okText={t('blacklist.add')}
          danger
          testId="blacklist-form"
          onClose={() => setAdding(false)}
          onSubmit={async (reason) => {
            const result = await blacklist({ unitId: unit.id, reason });
            if (!result.data) return result.error;
            setAdding(false);
            message.success(t('blacklist.added'));
            onChanged();
            return null;
          }}
        />
      )}
      {removing && (
        <ReasonModal
          title={t('blacklist.removeTitle', { name: unit.name })}
          okText={t('blacklist.remove')}
          testId="unblacklist-form"
          onClose={() => setRemoving(null)}
          onSubmit={async (reason) => {
            const result = await remove({ entryId: removing.id, reason });
            if (!result.data) return result.error;
            setRemoving(null);
            message.success(t('blacklist.removed'));
            onChanged();
            return null;
          }}
        />
      )}
    </Space>
  );
}
