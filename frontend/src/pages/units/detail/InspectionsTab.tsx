import { useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useAccess } from '../../../components/AccessProvider';
import CardList from '../../../components/CardList';
import { useIsPhone } from '../../../components/useIsPhone';
import ErrorAlert from '../../../components/ErrorAlert';
import { Pager, useCursorPages } from '../../../components/paging';
import { UnitInspectionsDocument, type StandardResult, type UnitInspectionsQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { formatDate } from '../../../services/format';
import { inspectionKindKey, standardResultKey } from '../../events/model';
import RecordInspectionDrawer from '../../events/RecordInspectionDrawer';
import { HazardLevelTag, HazardStateTag, OverdueTag } from '../../events/shared';
import type { UnitTabProps } from './tabProps';
import { useTabQuery } from './useTabQuery';

type InspectionRow = NonNullable<UnitInspectionsQuery['unit']>['inspections']['edges'][number]['node'];
type ResultRow = InspectionRow['results'][number];

const PAGE_SIZE = 10;
const RESULT_COLORS: Record<StandardResult, string> = { MET: 'success', NOT_MET: 'error', NOT_APPLICABLE: 'default' };

function ResultTag({ result }: { result: StandardResult }) {
  const { t } = useIntl();
  return <Tag color={RESULT_COLORS[result]}>{t(standardResultKey(result))}</Tag>;
}

/** The 10 standards' results and the hazards an inspection found. */
function InspectionDetail({ inspection }: { inspection: InspectionRow }) {
  const { t } = useIntl();
  return (
    <Space direction="vertical" style={{ width: '100%', padding: '4px 8px' }} data-testid="inspection-detail">
      {inspection.summary && <Typography.Paragraph style={{ marginBottom: 0 }}>{inspection.summary}</Typography.Paragraph>}
      <Table<ResultRow>
        data-testid="inspection-results"
        rowKey={(r) => r.standard.code}
        size="small"
        pagination={false}
        dataSource={inspection.results}
        columns={[
          { title: t('inspection.standard'), key: 'code', width: 96, render: (_, r) => r.standard.code },
          { title: '', key: 'text', render: (_, r) => r.standard.text },
          { title: t('inspection.result'), key: 'result', width: 100, render: (_, r) => <ResultTag result={r.result} /> },
          { title: t('inspection.remark'), key: 'remark', width: 200, render: (_, r) => r.remark || '' },
        ]}
      />
      <div>
        <Typography.Text strong>{t('inspection.hazardsFound')}：</Typography.Text>
        {inspection.hazards.length === 0 ? (
          <Typography.Text type="secondary">{t('inspection.noHazards')}</Typography.Text>
        ) : (
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {inspection.hazards.map((h) => (
              <li key={h.id}>
                <Space size={4} wrap>
                  <HazardLevelTag level={h.level} />
                  <HazardStateTag state={h.state} />
                  {h.overdue && <OverdueTag />}
                  <span>{h.description}</span>
                </Space>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Space>
  );
}

/** 检查记录: the unit's inspections, newest first, a page at a time; 记录检查 for those who record events. */
export default function InspectionsTab({ unit, refreshKey, onChanged }: UnitTabProps) {
  const { t, locale } = useIntl();
  const { access } = useAccess();
  const { message } = App.useApp();
  const pages = useCursorPages(unit.id);
  const [{ data, fetching, error }] = useTabQuery(
    { query: UnitInspectionsDocument, variables: { id: unit.id, first: PAGE_SIZE, after: pages.after } },
    refreshKey,
  );
  const [recording, setRecording] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const phone = useIsPhone();
  const inspections = data?.unit?.inspections;

  const counts = (i: InspectionRow) => {
    const n = (r: StandardResult) => i.results.filter((x) => x.result === r).length;
    return t('inspection.resultCounts', { met: n('MET'), notMet: n('NOT_MET'), na: n('NOT_APPLICABLE') });
  };

  const hazardsTag = (i: InspectionRow) =>
    i.hazards.length ? (
      <Tag color={i.hazards.some((h) => h.level === 'MAJOR') ? 'volcano' : 'orange'}>
        {t('inspection.hazardCount', { count: i.hazards.length })}
      </Tag>
    ) : (
      <Typography.Text type="secondary">{t('inspection.noHazards')}</Typography.Text>
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {access.canRecordEvents && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => setRecording(true)}>
            {t('inspection.record')}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={error} />
      {phone ? (
        <CardList<InspectionRow>
          testId="inspections-table"
          items={inspections?.edges.map((e) => e.node) ?? []}
          rowKey={(i) => i.id}
          loading={fetching}
          emptyText={t('inspection.empty')}
          render={(i) => ({
            title: `${formatDate(i.inspectedOn, locale)} ${t(inspectionKindKey(i.kind))}`,
            tags: hazardsTag(i),
            fields: [
              { label: t('inspection.inspectingBody'), value: i.inspectingBody },
              { label: t('inspection.inspectorName'), value: i.inspectorName ?? '' },
              { label: t('inspection.results'), value: counts(i) },
            ],
            actions: (
              <Button size="small" type="link" aria-expanded={expanded === i.id} onClick={() => setExpanded(expanded === i.id ? null : i.id)}>
                {expanded === i.id ? t('card.hideDetails') : t('card.details')}
              </Button>
            ),
            more: expanded === i.id && <InspectionDetail inspection={i} />,
          })}
        />
      ) : (
      <Table<InspectionRow>
        data-testid="inspections-table"
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={inspections?.edges.map((e) => e.node) ?? []}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('inspection.empty') }}
        expandable={{ expandedRowRender: (i) => <InspectionDetail inspection={i} /> }}
        columns={[
          { title: t('inspection.inspectedOn'), key: 'date', width: 140, render: (_, i) => formatDate(i.inspectedOn, locale) },
          { title: t('inspection.kind'), key: 'kind', width: 110, render: (_, i) => <Tag>{t(inspectionKindKey(i.kind))}</Tag> },
          { title: t('inspection.inspectingBody'), dataIndex: 'inspectingBody', width: 180 },
          { title: t('inspection.inspectorName'), dataIndex: 'inspectorName', width: 100 },
          { title: t('inspection.results'), key: 'results', width: 230, render: (_, i) => counts(i) },
          {
            title: t('inspection.hazardsFound'),
            key: 'hazards',
            width: 100,
            render: (_, i) => hazardsTag(i),
          },
        ]}
      />
      )}
      <Pager
        total={inspections && t('inspection.total', { count: inspections.totalCount })}
        page={pages.page}
        hasNext={!!inspections?.pageInfo.hasNextPage}
        endCursor={inspections?.pageInfo.endCursor}
        loading={fetching}
        onPrev={pages.prev}
        onNext={pages.next}
      />
      {recording && (
        <RecordInspectionDrawer
          unit={unit}
          onClose={() => setRecording(false)}
          onDone={(count) => {
            setRecording(false);
            message.success(t('inspection.recorded', { count }));
            onChanged();
          }}
        />
      )}
    </Space>
  );
}
