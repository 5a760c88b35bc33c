import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import type { Client } from '@urql/core';
import type { CurrentUser } from '../access';
import { LoginDocument, LogoutDocument, MeDocument } from '../graphql/generated/graphql';
import { createApiClient } from './apiClient';
import { getSession, setSession, subscribeSession } from './session';

/** anonymous: no tokens; loading: tokens but `me` not answered yet; error: `me` failed for another reason. */
export type AuthStatus = 'anonymous' | 'loading' | 'ready' | 'error';

interface AuthValue {
  status: AuthStatus;
  user: CurrentUser | null;
  /** Why `me` failed, when status is 'error'. */
  error: unknown;
  /** Resolves null on success, or the API error to show. */
  login: (username: string, password: string) => Promise<unknown>;
  logout: () => Promise<void>;
  reloadUser: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

async function fetchMe(client: Client) {
  return client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState<Client>(createApiClient);
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [status, setStatus] = useState<AuthStatus>(() => (getSession() ? 'loading' : 'anonymous'));
  const [error, setError] = useState<unknown>(null);

  const loadUser = useCallback(async (c: Client) => {
    setStatus('loading');
    const result = await fetchMe(c);
    if (result.data?.me) {
      setUser(result.data.me);
      setStatus('ready');
    } else if (getSession()) {
      setError(result.error);
      setStatus('error');
    }
    // Without a session the refresh was refused; the session listener has already signed out.
  }, []);

  useEffect(() => {
    if (getSession()) void loadUser(client);
    // Only on start-up: later sign-ins load the user in login().
  }, []);

  useEffect(
    () =>
      subscribeSession((session) => {
        if (session) return;
        setUser(null);
        setStatus('anonymous');
        // Drop everything the previous user's client has cached.
        setClient(createApiClient());
      }),
    [],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await client.mutation(LoginDocument, { username, password }).toPromise();
      const payload = result.data?.login;
      if (!payload) return result.error ?? new Error('login returned no data');
      setSession({
        accessToken: payload.accessToken,
        accessTokenExpiresAt: payload.accessTokenExpiresAt,
        refreshToken: payload.refreshToken,
      });
      // `me` is answered with the new token, so its scope is what every later request will see.
      const me = await fetchMe(client);
      setUser(me.data?.me ?? payload.user);
      setError(null);
      setStatus('ready');
      return null;
    },
    [client],
  );

  const logout = useCallback(async () => {
    const session = getSession();
    if (session) {
      // Signing out locally must work even if the server cannot be told.
      await client.mutation(LogoutDocument, { refreshToken: session.refreshToken }).toPromise();
    }
    setSession(null);
  }, [client]);

  const reloadUser = useCallback(() => void loadUser(client), [client, loadUser]);

  const value = useMemo(
    () => ({ status, user, error, login, logout, reloadUser }),
    [status, user, error, login, logout, reloadUser],
  );
  return (
    <AuthContext.Provider value={value}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </AuthContext.Provider>
  );
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
