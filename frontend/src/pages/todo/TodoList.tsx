import { Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import CardList from '../../components/CardList';
import ErrorAlert from '../../components/ErrorAlert';
import LinkButton from '../../components/LinkButton';
import { Pager, useCursorPages } from '../../components/paging';
import { MyTodoDocument, type MyTodoQuery, type TodoKind } from '../../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../../locales';
import { formatDate, formatNumber } from '../../services/format';
import { HazardLevelTag, HazardStateTag, OverdueTag } from '../events/shared';

type Item = MyTodoQuery['myTodo']['items']['edges'][number]['node'];
type Counts = MyTodoQuery['myTodo']['counts'];

const KINDS: { kind: TodoKind; count: keyof Counts; color: string }[] = [
  { kind: 'OVERDUE', count: 'overdue', color: 'error' },
  { kind: 'RECTIFY', count: 'rectify', color: 'orange' },
  { kind: 'VERIFY', count: 'verify', color: 'blue' },
  { kind: 'DUE_SOON', count: 'dueSoon', color: 'gold' },
  { kind: 'SELF_CHECK_DUE', count: 'selfCheckDue', color: 'purple' },
  { kind: 'PATROL_DUE', count: 'patrolDue', color: 'cyan' },
];

export const todoKindKey = (kind: TodoKind) => `todo.kind.${kind}` as MessageKey;

/**
 * A to-do item's place in the app: the server names it (/units/7, /hazards/42); a hazard opens on its
 * unit's hazards tab (the route /hazards/:id finds the unit).
 */
export function todoPath(item: Pick<Item, 'link'>): string {
  return item.link.startsWith('/') ? item.link : `/${item.link}`;
}

/**
 * 我的待办: the counts by kind and the items, each one click from where to act. `compact`: the first
 * few, on a landing page, with a link to the whole list.
 */
export default function TodoList({ compact = false }: { compact?: boolean }) {
  const { t, locale } = useIntl();
  const pages = useCursorPages('todo');
  const [{ data, fetching, error }] = useQuery({
    query: MyTodoDocument,
    variables: { first: compact ? 5 : 20, after: compact ? null : pages.after },
    requestPolicy: 'cache-and-network',
  });
  const todo = data?.myTodo;
  const items = todo?.items.edges.map((e) => e.node) ?? [];
  return (
    <Card
      title={t('todo.title')}
      data-testid="todo"
      extra={compact && todo && todo.counts.total > 0 ? <LinkButton to="/todo" size="small">{t('todo.all')}</LinkButton> : undefined}
    >
      <ErrorAlert error={error} />
      {todo && (
        <Flex gap={6} wrap style={{ marginBottom: 12 }} data-testid="todo-counts">
          {KINDS.filter((k) => todo.counts[k.count] > 0).map((k) => (
            <Tag key={k.kind} color={k.color} data-kind={k.kind}>
              {t(todoKindKey(k.kind))} {formatNumber(todo.counts[k.count], locale)}
            </Tag>
          ))}
          {todo.counts.total === 0 && <Typography.Text type="secondary">{t('todo.none')}</Typography.Text>}
        </Flex>
      )}
      {(items.length > 0 || !todo) && (
      <CardList<Item>
        testId="todo-items"
        items={items}
        rowKey={(i) => `${i.kind}:${i.hazard?.id ?? i.unit.id}`}
        loading={fetching && !data}
        emptyText={t('todo.none')}
        render={(i) => ({
          title: <Link to={todoPath(i)}>{i.hazard?.description ?? t(todoKindKey(i.kind))}</Link>,
          alert: i.kind === 'OVERDUE' || !!i.hazard?.overdue,
          tags: (
            <>
              <Tag>{t(todoKindKey(i.kind))}</Tag>
              {i.hazard && <HazardLevelTag level={i.hazard.level} />}
              {i.hazard && <HazardStateTag state={i.hazard.state} />}
              {i.hazard?.overdue && <OverdueTag />}
            </>
          ),
          fields: [
            { label: t('card.where'), value: `${i.unit.name} · ${i.unit.town.name}` },
            { label: t('card.deadline'), value: formatDate(i.deadline, locale) },
          ],
        })}
      />
      )}
      {!compact && todo && (
        <div style={{ marginTop: 12 }}>
          <Pager
            total={t('todo.total', { count: todo.items.totalCount })}
            page={pages.page}
            hasNext={todo.items.pageInfo.hasNextPage}
            endCursor={todo.items.pageInfo.endCursor}
            loading={fetching}
            onPrev={pages.prev}
            onNext={pages.next}
          />
        </div>
      )}
    </Card>
  );
}
