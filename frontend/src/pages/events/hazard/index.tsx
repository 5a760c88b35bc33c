import { Navigate, useParams } from 'react-router';
import { useQuery } from 'urql';
import Exception from '../../../components/Exception';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import { HazardUnitDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';

/** /hazards/:id (a to-do item's link): the hazard is acted on in its unit's hazards tab. */
export default function HazardRedirect() {
  const { t } = useIntl();
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: HazardUnitDocument, variables: { id } });
  if (fetching && !data) return <PageLoading />;
  if (error && !data?.hazard) return <QueryFailure error={error} notFoundTitle={t('todo.hazardNotFound')} />;
  if (!data?.hazard) return <Exception status={404} title={t('todo.hazardNotFound')} />;
  return <Navigate to={`/units/${data.hazard.unit.id}?tab=hazards&hazard=${data.hazard.id}`} replace />;
}
