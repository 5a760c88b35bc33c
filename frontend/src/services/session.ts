// Tokens live in sessionStorage: they survive a reload but not the browser tab, and are never shared
// between tabs, so closing the tab ends the session on this machine.
export interface Session {
  accessToken: string;
  /** RFC 3339 time the access token stops working. */
  accessTokenExpiresAt: string;
  /** Single-use; the server rotates it on every refresh. */
  refreshToken: string;
}

const STORAGE_KEY = 'zac.session';
/** Refresh this long before the access token expires, so a request never goes out with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.accessToken === 'string' && typeof value.refreshToken === 'string' && typeof value.accessTokenExpiresAt === 'string') {
      return value as Session;
    }
  } catch {
    // unreadable storage counts as signed out
  }
  return null;
}

let current: Session | null = read();

export function getSession(): Session | null {
  return current;
}

export function setSession(next: Session | null): void {
  current = next;
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // keep the in-memory session even if storage is unavailable
  }
  listeners.forEach((listener) => listener(next));
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when the access token expires within the refresh margin (or its expiry cannot be read). */
export function expiresSoon(session: Session, now: number = Date.now()): boolean {
  const expiresAt = Date.parse(session.accessTokenExpiresAt);
  return Number.isNaN(expiresAt) || expiresAt - now <= REFRESH_MARGIN_MS;
}

let inflight: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token for a new pair, at most one exchange at a time: the refresh token is
 * single-use, so two parallel refreshes would burn it and sign the user out.
 * Resolves false when it did not get new tokens; a refusal by the server also clears the session.
 */
export function refreshSession(exchange: (refreshToken: string) => Promise<Session | null>): Promise<boolean> {
  if (inflight) return inflight;
  const session = current;
  if (!session) return Promise.resolve(false);
  inflight = exchange(session.refreshToken)
    .then(
      (next) => {
        setSession(next);
        return next !== null;
      },
      // A network failure says nothing about the tokens: keep them and let the request fail visibly.
      () => false,
    )
    .finally(() => {
      inflight = null;
    });
  return inflight;
}
