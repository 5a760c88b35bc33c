import { Select } from 'antd';
import { useIntl } from '../locales';
import { campaignYears } from '../services/format';

/** The year of the figures: 2020 (the campaign's first) to this year. */
export default function YearSelect({
  value,
  onChange,
  years = campaignYears(),
  id,
}: {
  value: number;
  onChange: (year: number) => void;
  years?: number[];
  id?: string;
}) {
  const { t } = useIntl();
  return (
    <Select<number>
      id={id}
      aria-label={t('common.year')}
      value={value}
      onChange={onChange}
      style={{ width: 120 }}
      options={years.map((y) => ({ value: y, label: t('common.yearOption', { year: y }) }))}
    />
  );
}

/** The year in a URL parameter, if it is one of `years`; else the newest. */
export function yearFromParam(param: string | null, years: number[] = campaignYears()): number {
  const y = Number(param);
  return years.includes(y) ? y : years[0];
}
