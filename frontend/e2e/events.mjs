// @ts-check
// Browser tests of the working cycle: inspections, the hazard closed loop, incidents and the
// zero-accident year, certification, the blacklist, the hazards board and the incidents list, the
// drill-down city → county → town → unit, each role's landing page, scope by URL and persisted
// queries. Against a running server with demo data (`server seed --demo`); the variables and the
// runner are harness.mjs's. The tests that change data register units of their own first, so they
// neither depend on nor disturb the demo rows.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BASE_URL, PASSWORD, THIS_YEAR, breadcrumbs, button, escapeRegExp, login, press, screenshot, suite, waitForPath } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const { test, run } = suite({ title: 'events', viewport: { width: 1440, height: 900 }, failOnPageError: true });

/** @param {Page} page */
async function logout(page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await waitForPath(page, '/login');
}

/** The input of the antd Select labelled `label`. @param {Page | Locator} scope @param {string} label */
function combobox(scope, label) {
  return scope.getByRole('combobox', { name: new RegExp(`^(\\* )?${escapeRegExp(label)}$`) });
}

/** Chooses `option` in the antd Select labelled `label`. @param {Page} page @param {string} label @param {string} option */
async function pickOption(page, label, option) {
  await page
    .locator('.ant-select', { has: combobox(page, label) })
    .locator('.ant-select-selector')
    .click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.locator(`.ant-select-item-option[title="${option}"]`).click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** Types a date into the antd DatePicker labelled `label`. @param {Locator} scope @param {string} label @param {string} date YYYY-MM-DD */
async function fillDate(scope, label, date) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** Clicks the button-style radio `text` inside `scope`. @param {Locator} scope @param {string} text */
async function chooseRadio(scope, text) {
  await scope.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }).click();
}

/** The form item's error under the field labelled `label`. @param {Locator} scope @param {string} label */
function fieldError(scope, label) {
  // the inner locator of `has` is relative to the form item, hence from the page
  return scope.locator('.ant-form-item', { has: scope.page().getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
}

/** A date `days` from today, YYYY-MM-DD (the browser and this script share the machine's zone). @param {number} days */
function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Calls the API with the signed-in session's token, from the page.
 * @param {Page} page @param {string} query @param {Record<string, unknown>} [variables]
 */
async function api(page, query, variables = {}) {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const { accessToken } = JSON.parse(sessionStorage.getItem('zac.session') ?? '{}');
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    { query, variables },
  );
  if (body.errors?.length) throw new Error(`API: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Registers a village of 朔城区 神头街道 enrolled on 2020-01-01 (no credit code needed), for a test to
 * work on without touching the demo rows. Returns its id and name.
 * @param {Page} page @param {string} what
 */
async function createUnit(page, what) {
  const name = `${what}测试村${Date.now().toString(36).toUpperCase()}`;
  const data = await api(page, 'mutation($input: UnitInput!) { createUnit(input: $input) { id name } }', {
    input: {
      name,
      categoryCode: 'village_community',
      sectorNumber: 18,
      countyCode: '140602',
      townCode: '140602003',
      address: '朔州市朔城区神头街道测试路1号',
      principalName: '测试员',
      principalPhone: '13912345678',
      cityLevel: false,
      enrolledOn: '2020-01-01',
    },
  });
  return /** @type {{ id: string, name: string }} */ (data.createUnit);
}

/**
 * Calls the API from this script as a demo user (for facts a test needs but its user may not see).
 * @param {string} username @param {string} query
 */
async function serverApi(username, query) {
  const call = async (/** @type {string} */ q, /** @type {Record<string, unknown>} */ variables, /** @type {string} */ token) => {
    const res = await fetch(`${BASE_URL}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: q, variables }),
    });
    const body = await res.json();
    if (body.errors?.length) throw new Error(`API: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const { login: auth } = await call(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: username, p: PASSWORD },
    '',
  );
  return call(query, {}, auth.accessToken);
}

/** @param {Page} page @param {string} name */
async function openTab(page, name) {
  await page.getByTestId('unit-event-tabs').getByRole('tab', { name, exact: true }).click();
}

/** The unit page's history row of a year. @param {Page} page @param {number} year */
function historyRow(page, year) {
  return page.locator(`[data-testid=history-table] tbody tr[data-row-key="${year}"]`);
}

// ---- landing and drill-down ------------------------------------------------------------------

test('each role lands on its own page, and a login from another URL goes back there', async (page) => {
  /** @type {[string, string, (p: Page) => Promise<void>][]} */
  const cases = [
    ['county_admin_140602', '/counties/140602', (p) => p.getByRole('heading', { name: '朔城区' }).waitFor()],
    ['dept_housing_construction', '/sectors', (p) => p.getByTestId('my-sectors-table').waitFor()],
    ['city_admin', '/', (p) => p.locator('.ant-layout-sider .ant-menu-item').first().waitFor()],
    ['analyst', '/', (p) => p.locator('.ant-layout-sider .ant-menu-item').first().waitFor()],
  ];
  for (const [username, landing, check] of cases) {
    await page.goto('/login');
    await login(page, username);
    await waitForPath(page, landing);
    await check(page);
    if (username === 'county_admin_140602') await screenshot(page, 'landing-county_admin_140602');
    await logout(page);
  }
  // sent to the login page from a URL: back there, not to the landing page
  await page.goto('/hazards?state=RECTIFYING');
  await waitForPath(page, '/login');
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/hazards');
  assert.equal(new URL(page.url()).searchParams.get('state'), 'RECTIFYING');
});

test('the city office drills down city → county → town → unit by clicks; the breadcrumbs follow', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await page.locator('a[href="/counties/140602"]').first().click();
  await waitForPath(page, '/counties/140602');
  await page.getByRole('heading', { name: '朔城区' }).waitFor();
  await screenshot(page, 'county-140602-towns');
  await page.locator('[data-testid=towns-table] a[href="/towns/140602001"]').click();
  await waitForPath(page, '/towns/140602001');
  await page.getByRole('heading', { name: '北城街道' }).waitFor();
  await page
    .getByTestId('town-units-total')
    .filter({ hasText: /共 \d+ 个单位/ })
    .waitFor();
  assert.equal(await breadcrumbs(page), '首页 / 朔城区 / 北城街道');
  const rows = page.locator('[data-testid=town-units-table] tbody tr.ant-table-row');
  await rows.nth(19).waitFor();
  await screenshot(page, 'town-140602001');
  // the next page of the town's units
  const first = await rows.first().innerText();
  await button(page, '下一页').click();
  await page.getByText('第 2 页').waitFor();
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid=town-units-table] tbody tr.ant-table-row')?.textContent !== text,
    first,
  );

  const link = rows.first().getByRole('link').first();
  const name = (await link.innerText()).trim();
  await link.click();
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByTestId('unit-profile').filter({ hasText: name }).waitFor();
  assert.equal(await breadcrumbs(page), `首页 / 朔城区 / 北城街道 / ${name}`);
  const crumb = page.locator('.ant-breadcrumb');
  assert.equal(await crumb.getByRole('link', { name: '朔城区' }).getAttribute('href'), '/counties/140602');
  assert.equal(await crumb.getByRole('link', { name: '北城街道' }).getAttribute('href'), '/towns/140602001');
  // the working cycle's tabs are on the unit page, 零事故年度 first
  await page.locator('[data-testid=history-table] tbody tr.ant-table-row').first().waitFor();
  await screenshot(page, 'unit-history-city_admin');
  await crumb.getByRole('link', { name: '北城街道' }).click();
  await waitForPath(page, '/towns/140602001');
});

test('a lead department drills down by sector: 行业领域 → county → units → unit', async (page) => {
  await login(page, 'dept_housing_construction');
  await waitForPath(page, '/sectors');
  await page.locator('[data-testid=my-sectors-table] tbody tr.ant-table-row', { hasText: '建筑施工' }).getByRole('link').click();
  await waitForPath(page, '/sectors/4');
  const counties = page.locator('[data-testid=sector-counties-table] tbody tr.ant-table-row');
  await counties.first().waitFor();
  const row = counties.filter({ hasText: '朔城区' });
  const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.ok(Number(cells[1].replace(/,/g, '')) > 0, `朔城区 has sector 4 units: ${cells}`);
  assert.ok(/%|—/.test(cells[2]), `a zero-accident rate: ${cells[2]}`);
  await screenshot(page, 'sector-4-by-county');
  await row.getByRole('link', { name: '朔城区' }).click();
  await page.waitForURL(
    (url) => url.pathname === '/units' && url.searchParams.get('sectorNumber') === '4' && url.searchParams.get('countyCode') === '140602',
  );
  const units = page.locator('[data-testid=units-table] tbody tr.ant-table-row');
  await units.first().waitFor();
  const link = units.first().getByRole('link').first();
  const name = (await link.innerText()).trim();
  await link.click();
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByTestId('unit-profile').filter({ hasText: name }).waitFor();
  assert.equal(await breadcrumbs(page), `首页 / 行业领域 4 / 朔城区 / ${name}`);
  const crumb = page.locator('.ant-breadcrumb');
  assert.equal(await crumb.getByRole('link', { name: '行业领域 4' }).getAttribute('href'), '/sectors/4');
  assert.equal(await crumb.getByRole('link', { name: '朔城区' }).getAttribute('href'), '/units?countyCode=140602&sectorNumber=4');
  await screenshot(page, 'unit-dept_housing_construction');
});

test("a lead department typing another scope's URL gets 无权访问 or not-found, never data", async (page) => {
  await login(page, 'dept_housing_construction');
  await waitForPath(page, '/sectors');
  await page.goto('/counties/140603');
  await page.getByText('无权访问').first().waitFor();
  assert.equal(await page.getByTestId('towns-table').count(), 0);
  await screenshot(page, 'forbidden-county-dept_housing_construction');
  await page.goto('/towns/140603100');
  await page.getByText('无权访问').first().waitFor();
  await page.goto('/sectors/18');
  await page.getByText('无权访问').first().waitFor();

  // a unit of sector 18 (the villages), as the city office finds it
  const found = await serverApi(
    'city_admin',
    '{ units(filter: { sectorNumber: 18, countyCode: "140603" }, first: 1) { edges { node { id name } } } }',
  );
  const village = found.units.edges[0].node;

  await page.goto(`/units/${village.id}`);
  await page.getByText('没有找到该单位').first().waitFor();
  assert.equal(await page.getByTestId('unit-profile').count(), 0, 'no profile');
  assert.equal(await page.getByText(village.name).count(), 0, 'not even the name');
  await screenshot(page, 'not-found-unit-dept_housing_construction');

  // its hazards board holds only its sectors' hazards
  await page.goto('/hazards?state=CLOSED');
  const rows = page.locator('[data-testid=hazards-table] tbody tr.ant-table-row');
  await rows.first().waitFor();
  for (const text of await rows.allInnerTexts()) assert.ok(/\b4\. 建筑施工/.test(text), `only sector 4: ${text.slice(0, 80)}`);
});

// ---- inspections and the hazard loop ----------------------------------------------------------

test('a county admin records an inspection with a major hazard; it goes 治理 → 验收 (city office) → 销号 and is reopened', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/counties/140602');
  const unit = await createUnit(page, '检查');
  await page.goto(`/units/${unit.id}`);
  await page.getByTestId('unit-profile').filter({ hasText: unit.name }).waitFor();
  await openTab(page, '检查记录');
  await page.getByTestId('inspections-table').getByText('暂无检查记录').waitFor();
  await button(page, '记录检查').click();
  const drawer = page.locator('.ant-drawer-content');
  const form = drawer.getByTestId('inspection-form');
  await form.waitFor();
  assert.equal(await form.getByTestId('standard-row').count(), 10, 'a row per creation standard');

  await pickOption(page, '检查方式', '县级检查');
  await drawer.getByLabel('检查单位', { exact: true }).fill('朔城区应急管理局');
  await drawer.getByLabel('检查人', { exact: true }).fill('张检查');
  await drawer.getByLabel('检查情况', { exact: true }).fill('现场检查，重点部位消防设施缺失。');
  // every standard needs a result: saving without them names each
  await button(drawer, '保存').click();
  await drawer.locator('.ant-form-item-explain-error', { hasText: '请选择结果' }).nth(9).waitFor();
  assert.equal(await drawer.locator('.ant-form-item-explain-error', { hasText: '请选择结果' }).count(), 10);
  await button(drawer, '全部符合').click();
  // choosing 全部符合 answers every standard: none of the ten 请选择结果 stays
  await drawer.locator('.ant-form-item-explain-error', { hasText: '请选择结果' }).first().waitFor({ state: 'detached' });
  assert.equal(await drawer.locator('.ant-form-item-explain-error', { hasText: '请选择结果' }).count(), 0, 'no stale 请选择结果');
  const std23 = form.locator('[data-testid=standard-row][data-code="2.3"]');
  await chooseRadio(std23, '不符合');
  await std23.getByLabel('备注 2.3').fill('灭火器过期');

  // the 不符合 proposes a hazard linked to standard 2.3
  const hazardCard = drawer.getByTestId('hazard-input').first();
  await hazardCard.getByText('不符合项 2.3').waitFor();
  assert.equal(await drawer.getByTestId('hazard-input').count(), 1, 'one proposed hazard');
  await chooseRadio(hazardCard, '重大隐患');
  await drawer.getByLabel('隐患描述 1', { exact: true }).fill('仓库消防通道被杂物堵塞，灭火器过期');
  await drawer.getByLabel('隐患类别 1', { exact: true }).fill('消防安全');
  await drawer.getByLabel('整改方案 1', { exact: true }).fill('清理通道杂物，更换全部过期灭火器');
  await drawer.getByLabel('整改责任人 1', { exact: true }).fill('李责任');
  // a deadline before the finding: the server's message appears under that hazard's field
  await fillDate(drawer, '整改期限 1', dayFromToday(-3));
  await button(drawer, '保存').click();
  await fieldError(drawer, '整改期限 1').filter({ hasText: '整改期限不能早于发现日期' }).waitFor();
  await screenshot(page, 'inspection-drawer-field-error', { fullPage: false });
  await fillDate(drawer, '整改期限 1', dayFromToday(30));
  await button(drawer, '保存').click();
  await page.getByText('已记录检查，发现隐患 1 处').waitFor();
  await drawer.waitFor({ state: 'hidden' });

  const inspections = page.locator('[data-testid=inspections-table] tbody tr.ant-table-row');
  await inspections.first().waitFor();
  const summary = await inspections.first().innerText();
  for (const part of ['县级检查', '朔城区应急管理局', '张检查', '符合 9 · 不符合 1 · 不适用 0', '1 处']) {
    assert.ok(summary.includes(part), `the inspection row shows ${part}: ${summary}`);
  }
  await inspections.first().locator('.ant-table-row-expand-icon').click();
  const results = page.locator('[data-testid=inspection-results] tbody tr.ant-table-row');
  await results.nth(9).waitFor();
  assert.equal(await results.count(), 10);
  assert.ok((await results.filter({ hasText: '2.3' }).innerText()).includes('不符合'));
  await page.getByTestId('inspection-detail').getByText('仓库消防通道被杂物堵塞').waitFor();
  await screenshot(page, 'unit-inspections-expanded');

  // 隐患: 排查 → 治理, by the county admin
  await openTab(page, '隐患');
  const hazard = page.locator('[data-testid=unit-hazards-table] tbody tr.ant-table-row').first();
  await hazard.filter({ hasText: '重大隐患' }).filter({ hasText: '排查' }).waitFor();
  await button(hazard, '推进').click();
  let dialog = page.getByRole('dialog', { name: '推进隐患' });
  await dialog.waitFor();
  assert.deepEqual(
    (await dialog.locator('label.ant-radio-button-wrapper').allInnerTexts()).map((s) => s.trim()),
    ['治理'],
    'a major hazard goes to 治理 only',
  );
  assert.equal(await dialog.getByLabel('整改责任人', { exact: true }).inputValue(), '李责任', 'the plan is filled in from the finding');
  await fillDate(dialog, '整改期限', dayFromToday(-1));
  await button(dialog, '推进').click();
  await fieldError(dialog, '整改期限').filter({ hasText: '整改期限不能早于发现日期' }).waitFor();
  await screenshot(page, 'hazard-advance-field-error', { fullPage: false });
  await fillDate(dialog, '整改期限', dayFromToday(20));
  await dialog.getByLabel('说明', { exact: true }).fill('已制定整改方案，开始治理');
  await button(dialog, '推进').click();
  await page.getByText('隐患已转为“治理”').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await hazard.filter({ hasText: '治理' }).waitFor();

  // the one who reported the rectification may not verify it
  await button(hazard, '推进').click();
  dialog = page.getByRole('dialog', { name: '推进隐患' });
  // the dialog says so before anything is submitted: 验收 is not this account's step, 推进 is off
  const verify = dialog.getByTestId('next-steps').locator('li', { hasText: /^验收/ });
  await verify.getByText('验收人不能是报告整改的人').waitFor();
  assert.equal(await verify.getAttribute('data-allowed'), 'no');
  assert.ok(await button(dialog, '推进').isDisabled(), '推进 is off when no step is the caller\'s');
  await button(dialog, '取消').click();

  // 验收 and 销号 by the city office, signed in from the unit's URL (and back there)
  const unitUrl = `/units/${unit.id}?tab=hazards`;
  await logout(page);
  await page.goto(unitUrl);
  await waitForPath(page, '/login');
  await login(page, 'city_admin');
  await waitForPath(page, `/units/${unit.id}`);
  await hazard.filter({ hasText: '治理' }).waitFor();
  await button(hazard, '推进').click();
  dialog = page.getByRole('dialog', { name: '推进隐患' });
  await dialog.getByLabel('说明', { exact: true }).fill('复查合格');
  await button(dialog, '推进').click();
  await page.getByText('隐患已转为“验收”').waitFor();
  await hazard.filter({ hasText: '验收' }).waitFor();
  await button(hazard, '推进').click();
  dialog = page.getByRole('dialog', { name: '推进隐患' });
  assert.deepEqual(
    (await dialog.locator('label.ant-radio-button-wrapper').allInnerTexts()).map((s) => s.trim()),
    ['销号'],
  );
  await dialog.getByLabel('说明', { exact: true }).fill('同意销号');
  await button(dialog, '推进').click();
  await page.getByText('隐患已转为“销号”').waitFor();
  await hazard.filter({ hasText: '销号' }).waitFor();

  // the four transitions, with who and why (the row opened itself after the change)
  const transitions = page.getByTestId('hazard-transition');
  await transitions.nth(3).waitFor();
  const steps = (await transitions.allInnerTexts()).map((s) => s.replace(/\s+/g, ' '));
  assert.equal(steps.length, 4, steps.join(' | '));
  const expected = [
    ['发现（排查）', 'county_admin_140602', '排查发现'],
    ['排查 → 治理', 'county_admin_140602', '已制定整改方案，开始治理'],
    ['治理 → 验收', 'city_admin', '复查合格'],
    ['验收 → 销号', 'city_admin', '同意销号'],
  ];
  expected.forEach((parts, i) => parts.forEach((p) => assert.ok(steps[i].includes(p), `transition ${i + 1} shows ${p}: ${steps[i]}`)));
  await page.getByTestId('hazard-detail').locator('.ant-steps-item-finish, .ant-steps-item-process').nth(3).waitFor();
  await screenshot(page, 'unit-hazard-closed-transitions');

  // 重新打开 with a reason: back to 排查, the fifth transition marked 重新打开
  await button(hazard, '重新打开').click();
  dialog = page.getByRole('dialog', { name: '重新打开隐患' });
  await dialog.getByLabel('原因', { exact: true }).fill('回访发现通道再次被堵');
  await button(dialog, '重新打开').click();
  await page.getByText('隐患已重新打开').waitFor();
  await hazard.filter({ hasText: '排查' }).waitFor();
  await transitions.nth(4).filter({ hasText: '重新打开' }).filter({ hasText: '回访发现通道再次被堵' }).waitFor();
});

test('a hazard changed meanwhile by someone else shows the conflict and reloads', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/counties/140602');
  const unit = await createUnit(page, '冲突');
  const { creationStandards } = await api(page, '{ creationStandards { code } }');
  const recorded = await api(
    page,
    'mutation($input: InspectionInput!) { recordInspection(input: $input) { hazards { id version } } }',
    {
      input: {
        unitId: unit.id,
        inspectedOn: dayFromToday(0),
        kind: 'SELF_CHECK',
        inspectingBody: unit.name,
        results: creationStandards.map((/** @type {{ code: string }} */ s) => ({ standardCode: s.code, result: 'MET' })),
        hazards: [{ level: 'GENERAL', description: '配电箱门未上锁', category: '用电安全' }],
      },
    },
  );
  const [h] = recorded.recordInspection.hazards;
  await page.goto(`/units/${unit.id}?tab=hazards`);
  const hazard = page.locator('[data-testid=unit-hazards-table] tbody tr.ant-table-row').first();
  await hazard.filter({ hasText: '排查' }).waitFor();
  await button(hazard, '推进').click();
  const dialog = page.getByRole('dialog', { name: '推进隐患' });
  // a general hazard may also be verified at once (边排查边整治)
  assert.deepEqual((await dialog.locator('label.ant-radio-button-wrapper').allInnerTexts()).map((x) => x.trim()), ['治理', '验收']);
  // meanwhile someone moves it on
  await api(page, 'mutation($input: AdvanceHazardInput!) { advanceHazard(input: $input) { version } }', {
    input: { id: h.id, version: h.version, to: 'RECTIFYING', note: '他人已推进' },
  });
  await chooseRadio(dialog, '验收');
  await button(dialog, '推进').click();
  const conflict = page.getByTestId('hazard-conflict');
  await conflict.filter({ hasText: '该隐患已被他人更新' }).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await screenshot(page, 'unit-hazard-conflict');
  await button(conflict, '重新载入').click();
  await hazard.filter({ hasText: '治理' }).waitFor();
  await conflict.waitFor({ state: 'hidden' });
});

// ---- incidents, the zero-accident year, certification ------------------------------------------

test('a county admin certifies last year, reports incidents, and sees the years vetoed and the certification refused', async (page) => {
  const lastYear = THIS_YEAR - 1;
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/counties/140602');
  const unit = await createUnit(page, '事故');
  await page.goto(`/units/${unit.id}`);
  const thisYearRow = historyRow(page, THIS_YEAR);
  await thisYearRow.filter({ hasText: '✓ 零事故' }).filter({ hasText: '年度未结束' }).waitFor();
  const years = await page
    .locator('[data-testid=history-table] tbody tr.ant-table-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));
  assert.deepEqual(
    years.map(Number),
    Array.from({ length: THIS_YEAR - 2019 }, (_, i) => THIS_YEAR - i),
    'every year from enrolment, newest first',
  );
  assert.equal(await button(thisYearRow, '认定').count(), 0, 'a year not yet over cannot be certified');

  // 认定 of last year
  const lastYearRow = historyRow(page, lastYear);
  await button(lastYearRow, '认定').click();
  await page
    .locator('.ant-modal-confirm')
    .filter({ hasText: `${lastYear} 年为零事故单位` })
    .waitFor();
  await press(page.locator('.ant-modal-confirm'), '认定');
  await page.getByText(`已认定 ${lastYear} 年零事故`).waitFor();
  await lastYearRow.filter({ hasText: '已认定' }).filter({ hasText: '朔城区管理员' }).waitFor();

  // an incident this year: 一般事故, and this year turns 否决
  await openTab(page, '事故');
  await button(page, '报告事故').click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('事故类型', { exact: true }).fill('机械伤害');
  await dialog.getByLabel('重伤人数', { exact: true }).fill('1');
  await dialog.getByLabel('轻伤人数', { exact: true }).fill('2');
  await dialog.getByLabel('直接经济损失（万元）', { exact: true }).fill('12.5');
  await dialog.getByLabel('事故经过', { exact: true }).fill('设备检修时未断电，致一人重伤两人轻伤。');
  await dialog.getByRole('button', { name: '报告事故' }).click();
  const answer = dialog.getByTestId('incident-reported');
  await answer.filter({ hasText: '已报告事故，事故等级：一般事故' }).waitFor();
  await screenshot(page, 'incident-reported', { fullPage: false });
  await button(dialog, '关闭').click();
  const incidents = page.locator('[data-testid=unit-incidents-table] tbody tr.ant-table-row');
  await incidents.first().filter({ hasText: '机械伤害' }).filter({ hasText: '一般事故' }).waitFor();

  // an incident last year with three deaths: 较大事故, and last year's certification is withdrawn
  await button(page, '报告事故').click();
  dialog = page.getByRole('dialog');
  await fillDate(dialog, '事故日期', `${lastYear}-06-15`);
  await dialog.getByLabel('事故类型', { exact: true }).fill('坍塌');
  await dialog.getByLabel('死亡人数', { exact: true }).fill('3');
  await dialog.getByLabel('直接经济损失（万元）', { exact: true }).fill('350');
  await dialog.getByRole('button', { name: '报告事故' }).click();
  await dialog.getByTestId('incident-reported').filter({ hasText: '较大事故' }).waitFor();
  await button(dialog, '关闭').click();
  await incidents.nth(1).waitFor();
  const kinds = (await incidents.allInnerTexts()).map((s) => s.replace(/\s+/g, ' '));
  assert.ok(
    kinds.some((r) => r.includes('坍塌') && r.includes('较大事故') && r.includes('死亡 3')),
    kinds.join(' | '),
  );
  await screenshot(page, 'unit-incidents');

  await openTab(page, '零事故年度');
  await thisYearRow.filter({ hasText: '✗ 否决（非零事故）' }).waitFor();
  assert.equal((await thisYearRow.locator('td').nth(2).innerText()).trim(), '1', '事故数 1');
  await lastYearRow.filter({ hasText: '✗ 否决（非零事故）' }).filter({ hasText: '未认定' }).waitFor();
  // the profile's status of this year follows
  await page.getByTestId('unit-profile').locator('[data-zero-accident="no"]').waitFor();

  // certifying a vetoed year is refused with the server's reason
  await button(lastYearRow, '认定').click();
  await press(page.locator('.ant-modal-confirm'), '认定');
  const refusal = page.getByTestId('certify-refusal');
  await refusal.filter({ hasText: '未达到零事故' }).waitFor();
  assert.ok((await refusal.innerText()).includes(unit.name), 'the refusal names the unit');
  await screenshot(page, 'unit-history-vetoed');
});

test('the city office blacklists a unit with a reason and lifts it again', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  const unit = await createUnit(page, '黑名单');
  await page.goto(`/units/${unit.id}?tab=blacklist`);
  await page.getByTestId('blacklist-table').getByText('无黑名单记录').waitFor();
  await button(page, '列入黑名单').click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('原因', { exact: true }).fill('瞒报生产安全事故');
  await button(dialog, '列入黑名单').click();
  await page.getByText('已列入黑名单').first().waitFor();
  const entry = page.locator('[data-testid=blacklist-table] tbody tr.ant-table-row').first();
  await entry.filter({ hasText: '在列' }).filter({ hasText: '瞒报生产安全事故' }).filter({ hasText: '市专班办公室' }).waitFor();
  await page.getByRole('heading').getByText('黑名单', { exact: true }).waitFor();
  assert.equal(await button(page, '列入黑名单').count(), 0, 'a listed unit is not listed twice');
  await screenshot(page, 'unit-blacklisted');
  await button(entry, '移出黑名单').click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('原因', { exact: true }).fill('已整改到位，经审核移出');
  await button(dialog, '移出黑名单').click();
  await entry.filter({ hasText: '已移出' }).filter({ hasText: '已整改到位，经审核移出' }).waitFor();
  await button(page, '列入黑名单').waitFor();
});

// ---- the hazards board and the incidents list ------------------------------------------------

/** The four tabs' counts. @param {Page} page */
async function tabCounts(page) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const state of ['FOUND', 'RECTIFYING', 'VERIFIED', 'CLOSED']) {
    const badge = page.getByTestId(`hazard-count-${state}`);
    await badge.filter({ hasText: /^\d[\d,]*$/ }).waitFor();
    counts[state] = Number((await badge.innerText()).replace(/\D/g, ''));
  }
  return counts;
}

/** Waits for the hazards table to settle. @param {Page} page */
async function hazardRows(page) {
  const table = page.getByTestId('hazards-table');
  await table.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=hazards-table] .ant-spin-spinning'));
  return page.locator('[data-testid=hazards-table] tbody tr.ant-table-row');
}

test('the hazards board counts each state, filters by level and overdue, and keeps its filters in the URL', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/counties/140602');
  await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '隐患排查治理' }).click();
  await waitForPath(page, '/hazards');
  // a county admin's board is its county's
  await page
    .locator('.ant-select', { has: combobox(page, '县(市、区)') })
    .locator('.ant-select-selection-item[title="朔城区"]')
    .waitFor();
  const all = await tabCounts(page);
  assert.ok(all.CLOSED > 0, `closed hazards: ${JSON.stringify(all)}`);
  await page
    .getByTestId('hazards-total')
    .filter({ hasText: `共 ${all.FOUND} 条隐患` })
    .waitFor();
  await screenshot(page, 'hazards-board-county_admin_140602');

  await page.getByTestId('overdue-only').click();
  await page.waitForURL((url) => url.searchParams.get('overdue') === 'true');
  await page.waitForFunction(() => document.querySelector('[data-testid=hazard-count-CLOSED]')?.textContent === '0');
  const overdue = await tabCounts(page);
  assert.equal(overdue.CLOSED, 0, 'a closed hazard is never overdue');
  for (const s of Object.keys(all)) assert.ok(overdue[s] <= all[s], `${s}: ${overdue[s]} ≤ ${all[s]}`);
  const [state, count] = Object.entries(overdue).sort((a, b) => b[1] - a[1])[0];
  assert.ok(count > 0, `some overdue hazards in 朔城区: ${JSON.stringify(overdue)}`);
  await page.getByTestId(`hazard-tab-${state}`).click();
  await page.waitForURL(
    (url) => url.searchParams.get('state') === (state === 'FOUND' ? null : state) || (state === 'FOUND' && !url.searchParams.has('state')),
  );
  let rows = await hazardRows(page);
  // the tab's rows replace the previous tab's
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=hazards-table] tbody tr.ant-table-row').length === n,
    Math.min(count, 20),
  );
  await page.getByTestId('hazards-total').filter({ hasText: `共 ${count} 条隐患` }).waitFor();
  for (const r of await rows.all()) {
    assert.equal(await r.getAttribute('data-overdue'), 'yes');
    assert.ok((await r.innerText()).includes('逾期'), 'overdue is said in words');
  }
  await screenshot(page, 'hazards-board-overdue');

  // the URL keeps it all
  const link = page.url();
  await page.reload();
  rows = await hazardRows(page);
  await rows.first().waitFor();
  assert.ok(await page.getByRole('checkbox', { name: '仅看逾期' }).isChecked(), 'still overdue only');
  assert.equal(page.url(), link);

  // a major-only view; the unit link opens the unit's hazards
  await pickOption(page, '隐患等级', '重大隐患');
  await page.waitForURL((url) => url.searchParams.get('level') === 'MAJOR');
  rows = await hazardRows(page);
  for (const text of await rows.allInnerTexts()) assert.ok(text.includes('重大隐患'), text.slice(0, 60));
  await page.getByTestId('overdue-only').click();
  await page.waitForURL((url) => !url.searchParams.has('overdue'));
  await page.getByTestId('hazard-tab-CLOSED').click();
  await page.waitForURL((url) => url.searchParams.get('state') === 'CLOSED');
  const closed = (await tabCounts(page)).CLOSED;
  await page.getByTestId('hazards-total').filter({ hasText: `共 ${closed} 条隐患` }).waitFor();
  rows = await hazardRows(page);
  await rows.first().filter({ hasText: '销号' }).waitFor();
  const unitLink = rows.first().getByRole('link').first();
  const unitName = (await unitLink.innerText()).trim();
  await unitLink.click();
  await page.waitForURL((url) => /^\/units\/\d+$/.test(url.pathname) && url.searchParams.get('tab') === 'hazards');
  await page.getByTestId('unit-profile').filter({ hasText: unitName }).waitFor();
  await page.locator('[data-testid=unit-hazards-table] tbody tr.ant-table-row').first().waitFor();
});

test('the incidents list filters by year and severity and links to the unit', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '事故管理' }).click();
  await waitForPath(page, '/incidents');
  await page
    .getByTestId('incidents-total')
    .filter({ hasText: /共 \d+ 起事故/ })
    .waitFor();
  const rows = page.locator('[data-testid=incidents-table] tbody tr.ant-table-row');
  await rows.first().waitFor();
  await screenshot(page, 'incidents-list');
  await pickOption(page, '年度', '2022 年');
  await pickOption(page, '事故等级', '较大事故');
  await page.waitForURL((url) => url.searchParams.get('year') === '2022' && url.searchParams.get('severity') === 'LARGER');
  await page
    .getByTestId('incidents-total')
    .filter({ hasText: /共 \d+ 起事故/ })
    .waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=incidents-table] .ant-spin-spinning'));
  const texts = await rows.allInnerTexts();
  assert.ok(texts.length > 0, 'the demo data has larger accidents in 2022');
  for (const t of texts) assert.ok(t.includes('较大事故') && t.includes('2022年'), t.slice(0, 80));
  await screenshot(page, 'incidents-list-2022-larger');
  await page.reload();
  await rows.first().waitFor();
  const link = rows.first().getByRole('link').first();
  const name = (await link.innerText()).trim();
  await link.click();
  await page.waitForURL((url) => /^\/units\/\d+$/.test(url.pathname) && url.searchParams.get('tab') === 'incidents');
  await page.getByTestId('unit-profile').filter({ hasText: name }).waitFor();
  await page.locator('[data-testid=unit-incidents-table] tbody tr.ant-table-row', { hasText: '较大事故' }).first().waitFor();
});

test('the hazards board reads in English', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  await page.locator('.ant-layout-sider .ant-menu-item', { hasText: 'Hazards' }).click();
  await waitForPath(page, '/hazards');
  await tabCounts(page);
  const tabs = (await page.getByRole('tab').allInnerTexts()).map((s) => s.replace(/[\d,\s]+$/, '').trim());
  assert.deepEqual(tabs, ['Found', 'Rectifying', 'Verified', 'Closed']);
  await page.getByText('Overdue only').waitFor();
  // analysts read; they never record
  assert.equal(await page.getByRole('button', { name: /Advance$/ }).count(), 0);
  await page.locator('.ant-dropdown').waitFor({ state: 'hidden' });
  await screenshot(page, 'hazards-board-analyst-en');
});

// ---- persisted queries -----------------------------------------------------------------------

test('a query is sent as its persisted hash; only an unknown hash brings the document', async (page) => {
  /** @type {{ name: string, hash?: string, query?: string }[]} */
  const sent = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname !== '/graphql' || r.method() !== 'POST') return;
    try {
      const body = JSON.parse(r.postData() ?? '{}');
      sent.push({ name: body.operationName, hash: body.extensions?.persistedQuery?.sha256Hash, query: body.query });
    } catch {
      // not JSON
    }
  });
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  const loginCall = sent.find((s) => s.name === 'Login');
  assert.ok(loginCall?.query && !loginCall.hash, 'mutations are sent with their document');

  await page.goto('/hazards');
  await hazardRows(page);
  const first = sent.filter((s) => s.name === 'HazardBoard');
  assert.ok(first.length >= 1 && !first[0].query && first[0].hash, 'the first try is the hash alone');
  // a server that did not know it yet got the document once, under the same hash
  for (const retry of first.slice(1)) {
    assert.ok(retry.query, 'the retry carries the document');
    assert.equal(
      createHash('sha256')
        .update(/** @type {string} */ (retry.query))
        .digest('hex'),
      retry.hash,
    );
  }

  // a second identical query (a new page load, so no client cache): the hash alone, and it is answered
  sent.length = 0;
  await page.reload();
  const rows = await hazardRows(page);
  await rows.first().waitFor();
  const second = sent.filter((s) => s.name === 'HazardBoard');
  assert.ok(second.length >= 1, 'the board was asked for again');
  for (const s of second) {
    assert.equal(s.query, undefined, 'no query field: sent as a hash');
    assert.equal(s.hash, first[0].hash);
  }
  console.log(`    HazardBoard sent as ${second[0].hash?.slice(0, 12)}… (${second.length} request(s), no document)`);
});

await run();
