import { useState, type ReactNode } from 'react';
import { Button, Flex, Space, Typography } from 'antd';
import { useIntl } from '../locales';

/**
 * Cursor pages for a Relay connection: the cursors of the pages up to the current one, started anew
 * whenever `key` (the filters) changes.
 */
export function useCursorPages(key: string) {
  const [pages, setPages] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = pages.key === key ? pages.cursors : [null];
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    prev: () => setPages({ key, cursors: cursors.slice(0, -1) }),
    next: (endCursor: string | null | undefined) => setPages({ key, cursors: [...cursors, endCursor ?? null] }),
  };
}

/** 共 N 条 · 第 n 页 [上一页] [下一页] (and `extra`, e.g. the page size, after them) */
export function Pager({
  total,
  page,
  hasNext,
  endCursor,
  loading,
  onPrev,
  onNext,
  testId,
  extra,
}: {
  total?: string;
  page: number;
  hasNext: boolean;
  endCursor?: string | null;
  loading?: boolean;
  onPrev: () => void;
  onNext: (endCursor: string | null | undefined) => void;
  testId?: string;
  extra?: ReactNode;
}) {
  const { t } = useIntl();
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Text type="secondary" data-testid={testId}>
        {total}
      </Typography.Text>
      <Space wrap>
        <Typography.Text type="secondary">{t('units.page', { page })}</Typography.Text>
        <Button disabled={page <= 1 || loading} onClick={onPrev}>
          {t('common.prev')}
        </Button>
        <Button disabled={!hasNext || loading} onClick={() => onNext(endCursor)}>
          {t('common.next')}
        </Button>
        {extra}
      </Space>
    </Flex>
  );
}
