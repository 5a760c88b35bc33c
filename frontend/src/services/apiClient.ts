import { Client, cacheExchange, fetchExchange, type Operation } from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { RefreshTokenDocument } from '../graphql/generated/graphql';
import { parseApiError } from './errors';
import { expiresSoon, getSession, refreshSession } from './session';

export const GRAPHQL_URL = '/graphql';

/** Operations that must never trigger a token refresh: they are how tokens are obtained. */
const TOKEN_OPERATIONS = new Set(['Login', 'RefreshToken']);

function operationName(operation: Operation): string | undefined {
  for (const def of operation.query.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value;
  }
  return undefined;
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
          await refreshSession(async (token) => {
            const result = await utils.mutate(RefreshTokenDocument, { token });
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
          });
        },
      })),
      fetchExchange,
    ],
  });
}
