import { Client, cacheExchange, fetchExchange, type Operation, type OperationResult } from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { persistedExchange } from '@urql/exchange-persisted';
import { RefreshTokenDocument, type RefreshTokenMutation } from '../graphql/generated/graphql';
import { parseApiError } from './errors';
import { expiresSoon, getSession, refreshSession, type Session } from './session';

export const GRAPHQL_URL = '/graphql';

/** Operations that must never trigger a token refresh: they are how tokens are obtained. */
const TOKEN_OPERATIONS = new Set(['Login', 'RefreshToken']);

function operationName(operation: Operation): string | undefined {
  for (const def of operation.query.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value;
  }
  return undefined;
}

/** Turns the answer of the RefreshToken mutation into the new session (null: the server refused). */
async function exchangeRefreshToken(mutate: () => Promise<OperationResult<RefreshTokenMutation>>): Promise<Session | null> {
  const result = await mutate();
  const payload = result.data?.refreshToken;
  if (payload) {
    return {
      accessToken: payload.accessToken,
      accessTokenExpiresAt: payload.accessTokenExpiresAt,
      refreshToken: payload.refreshToken,
    };
  }
  // Only a network failure keeps the old tokens; any answer without new ones is a refusal.
  if (result.error?.networkError && !result.error.graphQLErrors.length) throw result.error;
  return null;
}

/** Whether a plain HTTP answer says the token was not accepted: 401, or a GraphQL UNAUTHENTICATED error. */
async function isUnauthenticated(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  if (!(response.headers.get('Content-Type') ?? '').includes('json')) return false;
  try {
    const body = (await response.clone().json()) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return !body.data && body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED';
  } catch {
    return false;
  }
}

/**
 * fetch() with the session's bearer token, for what urql cannot send (file downloads, uploads): the
 * same rules as the API client, i.e. refresh before a request in the token's last minute, and once
 * more (then retry once) when the server does not accept the token. The body must be re-sendable
 * (a string, FormData or Blob, not a stream).
 */
export async function authorizedFetch(client: Client, url: string, init: RequestInit = {}): Promise<Response> {
  const refresh = () =>
    refreshSession((token) => exchangeRefreshToken(() => client.mutation(RefreshTokenDocument, { token }).toPromise()));
  const send = () => {
    const headers = new Headers(init.headers);
    const session = getSession();
    if (session) headers.set('Authorization', `Bearer ${session.accessToken}`);
    return fetch(url, { ...init, headers });
  };
  const session = getSession();
  if (session && expiresSoon(session)) await refresh();
  const response = await send();
  if (getSession() && (await isUnauthenticated(response)) && (await refresh())) return send();
  return response;
}

/**
 * The SHA-256 of a query for automatic persisted queries, or null to send the document as usual: the
 * Web Crypto digest exists only in secure contexts (HTTPS, localhost), and the exchange's own fallback
 * would fail the request on a plain-HTTP intranet address.
 */
export async function persistedQueryHash(query: string): Promise<string | null> {
  const subtle = typeof crypto !== 'undefined' ? crypto.subtle : undefined;
  if (!subtle) return null;
  try {
    const digest = await subtle.digest('SHA-256', new TextEncoder().encode(query));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

/**
 * A fresh client per signed-in session, so one user's cached answers never show up for the next.
 * The auth exchange attaches the bearer token, refreshes it shortly before it expires, and refreshes
 * once more (then retries once) when the server still answers UNAUTHENTICATED.
 */
export function createApiClient(): Client {
  return new Client({
    url: GRAPHQL_URL,
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getSession();
          return session ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` }) : operation;
        },
        willAuthError(operation) {
          const session = getSession();
          return !!session && !TOKEN_OPERATIONS.has(operationName(operation) ?? '') && expiresSoon(session);
        },
        didAuthError(error, operation) {
          return !TOKEN_OPERATIONS.has(operationName(operation) ?? '') && parseApiError(error).code === 'UNAUTHENTICATED';
        },
        async refreshAuth() {
          await refreshSession((token) => exchangeRefreshToken(() => utils.mutate(RefreshTokenDocument, { token })));
        },
      })),
      // Automatic persisted queries (gqlgen's APQ): a query is sent as its hash and, only when the
      // server answers PersistedQueryNotFound, once more with the document. POST, as the server
      // takes GET for queries only and the token rides in a header anyway. Mutations go as they are.
      persistedExchange({ preferGetForPersistedQueries: false, generateHash: persistedQueryHash }),
      fetchExchange,
    ],
  });
}
