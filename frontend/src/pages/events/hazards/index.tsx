import { useMemo } from 'react';
import { Card, Checkbox, Col, Form, Row, Select, Space, Tabs, Tag } from 'antd';
import { useQuery } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import FilterPanel from '../../../components/FilterPanel';
import { useIsPhone } from '../../../components/useIsPhone';
import PageContainer from '../../../components/PageContainer';
import { Pager, useCursorPages } from '../../../components/paging';
import { useUrlState } from '../../../components/useUrlState';
import { HazardBoardDocument, type HazardState } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { useAuth } from '../../../services/auth';
import { formatNumber } from '../../../services/format';
import { CountyFilterSelect, SectorFilterSelect, useOwnCounty, useUnitOptions } from '../../units/shared';
import HazardTable from '../HazardTable';
import {
  HAZARD_LEVELS,
  HAZARD_STATES,
  hazardBoardParams,
  hazardBoardVariables,
  hazardLevelKey,
  hazardStateKey,
  parseHazardBoard,
} from '../model';

const PAGE_SIZE = 20;
const COUNT_ALIAS: Record<HazardState, 'found' | 'rectifying' | 'verified' | 'closed'> = {
  FOUND: 'found',
  RECTIFYING: 'rectifying',
  VERIFIED: 'verified',
  CLOSED: 'closed',
};

/**
 * 隐患排查治理: the hazards of the user's scope (the server confines them) by loop state, each tab
 * with its count (one query, an alias per state), filtered by county, sector, level and 仅看逾期.
 * The whole state is in the URL.
 */
export default function HazardBoardPage() {
  const { t, locale } = useIntl();
  const { user } = useAuth();
  const { state, key: queryString, update } = useUrlState(parseHazardBoard, hazardBoardParams);
  const { options, error: optionsError } = useUnitOptions();
  const ownCounty = useOwnCounty();

  const pages = useCursorPages(queryString);
  const variables = useMemo(() => ({ ...hazardBoardVariables(state), first: PAGE_SIZE, after: pages.after }), [state, pages.after]);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HazardBoardDocument, variables });
  const list = data?.list;

  const col = { xs: 24, sm: 12, lg: 6 };
  const phone = useIsPhone();

  return (
    <PageContainer title={t('hazards.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <FilterPanel
          testId="hazard-filters"
          active={[state.countyCode, state.sectorNumber, state.level].filter((v) => v !== undefined).length + (state.overdue ? 1 : 0)}
        >
          <Form layout="vertical" component="div">
            <Row gutter={16} align="bottom">
              <Col {...col}>
                <Form.Item label={t('unit.county')} htmlFor="hazard-filter-county" style={{ marginBottom: 8 }}>
                  <CountyFilterSelect
                    id="hazard-filter-county"
                    options={options}
                    value={state.countyCode}
                    onChange={(v) => update({ countyCode: v })}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.sector')} htmlFor="hazard-filter-sector" style={{ marginBottom: 8 }}>
                  <SectorFilterSelect
                    id="hazard-filter-sector"
                    options={options}
                    value={state.sectorNumber}
                    onChange={(v) => update({ sectorNumber: v })}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('hazard.level')} htmlFor="hazard-filter-level" style={{ marginBottom: 8 }}>
                  <Select
                    id="hazard-filter-level"
                    value={state.level ?? ''}
                    onChange={(v: string) => update({ level: HAZARD_LEVELS.find((l) => l === v) })}
                    options={[
                      { value: '', label: t('common.all') },
                      ...HAZARD_LEVELS.map((l) => ({ value: l, label: t(hazardLevelKey(l)) })),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item style={{ marginBottom: 8 }}>
                  <Checkbox checked={state.overdue} onChange={(e) => update({ overdue: e.target.checked })} data-testid="overdue-only">
                    {t('hazards.onlyOverdue')}
                  </Checkbox>
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </FilterPanel>
        <Card size="small">
          <ErrorAlert error={error ?? optionsError} />
          <Tabs
            activeKey={state.state}
            tabBarGutter={phone ? 14 : undefined}
            onChange={(key) => update({ state: key as HazardState })}
            items={HAZARD_STATES.map((s) => {
              const count = data?.[COUNT_ALIAS[s]]?.totalCount;
              return {
                key: s,
                label: (
                  <Space size={6} data-testid={`hazard-tab-${s}`}>
                    <span>{t(hazardStateKey(s))}</span>
                    <Tag
                      color={s === 'CLOSED' ? 'green' : s === 'FOUND' ? 'red' : 'blue'}
                      style={{ marginInlineEnd: 0 }}
                      data-testid={`hazard-count-${s}`}
                    >
                      {count === undefined ? '…' : formatNumber(count, locale)}
                    </Tag>
                  </Space>
                ),
              };
            })}
          />
          <HazardTable
            testId="hazards-table"
            showUnit
            hazards={list?.edges.map((e) => e.node) ?? []}
            loading={fetching}
            emptyText={t('hazards.empty')}
            onChanged={() => reexecute({ requestPolicy: 'network-only' })}
          />
          <div style={{ marginTop: 12 }}>
            <Pager
              testId="hazards-total"
              total={
                list &&
                `${t('hazards.total', { count: list.totalCount })}${ownCounty ? ` · ${t('hazards.scopeCounty', { county: ownCounty.name })}` : user?.role === 'DEPARTMENT_USER' ? ` · ${t('hazards.scopeSectors')}` : ''}`
              }
              page={pages.page}
              hasNext={!!list?.pageInfo.hasNextPage}
              endCursor={list?.pageInfo.endCursor}
              loading={fetching}
              onPrev={pages.prev}
              onNext={pages.next}
            />
          </div>
        </Card>
      </Space>
    </PageContainer>
  );
}
