import { useState } from 'react';
import { Button, Flex, Space, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { useAccess } from '../../../components/AccessProvider';
import ErrorAlert from '../../../components/ErrorAlert';
import { Pager, useCursorPages } from '../../../components/paging';
import { UnitIncidentsDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import IncidentTable from '../../events/IncidentTable';
import ReportIncidentModal from '../../events/ReportIncidentModal';
import type { UnitTabProps } from './tabProps';
import { useTabQuery } from './useTabQuery';

const PAGE_SIZE = 20;

/** 事故: the unit's incidents, newest first; 报告事故 for those who record events. */
export default function IncidentsTab({ unit, refreshKey, onChanged }: UnitTabProps) {
  const { t } = useIntl();
  const { access } = useAccess();
  const pages = useCursorPages(unit.id);
  const [{ data, fetching, error }] = useTabQuery(
    { query: UnitIncidentsDocument, variables: { id: unit.id, first: PAGE_SIZE, after: pages.after } },
    refreshKey,
  );
  const [reporting, setReporting] = useState(false);
  const incidents = data?.unit?.incidents;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {access.canRecordEvents && (
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary">{t('incident.vetoHint')}</Typography.Text>
          <Button danger icon={<AlertOutlined />} onClick={() => setReporting(true)}>
            {t('incident.report')}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={error} />
      <IncidentTable testId="unit-incidents-table" incidents={incidents?.edges.map((e) => e.node) ?? []} loading={fetching} />
      <Pager
        total={incidents && t('incidents.total', { count: incidents.totalCount })}
        page={pages.page}
        hasNext={!!incidents?.pageInfo.hasNextPage}
        endCursor={incidents?.pageInfo.endCursor}
        loading={fetching}
        onPrev={pages.prev}
        onNext={pages.next}
      />
      {reporting && (
        <ReportIncidentModal
          unit={unit}
          onClose={() => setReporting(false)}
          // the modal stays open to show the computed severity; the page reloads behind it
          onDone={onChanged}
        />
      )}
    </Space>
  );
}
