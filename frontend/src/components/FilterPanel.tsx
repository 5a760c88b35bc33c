import { useId, useState, type ReactNode } from 'react';
import { Badge, Button, Card } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useIntl } from '../locales';
import { useIsPhone } from './useIsPhone';

/**
 * A list's filters: on a wide screen the card as it is; on a phone folded behind one 筛选 button (with
 * the number of filters set), so the list itself is the first thing in view.
 */
export default function FilterPanel({ testId, active = 0, children }: { testId: string; active?: number; children: ReactNode }) {
  const { t } = useIntl();
  const phone = useIsPhone();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!phone)
    return (
      <Card size="small" data-testid={testId}>
        {children}
      </Card>
    );
  return (
    <div>
      <Badge count={active} size="small" offset={[-4, 4]}>
        <Button
          icon={<FilterOutlined />}
          aria-expanded={open}
          aria-controls={id}
          data-testid="filter-toggle"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('filters.hide') : t('filters.show')}
        </Button>
      </Badge>
      {open && (
        <Card size="small" id={id} data-testid={testId} style={{ marginTop: 8 }}>
          {children}
        </Card>
      )}
    </div>
  );
}
