// @ts-check
// Browser tests against a running server with demo data (`server seed --demo`). No mocks: every test
// signs in through the real API. Each test gets its own browser profile, so none depends on another.
//
//   E2E_BASE_URL        the server, e.g. http://127.0.0.1:8089 (default)
//   E2E_PASSWORD        the demo users' password (default Demo@2026)
//   E2E_SCREENSHOT_DIR  where screenshots go (default ../screenshots, beside frontend/)
//   E2E_CHROMIUM        the browser (default /usr/bin/chromium)
//   E2E_ONLY            run only the tests whose name contains this text
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const frontendDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BASE_URL = (process.env.E2E_BASE_URL || 'http://127.0.0.1:8089').replace(/\/$/, '');
const PASSWORD = process.env.E2E_PASSWORD || 'Demo@2026';
const SCREENSHOT_DIR = path.resolve(process.env.E2E_SCREENSHOT_DIR || path.join(frontendDir, '..', 'screenshots'));
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const ONLY = process.env.E2E_ONLY || '';
const TIMEOUT_MS = 15_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const COUNTIES = ['朔城区', '平鲁区', '山阴县', '应县', '右玉县', '山西朔州经济开发区', '怀仁市'];

/** Each demo user's exact side menu, in order (see src/routes.tsx). */
const ROLES = [
  { username: 'city_admin', role: '市专班办公室', menu: ['首页', '用户管理'] },
  { username: 'county_admin_140602', role: '县级管理员', menu: ['首页', '本县'] },
  { username: 'dept_housing_construction', role: '牵头部门', menu: ['首页', '我的行业'] },
  { username: 'dept_emergency', role: '牵头部门', menu: ['首页', '我的行业'] },
  { username: 'analyst', role: '分析人员', menu: ['首页', '数据分析'] },
];

/** @typedef {import('playwright-core').Page} Page */
/** @type {{ name: string, fn: (page: Page) => Promise<void> }[]} */
const tests = [];

/** @param {string} name @param {(page: Page) => Promise<void>} fn */
function test(name, fn) {
  tests.push({ name, fn });
}

/** @param {Page} page @param {string} name */
async function screenshot(page, name) {
  // From the top (the side menu is sticky), with transitions finished so menus and selections look settled.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** @param {Page} page @param {string} username @param {string} [password] */
async function login(page, username, password = PASSWORD) {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** @param {Page} page */
function menuItems(page) {
  return page.locator('.ant-layout-sider .ant-menu-item');
}

/** Waits for the signed-in layout and returns the side menu's labels. @param {Page} page */
async function menuLabels(page) {
  await menuItems(page).first().waitFor();
  return (await menuItems(page).allInnerTexts()).map((s) => s.trim());
}

/** @param {Page} page @param {string} pathname */
async function waitForPath(page, pathname) {
  await page.waitForURL((url) => url.pathname === pathname);
}

/** @param {Page} page */
async function readSession(page) {
  const raw = await page.evaluate(() => sessionStorage.getItem('zac.session'));
  return raw ? JSON.parse(raw) : null;
}

test('city admin sees the 7 counties and all 25 sectors on the home page', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  const countyRows = page.locator('[data-testid=counties-table] tbody tr.ant-table-row');
  await countyRows.nth(COUNTIES.length - 1).waitFor();
  assert.equal(await countyRows.count(), COUNTIES.length);
  const names = await page.locator('[data-testid=counties-table] tbody tr.ant-table-row td:nth-child(3)').allInnerTexts();
  assert.deepEqual([...names].map((s) => s.trim()).sort(), [...COUNTIES].sort());

  const sectorRows = page.locator('[data-testid=sectors-table] tbody tr.ant-table-row');
  await sectorRows.nth(24).waitFor();
  assert.equal(await sectorRows.count(), 25);
  const numbers = (await page.locator('[data-testid=sectors-table] tbody tr.ant-table-row').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-row-key')),
  )).map(Number);
  assert.deepEqual(numbers, Array.from({ length: 25 }, (_, i) => i + 1));

  const roadTransport = await page.locator('[data-testid=sectors-table] tr[data-row-key="5"]').innerText();
  for (const text of ['道路交通运输', '市交通局', '市公安交警支队']) {
    assert.ok(roadTransport.includes(text), `sector 5 row should show ${text}: ${roadTransport}`);
  }
  await screenshot(page, 'home-city_admin');
});

for (const { username, role, menu } of ROLES) {
  test(`${username} sees exactly its own navigation`, async (page) => {
    await login(page, username);
    await waitForPath(page, '/');
    assert.deepEqual(await menuLabels(page), menu);
    assert.equal((await page.getByTestId('role-label').innerText()).trim(), `角色：${role}`);

    // Open the role's own page and check it shows that role's scope.
    await menuItems(page).nth(1).click();
    if (username === 'city_admin') {
      await waitForPath(page, '/users');
      await page.locator('[data-testid=users-table] tbody tr.ant-table-row', { hasText: 'city_admin' }).first().waitFor();
    } else if (username === 'county_admin_140602') {
      await waitForPath(page, '/counties/140602');
      await page.getByRole('heading', { name: '朔城区' }).waitFor();
      await page.locator('[data-testid=towns-table] tbody tr.ant-table-row').first().waitFor();
    } else if (username === 'dept_housing_construction') {
      await waitForPath(page, '/sectors');
      const rows = page.locator('[data-testid=my-sectors-table] tbody tr.ant-table-row');
      await rows.first().waitFor();
      assert.ok((await rows.allInnerTexts()).some((r) => r.includes('建筑施工')), '市住建局 leads 建筑施工');
      await rows.filter({ hasText: '建筑施工' }).getByRole('link').click();
      await waitForPath(page, '/sectors/4');
      await page.locator('.ant-descriptions', { hasText: '市住建局' }).waitFor();
      await screenshot(page, `sector-4-${username}`);
      await page.goBack();
      await rows.first().waitFor();
    } else if (username === 'dept_emergency') {
      await waitForPath(page, '/sectors');
      const rows = page.locator('[data-testid=my-sectors-table] tbody tr.ant-table-row');
      await rows.first().waitFor();
      const keys = await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-row-key')));
      assert.deepEqual(keys, ['1', '2', '3']);
    } else if (username === 'analyst') {
      await waitForPath(page, '/analysis');
      await page.getByText('数据分析工作台正在建设中').waitFor();
    }
    await screenshot(page, `role-${username}`);
  });
}

test('the city office creates a user (with a field error first) and deactivates it', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await page.goto('/users');
  await page.locator('[data-testid=users-table] tbody tr.ant-table-row').first().waitFor();
  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名', { exact: true }).fill('E2E Bad Name');
  await dialog.getByLabel('姓名/名称', { exact: true }).fill('端到端测试');
  await dialog.getByLabel('初始密码', { exact: true }).fill('E2e@Passw0rd-2026');
  await dialog.locator('.ant-form-item', { has: page.getByLabel('角色', { exact: true }) }).locator('.ant-select-selector').click();
  await page.locator('.ant-select-item-option', { hasText: '分析人员' }).click();
  await dialog.getByRole('button', { name: '确定' }).click();
  // The server's BAD_USER_INPUT names the field; the form shows its message under that field.
  const fieldError = dialog.locator('.ant-form-item', { has: page.getByLabel('用户名', { exact: true }) }).locator('.ant-form-item-explain-error');
  await fieldError.waitFor();
  assert.ok(/用户名/.test(await fieldError.innerText()), `field error: ${await fieldError.innerText()}`);
  await screenshot(page, 'users-create-field-error');

  const username = `e2e_${Date.now().toString(36)}`;
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByRole('button', { name: '确定' }).click();
  await page.getByText(`已创建用户 ${username}`).waitFor();
  await dialog.waitFor({ state: 'hidden' });

  // New accounts come last; page forward until the row shows up.
  const row = page.locator('[data-testid=users-table] tbody tr.ant-table-row', { hasText: username });
  for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
    await page.getByRole('button', { name: '下一页' }).click();
    await page.waitForTimeout(300);
  }
  await row.waitFor();
  await row.getByRole('button', { name: '停用' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  await page.getByText('已停用用户 端到端测试').waitFor();
  await row.getByText('已停用').waitFor();
  await screenshot(page, 'users-deactivated');
});

test('a county admin may not open another county (无权访问)', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await page.goto('/counties/140603');
  await page.getByText('无权访问').first().waitFor();
  await screenshot(page, 'forbidden-county_admin_140602');
});

test('a wrong password shows the error message and stays on /login', async (page) => {
  await login(page, 'analyst', `${PASSWORD}-wrong`);
  const alert = page.getByTestId('login-error').getByRole('alert');
  await alert.waitFor();
  const text = (await alert.innerText()).trim();
  assert.ok(text.includes('登录失败'), `alert should say 登录失败: ${text}`);
  assert.ok(text.replace('登录失败', '').trim().length > 0, 'alert should explain why');
  assert.ok(/密码|锁定|停用/.test(text), `alert should mention the password or the account: ${text}`);
  await waitForPath(page, '/login');
  assert.equal(await readSession(page), null);
  console.log(`    login error shown: ${text.replace(/\s+/g, ' ')}`);
  await screenshot(page, 'login-wrong-password');
});

test('switching the language to English changes the menu', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  assert.deepEqual(await menuLabels(page), ['首页', '用户管理']);
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  assert.deepEqual(await menuLabels(page), ['Home', 'Users']);
  assert.equal((await page.getByTestId('role-label').innerText()).trim(), 'Role: City task-force office');
  await page.locator('.ant-dropdown').waitFor({ state: 'hidden' });
  // Place names are data, not interface text: they stay as the API returns them.
  await page.locator('[data-testid=counties-table]', { hasText: '朔城区' }).waitFor();
  await screenshot(page, 'home-city_admin-en');
});

test('logout returns to /login and protects the pages again', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await page.getByRole('button', { name: '退出登录' }).click();
  await waitForPath(page, '/login');
  assert.equal(await readSession(page), null);
  await page.goto('/analysis');
  await waitForPath(page, '/login');
  await screenshot(page, 'logout');
});

test('an anonymous visitor is sent to /login and back to the page after login', async (page) => {
  await page.goto('/users');
  await waitForPath(page, '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/users');
  await screenshot(page, 'login');
  await login(page, 'city_admin');
  await waitForPath(page, '/users');
  await page.locator('[data-testid=users-table] tbody tr.ant-table-row').first().waitFor();
});

test('the session survives a reload', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await page.reload();
  assert.deepEqual(await menuLabels(page), ['首页', '本县']);
});

test('an expiring access token is refreshed before the request', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await menuItems(page).first().waitFor();
  const before = await readSession(page);
  await page.evaluate((s) => {
    sessionStorage.setItem('zac.session', JSON.stringify({ ...s, accessTokenExpiresAt: new Date(Date.now() + 10_000).toISOString() }));
  }, before);
  const refreshed = page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes('"operationName":"RefreshToken"'));
  await page.reload();
  await refreshed;
  assert.deepEqual(await menuLabels(page), ['首页', '数据分析']);
  const after = await readSession(page);
  assert.notEqual(after.refreshToken, before.refreshToken, 'the refresh token is rotated');
  assert.ok(Date.parse(after.accessTokenExpiresAt) > Date.now() + 10_000, 'the new access token lives longer');
});

test('an UNAUTHENTICATED answer triggers one refresh and a retry', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await menuItems(page).first().waitFor();
  const before = await readSession(page);
  await page.evaluate((s) => sessionStorage.setItem('zac.session', JSON.stringify({ ...s, accessToken: 'not-a-valid-token' })), before);
  await page.reload();
  assert.deepEqual(await menuLabels(page), ['首页', '数据分析']);
  const after = await readSession(page);
  assert.notEqual(after.accessToken, 'not-a-valid-token');
  assert.notEqual(after.refreshToken, before.refreshToken);
});

test('an unknown route shows 页面不存在', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await page.goto('/no/such/page');
  await page.getByText('页面不存在').first().waitFor();
  await screenshot(page, 'not-found');
});

async function runTest(/** @type {{ name: string, fn: (page: Page) => Promise<void> }} */ t) {
  const profile = mkdtempSync(path.join(tmpdir(), 'zac-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL: BASE_URL,
    locale: 'zh-CN',
    viewport: { width: 1366, height: 860 },
  });
  /** @type {string[]} */
  const browserErrors = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on('pageerror', (e) => browserErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && browserErrors.push(`console: ${m.text()}`));
    await t.fn(page);
  } catch (e) {
    const page = context.pages()[0];
    if (page) await screenshot(page, `FAILED-${t.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}`).catch(() => {});
    if (browserErrors.length) /** @type {Error} */ (e).message += `\n    browser said:\n      ${browserErrors.join('\n      ')}`;
    throw e;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  console.log(`e2e against ${BASE_URL}, screenshots in ${SCREENSHOT_DIR}`);
  try {
    await fetch(BASE_URL, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    console.log(`cannot reach ${BASE_URL} (${e instanceof Error ? e.message : e}); is the server running?`);
    console.log(`0 passed, ${tests.length} failed`);
    process.exitCode = 1;
    return;
  }
  let passed = 0;
  let failed = 0;
  for (const t of tests.filter((x) => x.name.includes(ONLY))) {
    const started = Date.now();
    try {
      await runTest(t);
      passed++;
      console.log(`ok - ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${t.name}\n    ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

await main();
