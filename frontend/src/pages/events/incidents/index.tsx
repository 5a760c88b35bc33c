import { useMemo } from 'react';
import { Card, Col, Form, Row, Select, Space } from 'antd';
import { useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import FilterPanel from '../../../components/FilterPanel';
import PageContainer from '../../../components/PageContainer';
import { Pager, useCursorPages } from '../../../components/paging';
import { useUrlState } from '../../../components/useUrlState';
import { IncidentListDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { campaignYears } from '../../../services/format';
import { CountyFilterSelect, currentYear, SectorFilterSelect, useUnitOptions } from '../../units/shared';
import IncidentTable from '../IncidentTable';
import { incidentListParams, parseIncidentList, SEVERITIES, severityKey, toIncidentFilter, type IncidentListState } from '../model';

const PAGE_SIZE = 20;

/** 事故管理: the incidents of the user's scope by year, county, sector and severity; filters in the URL. */
export default function IncidentsPage() {
  const { t } = useIntl();
  const thisYear = currentYear();
  const { state, key: queryString, update } = useUrlState(
    (params) => parseIncidentList(params, thisYear),
    (next: IncidentListState) => incidentListParams(next, thisYear),
  );
  const { options, error: optionsError } = useUnitOptions();
  const pages = useCursorPages(queryString);
  const variables = useMemo(() => ({ filter: toIncidentFilter(state), first: PAGE_SIZE, after: pages.after }), [state, pages.after]);
  const [{ data, fetching, error }] = useQuery({ query: IncidentListDocument, variables });
  const incidents = data?.incidents;

  const col = { xs: 24, sm: 12, lg: 6 };

  return (
    <PageContainer title={t('incidents.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <FilterPanel testId="incident-filters" active={[state.countyCode, state.sectorNumber, state.severity].filter((v) => v !== undefined).length}>
          <Form layout="vertical" component="div">
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item label={t('common.year')} htmlFor="incident-filter-year" style={{ marginBottom: 8 }}>
                  <Select
                    id="incident-filter-year"
                    value={state.year}
                    onChange={(year: number) => update({ year })}
                    options={campaignYears().map((y) => ({ value: y, label: t('common.yearOption', { year: y }) }))}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.county')} htmlFor="incident-filter-county" style={{ marginBottom: 8 }}>
                  <CountyFilterSelect
                    id="incident-filter-county"
                    options={options}
                    value={state.countyCode}
                    onChange={(v) => update({ countyCode: v })}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.sector')} htmlFor="incident-filter-sector" style={{ marginBottom: 8 }}>
                  <SectorFilterSelect
                    id="incident-filter-sector"
                    options={options}
                    value={state.sectorNumber}
                    onChange={(v) => update({ sectorNumber: v })}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('incident.severity')} htmlFor="incident-filter-severity" style={{ marginBottom: 8 }}>
                  <Select
                    id="incident-filter-severity"
                    value={state.severity ?? ''}
                    onChange={(v: string) => update({ severity: SEVERITIES.find((s) => s === v) })}
                    options={[{ value: '', label: t('common.all') }, ...SEVERITIES.map((s) => ({ value: s, label: t(severityKey(s)) }))]}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </FilterPanel>
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={error ?? optionsError} />
            <IncidentTable
              testId="incidents-table"
              showUnit
              incidents={incidents?.edges.map((e) => e.node) ?? []}
              loading={fetching}
              emptyText={t('incidents.empty')}
            />
            <Pager
              testId="incidents-total"
              total={incidents && t('incidents.total', { count: incidents.totalCount })}
              page={pages.page}
              hasNext={!!incidents?.pageInfo.hasNextPage}
              endCursor={incidents?.pageInfo.endCursor}
              loading={fetching}
              onPrev={pages.prev}
              onNext={pages.next}
            />
          </Space>
        </Card>
      </Space>
    </PageContainer>
  );
}
