// Pieces shared by the units list, the unit page and the unit form.
import { Tag } from 'antd';
import { useQuery } from 'urql';
import { TownOptionsDocument, UnitOptionsDocument } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';

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
