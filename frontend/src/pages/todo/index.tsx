import PageContainer from '../../components/PageContainer';
import { useIntl } from '../../locales';
import TodoList from './TodoList';

/** 我的待办: the whole list. */
export default function TodoPage() {
  const { t } = useIntl();
  return (
    <PageContainer title={t('todo.title')}>
      <TodoList />
    </PageContainer>
  );
}
