import { afterEach, describe, expect, it } from 'vitest';
import { expiresSoon, getSession, refreshSession, setSession, type Session } from './session';

const base: Session = { accessToken: 'a1', accessTokenExpiresAt: '2026-11-29T08:15:00+08:00', refreshToken: 'r1' };
const next: Session = { accessToken: 'a2', accessTokenExpiresAt: '2026-11-29T08:30:00+08:00', refreshToken: 'r2' };

afterEach(() => setSession(null));

describe('expiresSoon', () => {
  const expiry = Date.parse(base.accessTokenExpiresAt);
  it('is false well before expiry and true within the last minute', () => {
    expect(expiresSoon(base, expiry - 5 * 60_000)).toBe(false);
    expect(expiresSoon(base, expiry - 30_000)).toBe(true);
    expect(expiresSoon(base, expiry + 1)).toBe(true);
  });
  it('treats an unreadable expiry as expired', () => {
    expect(expiresSoon({ ...base, accessTokenExpiresAt: 'soon' })).toBe(true);
  });
});

describe('refreshSession', () => {
  it('uses the refresh token once even when asked twice at the same time', async () => {
    setSession(base);
    const used: string[] = [];
    const exchange = async (token: string) => {
      used.push(token);
      return next;
    };
    const [a, b] = await Promise.all([refreshSession(exchange), refreshSession(exchange)]);
    expect([a, b]).toEqual([true, true]);
    expect(used).toEqual(['r1']);
    expect(getSession()).toEqual(next);
  });

  it('signs out when the server refuses the refresh token', async () => {
    setSession(base);
    expect(await refreshSession(async () => null)).toBe(false);
    expect(getSession()).toBeNull();
  });

  it('keeps the tokens when the server cannot be reached', async () => {
    setSession(base);
    expect(await refreshSession(() => Promise.reject(new Error('Failed to fetch')))).toBe(false);
    expect(getSession()).toEqual(base);
  });
});
