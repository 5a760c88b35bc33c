// @ts-check
// One whole visit per role, as a user makes it: sign in, land on the role's own page
// (services/landing.ts), drill down by clicking links in tables — city → county → town → unit, or for
// a lead department sector → county → unit — with the breadcrumbs following each step, read the unit,
// switch the interface to English, and sign out. A screenshot of every view, journey-<role>-<step>.png.
// Against a running server with demo data (`server seed --demo`); the variables and the runner are
// harness.mjs's. Nothing is changed, so the journeys may run in any order.
import assert from 'node:assert/strict';
import { breadcrumbs, button, link, login, menuLabels, readSession, screenshot, suite, waitForPath } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const { test, run, timeoutMs } = suite({ title: 'journeys', viewport: { width: 1440, height: 900 }, failOnPageError: true });

/** A table's data rows (not its header, expanded or summary rows). @param {Page} page @param {string} testId */
function rows(page, testId) {
  return page.locator(`[data-testid=${testId}] tbody tr.ant-table-row`);
}

/**
 * Waits until the breadcrumbs read `expected` (pages name their crumbs once their data is in).
 * @param {Page} page @param {string} expected
 */
async function expectCrumbs(page, expected) {
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  while (Date.now() < deadline) {
    shown = await breadcrumbs(page);
    if (shown === expected) return;
    await page.waitForTimeout(100);
  }
  assert.equal(shown, expected, 'breadcrumbs');
}

/** The side menu's highlighted entry. @param {Page} page */
async function selectedMenu(page) {
  const item = page.locator('.ant-layout-sider .ant-menu-item-selected');
  await item.waitFor();
  return (await item.innerText()).trim();
}

/**
 * Clicks the first unit link of a table (of the rows without `skip`, when given) and checks the unit
 * page shows that unit: its name as the heading and in the profile. Returns the name and the page's path.
 * @param {Page} page @param {string} testId @param {string} [skip]
 */
async function openFirstUnit(page, testId, skip) {
  const candidates = skip ? rows(page, testId).filter({ hasNotText: skip }) : rows(page, testId);
  // the table lists villages first: page on (by its 下一页 button) until one of the others shows
  for (let i = 0; skip && i < 20 && !(await candidates.count()); i++) {
    const first = await rows(page, testId).first().textContent();
    await button(page, '下一页').click();
    await page.waitForFunction(
      ({ id, text }) => document.querySelector(`[data-testid=${id}] tbody tr.ant-table-row`)?.textContent !== text,
      { id: testId, text: first },
    );
  }
  const unitLink = candidates.first().getByRole('link').first();
  const name = (await unitLink.innerText()).trim();
  assert.ok(name, 'the unit link has a name');
  await unitLink.click();
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByRole('heading', { level: 3, name }).waitFor();
  await page.getByTestId('unit-profile').filter({ hasText: name }).waitFor();
  return { name, path: new URL(page.url()).pathname };
}

/** Chooses English in the header's language switch; the interface, not the data, changes. @param {Page} page */
async function switchToEnglish(page) {
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  await page.locator('.ant-dropdown').waitFor({ state: 'hidden' });
}

/**
 * The unit page after switching to English: the menu, the first breadcrumb, the card titles and the
 * header read in English, the unit's own name does not change.
 * @param {Page} page @param {string[]} zhMenu @param {string[]} enMenu @param {string} unitName
 */
async function checkUnitInEnglish(page, zhMenu, enMenu, unitName) {
  assert.deepEqual(await menuLabels(page), zhMenu);
  await page.getByText('基本信息', { exact: true }).waitFor();
  await switchToEnglish(page);
  assert.deepEqual(await menuLabels(page), enMenu);
  const crumbs = await breadcrumbs(page);
  assert.ok(crumbs.startsWith('Home / ') && crumbs.endsWith(`/ ${unitName}`), `English breadcrumbs: ${crumbs}`);
  await page.getByText('Profile', { exact: true }).waitFor();
  await page.getByText('Safety officers', { exact: true }).waitFor();
  assert.equal(await page.getByText('基本信息', { exact: true }).count(), 0, 'no Chinese card title left');
  await page.getByTestId('unit-profile').filter({ hasText: 'Unit name' }).filter({ hasText: unitName }).waitFor();
  await button(page, 'Sign out').waitFor();
}

/**
 * Signs out (in English), then checks the session is gone and the unit page is closed again: opening
 * it leads to the login page, which would bring the user back there.
 * @param {Page} page @param {string} unitPath @param {string} shot
 */
async function signOutAndCheck(page, unitPath, shot) {
  await button(page, 'Sign out').click();
  await waitForPath(page, '/login');
  assert.equal(await readSession(page), null, 'the session is cleared');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing is left in the session storage');
  await page.goto(unitPath);
  await waitForPath(page, '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), unitPath);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await screenshot(page, shot);
}

const ZH_MENU_CITY = ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '数据分析', '用户管理'];
const EN_MENU_CITY = ['Home', 'Units', 'Hazards', 'Incidents', 'Reports', 'Analysis', 'Users'];

/**
 * The city-wide roles' way down from the dashboard: a county of the home page's list, its first town,
 * the town's first unit.
 * @param {Page} page @param {string} who @param {string} countyCode @param {string} countyName
 */
async function drillFromDashboard(page, who, countyCode, countyName, skipUnits = '') {
  await waitForPath(page, '/');
  assert.equal(await selectedMenu(page), '首页');
  await page.getByRole('heading', { name: '零事故创建总览' }).waitFor();
  await expectCrumbs(page, '首页');
  await page.locator('[data-testid=county-map][data-rendered]').waitFor();
  await screenshot(page, `journey-${who}-1-landing`);

  await rows(page, 'counties-table').filter({ hasText: countyName }).getByRole('link', { name: countyName }).click();
  await waitForPath(page, `/counties/${countyCode}`);
  await page.getByRole('heading', { name: countyName }).waitFor();
  await expectCrumbs(page, `首页 / ${countyName}`);
  await screenshot(page, `journey-${who}-2-county`);

  const townLink = rows(page, 'towns-table').first().getByRole('link').first();
  const town = (await townLink.innerText()).trim();
  await townLink.click();
  await page.waitForURL((url) => url.pathname.startsWith(`/towns/${countyCode}`));
  await page.getByRole('heading', { name: town }).waitFor();
  await expectCrumbs(page, `首页 / ${countyName} / ${town}`);
  await rows(page, 'town-units-table').first().waitFor();
  await screenshot(page, `journey-${who}-3-town`);

  const unit = await openFirstUnit(page, 'town-units-table', skipUnits || undefined);
  await expectCrumbs(page, `首页 / ${countyName} / ${town} / ${unit.name}`);
  const crumb = page.locator('.ant-breadcrumb');
  assert.equal(await crumb.getByRole('link', { name: countyName }).getAttribute('href'), `/counties/${countyCode}`);
  assert.match((await crumb.getByRole('link', { name: town }).getAttribute('href')) ?? '', new RegExp(`^/towns/${countyCode}\\d{3}$`));
  await screenshot(page, `journey-${who}-4-unit`);
  return unit;
}

test('city admin: dashboard → 怀仁市 → town → unit, English, sign out', async (page) => {
  await login(page, 'city_admin');
  const unit = await drillFromDashboard(page, 'city_admin', '140681', '怀仁市');
  // the register's keeper may edit the unit
  await link(page, '编辑').waitFor();

  await checkUnitInEnglish(page, ZH_MENU_CITY, EN_MENU_CITY, unit.name);
  await link(page, 'Edit').waitFor();
  await screenshot(page, 'journey-city_admin-5-unit-en');
  await signOutAndCheck(page, unit.path, 'journey-city_admin-6-signed-out');
});

test('analyst: dashboard → 平鲁区 → town → unit (phones masked, no editing), English, sign out', async (page) => {
  await login(page, 'analyst');
  // an enterprise rather than a village, as villages are registered without a phone number
  const unit = await drillFromDashboard(page, 'analyst', '140603', '平鲁区', '村(社区)');
  // analysts read: no edit link, and the phone number is masked
  assert.equal(await link(page, '编辑').count(), 0, 'no edit link for an analyst');
  const phone = await page.getByTestId('unit-profile').evaluate((el) => {
    // bordered descriptions: the label is a <th>, its value the <td> after it
    const label = [...el.querySelectorAll('th')].find((th) => th.textContent?.trim() === '联系电话');
    return label?.nextElementSibling?.textContent?.trim() ?? '';
  });
  assert.match(phone, /\d\*+\d/, `a masked phone number: ${phone}`);
  console.log(`    ${unit.name}: phone shown as ${phone}`);

  await checkUnitInEnglish(page, ZH_MENU_CITY.slice(0, 6), EN_MENU_CITY.slice(0, 6), unit.name);
  await screenshot(page, 'journey-analyst-5-unit-en');
  await signOutAndCheck(page, unit.path, 'journey-analyst-6-signed-out');
});

test('county admin: 本县 (朔城区) → town → unit, English, sign out', async (page) => {
  const who = 'county_admin_140602';
  await login(page, who);
  await waitForPath(page, '/counties/140602');
  assert.equal(await selectedMenu(page), '本县');
  await page.getByRole('heading', { name: '朔城区' }).waitFor();
  await expectCrumbs(page, '首页 / 朔城区');
  const towns = rows(page, 'towns-table');
  await towns.nth(1).waitFor();
  await screenshot(page, `journey-${who}-1-landing`);

  // the second town, as the first is the one events.mjs walks through
  const townLink = towns.nth(1).getByRole('link').first();
  const town = (await townLink.innerText()).trim();
  await townLink.click();
  await page.waitForURL((url) => /^\/towns\/140602\d{3}$/.test(url.pathname));
  await page.getByRole('heading', { name: town }).waitFor();
  await expectCrumbs(page, `首页 / 朔城区 / ${town}`);
  await rows(page, 'town-units-table').first().waitFor();
  await screenshot(page, `journey-${who}-2-town`);

  const unit = await openFirstUnit(page, 'town-units-table');
  await expectCrumbs(page, `首页 / 朔城区 / ${town} / ${unit.name}`);
  await link(page, '编辑').waitFor();
  await screenshot(page, `journey-${who}-3-unit`);

  // back up by the breadcrumb, and down again by the table
  await page.locator('.ant-breadcrumb').getByRole('link', { name: town }).click();
  await page.waitForURL((url) => /^\/towns\/140602\d{3}$/.test(url.pathname));
  await expectCrumbs(page, `首页 / 朔城区 / ${town}`);
  await rows(page, 'town-units-table').first().getByRole('link', { name: unit.name }).click();
  await waitForPath(page, unit.path);
  await expectCrumbs(page, `首页 / 朔城区 / ${town} / ${unit.name}`);

  const zh = ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '本县'];
  await checkUnitInEnglish(page, zh, ['Home', 'Units', 'Hazards', 'Incidents', 'Reports', 'My county'], unit.name);
  await screenshot(page, `journey-${who}-4-unit-en`);
  await signOutAndCheck(page, unit.path, `journey-${who}-5-signed-out`);
});

test('lead department: 我的行业 → sector 3 → county → unit, English, sign out', async (page) => {
  const who = 'dept_emergency';
  await login(page, who);
  await waitForPath(page, '/sectors');
  assert.equal(await selectedMenu(page), '我的行业');
  await expectCrumbs(page, '首页 / 我的行业');
  const sectors = rows(page, 'my-sectors-table');
  await sectors.nth(2).waitFor();
  await page.getByText('市应急管理局').first().waitFor();
  await screenshot(page, `journey-${who}-1-landing`);

  const sectorName = '非煤矿山、冶金工贸、民用爆炸物品生产和销售';
  await sectors.filter({ hasText: sectorName }).getByRole('link', { name: sectorName }).click();
  await waitForPath(page, '/sectors/3');
  await page.getByRole('heading', { name: `3. ${sectorName}` }).waitFor();
  await expectCrumbs(page, `首页 / 我的行业 / ${sectorName}`);
  const counties = rows(page, 'sector-counties-table');
  await counties.first().waitFor();
  await screenshot(page, `journey-${who}-2-sector`);

  // the county with the most units of the sector
  const table = await counties.evaluateAll((trs) =>
    trs.map((tr) => ({ county: tr.querySelector('a')?.textContent ?? '', units: Number((tr.children[1]?.textContent ?? '').replace(/,/g, '')) })),
  );
  const busiest = table.reduce((a, b) => (b.units > a.units ? b : a));
  assert.ok(busiest.units > 0, `sector 3 has units somewhere: ${JSON.stringify(table)}`);
  await counties.filter({ hasText: busiest.county }).getByRole('link', { name: busiest.county }).click();
  await page.waitForURL((url) => url.pathname === '/units' && url.searchParams.get('sectorNumber') === '3' && !!url.searchParams.get('countyCode'));
  const countyCode = new URL(page.url()).searchParams.get('countyCode');
  await expectCrumbs(page, '首页 / 创建单位');
  const units = rows(page, 'units-table');
  await units.first().waitFor();
  await page.getByTestId('units-total').filter({ hasText: /共 \d+ 个单位/ }).waitFor();
  for (const text of await units.allInnerTexts()) assert.ok(text.includes(busiest.county) && text.includes('3. '), `only sector 3 in ${busiest.county}: ${text}`);
  await screenshot(page, `journey-${who}-3-county-units`);

  const unit = await openFirstUnit(page, 'units-table');
  await expectCrumbs(page, `首页 / 行业领域 3 / ${busiest.county} / ${unit.name}`);
  const crumb = page.locator('.ant-breadcrumb');
  assert.equal(await crumb.getByRole('link', { name: '行业领域 3' }).getAttribute('href'), '/sectors/3');
  // the county crumb leads back to the sector's units in that county
  const back = new URL((await crumb.getByRole('link', { name: busiest.county }).getAttribute('href')) ?? '', 'http://x');
  assert.equal(back.pathname, '/units');
  assert.equal(back.searchParams.get('sectorNumber'), '3');
  assert.equal(back.searchParams.get('countyCode'), countyCode);
  await screenshot(page, `journey-${who}-4-unit`);

  const zh = ['首页', '创建单位', '隐患排查治理', '事故管理', '报表', '我的行业'];
  await checkUnitInEnglish(page, zh, ['Home', 'Units', 'Hazards', 'Incidents', 'Reports', 'My sectors'], unit.name);
  assert.ok((await breadcrumbs(page)).startsWith('Home / Sector 3 / '), await breadcrumbs(page));
  await screenshot(page, `journey-${who}-5-unit-en`);
  await signOutAndCheck(page, unit.path, `journey-${who}-6-signed-out`);
});

await run();
