// @ts-check
// Browser tests of the city dashboard (首页), the reports (报表) and the analyst workbench (数据分析),
// against a running server with demo data (`server seed --demo`); the variables and the runner are
// harness.mjs's.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { COUNTIES, THIS_YEAR, button, login as signIn, menuLabels, screenshot, suite, waitForPath } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const { test, run } = suite({ title: 'dashboard, reports, analysis', viewport: { width: 1440, height: 900 }, acceptDownloads: true, failOnPageError: true });

/** @param {Page} page @param {string} username */
async function login(page, username) {
  // redirect=/ : every role's landing page is its own (events.mjs tests them); these tests start on the dashboard
  await signIn(page, username, { redirect: '/' });
  await waitForPath(page, '/');
}

/** Chooses a year in the Select labelled 年度, until it shows it. @param {Page} page @param {number} year */
async function chooseYear(page, year) {
  const select = page.locator('.ant-select', { has: page.getByRole('combobox', { name: '年度' }) });
  for (let attempt = 0; ; attempt++) {
    await select.locator('.ant-select-selector').click();
    const option = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${year} 年"]`);
    await option.waitFor();
    await page.waitForTimeout(200); // the drop-down's opening animation
    await option.click();
    try {
      await select.locator(`.ant-select-selection-item[title="${year} 年"]`).waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/**
 * The GraphQL operations the page had answered: queries go as GET /graphql?…&operationName=…
 * (urql's default within the URL length limit), mutations as POST. A persisted-query attempt the
 * server did not know yet (answered PersistedQueryNotFound, then sent again with the document) is
 * one operation, not two.
 * @param {Page} page
 */
function recordOperations(page) {
  /** @type {{ name: string, variables: unknown }[]} */
  const ops = [];
  page.on('requestfinished', async (r) => {
    const url = new URL(r.url());
    if (url.pathname !== '/graphql') return;
    try {
      const text = (await (await r.response())?.text()) ?? '';
      if (/PersistedQueryNotFound|PERSISTED_QUERY_NOT_FOUND/.test(text)) return;
      if (r.method() === 'GET') {
        ops.push({ name: url.searchParams.get('operationName') ?? '', variables: JSON.parse(url.searchParams.get('variables') || '{}') });
      } else if (r.method() === 'POST') {
        const body = JSON.parse(r.postData() ?? '{}');
        ops.push({ name: body.operationName ?? '', variables: body.variables });
      }
    } catch {
      // a multipart upload, or a page already closed: not ours
    }
  });
  return ops;
}

/** The text of a dashboard card's value, once loaded. @param {Page} page @param {string} id */
async function cardValue(page, id) {
  const value = page.getByTestId(`${id}-value`);
  await value.waitFor();
  return (await value.innerText()).trim();
}

/**
 * Waits for a chart's canvas to be drawn: a real size, and ECharts' "finished" (animations done),
 * which the chart wrapper marks with data-rendered.
 * @param {Page} page @param {string} testId
 */
async function waitForCanvas(page, testId) {
  const canvas = page.locator(`[data-testid=${testId}] canvas`).first();
  await canvas.waitFor();
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid=${id}]`);
      const c = el?.querySelector('canvas');
      return !!c && c.clientWidth > 100 && c.clientHeight > 100 && /** @type {HTMLElement} */ (el).dataset.rendered === 'true';
    },
    testId,
  );
  return canvas;
}

/** Chooses `option` in the antd Select labelled `label`. @param {Page | Locator} scope @param {Page} page @param {string} label @param {string} option */
async function pickOption(scope, page, label, option) {
  await scope.locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) }).locator('.ant-select-selector').click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.locator(`.ant-select-item-option[title="${option}"]`).click();
}

/** Reads a downloaded file. @param {import('playwright-core').Download} download */
async function downloaded(download) {
  return readFileSync(/** @type {string} */ (await download.path()));
}

// ---- dashboard -------------------------------------------------------------------------------

test('city admin: dashboard cards, map, bars and months, each fetched once; the map drills into a county', async (page) => {
  const ops = recordOperations(page);
  await login(page, 'city_admin');
  const labels = await menuLabels(page);
  assert.ok(['报表', '数据分析'].every((m) => labels.includes(m)), `menu: ${labels}`);
  await page.getByRole('heading', { name: '零事故创建总览' }).waitFor();

  const units = await cardValue(page, 'card-units');
  assert.match(units, /^\d{1,3}(,\d{3})*$/, `units card: ${units}`);
  assert.ok(Number(units.replace(/,/g, '')) > 1000, `the demo city has thousands of units: ${units}`);
  for (const id of ['card-rate-village', 'card-rate-enterprise']) {
    const rate = await cardValue(page, id);
    assert.match(rate, /^\d{1,3}(\.\d)?%$/, `${id}: ${rate}`);
    const card = await page.getByTestId(id).innerText();
    // the verdict is said in words: 达标 / 未达标, or that there is no target this year
    assert.ok(/达标|未达标|尚未设定目标/.test(card), `${id} says whether the target is met: ${card}`);
  }
  for (const id of ['card-incidents', 'card-major-open', 'card-major-overdue']) {
    assert.match(await cardValue(page, id), /^\d{1,3}(,\d{3})*$/, id);
  }

  await waitForCanvas(page, 'county-map');
  await waitForCanvas(page, 'county-bars');
  await waitForCanvas(page, 'month-incidents');
  const unmapped = page.getByTestId('unmapped-counties');
  await unmapped.getByRole('link', { name: '山西朔州经济开发区' }).waitFor();
  assert.match(await unmapped.innerText(), /零事故率 \d{1,3}(\.\d)?%/);
  const countyRows = page.locator('[data-testid=county-rates-table] tbody tr.ant-table-row');
  await countyRows.nth(COUNTIES.length - 1).waitFor();
  assert.equal(await countyRows.count(), COUNTIES.length);
  // the drill-down lists of the former home page are still there
  await page.locator('[data-testid=counties-table] tbody tr.ant-table-row').nth(COUNTIES.length - 1).waitFor();
  await page.locator('[data-testid=sectors-table] tbody tr.ant-table-row').nth(24).waitFor();

  await page.waitForLoadState('networkidle');
  const names = ops.map((o) => o.name);
  for (const name of ['Dashboard', 'HomeOverview']) {
    assert.equal(names.filter((n) => n === name).length, 1, `${name} is fetched once: ${names.join(', ')}`);
  }
  await screenshot(page, 'dashboard-city_admin');

  // an earlier year with targets: the cards name the target and the verdict
  await chooseYear(page, 2021);
  await page.waitForURL((url) => url.searchParams.get('year') === '2021');
  await page.getByTestId('card-rate-village').filter({ hasText: '2021 年目标 78%' }).waitFor();
  await page.getByTestId('card-rate-enterprise').filter({ hasText: '2021 年目标 88%' }).waitFor();
  assert.ok(/达标|未达标/.test(await page.getByTestId('card-rate-village').innerText()));
  await waitForCanvas(page, 'county-bars');
  await page.waitForLoadState('networkidle');
  assert.equal(ops.filter((o) => o.name === 'Dashboard').length, 2, 'one more Dashboard request, for 2021');
  await screenshot(page, 'dashboard-city_admin-2021');

  // click 朔城区 on the map, where the map says its label is
  const map = page.getByTestId('county-map');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=county-map]');
    return !!el && !!JSON.parse(/** @type {HTMLElement} */ (el).dataset.centers || '{}')['140602'];
  });
  const centers = JSON.parse((await map.getAttribute('data-centers')) ?? '{}');
  assert.deepEqual(Object.keys(centers).sort(), ['140602', '140603', '140621', '140622', '140623', '140681']);
  const [x, y] = centers['140602'];
  await map.locator('canvas').first().click({ position: { x, y } });
  await waitForPath(page, '/counties/140602');
  await page.getByRole('heading', { name: '朔城区' }).waitFor();
  await screenshot(page, 'dashboard-drilldown-140602');

  // the development zone has no polygon: its list entry under the map drills down
  await page.goBack();
  await page.getByTestId('unmapped-counties').getByRole('link', { name: '山西朔州经济开发区' }).click();
  await waitForPath(page, '/counties/140671');
  await page.getByRole('heading', { name: '山西朔州经济开发区' }).waitFor();
});

test('a county admin’s dashboard shows only its county', async (page) => {
  await login(page, 'county_admin_140602');
  const labels = await menuLabels(page);
  assert.ok(labels.includes('报表') && !labels.includes('数据分析'), `menu: ${labels}`);
  const rows = page.locator('[data-testid=county-rates-table] tbody tr.ant-table-row');
  await rows.first().waitFor();
  await page.getByTestId('card-units-value').waitFor();
  assert.equal(await rows.count(), 1);
  assert.ok((await rows.first().innerText()).includes('朔城区'));
  await waitForCanvas(page, 'county-map');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=county-map]');
    return !!el && Object.keys(JSON.parse(/** @type {HTMLElement} */ (el).dataset.centers || '{}')).length > 0;
  });
  const centers = JSON.parse((await page.getByTestId('county-map').getAttribute('data-centers')) ?? '{}');
  assert.deepEqual(Object.keys(centers), ['140602'], 'only its own county is on the map');
  assert.equal(await page.getByTestId('unmapped-counties').count(), 0);
  await waitForCanvas(page, 'county-bars');
  await screenshot(page, 'dashboard-county_admin_140602');

  // the reports: its own county and the total, and no editing
  await page.goto('/reports');
  const table1 = page.locator('[data-testid=table1] tbody tr.ant-table-row');
  await table1.nth(1).waitFor();
  assert.deepEqual((await table1.locator('td:first-child').allInnerTexts()).map((s) => s.trim()), ['朔城区', '合计']);
  await page.getByRole('tab', { name: '附表2 联络员' }).click();
  await page.locator('[data-testid=liaisons-table] tbody tr.ant-table-row').first().waitFor();
  assert.equal(await page.locator('[data-testid=liaisons-table]').getByRole('button').count(), 0, 'no edit buttons');

  await page.goto('/analysis');
  await page.getByText('无权访问').first().waitFor();
});

test('the dashboard reads in English', async (page) => {
  await login(page, 'city_admin');
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  await page.getByRole('heading', { name: 'Zero-accident overview' }).waitFor();
  const labels = await menuLabels(page);
  assert.ok(['Home', 'Reports', 'Analysis'].every((m) => labels.includes(m)), `menu: ${labels}`);
  await page.getByTestId('card-rate-village').filter({ hasText: /Met|Not met|No target set/ }).waitFor();
  await waitForCanvas(page, 'county-map');
  await waitForCanvas(page, 'county-bars');
  await page.locator('.ant-dropdown').waitFor({ state: 'hidden' });
  await screenshot(page, 'dashboard-city_admin-en');
});

// ---- reports ---------------------------------------------------------------------------------

test('reports: 附表1 with the 7 counties and 合计, and its download', async (page) => {
  await login(page, 'city_admin');
  await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '报表' }).click();
  await waitForPath(page, '/reports');
  const rows = page.locator('[data-testid=table1] tbody tr.ant-table-row');
  await rows.nth(COUNTIES.length).waitFor();
  assert.equal(await rows.count(), COUNTIES.length + 1);
  const first = (await rows.locator('td:first-child').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(first.slice(0, -1).sort(), [...COUNTIES].sort());
  assert.equal(first.at(-1), '合计');

  const head = page.locator('[data-testid=table1] thead');
  const headerRows = head.locator('tr');
  assert.equal(await headerRows.count(), 2, 'two header rows');
  const top = (await headerRows.first().locator('th').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(top.slice(0, 3), ['县(市区)', '村(社区)', '学校(含幼儿园)']);
  assert.equal(await headerRows.first().locator('th', { hasText: '村(社区)' }).getAttribute('colspan'), '2');
  const second = (await headerRows.nth(1).locator('th').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(second.slice(0, 2), ['总数量', '零事故数量']);
  const notes = await page.getByTestId('table1-notes').innerText();
  assert.ok(notes.includes('注:1.统计基数以2019年12月31日为标准。') && notes.includes('2.“零事故”是指零安全事故。'), notes);
  assert.match(await page.getByTestId('table1-asof').innerText(), /^截止 \d{4}年\d{1,2}月\d{1,2}日$/);
  // the total row adds up the county rows (first category, total)
  const cell = async (/** @type {number} */ r) => Number((await rows.nth(r).locator('td').nth(1).innerText()).replace(/,/g, ''));
  let sum = 0;
  for (let i = 0; i < COUNTIES.length; i++) sum += await cell(i);
  assert.equal(await cell(COUNTIES.length), sum);
  const crumbs = (await page.locator('.ant-breadcrumb').innerText()).replace(/\s+/g, ' ');
  assert.ok(crumbs.includes('首页') && crumbs.includes('报表') && crumbs.includes('附表1'), crumbs);
  await screenshot(page, 'reports-table1');

  const [download] = await Promise.all([page.waitForEvent('download'), button(page, '下载附表1（Excel）').click()]);
  assert.equal(download.suggestedFilename(), '附表1.xlsx');
  const bytes = await downloaded(download);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
  assert.ok(bytes.length > 2000, `a real workbook: ${bytes.length} bytes`);
  await page.getByText('已下载 附表1.xlsx').waitFor();
});

test('reports: the city office edits a liaison (a field error, then a conflict), and 附表2 downloads', async (page) => {
  await login(page, 'city_admin');
  await page.goto('/reports?tab=liaisons');
  const table = page.getByTestId('liaisons-table');
  await table.locator('tbody tr.ant-table-row').first().waitFor();
  assert.equal(await table.locator('tbody tr.ant-table-row').count(), 2 * (7 + 24), 'both roles of 7 counties and 24 departments');

  const editButton = table.getByRole('button', { name: '朔城区 · 分管负责人' });
  await editButton.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('朔城区 · 分管负责人').waitFor();
  const name = `张${String.fromCharCode(0x4e00 + randomInt(0, 2000))}${String.fromCharCode(0x4e00 + randomInt(0, 2000))}`;
  await dialog.getByLabel('姓名', { exact: true }).fill(name);
  await dialog.getByLabel('职务', { exact: true }).fill('区政府副区长');
  await dialog.getByLabel('办公电话', { exact: true }).fill('0349-2021234');
  await dialog.getByLabel('手机', { exact: true }).fill('12345');
  await button(dialog, '保存').click();
  // the server refuses the mobile: its message stands under 手机
  const mobileError = dialog.locator('.ant-form-item', { has: page.getByLabel('手机', { exact: true }) }).locator('.ant-form-item-explain-error');
  await mobileError.waitFor();
  assert.ok((await mobileError.innerText()).length > 0);
  await screenshot(page, 'reports-liaison-field-error');
  await dialog.getByLabel('手机', { exact: true }).fill('13912341119');
  await button(dialog, '保存').click();
  await page.getByText(`已保存联络员 ${name}`).waitFor();
  const row = table.locator('tr.ant-table-row', { hasText: name });
  await row.waitFor();
  assert.ok((await row.innerText()).includes('13912341119'));

  // someone else changes the same liaison while the dialog is open: CONFLICT, then reload and save
  await editButton.click();
  await dialog.getByLabel('职务', { exact: true }).waitFor();
  const other = await page.evaluate(async () => {
    const { accessToken } = JSON.parse(sessionStorage.getItem('zac.session') ?? '{}');
    const call = async (/** @type {string} */ query, /** @type {object} */ variables) =>
      (
        await fetch('/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json();
    const list = await call('{ liaisons { county { code } role name post officePhone mobile version } }', {});
    const l = list.data.liaisons.find((/** @type {any} */ x) => x.county?.code === '140602' && x.role === 'LEADER');
    const answer = await call('mutation($input: LiaisonInput!) { setLiaison(input: $input) { version } }', {
      input: { countyCode: '140602', role: 'LEADER', name: l.name, post: '副区长（他人修改）', officePhone: l.officePhone, mobile: l.mobile, version: l.version },
    });
    return answer.data?.setLiaison?.version ?? JSON.stringify(answer.errors);
  });
  assert.equal(typeof other, 'number', `the other save went through: ${other}`);
  await dialog.getByLabel('职务', { exact: true }).fill('区政府副区长、区应急局局长');
  await button(dialog, '保存').click();
  const conflict = page.getByTestId('liaison-conflict');
  await conflict.filter({ hasText: '已被他人修改' }).waitFor();
  assert.equal(await dialog.getByLabel('职务', { exact: true }).inputValue(), '区政府副区长、区应急局局长', 'the input stays');
  await conflict.getByRole('button', { name: '载入最新版本' }).click();
  await conflict.filter({ hasText: '副区长（他人修改）' }).waitFor();
  await screenshot(page, 'reports-liaison-conflict');
  await button(dialog, '保存').click();
  await page.getByText(`已保存联络员 ${name}`).waitFor();
  await table.locator('tr.ant-table-row', { hasText: '区政府副区长、区应急局局长' }).waitFor();
  await screenshot(page, 'reports-liaisons');

  const [download] = await Promise.all([page.waitForEvent('download'), button(page, '下载附表2（Excel）').click()]);
  assert.equal(download.suggestedFilename(), '附表2联络员名单.xlsx');
  assert.equal((await downloaded(download)).subarray(0, 2).toString('latin1'), 'PK');
});

test('reports: the calendar highlights what is due next, the bulletin downloads, and targets are set in percent', async (page) => {
  await login(page, 'city_admin');
  await page.goto('/reports?tab=calendar');
  const next = page.getByTestId('next-deadline');
  await next.waitFor();
  assert.match(await next.innerText(), /下一个报送：\d{4}年\d{1,2}月\d{1,2}日/);
  await page.locator('[data-testid=calendar-table] tbody tr.ant-table-row').first().waitFor();
  const [bulletin] = await Promise.all([page.waitForEvent('download'), button(page, '下载月度通报（Excel）').click()]);
  assert.equal(bulletin.suggestedFilename(), '月度通报.xlsx');
  assert.equal((await downloaded(bulletin)).subarray(0, 2).toString('latin1'), 'PK');
  await screenshot(page, 'reports-calendar');

  // 2020 has the plan's one-off dates
  await chooseYear(page, 2020);
  await page.locator('[data-testid=calendar-table] tbody tr.ant-table-row', { hasText: '2020年5月10日' }).waitFor();

  await page.getByRole('tab', { name: '年度目标' }).click();
  const targets = page.getByTestId('targets-table');
  await targets.locator('tr.ant-table-row', { hasText: '2021 年' }).filter({ hasText: '78%' }).waitFor();
  const nextYear = THIS_YEAR + 1;
  await targets.locator('tr.ant-table-row', { hasText: `${nextYear} 年` }).getByRole('button').click();
  const dialog = page.getByRole('dialog');
  const village = 80 + randomInt(0, 10);
  await dialog.getByLabel('村(社区)目标', { exact: true }).fill(String(village));
  await dialog.getByLabel('企事业单位目标', { exact: true }).fill('92.5');
  await button(dialog, '保存').click();
  await page.getByText(`已设定 ${nextYear} 年目标：村(社区) ${village}%，企事业单位 92.5%`).waitFor();
  await targets.locator('tr.ant-table-row', { hasText: `${nextYear} 年` }).filter({ hasText: '92.5%' }).waitFor();
  await screenshot(page, 'reports-targets');
});

test('an analyst reads the reports without editing them', async (page) => {
  await login(page, 'analyst');
  const labels = await menuLabels(page);
  assert.ok(labels.includes('报表') && labels.includes('数据分析'), `menu: ${labels}`);
  await page.goto('/reports?tab=liaisons');
  await page.locator('[data-testid=liaisons-table] tbody tr.ant-table-row').first().waitFor();
  assert.equal(await page.locator('[data-testid=liaisons-table]').getByRole('button').count(), 0);
  await page.getByRole('tab', { name: '年度目标' }).click();
  await page.getByTestId('targets-table').locator('tr.ant-table-row').first().waitFor();
  assert.equal(await page.getByRole('button', { name: /设定年度目标/ }).count(), 0);
});

// ---- analyst workbench -----------------------------------------------------------------------

test('the analyst builds a COUNTY × CATEGORY pivot, downloads it as CSV, saves, loads and deletes it', async (page) => {
  await login(page, 'analyst');
  await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '数据分析' }).click();
  await waitForPath(page, '/analysis');
  await page.getByRole('heading', { name: '数据分析工作台' }).waitFor();

  // 县(市、区) is chosen already; add 单位类别
  await pickOption(page, page, '维度', '单位类别');
  await page.keyboard.press('Escape');
  await button(page, '运行').click();
  const rows = page.locator('[data-testid=pivot-table] tbody tr.ant-table-row');
  await rows.nth(19).waitFor();
  const count = page.getByTestId('pivot-count');
  await count.filter({ hasText: /共 \d+ 行/ }).waitFor();
  const total = Number(/共 (\d+) 行/.exec(await count.innerText())?.[1]);
  // one row per county and category that has units (not every county has an airport)
  assert.ok(total > 7 * 5 && total <= 7 * 11, `7 counties × up to 11 categories: ${total}`);
  const headers = (await page.locator('[data-testid=pivot-table] thead th').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  assert.deepEqual(headers, ['县(市、区)', '单位类别', '在册单位数', '零事故单位数', '零事故率', '事故起数']);
  assert.match(await rows.first().innerText(), /\d+(\.\d)?%/);
  await waitForCanvas(page, 'pivot-chart');
  await screenshot(page, 'analysis-pivot');

  const [csv] = await Promise.all([page.waitForEvent('download'), button(page, '下载 CSV').click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  const text = (await downloaded(csv)).toString('utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a UTF-8 BOM');
  const lines = text.slice(1).trim().split('\r\n');
  assert.equal(lines[0], '县(市、区),单位类别,在册单位数,零事故单位数,零事故率(%),事故起数');
  assert.equal(lines.length - 1, total);

  const name = `e2e 县×类别 ${Date.now().toString(36)}`;
  await button(page, '保存为查询').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称', { exact: true }).fill(name);
  await dialog.getByText('共享给其他分析人员').click();
  assert.ok((await dialog.getByTestId('query-to-save').innerText()).includes('category { code name }'));
  await button(dialog, '保存').click();
  await page.getByText(`已保存“${name}”`).waitFor();
  const saved = page.locator('[data-testid=saved-queries] tr.ant-table-row', { hasText: name });
  await saved.waitFor();
  const savedText = await saved.innerText();
  assert.ok(savedText.includes('analyst') && savedText.includes('我的') && savedText.includes('共享'), savedText);
  await screenshot(page, 'analysis-saved');

  // loading it elsewhere restores the pivot
  await page.reload();
  await saved.getByRole('button', { name: '载入' }).click();
  await page.getByText(`已载入“${name}”`).waitFor();
  await page.getByTestId('pivot-count').filter({ hasText: `共 ${total} 行` }).waitFor();

  await saved.getByRole('button', { name: '删除' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  await page.getByText(`已删除“${name}”`).waitFor();
  await saved.waitFor({ state: 'detached' });
});

test('the query editor (GraphiQL) runs a query with the user’s token', async (page) => {
  await login(page, 'analyst');
  await page.goto('/analysis?tab=editor');
  const editor = page.locator('[data-testid=graphiql] .graphiql-container');
  await editor.waitFor();
  // the schema arrives by introspection (signed-in users only), then the query runs
  await page.locator('.graphiql-query-editor .view-lines').filter({ hasText: 'targetAttainment' }).waitFor();
  await page.locator('.graphiql-execute-button').click();
  const response = page.locator('.graphiql-response .view-lines');
  await response.filter({ hasText: 'villageRate' }).waitFor({ timeout: 30_000 });
  assert.ok(!(await response.innerText()).includes('UNAUTHENTICATED'));
  await screenshot(page, 'analysis-graphiql');
});

await run();
