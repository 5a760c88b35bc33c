import type { ReactNode } from 'react';
import { Card, Empty, Flex, Space, Spin } from 'antd';

/** What one card of a phone list says: what (title), the state's tags, where, deadline … as label: value lines. */
export interface CardContent {
  title: ReactNode;
  tags?: ReactNode;
  fields: { label: string; value: ReactNode }[];
  actions?: ReactNode;
  /** Under the fields, e.g. a hazard's loop and history when asked for. */
  more?: ReactNode;
  /** Marks the card (e.g. 逾期, in words in the tags as well). */
  alert?: boolean;
  attrs?: Record<string, string>;
}

/**
 * A list as cards, for phones: a table's columns would scroll sideways off a 390 px screen, so each
 * row becomes a card with what, where, deadline and state stacked.
 */
export default function CardList<T>({
  items,
  rowKey,
  loading,
  emptyText,
  testId,
  render,
}: {
  items: readonly T[];
  rowKey: (item: T) => string;
  loading?: boolean;
  emptyText: string;
  testId: string;
  render: (item: T) => CardContent;
}) {
  return (
    <Spin spinning={!!loading}>
      <div data-testid={testId} data-layout="cards" role="list">
        {items.length === 0 && !loading && <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        <Flex vertical gap={12}>
          {items.map((item) => {
            const c = render(item);
            return (
              <Card
                key={rowKey(item)}
                size="small"
                role="listitem"
                data-testid="list-card"
                {...c.attrs}
                styles={{ body: { padding: 12 } }}
                style={c.alert ? { borderColor: '#ffccc7', background: '#fff2f0' } : undefined}
              >
                <Space direction="vertical" size={6} style={{ width: '100%' }}>
                  <div style={{ fontWeight: 600, fontSize: 15, wordBreak: 'break-word' }}>{c.title}</div>
                  {c.tags && (
                    <Space size={4} wrap>
                      {c.tags}
                    </Space>
                  )}
                  <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 8, rowGap: 2 }}>
                    {c.fields.map((f) => (
                      <div key={f.label} style={{ display: 'contents' }}>
                        <dt style={{ color: 'rgba(0, 0, 0, 0.55)', whiteSpace: 'nowrap' }}>{f.label}</dt>
                        <dd style={{ margin: 0, minWidth: 0, wordBreak: 'break-word' }}>{f.value}</dd>
                      </div>
                    ))}
                  </dl>
                  {c.actions && (
                    <Flex gap={8} wrap>
                      {c.actions}
                    </Flex>
                  )}
                  {c.more}
                </Space>
              </Card>
            );
          })}
        </Flex>
      </div>
    </Spin>
  );
}
