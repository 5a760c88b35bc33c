import { Alert } from 'antd';
import { useIntl } from '../locales';
import { describeApiError, type DescribeOptions } from '../services/errors';

/** Shows an API error in the user's language (see services/errors.ts). */
export default function ErrorAlert({ error, options, title }: { error: unknown; options?: DescribeOptions; title?: string }) {
  const { locale, t } = useIntl();
  if (!error) return null;
  const { message } = describeApiError(error, locale, t, options);
  return <Alert type="error" showIcon role="alert" message={title ?? message} description={title ? message : undefined} />;
}
