import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useClient, useQuery } from 'urql';
import { useAccess } from '../../../components/AccessProvider';
import ErrorAlert from '../../../components/ErrorAlert';
import CardList from '../../../components/CardList';
import FilterPanel from '../../../components/FilterPanel';
import { useIsPhone } from '../../../components/useIsPhone';
import PageContainer from '../../../components/PageContainer';
import { Pager, useCursorPages } from '../../../components/paging';
import { useUrlState } from '../../../components/useUrlState';
import { UnitListDocument, type UnitListQuery, type UnitOrder, type UnitOrderField } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError } from '../../../services/errors';
import { downloadFile } from '../../../services/transfer';
import {
  activeFilterCount,
  ARCHIVED_CHOICES,
  changeFilter,
  EMPTY_FILTER,
  exportQuery,
  listStateParams,
  ORDER_FIELDS,
  PAGE_SIZES,
  parseListState,
  parseSort,
  sortParam,
  TARGET_GROUPS,
  toUnitFilter,
  type PageSize,
  type UnitListFilter,
} from '../listState';
import {
  BlacklistTag,
  CountyFilterSelect,
  currentYear,
  SectorFilterSelect,
  sectorLabel,
  useOwnCounty,
  useTowns,
  useUnitOptions,
  ZeroAccidentTag,
} from '../shared';
import ImportModal from './ImportModal';

type UnitRow = UnitListQuery['units']['edges'][number]['node'];

/** Column keys the table can sort by, and the order field each stands for. */
const SORTABLE_COLUMNS: Partial<Record<string, UnitOrderField>> = { name: 'NAME', county: 'COUNTY' };

function boolChoice(value: boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

function parseChoice(value: string): boolean | undefined {
  return value === '' ? undefined : value === 'true';
}

/** 创建单位: the register, filtered, searched and sorted by the server; the whole state is in the URL. */
export default function UnitsPage() {
  const { t, locale } = useIntl();
  const { access } = useAccess();
  const client = useClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { state, key: queryString, replace: update } = useUrlState(parseListState, listStateParams);
  const { filter } = state;

  // A county admin's list is its county's (the server filters); its county select is fixed to it.
  const ownCounty = useOwnCounty();
  // A link may name only a town (/units?townCode=140602001): its county is the code's first six digits.
  const townsCounty = ownCounty?.code ?? filter.countyCode ?? filter.townCode?.slice(0, 6);
  const { options, error: optionsError } = useUnitOptions();
  const { towns, loading: townsLoading } = useTowns(townsCounty);

  const pages = useCursorPages(queryString);
  const year = currentYear();
  const variables = useMemo(
    () => ({ filter: toUnitFilter(filter), orderBy: state.order ?? null, first: state.pageSize, after: pages.after, year }),
    [filter, state.order, state.pageSize, pages.after, year],
  );
  const [{ data, fetching, error }, reexecute] = useQuery({ query: UnitListDocument, variables });
  const units = data?.units;

  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [searchText, setSearchText] = useState(filter.search ?? '');
  const [searchFor, setSearchFor] = useState(filter.search);
  if (searchFor !== filter.search) {
    // the URL changed under the box (back button, a link): show its search
    setSearchFor(filter.search);
    setSearchText(filter.search ?? '');
  }

  const setFilter = (change: Partial<UnitListFilter>) => update({ ...state, filter: changeFilter(filter, change) });
  const setOrder = (order: UnitOrder | undefined) => update({ ...state, order });

  const onTableChange = (sorter: SorterResult<UnitRow> | SorterResult<UnitRow>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.columnKey ? SORTABLE_COLUMNS[String(s.columnKey)] : undefined;
    setOrder(field && s.order ? { field, direction: s.order === 'descend' ? 'DESC' : 'ASC' } : undefined);
  };
  const sortOrderOf = (field: UnitOrderField) => {
    const order = state.order ?? { field: 'NAME', direction: 'ASC' };
    if (order.field !== field) return null;
    return order.direction === 'DESC' ? ('descend' as const) : ('ascend' as const);
  };

  const doExport = async (kind: 'csv' | 'xlsx') => {
    setExporting(kind);
    const err = await downloadFile(client, `/export/units.${kind}?${exportQuery(filter)}`, `units.${kind}`);
    setExporting(null);
    if (err) message.error(describeApiError(err, locale, t).message);
  };

  const yesNoOptions = [
    { value: '', label: t('common.all') },
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];
  const col = { xs: 24, sm: 12, lg: 8, xl: 6 };
  const activeFilters = activeFilterCount(filter);
  const phone = useIsPhone();

  return (
    <PageContainer
      title={t('units.title')}
      extra={
        <Space wrap>
          {access.canEditUnits && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/units/new')}>
                {t('units.create')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('units.import')}
              </Button>
            </>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void doExport('csv')}>
            {t('units.exportCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void doExport('xlsx')}>
            {t('units.exportXlsx')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <FilterPanel testId="unit-filters" active={activeFilters}>
          <Form layout="vertical" component="div" className="unit-filters">
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item label={t('unit.county')} htmlFor="unit-filter-county" style={{ marginBottom: 12 }}>
                  <CountyFilterSelect
                    id="unit-filter-county"
                    options={options}
                    value={filter.countyCode}
                    onChange={(v) => setFilter({ countyCode: v })}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.town')} htmlFor="unit-filter-town" style={{ marginBottom: 12 }}>
                  <Select
                    id="unit-filter-town"
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    disabled={!townsCounty}
                    loading={townsLoading}
                    placeholder={townsCounty ? t('common.all') : t('unitForm.selectCountyFirst')}
                    value={filter.townCode}
                    onChange={(v?: string) => setFilter({ townCode: v })}
                    options={towns.map((town) => ({ value: town.code, label: town.name }))}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.sector')} htmlFor="unit-filter-sector" style={{ marginBottom: 12 }}>
                  <SectorFilterSelect
                    id="unit-filter-sector"
                    options={options}
                    value={filter.sectorNumber}
                    onChange={(v) => setFilter({ sectorNumber: v })}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.category')} htmlFor="unit-filter-category" style={{ marginBottom: 12 }}>
                  <Select
                    id="unit-filter-category"
                    allowClear
                    placeholder={t('common.all')}
                    value={filter.categoryCode}
                    onChange={(v?: string) => setFilter({ categoryCode: v })}
                    options={options?.unitCategories.map((c) => ({ value: c.code, label: c.name }))}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('targetGroup.label')} htmlFor="unit-filter-target" style={{ marginBottom: 12 }}>
                  <Select
                    id="unit-filter-target"
                    value={filter.targetGroup ?? ''}
                    onChange={(v: string) => setFilter({ targetGroup: TARGET_GROUPS.find((g) => g === v) })}
                    options={[
                      { value: '', label: t('common.all') },
                      ...TARGET_GROUPS.map((g) => ({ value: g, label: t(`targetGroup.${g}`) })),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.cityLevel')} htmlFor="unit-filter-city-level" style={{ marginBottom: 12 }}>
                  <Select
                    id="unit-filter-city-level"
                    value={boolChoice(filter.cityLevel)}
                    onChange={(v: string) => setFilter({ cityLevel: parseChoice(v) })}
                    options={yesNoOptions}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('unit.blacklisted')} htmlFor="unit-filter-blacklisted" style={{ marginBottom: 12 }}>
                  <Select
                    id="unit-filter-blacklisted"
                    value={boolChoice(filter.blacklisted)}
                    onChange={(v: string) => setFilter({ blacklisted: parseChoice(v) })}
                    options={yesNoOptions}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item label={t('units.archivedFilter')} htmlFor="unit-filter-archived" style={{ marginBottom: 12 }}>
                  <Select
                    id="unit-filter-archived"
                    value={filter.archived}
                    onChange={(v: UnitListFilter['archived']) => setFilter({ archived: v })}
                    options={ARCHIVED_CHOICES.map((a) => ({ value: a, label: t(`units.archived.${a}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item label={t('units.search')} htmlFor="unit-filter-search" style={{ marginBottom: 0 }}>
                  <Input.Search
                    id="unit-filter-search"
                    allowClear
                    enterButton={t('units.search')}
                    placeholder={t('units.searchPlaceholder')}
                    value={searchText}
                    onChange={(e) => setSearchText(e.target.value)}
                    onSearch={(v) => setFilter({ search: v.trim() || undefined })}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={16} lg={8}>
                <Form.Item label={t('units.sort')} htmlFor="unit-filter-sort" style={{ marginBottom: 0 }}>
                  <Select
                    id="unit-filter-sort"
                    value={state.order ? sortParam(state.order) : ''}
                    onChange={(v: string) => setOrder(parseSort(v))}
                    options={[
                      { value: '', label: t('units.sort.default') },
                      ...ORDER_FIELDS.flatMap((field) =>
                        (['ASC', 'DESC'] as const).map((direction) => ({
                          value: sortParam({ field, direction }),
                          label: t('units.sort.option', { field: t(`units.sort.${field}`), direction: t(`units.sort.${direction}`) }),
                        })),
                      ),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8} lg={4}>
                <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
                  <Button block onClick={() => update({ filter: EMPTY_FILTER, pageSize: state.pageSize })}>
                    {t('units.reset')}
                  </Button>
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </FilterPanel>
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={error ?? optionsError} />
            {phone ? (
              <CardList<UnitRow>
                testId="units-table"
                items={units?.edges.map((e) => e.node) ?? []}
                rowKey={(u) => u.id}
                loading={fetching}
                emptyText={t('units.empty')}
                render={(u) => ({
                  title: <Link to={`/units/${u.id}`}>{u.name}</Link>,
                  tags: (u.blacklisted || u.cityLevel || u.archived) && (
                    <>
                      {u.blacklisted && <BlacklistTag />}
                      {u.cityLevel && <Tag color="blue">{t('unit.cityLevel')}</Tag>}
                      {u.archived && <Tag>{t('unit.archived')}</Tag>}
                    </>
                  ),
                  fields: [
                    { label: t('card.where'), value: `${u.county.name} · ${u.town.name}` },
                    { label: t('unit.sector'), value: sectorLabel(u.sector) },
                    { label: t('unit.category'), value: u.category.name },
                    { label: t('unit.openHazardCount'), value: u.openHazardCount },
                    { label: t('units.thisYearZero'), value: <ZeroAccidentTag value={u.zeroAccident} /> },
                  ],
                })}
              />
            ) : (
            <Table<UnitRow>
              data-testid="units-table"
              rowKey="id"
              size="middle"
              loading={fetching}
              dataSource={units?.edges.map((e) => e.node) ?? []}
              pagination={false}
              scroll={{ x: 1040 }}
              locale={{ emptyText: t('units.empty') }}
              showSorterTooltip={false}
              onChange={(_p, _f, sorter) => onTableChange(sorter)}
              columns={[
                {
                  title: t('unit.name'),
                  key: 'name',
                  sorter: true,
                  sortOrder: sortOrderOf('NAME'),
                  sortDirections: ['ascend', 'descend'],
                  width: 210,
                  render: (_, u) => (
                    <Space size={4} wrap>
                      <Link to={`/units/${u.id}`}>{u.name}</Link>
                      {u.archived && <Tag>{t('unit.archived')}</Tag>}
                    </Space>
                  ),
                },
                { title: t('unit.category'), key: 'category', width: 100, render: (_, u) => u.category.name },
                {
                  title: t('unit.county'),
                  key: 'county',
                  sorter: true,
                  sortOrder: sortOrderOf('COUNTY'),
                  sortDirections: ['ascend', 'descend'],
                  width: 100,
                  render: (_, u) => u.county.name,
                },
                { title: t('unit.town'), key: 'town', width: 110, render: (_, u) => u.town.name },
                { title: t('unit.sector'), key: 'sector', width: 160, render: (_, u) => sectorLabel(u.sector) },
                {
                  title: t('unit.cityLevel'),
                  dataIndex: 'cityLevel',
                  width: 76,
                  render: (v: boolean) => (v ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no')),
                },
                {
                  title: t('unit.blacklisted'),
                  dataIndex: 'blacklisted',
                  width: 76,
                  render: (v: boolean) => (v ? <BlacklistTag /> : <Typography.Text type="secondary">{t('common.no')}</Typography.Text>),
                },
                { title: t('unit.openHazardCount'), dataIndex: 'openHazardCount', width: 96, align: 'right' },
                {
                  title: t('units.thisYearZero'),
                  dataIndex: 'zeroAccident',
                  width: 112,
                  render: (v: boolean) => <ZeroAccidentTag value={v} />,
                },
              ]}
            />
            )}
            <Pager
              testId="units-total"
              total={units && `${t('units.total', { count: units.totalCount })}${ownCounty ? ` · ${t('units.scopeCounty', { county: ownCounty.name })}` : ''}`}
              page={pages.page}
              hasNext={!!units?.pageInfo.hasNextPage}
              endCursor={units?.pageInfo.endCursor}
              loading={fetching}
              onPrev={pages.prev}
              onNext={pages.next}
              extra={
                <Select<PageSize>
                  aria-label={t('units.pageSize')}
                  value={state.pageSize}
                  style={{ width: 120 }}
                  onChange={(pageSize) => update({ ...state, pageSize })}
                  options={PAGE_SIZES.map((size) => ({ value: size, label: t('units.pageSizeOption', { size }) }))}
                />
              }
            />
          </Space>
        </Card>
      </Space>
      {access.canEditUnits && (
        <ImportModal
          open={importing}
          onClose={() => setImporting(false)}
          onImported={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
    </PageContainer>
  );
}
