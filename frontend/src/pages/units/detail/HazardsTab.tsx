import ErrorAlert from '../../../components/ErrorAlert';
import { Pager, useCursorPages } from '../../../components/paging';
import { UnitHazardsDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import HazardTable from '../../events/HazardTable';
import type { UnitTabProps } from './tabProps';
import { useTabQuery } from './useTabQuery';

const PAGE_SIZE = 20;

/** 隐患: the unit's hazards with their loop state; 推进 and 重新打开 where the server allows (hazard.canEdit). */
export default function HazardsTab({ unit, refreshKey, onChanged }: UnitTabProps) {
  const { t } = useIntl();
  const pages = useCursorPages(unit.id);
  const [{ data, fetching, error }] = useTabQuery(
    { query: UnitHazardsDocument, variables: { id: unit.id, first: PAGE_SIZE, after: pages.after } },
    refreshKey,
  );
  const hazards = data?.unit?.hazards;
  return (
    <>
      <ErrorAlert error={error} />
      <HazardTable testId="unit-hazards-table" hazards={hazards?.edges.map((e) => e.node) ?? []} loading={fetching} onChanged={onChanged} />
      <div style={{ marginTop: 12 }}>
        <Pager
          total={hazards && t('hazards.total', { count: hazards.totalCount })}
          page={pages.page}
          hasNext={!!hazards?.pageInfo.hasNextPage}
          endCursor={hazards?.pageInfo.endCursor}
          loading={fetching}
          onPrev={pages.prev}
          onNext={pages.next}
        />
      </div>
    </>
  );
}
