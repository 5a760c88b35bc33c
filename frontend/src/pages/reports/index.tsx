import { useMemo } from 'react';
import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useAccess } from '../../components/AccessProvider';
import PageContainer from '../../components/PageContainer';
import { yearFromParam } from '../../components/YearSelect';
import { useIntl } from '../../locales';
import { campaignYears } from '../../services/format';
import CalendarTab from './CalendarTab';
import LiaisonsTab from './LiaisonsTab';
import Table1Tab from './Table1Tab';
import TargetsTab from './TargetsTab';

const TABS = ['table1', 'liaisons', 'calendar', 'targets'] as const;
type Tab = (typeof TABS)[number];

/** 报表: 附表1, 附表2 (liaisons), the reporting calendar with the monthly bulletin, and the yearly targets. */
export default function ReportsPage() {
  const { t } = useIntl();
  const { access } = useAccess();
  const [params, setParams] = useSearchParams();
  const years = useMemo(() => campaignYears(), []);
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'table1';
  const year = yearFromParam(params.get('year'), years);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  const setYear = (y: number) => update({ year: y === years[0] ? null : String(y) });

  return (
    <PageContainer title={t('reports.title')} trail={[{ title: t('menu.reports'), path: '/reports' }, { title: t(`reports.tab.${tab}`) }]}>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'table1' ? null : key })}
        destroyOnHidden
        items={[
          { key: 'table1', label: t('reports.tab.table1'), children: <Table1Tab year={year} onYearChange={setYear} /> },
          { key: 'liaisons', label: t('reports.tab.liaisons'), children: <LiaisonsTab canEdit={access.canEditReports} /> },
          { key: 'calendar', label: t('reports.tab.calendar'), children: <CalendarTab year={year} onYearChange={setYear} /> },
          { key: 'targets', label: t('reports.tab.targets'), children: <TargetsTab canEdit={access.canEditReports} /> },
        ]}
      />
    </PageContainer>
  );
}
