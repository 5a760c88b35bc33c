// GraphiQL (npm `graphiql` 5, Monaco editors) for free-form queries: a lazily loaded chunk, so its
// megabytes only come with the editor tab. The fetcher sends the user's token (and refreshes it) through
// authorizedFetch; the schema comes from the server's introspection, which any signed-in user may run.
import { useMemo } from 'react';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { useClient } from 'urql';
import { authorizedFetch, GRAPHQL_URL } from '../../../services/apiClient';
import { namespacedStorage } from './storage';

type Fetcher = GraphiQLProps['fetcher'];

export interface QueryEditorProps {
  initialQuery: string;
  initialVariables: string;
  onEditQuery: (query: string) => void;
  onEditVariables: (variables: string) => void;
}

/** GraphiQL's own state (tabs, history) lives in this tab's sessionStorage, like the tokens. */
const storage = typeof window === 'undefined' ? undefined : namespacedStorage(window.sessionStorage, 'zac.graphiql:');

export default function QueryEditor({ initialQuery, initialVariables, onEditQuery, onEditVariables }: QueryEditorProps) {
  const client = useClient();
  const fetcher: Fetcher = useMemo(
    () => async (params) => {
      const response = await authorizedFetch(client, GRAPHQL_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify(params),
      });
      return response.json();
    },
    [client],
  );
  return (
    <div data-testid="graphiql" style={{ height: '72vh', minHeight: 480, border: '1px solid #f0f0f0', borderRadius: 8, overflow: 'hidden' }}>
      <GraphiQL
        fetcher={fetcher}
        storage={storage}
        initialQuery={initialQuery}
        initialVariables={initialVariables}
        onEditQuery={onEditQuery}
        onEditVariables={onEditVariables}
        isHeadersEditorEnabled={false}
        defaultEditorToolsVisibility="variables"
        forcedTheme="light"
      />
    </div>
  );
}
