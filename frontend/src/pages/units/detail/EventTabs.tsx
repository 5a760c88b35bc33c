import type { ReactNode } from 'react';
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useIntl, type MessageKey } from '../../../locales';
import BlacklistTab from './BlacklistTab';
import HazardsTab from './HazardsTab';
import HistoryTab from './HistoryTab';
import IncidentsTab from './IncidentsTab';
import InspectionsTab from './InspectionsTab';
import type { UnitTabProps } from './tabProps';

const TABS = ['history', 'inspections', 'hazards', 'incidents', 'blacklist'] as const;
type TabKey = (typeof TABS)[number];

const COMPONENTS: Record<TabKey, (props: UnitTabProps) => ReactNode> = {
  history: HistoryTab,
  inspections: InspectionsTab,
  hazards: HazardsTab,
  incidents: IncidentsTab,
  blacklist: BlacklistTab,
};

/** The unit's working cycle in tabs; the open tab is in the URL (?tab=hazards), so links can open it. */
export default function EventTabs(props: UnitTabProps) {
  const { t } = useIntl();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'history';
  return (
    <Card data-testid="unit-event-tabs">
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(key) => {
          const next = new URLSearchParams(params);
          if (key === 'history') next.delete('tab');
          else next.set('tab', key);
          setParams(next, { replace: true });
        }}
        items={TABS.map((key) => {
          const Tab = COMPONENTS[key];
          return { key, label: t(`unitTabs.${key}` as MessageKey), children: <Tab {...props} /> };
        })}
      />
    </Card>
  );
}
