// Pieces shared by the units list, the unit page and the unit form.
import { Select, Tag } from 'antd';
import { useQuery } from 'urql';
import { TownOptionsDocument, UnitOptionsDocument, type UnitOptionsQuery } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { useAuth } from '../../services/auth';

/** Counties, sectors and categories for selects (small reference lists, cached by urql). */
export function useUnitOptions() {
  const [{ data, error }] = useQuery({ query: UnitOptionsDocument });
  return { options: data, error };
}

/** The towns of a county, for the town select (none until a county is chosen). */
export function useTowns(countyCode: string | undefined) {
  const [{ data, fetching }] = useQuery({ query: TownOptionsDocument, variables: { countyCode: countyCode ?? '' }, pause: !countyCode });
  return { towns: countyCode ? (data?.towns ?? []) : [], loading: fetching };
}

export function sectorLabel(sector: { number: number; name: string }): string {
  return `${sector.number}. ${sector.name}`;
}

/** A county admin's own county (its lists and forms are fixed to it); undefined for other roles. */
export function useOwnCounty() {
  const { user } = useAuth();
  return user?.role === 'COUNTY_ADMIN' ? (user.county ?? undefined) : undefined;
}

/**
 * The county filter of a list: any county (or all), or for a county admin its own, fixed. The
 * caller's Form.Item labels it through id.
 */
export function CountyFilterSelect(props: {
  id: string;
  options: UnitOptionsQuery | undefined;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}) {
  const { t } = useIntl();
  const ownCounty = useOwnCounty();
  return (
    <Select
      id={props.id}
      allowClear={!ownCounty}
      disabled={!!ownCounty}
      placeholder={t('common.all')}
      value={ownCounty?.code ?? props.value}
      onChange={(v?: string) => props.onChange(v)}
      options={
        ownCounty
          ? [{ value: ownCounty.code, label: ownCounty.name }]
          : props.options?.counties.map((c) => ({ value: c.code, label: c.name }))
      }
    />
  );
}

/** The sector filter of a list: one of the 25 sectors (searchable), or all. */
export function SectorFilterSelect(props: {
  id: string;
  options: UnitOptionsQuery | undefined;
  value: number | undefined;
  onChange: (sector: number | undefined) => void;
}) {
  const { t } = useIntl();
  return (
    <Select
      id={props.id}
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('common.all')}
      value={props.value}
      onChange={(v?: number) => props.onChange(v)}
      options={props.options?.sectors.map((s) => ({ value: s.number, label: sectorLabel(s) }))}
    />
  );
}

/** The zero-accident status: a mark and a word, so it does not rely on colour alone. */
export function ZeroAccidentTag({ value }: { value: boolean }) {
  const { t } = useIntl();
  return value ? (
    <Tag color="success" data-zero-accident="yes">
      {t('units.zeroYes')}
    </Tag>
  ) : (
    <Tag color="error" data-zero-accident="no">
      {t('units.zeroNo')}
    </Tag>
  );
}

export function BlacklistTag() {
  const { t } = useIntl();
  return <Tag color="red">{t('unit.blacklisted')}</Tag>;
}

/** The current calendar year, for 今年零事故. */
export function currentYear(): number {
  return new Date().getFullYear();
}
