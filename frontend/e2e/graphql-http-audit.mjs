// @ts-check
// The GraphQL-over-HTTP conformance audit of the `graphql-http` package against a running server
// with demo data. It signs in as the analyst first and sends that token with every audit request
// (anonymous callers get UNAUTHENTICATED for everything but login, which would hide the answers the
// audit looks at). It prints every audit's result and exits non-zero only when a MUST audit fails:
// the specification draft has moved on since some SHOULDs (see shared/SECURITY.md), so SHOULD and
// MAY results are reported, not enforced.
//
//   E2E_BASE_URL   the server, e.g. http://127.0.0.1:8089 (default)
//   E2E_PASSWORD   the demo users' password (default Demo@2026)
import { serverAudits } from 'graphql-http';

const BASE_URL = (process.env.E2E_BASE_URL || 'http://127.0.0.1:8089').replace(/\/$/, '');
const PASSWORD = process.env.E2E_PASSWORD || 'Demo@2026';
const URL = `${BASE_URL}/graphql`;

/** @returns {Promise<string>} an access token of the analyst demo user */
async function login() {
  const res = await fetch(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({
      query: 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
      variables: { u: 'analyst', p: PASSWORD },
    }),
  });
  /** @type {{ data?: { login?: { accessToken?: string } }, errors?: unknown[] }} */
  const body = await res.json();
  const token = body.data?.login?.accessToken;
  if (!res.ok || !token) {
    throw new Error(`login as analyst failed: HTTP ${res.status} ${JSON.stringify(body.errors ?? body)}`);
  }
  return token;
}

const token = await login();

/**
 * fetch with the analyst's bearer token added to every request.
 * @param {string | URL | Request} input
 * @param {RequestInit} [init]
 */
function fetchWithToken(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/** @type {Record<string, number>} */
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
/** @type {string[]} */
const mustFailures = [];

console.log(`GraphQL-over-HTTP audit (graphql-http) of ${URL}`);
for (const audit of serverAudits({ url: URL, fetchFn: fetchWithToken })) {
  const result = await audit.fn();
  counts[result.status] = (counts[result.status] ?? 0) + 1;
  const must = audit.name.startsWith('MUST');
  const failed = result.status !== 'ok';
  const mark = failed ? (must ? 'FAIL' : result.status) : 'ok';
  console.log(`  ${mark.padEnd(6)} ${audit.name}`);
  if (result.status !== 'ok') {
    console.log(`         ${result.reason}`);
    // the audit leaves the failing response's body unread
    await result.response.body?.cancel().catch(() => {});
    if (must) {
      mustFailures.push(audit.name);
    }
  }
}

const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(
  `graphql-http audit: ${total} audits; ${counts.ok} ok, ${counts.warn} SHOULD warnings, ` +
    `${counts.notice} MAY notices, ${mustFailures.length} MUST failures`,
);
if (mustFailures.length > 0) {
  console.error(`MUST audits failed:\n${mustFailures.map((n) => `  - ${n}`).join('\n')}`);
  process.exit(1);
}
