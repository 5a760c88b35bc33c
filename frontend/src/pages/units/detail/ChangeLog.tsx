import { useMemo, useState } from 'react';
import { Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import { ChangeLogNamesDocument, UnitChangeLogDocument, type UnitChangeLogQuery } from '../../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../../locales';
import {
  AUDIT_FIELD_LABELS,
  auditActionLabel,
  auditChanges,
  formatAuditValue,
  type AuditField,
  type AuditNames,
  type FieldChange,
} from '../unitFields';

type Entry = NonNullable<UnitChangeLogQuery['unit']>['changeLog']['edges'][number]['node'];

const PAGE_SIZE = 10;
const ROLES = ['CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST'];
const ACTION_COLORS: Record<string, string> = {
  createUnit: 'green',
  importUnit: 'cyan',
  updateUnit: 'blue',
  archiveUnit: 'orange',
  restoreUnit: 'purple',
  setSafetyOfficers: 'geekblue',
};

/** 变更记录: the unit's audit log, newest first, each entry expandable into the fields it changed. */
export default function ChangeLog({ unitId, maskPhones }: { unitId: string; maskPhones: boolean }) {
  const { t, locale } = useIntl();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }] = useQuery({ query: UnitChangeLogDocument, variables: { id: unitId, first: PAGE_SIZE, after } });
  const [{ data: namesData }] = useQuery({ query: ChangeLogNamesDocument });
  const log = data?.unit?.changeLog;
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }), [locale]);

  const names: AuditNames = useMemo(
    () => ({
      categories: new Map(namesData?.unitCategories.map((c) => [c.code, c.name])),
      counties: new Map(namesData?.counties.map((c) => [c.code, c.name])),
      towns: new Map(namesData?.counties.flatMap((c) => c.towns.map((town) => [town.code, town.name] as const))),
      sectors: new Map(namesData?.sectors.map((s) => [s.number, s.name])),
    }),
    [namesData],
  );
  const changesOf = useMemo(() => {
    const cache = new Map<string, FieldChange[]>();
    return (e: Entry) => {
      let changes = cache.get(e.id);
      if (!changes) {
        changes = auditChanges(e.before, e.after);
        cache.set(e.id, changes);
      }
      return changes;
    };
  }, []);
  const fieldLabel = (field: string) => (field in AUDIT_FIELD_LABELS ? t(AUDIT_FIELD_LABELS[field as AuditField]) : field);
  const format = (field: string, value: unknown) => formatAuditValue(field, value, names, t, { maskPhones });

  const summary = (e: Entry) => {
    const changes = changesOf(e);
    if (changes.length === 0) {
      return <Typography.Text type="secondary">{t(e.action === 'setSafetyOfficers' ? 'changeLog.officersChanged' : 'changeLog.noFieldChanges')}</Typography.Text>;
    }
    const shown = changes.slice(0, 4).map((c) => fieldLabel(c.field));
    return `${shown.join('、')}${changes.length > shown.length ? ` ${t('changeLog.moreFields', { count: changes.length - shown.length })}` : ''}`;
  };

  return (
    <Card title={t('changeLog.title')} extra={log && <Typography.Text type="secondary">{t('changeLog.total', { count: log.totalCount })}</Typography.Text>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert error={error} />
        <Table<Entry>
          data-testid="change-log"
          rowKey="id"
          size="middle"
          loading={fetching}
          pagination={false}
          dataSource={log?.edges.map((e) => e.node) ?? []}
          scroll={{ x: 760 }}
          columns={[
            {
              title: t('changeLog.at'),
              dataIndex: 'at',
              width: 190,
              render: (at: string) => (Number.isNaN(Date.parse(at)) ? at : dateFormat.format(new Date(at))),
            },
            {
              title: t('changeLog.actor'),
              key: 'actor',
              width: 220,
              render: (_, e) => (
                <Space size={4} wrap>
                  <span>{e.actorUsername}</span>
                  {ROLES.includes(e.actorRole) && (
                    <Typography.Text type="secondary">({t(`role.${e.actorRole}` as MessageKey)})</Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('changeLog.action'),
              dataIndex: 'action',
              width: 120,
              render: (action: string) => (
                <Tag color={ACTION_COLORS[action]} data-action={action}>
                  {auditActionLabel(action, t)}
                </Tag>
              ),
            },
            { title: t('changeLog.summary'), key: 'summary', render: (_, e) => summary(e) },
          ]}
          expandable={{
            rowExpandable: (e) => changesOf(e).length > 0,
            expandedRowRender: (e) => (
              <Table<FieldChange>
                data-testid="change-log-diff"
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={changesOf(e)}
                columns={[
                  { title: t('changeLog.field'), dataIndex: 'field', width: 180, render: (f: string) => fieldLabel(f) },
                  {
                    title: t('changeLog.before'),
                    key: 'before',
                    render: (_, c) => <Typography.Text delete={e.before != null && c.before != null}>{format(c.field, c.before)}</Typography.Text>,
                  },
                  { title: t('changeLog.after'), key: 'after', render: (_, c) => <Typography.Text strong>{format(c.field, c.after)}</Typography.Text> },
                ]}
              />
            ),
          }}
        />
        {log && (log.pageInfo.hasNextPage || cursors.length > 1) && (
          <Flex justify="flex-end" gap={8}>
            <Button disabled={cursors.length <= 1 || fetching} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('common.prev')}
            </Button>
            <Button disabled={!log.pageInfo.hasNextPage || fetching} onClick={() => setCursors((c) => [...c, log.pageInfo.endCursor ?? null])}>
              {t('common.next')}
            </Button>
          </Flex>
        )}
      </Space>
    </Card>
  );
}
