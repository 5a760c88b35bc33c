import { Result } from 'antd';
import { useIntl } from '../locales';
import LinkButton from './LinkButton';

/** The 403 and 404 pages, also shown in place of a page whose data the user may not see. */
export default function Exception({ status, title, subTitle }: { status: 403 | 404; title?: string; subTitle?: string }) {
  const { t } = useIntl();
  return (
    <Result
      status={status}
      title={title ?? t(status === 403 ? 'exception.403.title' : 'exception.404.title')}
      subTitle={subTitle ?? t(status === 403 ? 'exception.403.subtitle' : 'exception.404.subtitle')}
      extra={
        <LinkButton to="/" type="primary">
          {t('common.backHome')}
        </LinkButton>
      }
    />
  );
}
