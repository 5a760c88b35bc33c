import { parseApiError } from '../services/errors';
import ErrorAlert from './ErrorAlert';
import Exception from './Exception';

/** What a detail page shows when its query failed: 403/404 pages for those codes, an alert otherwise. */
export default function QueryFailure({ error, notFoundTitle }: { error: unknown; notFoundTitle?: string }) {
  const { code } = parseApiError(error);
  if (code === 'FORBIDDEN') return <Exception status={403} />;
  if (code === 'NOT_FOUND') return <Exception status={404} title={notFoundTitle} />;
  return <ErrorAlert error={error} />;
}
