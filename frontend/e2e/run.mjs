// @ts-check
// Browser tests against a running server with demo data (`server seed --demo`): sign-in, navigation by
// role, users and the units register. No mocks: every test signs in through the real API. The
// variables (E2E_BASE_URL, E2E_ONLY, …) and the runner are harness.mjs's.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  COUNTIES,
  PASSWORD,
  button,
  chooseOption,
  escapeRegExp,
  link,
  login as signIn,
  menuItems,
  menuLabels,
  press,
  readSession,
  screenshot,
  suite,
  waitForPath,
} from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

const { test, run, timeoutMs: TIMEOUT_MS } = suite({
  title: 'sign-in, navigation, users, units',
  viewport: { width: 1366, height: 860 },
  acceptDownloads: true,
  failOnPageError: false,
  timeoutMs: 15_000,
});

/** Each demo user's exact side menu, in order (see src/routes.tsx). */
const ROLES = [
  { username: 'city_admin', role: '市专班办公室', menu: ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '数据分析', '用户管理'] },
  { username: 'county_admin_140602', role: '县级管理员', menu: ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '本县'] },
  { username: 'dept_housing_construction', role: '牵头部门', menu: ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '我的行业'] },
  { username: 'dept_emergency', role: '牵头部门', menu: ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '我的行业'] },
  { username: 'analyst', role: '分析人员', menu: ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '数据分析'] },
];

/**
 * redirect=/ : these tests start on the dashboard (the roles' own landing pages are tested in
 * events.mjs and journeys.mjs); a wrong password stays on the login page.
 * @param {Page} page @param {string} username @param {string} [password]
 */
async function login(page, username, password = PASSWORD) {
  await signIn(page, username, { password, redirect: '/', wait: password === PASSWORD });
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

    // Open the role's own page (the last menu item) and check it shows that role's scope.
    await menuItems(page).nth(menu.length - 1).click();
    if (username === 'city_admin') {
      await waitForPath(page, '/users');
      await page.locator('[data-testid=users-table] tbody tr.ant-table-row', { hasText: 'city_admin' }).first().waitFor();
    } else if (username === 'county_admin_140602') {
      await waitForPath(page, '/counties/140602');
      await page.getByRole('heading', { name: '朔城区' }).waitFor();
      // each town opens its town page (the drill-down), its unit count the units list filtered to it
      const town = page.locator('[data-testid=towns-table] tbody tr.ant-table-row', { hasText: '北城街道' });
      await town.waitFor();
      assert.equal(await town.getByRole('link', { name: '北城街道' }).getAttribute('href'), '/towns/140602001');
    } else if (username === 'dept_housing_construction') {
      await waitForPath(page, '/sectors');
      const rows = page.locator('[data-testid=my-sectors-table] tbody tr.ant-table-row');
      await rows.first().waitFor();
      assert.ok((await rows.allInnerTexts()).some((r) => r.includes('建筑施工')), '市住建局 leads 建筑施工');
      await rows.filter({ hasText: '建筑施工' }).getByRole('link').click();
      await waitForPath(page, '/sectors/4');
      await page.locator('.ant-descriptions', { hasText: '市住建局' }).waitFor();
      const unitsLink = page.getByRole('link', { name: '查看该行业领域的创建单位' });
      assert.equal(await unitsLink.getAttribute('href'), '/units?sectorNumber=4');
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
      await page.getByRole('heading', { name: '数据分析工作台' }).waitFor();
      await page.getByText('透视条件').waitFor();
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
  await chooseOption(page, '分析人员');
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

  // Hundreds of field accounts come first: find the new one by searching for it.
  await page.getByRole('searchbox', { name: '搜索用户' }).fill(username);
  await page.getByRole('searchbox', { name: '搜索用户' }).press('Enter');
  const row = page.locator('[data-testid=users-table] tbody tr.ant-table-row', { hasText: username });
  await row.waitFor();
  assert.equal(await page.locator('[data-testid=users-table] tbody tr.ant-table-row').count(), 1, 'the search finds the one account');
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
  assert.deepEqual(await menuLabels(page), ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '数据分析', '用户管理']);
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  assert.deepEqual(await menuLabels(page), ['Home', 'Units', 'Hazards', 'Incidents', 'Reports', 'Analysis', 'Users']);
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
  assert.deepEqual(await menuLabels(page), ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '本县']);
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
  assert.deepEqual(await menuLabels(page), ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '数据分析']);
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
  assert.deepEqual(await menuLabels(page), ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '数据分析']);
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

// ---- units registry ------------------------------------------------------------------------

/** Sector 18 as the selects and the table show it; its lead is 市农业农村局 and it holds the villages. */
const SECTOR_18 = '18. 农业、农村、畜牧、农机、渔业';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714 check character of an 8-character organization code body (server/campaign/creditcode.go). @param {string} body */
function orgCodeCheck(body) {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i];
    sum += (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55) * weights[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A random valid unified social credit code (GB 32100) of a company registered in `region`: a random
 * all-digit organization code with its GB 11714 check in positions 9-17, then the check character.
 * @param {string} region
 */
function newCreditCode(region) {
  const body = Array.from({ length: 8 }, () => String(randomInt(10))).join('');
  const first17 = `91${region}${body}${orgCodeCheck(body)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return first17 + CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

/** @param {Page} page */
function unitRows(page) {
  return page.locator('[data-testid=units-table] tbody tr.ant-table-row');
}

/** Waits until the units table has finished loading and its rows satisfy `ok`. @param {Page} page @param {(rows: string[]) => boolean} ok @param {string} what */
async function waitForUnitRows(page, ok, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  /** @type {string[]} */
  let rows = [];
  for (;;) {
    const loading = await page.locator('[data-testid=units-table] .ant-spin-spinning').count();
    rows = await unitRows(page).allInnerTexts();
    if (!loading && ok(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`units table never showed ${what}; rows: ${rows.slice(0, 3).join(' | ')}`);
    await page.waitForTimeout(150);
  }
}

/** The list's "共 N 个单位", once loaded. @param {Page} page */
async function unitTotal(page) {
  const total = page.getByTestId('units-total');
  await total.filter({ hasText: /共 \d+ 个单位/ }).waitFor();
  await waitForUnitRows(page, () => true, 'its rows');
  return Number(/共 (\d+) 个单位/.exec(await total.innerText())?.[1]);
}

/**
 * Chooses `option` in the antd Select labelled `label` (typing it first where the select searches).
 * @param {Page} page @param {string} label @param {string} option @param {{ search?: boolean }} [opts]
 */
async function pickOption(page, label, option, { search = false } = {}) {
  // the box, not the input: the shown value lies over the input and takes the click
  await page.locator('.ant-select', { has: combobox(page, label) }).locator('.ant-select-selector').click();
  if (search) await page.keyboard.type(option);
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.locator(`.ant-select-item-option[title="${option}"]`).click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** The input of the antd Select labelled `label` (sortable column headers carry the same labels). @param {Page} page @param {string} label */
function combobox(page, label) {
  // a required field's label starts with antd's "*" (CSS content, so part of the accessible name)
  return page.getByRole('combobox', { name: new RegExp(`^(\\* )?${escapeRegExp(label)}$`) });
}

/** Waits until the Select labelled `label` shows `text` (its options may still be loading). @param {Page} page @param {string} label @param {string} text */
async function expectSelected(page, label, text) {
  const item = page.locator('.ant-select', { has: combobox(page, label) });
  try {
    await item.locator(`.ant-select-selection-item[title="${text}"]`).waitFor({ timeout: 5000 });
  } catch {
    const shown = await item.locator('.ant-select-selection-item').allInnerTexts();
    assert.fail(`${label} should show ${text}, shows ${JSON.stringify(shown)}`);
  }
}

/** The form item's error text under the field labelled `label`. @param {Page} page @param {string} label */
function fieldError(page, label) {
  return page.locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
}

/** Opens the units list from the side menu. @param {Page} page */
async function openUnits(page) {
  await menuItems(page).filter({ hasText: '创建单位' }).click();
  await waitForPath(page, '/units');
  await unitRows(page).first().waitFor();
}

/** The county admin's list of 北城街道's communities, as test (a) filters it. @param {Page} page */
async function filterBeichengCommunities(page) {
  await pickOption(page, '乡镇(街道)', '北城街道', { search: true });
  await page.waitForURL((url) => url.searchParams.get('townCode') === '140602001');
  await page.getByLabel('搜索', { exact: true }).fill('社区');
  await page.getByLabel('搜索', { exact: true }).press('Enter');
  await page.waitForURL((url) => url.searchParams.get('search') === '社区');
  // the name cell: the category column says 村(社区) in every row
  const name = (/** @type {string} */ r) => r.split('\t')[0];
  return waitForUnitRows(
    page,
    (rows) => rows.length > 0 && rows.every((r) => r.includes('北城街道') && name(r).includes('社区')) && !rows.some((r) => name(r).includes('村委会')),
    '北城街道 communities',
  );
}

test('a county admin filters its units by town and search, edits an address and sees it in the change log', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await openUnits(page);
  // the county is fixed to the admin's own
  await expectSelected(page, '县(市、区)', '朔城区');
  assert.ok(await combobox(page, '县(市、区)').isDisabled(), 'county select is fixed');
  const rows = await filterBeichengCommunities(page);
  const total = await unitTotal(page);
  assert.equal(total, rows.length, 'one page holds all of 北城街道\'s communities');
  await screenshot(page, 'units-list-county_admin_140602');

  const unitLink = unitRows(page).first().getByRole('link').first();
  const name = (await unitLink.innerText()).trim();
  await unitLink.click();
  await page.waitForURL(/\/units\/\d+$/);
  const unitPath = new URL(page.url()).pathname;
  const profile = page.getByTestId('unit-profile');
  await profile.filter({ hasText: name }).waitFor();
  const crumbs = (await page.locator('.ant-breadcrumb').innerText()).replace(/\s+/g, ' ');
  for (const part of ['首页', '朔城区', '北城街道', name]) assert.ok(crumbs.includes(part), `breadcrumbs show ${part}: ${crumbs}`);
  assert.equal(await page.locator('.ant-breadcrumb').getByRole('link', { name: '北城街道' }).getAttribute('href'), '/towns/140602001');
  await screenshot(page, 'unit-detail-county_admin_140602');

  await link(page, '编辑').click();
  await waitForPath(page, `${unitPath}/edit`);
  await page.getByRole('heading', { name: `编辑：${name}` }).waitFor();
  const address = page.getByLabel('地址', { exact: true });
  await address.waitFor();
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), name);

  // A phone the server refuses: its message appears under 联系电话 (BAD_USER_INPUT with field principalPhone).
  const phone = page.getByLabel('联系电话', { exact: true });
  const oldPhone = await phone.inputValue();
  await phone.fill('12345');
  await press(page, '保存');
  await fieldError(page, '联系电话').filter({ hasText: '手机号码' }).waitFor();
  await screenshot(page, 'unit-edit-field-error');
  await phone.fill(oldPhone);

  const newAddress = `朔州市朔城区北城街道测试路${randomInt(1000, 10000)}号`;
  await address.fill(newAddress);
  await press(page, '保存');
  await waitForPath(page, unitPath);
  await page.getByText(`已保存“${name}”`).waitFor();
  await profile.filter({ hasText: newAddress }).waitFor();

  const log = page.locator('[data-testid=change-log] tbody tr.ant-table-row');
  const latest = log.first();
  await latest.filter({ hasText: '修改' }).waitFor();
  await latest.locator('.ant-table-row-expand-icon').click();
  const diff = page.getByTestId('change-log-diff').first();
  await diff.filter({ hasText: newAddress }).waitFor();
  assert.ok((await diff.innerText()).includes('地址'), 'the diff names the 地址 field');
  await screenshot(page, 'unit-saved-change-log');
});

test('a county admin registers a new unit (after the server refuses a mistyped credit code)', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await openUnits(page);
  await button(page, '新建单位').click();
  await waitForPath(page, '/units/new');
  await page.getByRole('heading', { name: '新建单位' }).waitFor();
  const name = `朔州市朔城区测试洗煤${Date.now().toString(36).toUpperCase()}有限公司`;
  await page.getByLabel('单位名称', { exact: true }).fill(name);
  await pickOption(page, '单位类别', '厂矿(企业)');
  await pickOption(page, '行业领域', '1. 煤炭（洗选）', { search: true });
  await expectSelected(page, '县(市、区)', '朔城区');
  await pickOption(page, '乡镇(街道)', '北城街道', { search: true });
  await page.getByLabel('地址', { exact: true }).fill('朔州市朔城区北城街道测试路8号');
  await page.getByLabel('主要负责人', { exact: true }).fill('赵六');
  await page.getByLabel('联系电话', { exact: true }).fill('13912341119');
  // a typo in the last character: the server's check-character message appears under the field
  const code = newCreditCode('140602');
  const typo = code.slice(0, 17) + CREDIT_ALPHABET[(CREDIT_ALPHABET.indexOf(code[17]) + 1) % 31];
  await page.getByLabel('统一社会信用代码', { exact: true }).fill(typo);
  await button(page, '保存').click();
  await fieldError(page, '统一社会信用代码').filter({ hasText: '校验位' }).waitFor();
  await screenshot(page, 'unit-create-field-error');

  await page.getByLabel('统一社会信用代码', { exact: true }).fill(code);
  await button(page, '保存').click();
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByText(`已新建“${name}”`).waitFor();
  const profile = page.getByTestId('unit-profile');
  await profile.filter({ hasText: code }).waitFor();
  const text = await profile.innerText();
  for (const part of [name, '厂矿(企业)', '1. 煤炭（洗选）', '北城街道', '赵六', '13912341119', '在册']) {
    assert.ok(text.includes(part), `the profile shows ${part}`);
  }
  await page.locator('[data-testid=change-log] tbody tr.ant-table-row').first().filter({ hasText: '新建' }).waitFor();
  await screenshot(page, 'unit-created');
});

test('a lead department opens a unit of its sector and finds no edit button', async (page) => {
  await login(page, 'dept_agriculture_rural');
  await waitForPath(page, '/');
  await openUnits(page);
  const total = await unitTotal(page);
  assert.ok(total >= 1277, `sector 18 holds the ${total} seeded villages`);
  const rows = await waitForUnitRows(page, (r) => r.length === 20, 'a full page');
  assert.ok(rows.every((r) => r.includes(SECTOR_18)), 'only sector 18 units');
  await screenshot(page, 'units-list-dept_agriculture_rural');

  await unitRows(page).first().getByRole('link').first().click();
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByTestId('unit-profile').waitFor();
  await page.getByTestId('change-log').waitFor();
  assert.equal(await link(page, '编辑').count(), 0, 'no 编辑 link');
  for (const label of ['编辑', '归档', '恢复', '编辑安全员']) {
    assert.equal(await button(page, label).count(), 0, `no ${label} button`);
  }
  await screenshot(page, 'unit-detail-dept_agriculture_rural');

  // the form itself is closed to the department too
  await page.goto(`${new URL(page.url()).pathname}/edit`);
  await page.getByText('无权访问').first().waitFor();
});

test('a county admin tries an import with a bad row: the row error is shown and nothing is written', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await openUnits(page);
  const before = await unitTotal(page);

  const tag = Date.now().toString(36).toUpperCase();
  const header = '单位名称*,单位类别*,行业领域编号*,县(市、区)*,乡镇(街道)*,地址,统一社会信用代码,主要负责人,联系电话,市直单位,纳入创建日期*';
  /** @param {string} name @param {string} phone */
  const row = (name, phone) => `${name},厂矿(企业),1,朔城区,北城街道,北城街道测试路1号,${newCreditCode('140602')},张三,${phone},否,2024-01-01`;
  const csv = [header, row(`导入测试甲煤业${tag}有限公司`, '13912341119'), row(`导入测试乙煤业${tag}有限公司`, '12345'), row(`导入测试丙煤业${tag}有限公司`, '0349-2021234')].join('\r\n');

  await page.getByRole('button', { name: '批量导入' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[type=file]').setInputFiles({ name: `units-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await dialog.getByText(`units-${tag}.csv`).waitFor();

  await dialog.getByRole('button', { name: '试导入' }).click();
  const result = dialog.getByTestId('import-result');
  await result.waitFor();
  const summary = (await result.locator('.ant-descriptions').innerText()).replace(/\s+/g, ' ');
  assert.ok(/总行数 3/.test(summary) && /无误行数 2/.test(summary) && /已导入 0/.test(summary), `summary: ${summary}`);
  const errors = dialog.locator('[data-testid=import-errors] tbody tr.ant-table-row');
  assert.equal(await errors.count(), 1);
  const cells = (await errors.first().locator('td').allInnerTexts()).map((s) => s.trim());
  assert.equal(cells[0], '3', 'the second data row is row 3 of the file');
  assert.equal(cells[1], '联系电话');
  assert.ok(cells[2].includes('手机号码'), `reason: ${cells[2]}`);
  await result.getByText('试导入完成，未写入任何数据').waitFor();
  await screenshot(page, 'units-import-dry-run', { fullPage: false });

  // a real import without 仅导入无误的行 writes nothing either, because one row is bad
  await press(dialog, '导入');
  await result.getByText('存在错误行，未写入任何数据').waitFor();
  assert.ok(/已导入 0/.test((await result.locator('.ant-descriptions').innerText()).replace(/\s+/g, ' ')));
  await screenshot(page, 'units-import-not-written', { fullPage: false });

  await button(dialog.locator('.ant-modal-footer'), '关闭').click();
  await page.reload();
  assert.equal(await unitTotal(page), before, 'the register has as many units as before');
  await page.getByLabel('搜索', { exact: true }).fill(tag);
  await page.getByLabel('搜索', { exact: true }).press('Enter');
  await page.waitForURL((url) => url.searchParams.get('search') === tag);
  await waitForUnitRows(page, (r) => r.length === 0, 'no imported rows');
});

test('the units filters, order and page size survive a reload and a pasted link', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await openUnits(page);
  await pickOption(page, '县(市、区)', '平鲁区');
  await pickOption(page, '乡镇(街道)', '井坪镇', { search: true });
  await pickOption(page, '行业领域', SECTOR_18, { search: true });
  await pickOption(page, '状态', '全部');
  await pickOption(page, '排序', '单位名称（降序）');
  await pickOption(page, '每页', '50 条/页');
  await page.waitForURL((url) => url.searchParams.get('pageSize') === '50');
  const query = Object.fromEntries(new URL(page.url()).searchParams);
  assert.deepEqual(query, { countyCode: '140603', townCode: '140603100', sectorNumber: '18', archived: 'all', sort: '-name', pageSize: '50' });
  const rows = await waitForUnitRows(page, (r) => r.length > 0 && r.every((x) => x.includes('井坪镇')), '井坪镇 units');
  const total = await unitTotal(page);

  const check = async (/** @type {string} */ when) => {
    assert.deepEqual(Object.fromEntries(new URL(page.url()).searchParams), query, `URL after ${when}`);
    assert.equal(await unitTotal(page), total, `total after ${when}`);
    await expectSelected(page, '县(市、区)', '平鲁区');
    await expectSelected(page, '乡镇(街道)', '井坪镇');
    await expectSelected(page, '行业领域', SECTOR_18);
    await expectSelected(page, '状态', '全部');
    await expectSelected(page, '排序', '单位名称（降序）');
    await expectSelected(page, '每页', '50 条/页');
    assert.deepEqual(await waitForUnitRows(page, (r) => r.length === rows.length, `${rows.length} rows`), rows, `rows after ${when}`);
  };
  await page.reload();
  await check('a reload');
  await screenshot(page, 'units-filters-after-reload');

  const link = page.url();
  await page.goto('/');
  await page.goto(link);
  await check('opening the link');
});

test('the units list exports CSV and the import template downloads', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await page.goto('/units?countyCode=140602&townCode=140602001');
  const total = await unitTotal(page);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), '创建单位.csv');
  const text = readFileSync(/** @type {string} */ (await csv.path()), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.ok(lines[0].includes('单位名称') && lines[0].includes('纳入创建日期'), `header: ${lines[0]}`);
  assert.equal(lines.length - 1, total, 'one line per unit in the list');
  assert.ok(lines.slice(1).every((l) => l.includes('北城街道')), 'only the filtered town');

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  assert.equal(xlsx.suggestedFilename(), '创建单位.xlsx');

  await page.getByRole('button', { name: '批量导入' }).click();
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('dialog').getByRole('button', { name: '下载导入模板' }).click()]);
  assert.equal(template.suggestedFilename(), '创建单位导入模板.xlsx');
  const bytes = readFileSync(/** @type {string} */ (await template.path()));
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
  await screenshot(page, 'units-import-dialog', { fullPage: false });
});

test('a save that lost the race shows the conflict and keeps the input', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await openUnits(page);
  await filterBeichengCommunities(page);
  await unitRows(page).nth(1).getByRole('link').first().click();
  await page.waitForURL(/\/units\/\d+$/);
  const id = /\/units\/(\d+)$/.exec(page.url())?.[1];
  await link(page, '编辑').click();
  const address = page.getByLabel('地址', { exact: true });
  await address.waitFor();

  // Someone else saves the unit meanwhile (through the API, with this user's token).
  const otherName = `负责人${randomInt(100, 1000)}`;
  const saved = await page.evaluate(
    async ({ id, otherName }) => {
      const { accessToken } = JSON.parse(sessionStorage.getItem('zac.session') ?? '{}');
      const call = async (/** @type {string} */ query, /** @type {object} */ variables) => {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ query, variables }),
        });
        return res.json();
      };
      const { data } = await call(
        'query($id: ID!) { unit(id: $id) { version name address creditCode principalPhone cityLevel enrolledOn longitude latitude category { code } sector { number } county { code } town { code } } }',
        { id },
      );
      const u = data.unit;
      const input = {
        name: u.name, categoryCode: u.category.code, sectorNumber: u.sector.number, countyCode: u.county.code, townCode: u.town.code,
        address: u.address, creditCode: u.creditCode, principalName: otherName, principalPhone: u.principalPhone, cityLevel: u.cityLevel,
        enrolledOn: u.enrolledOn, longitude: u.longitude, latitude: u.latitude,
      };
      const answer = await call('mutation($id: ID!, $version: Int!, $input: UnitInput!) { updateUnit(id: $id, version: $version, input: $input) { version } }', {
        id, version: u.version, input,
      });
      return answer.data?.updateUnit?.version ?? JSON.stringify(answer.errors);
    },
    { id, otherName },
  );
  assert.equal(typeof saved, 'number', `the other save went through: ${saved}`);

  const mine = `朔州市朔城区北城街道冲突测试路${randomInt(1000, 10000)}号`;
  await address.fill(mine);
  await press(page, '保存');
  const conflict = page.getByTestId('unit-conflict');
  await conflict.filter({ hasText: '该单位已被他人修改' }).waitFor();
  assert.equal(await address.inputValue(), mine, 'the input stays in the form');
  await screenshot(page, 'unit-edit-conflict');

  await conflict.getByRole('button', { name: '载入最新版本' }).click();
  await conflict.filter({ hasText: '已载入最新版本' }).waitFor();
  assert.equal(await page.getByLabel('主要负责人', { exact: true }).inputValue(), otherName, 'the form shows the latest version');
  assert.ok((await conflict.innerText()).includes(mine), 'the user\'s input is still visible');
  await screenshot(page, 'unit-edit-conflict-reloaded');

  await conflict.getByRole('button', { name: '应用我的修改' }).click();
  assert.equal(await address.inputValue(), mine);
  assert.equal(await page.getByLabel('主要负责人', { exact: true }).inputValue(), otherName, 'the other change stays');
  await press(page, '保存');
  await waitForPath(page, `/units/${id}`);
  const profile = page.getByTestId('unit-profile');
  await profile.filter({ hasText: mine }).waitFor();
  assert.ok((await profile.innerText()).includes(otherName), 'the other user\'s change is kept');
});

test('a county admin sets a unit\'s safety officers, then archives and restores the unit', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/');
  await openUnits(page);
  await filterBeichengCommunities(page);
  await unitRows(page).nth(2).getByRole('link').first().click();
  await page.waitForURL(/\/units\/\d+$/);
  const profile = page.getByTestId('unit-profile');
  await profile.waitFor();

  await button(page, '编辑安全员').click();
  const dialog = page.getByRole('dialog');
  // start from none, whatever an earlier run left
  while (await dialog.getByRole('button', { name: /删除 \d+$/ }).count()) await dialog.getByRole('button', { name: /删除 \d+$/ }).first().click();
  await button(dialog, '添加安全员').click();
  await button(dialog, '添加安全员').click();
  await dialog.getByLabel('姓名 1', { exact: true }).fill('李四');
  await dialog.getByLabel('电话 1', { exact: true }).fill('13812345678');
  await dialog.getByLabel('姓名 2', { exact: true }).fill('王五');
  await dialog.getByLabel('电话 2', { exact: true }).fill('2345678');
  await dialog.locator('.ant-select', { has: page.getByLabel('专职/兼职 1', { exact: true }) }).locator('.ant-select-selector').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="专职"]').click();
  await button(dialog, '保存').click();
  // the server names officers.1.phone; the dialog shows it under the second phone
  const phoneError = dialog.locator('.ant-form-item', { has: page.getByLabel('电话 2', { exact: true }) }).locator('.ant-form-item-explain-error');
  await phoneError.waitFor();
  assert.ok(/电话|0349/.test(await phoneError.innerText()), `phone error: ${await phoneError.innerText()}`);
  await screenshot(page, 'unit-officers-dialog-error', { fullPage: false });
  await dialog.getByLabel('电话 2', { exact: true }).fill('0349-2345678');
  await button(dialog, '保存').click();
  await page.getByText('安全员已保存').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  const officers = page.locator('[data-testid=officers-table] tbody tr.ant-table-row');
  await officers.nth(1).waitFor();
  assert.deepEqual(
    (await officers.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim()),
    ['李四 13812345678 专职', '王五 0349-2345678 兼职'],
  );
  await page.locator('[data-testid=change-log] tbody tr.ant-table-row').first().filter({ hasText: '设置安全员' }).waitFor();

  await button(page, '归档').click();
  await page.locator('.ant-modal-confirm').filter({ hasText: '确定归档' }).waitFor();
  await button(page.locator('.ant-modal-confirm'), '归档').click();
  await profile.filter({ hasText: '已归档' }).waitFor();
  await page.locator('[data-testid=change-log] tbody tr.ant-table-row').first().filter({ hasText: '归档' }).waitFor();
  await screenshot(page, 'unit-archived');
  await button(page, '恢复').click();
  await button(page.locator('.ant-modal-confirm'), '恢复').click();
  await profile.filter({ hasText: '在册' }).waitFor();
  await page.locator('[data-testid=change-log] tbody tr.ant-table-row').first().filter({ hasText: '恢复' }).waitFor();
});

test('the units list reads in English', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  await menuItems(page).filter({ hasText: 'Units' }).click();
  await waitForPath(page, '/units');
  await page.getByTestId('units-total').filter({ hasText: /\d+ units/ }).waitFor();
  await waitForUnitRows(page, (r) => r.length === 20, 'a full page');
  const headers = (await page.locator('[data-testid=units-table] thead th').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  assert.deepEqual(headers, ['Unit name', 'Category', 'County', 'Town', 'Sector', 'City-level unit', 'Blacklist', 'Open hazards', 'Zero accidents this year']);
  // analysts read, they do not keep the register
  assert.equal(await page.getByRole('button', { name: 'Import' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'New unit' }).count(), 0);
  await screenshot(page, 'units-list-analyst-en');
});

await run();
