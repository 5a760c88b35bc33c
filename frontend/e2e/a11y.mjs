// @ts-check
// Accessibility in the browser: every form control, button and link has a name a screen reader can
// say (on the login page, the units filters, the unit form, the inspection drawer and the dialogs);
// the app works from the keyboard alone (a skip link, the side menu, table links, the language switch,
// signing in and out) with the focus visible; the map and the charts carry their figures as text.
// Against a running server with demo data (`server seed --demo`); the variables and the runner are
// harness.mjs's. Screenshots a11y-*.png show the focus.
import assert from 'node:assert/strict';
import { COUNTIES, breadcrumbs, button, login, screenshot, suite, waitForPath } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const { test, run } = suite({ title: 'accessibility', viewport: { width: 1440, height: 900 }, failOnPageError: true });

/**
 * The visible form controls without a name of their own. A name comes from aria-label,
 * aria-labelledby, a <label> (for= or around it) or title; a placeholder is not one (it disappears
 * once something is typed, and many screen readers do not say it).
 * @param {Page} page
 */
function unnamedControls(page) {
  return page.evaluate(() => {
    const text = (/** @type {Element | null} */ el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const selector = [
      'input',
      'select',
      'textarea',
      '[role=combobox]',
      '[role=textbox]',
      '[role=searchbox]',
      '[role=listbox]',
      '[role=spinbutton]',
      '[role=slider]',
      '[role=switch]',
      '[role=checkbox]',
      '[role=radio]',
      '[role=radiogroup]',
    ].join(', ');
    /** @type {string[]} */
    const unnamed = [];
    for (const el of document.querySelectorAll(selector)) {
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      if (el.getClientRects().length === 0) continue; // not rendered (display: none), so not reachable
      const labelledBy = (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => text(document.getElementById(id)))
        .join(' ');
      const labels = 'labels' in el && el.labels ? [.../** @type {NodeListOf<HTMLLabelElement>} */ (el.labels)].map(text).join(' ') : '';
      const name = (el.getAttribute('aria-label') ?? '').trim() || labelledBy.trim() || labels.trim() || (el.getAttribute('title') ?? '').trim();
      if (!name) unnamed.push(el.outerHTML.slice(0, 160));
    }
    // antd's radio groups are plain <div>s: they need a named radiogroup around them
    for (const group of document.querySelectorAll('.ant-radio-group')) {
      if (group.getClientRects().length === 0) continue;
      const named = group.closest('[role=radiogroup]');
      if (!named || !(named.getAttribute('aria-label') ?? '').trim()) unnamed.push(`radio group: ${group.outerHTML.slice(0, 140)}`);
    }
    return unnamed;
  });
}

/**
 * Buttons, links, tabs and menu items without a name, as Chromium's accessibility tree computes it
 * (content, aria-label, …): an icon-only button with no label shows up here.
 * @param {Page} page
 */
async function unnamedWidgets(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = /** @type {{ nodes: { ignored: boolean, role?: { value: string }, name?: { value: string }, backendDOMNodeId?: number }[] }} */ (
      await cdp.send('Accessibility.getFullAXTree')
    );
    const roles = new Set(['button', 'link', 'tab', 'menuitem', 'menuitemradio', 'menuitemcheckbox', 'option', 'img']);
    /** @type {string[]} */
    const unnamed = [];
    for (const n of nodes) {
      if (n.ignored || !roles.has(n.role?.value ?? '') || (n.name?.value ?? '').trim()) continue;
      let html = '';
      if (n.backendDOMNodeId) {
        const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId });
        const res = await cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: 'function () { return this.outerHTML.slice(0, 160); }',
          returnByValue: true,
        });
        html = String(res.result.value);
      }
      unnamed.push(`${n.role?.value}: ${html}`);
    }
    return unnamed;
  } finally {
    await cdp.detach();
  }
}

/** Controls inside controls (a button in a link): two Tab stops and a confusing name for one target. @param {Page} page */
function nestedControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href] a[href], a[href] button, button a[href], button button, a[href] input, button input')].map((el) =>
      (el.parentElement?.closest('a, button')?.outerHTML ?? '').slice(0, 160),
    ),
  );
}

/**
 * Fails with what it found: unnamed form controls, unnamed buttons or links, nested controls.
 * @param {Page} page @param {string} where
 */
async function expectNamed(page, where) {
  const controls = await unnamedControls(page);
  assert.deepEqual(controls, [], `${where}: form controls without a label`);
  const widgets = await unnamedWidgets(page);
  assert.deepEqual(widgets, [], `${where}: buttons, links or images without a name`);
  const nested = await nestedControls(page);
  assert.deepEqual(nested, [], `${where}: controls nested in controls`);
  console.log(`    ${where}: every control named`);
}

/** What has the focus, for the messages. @param {Page} page */
function focusedText(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `<${el.tagName.toLowerCase()}> ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}` : 'nothing';
  });
}

/**
 * Presses Tab until the focused element satisfies `test` (run in the page on that element), at most
 * `max` times; returns how many presses it took.
 * @param {Page} page @param {(el: Element) => boolean} test @param {string} what @param {number} [max]
 */
async function tabTo(page, test, what, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluateHandle(() => document.activeElement ?? document.body);
    const el = focused.asElement();
    // `test` is sent to the page as its source, so it may use only its argument
    const hit = el ? await el.evaluate(test) : false;
    await focused.dispose();
    if (hit) return i + 1;
  }
  assert.fail(`Tab never reached ${what} in ${max} presses; the focus is on ${await focusedText(page)}`);
}

/**
 * The focused element shows where it is: an outline or a ring of its own (not the browser's default
 * being switched off).
 * @param {Page} page @param {string} what
 */
async function expectFocusVisible(page, what) {
  const style = await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.activeElement);
    const cs = getComputedStyle(el);
    return { outline: `${cs.outlineStyle} ${cs.outlineWidth}`, shadow: cs.boxShadow, visible: el.matches(':focus-visible') };
  });
  assert.ok(style.visible, `${what} matches :focus-visible`);
  const outlined = !style.outline.startsWith('none') && !style.outline.endsWith(' 0px');
  assert.ok(outlined || style.shadow !== 'none', `${what} shows its focus: ${JSON.stringify(style)}`);
}

// ---- names -----------------------------------------------------------------------------------

test('every control has a name: login, units filters and form, inspection drawer, dialogs, lists', async (page) => {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).waitFor();
  await expectNamed(page, 'login');
  // (login() finds the fields by their labels, as a screen reader does)
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await page.locator('[data-testid=county-map][data-rendered]').waitFor();
  await expectNamed(page, 'dashboard');

  await page.goto('/units?countyCode=140602&townCode=140602001');
  await page.locator('[data-testid=units-table] tbody tr.ant-table-row').first().waitFor();
  // each filter by its label, as a screen reader finds it (the sortable column headers bear some of the
  // same words, so by role)
  for (const label of ['县(市、区)', '乡镇(街道)', '行业领域', '单位类别', '创建对象', '市直单位', '黑名单', '状态', '排序', '每页']) {
    assert.equal(await page.getByRole('combobox', { name: label, exact: true }).count(), 1, `the units filter ${label}`);
  }
  assert.equal(await page.getByRole('searchbox', { name: '搜索', exact: true }).or(page.getByRole('textbox', { name: '搜索', exact: true })).count(), 1);
  await expectNamed(page, 'units list');
  await button(page, '批量导入').click();
  await page.getByRole('dialog').waitFor();
  await expectNamed(page, 'import dialog');
  await button(page.getByRole('dialog'), '关闭').click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  await page.goto('/units/new');
  await page.getByLabel('单位名称', { exact: true }).waitFor();
  await expectNamed(page, 'new unit form');

  await page.goto('/units?countyCode=140602&townCode=140602001');
  await page.locator('[data-testid=units-table] tbody tr.ant-table-row').first().getByRole('link').first().click();
  await page.waitForURL(/\/units\/\d+$/);
  const unitPath = new URL(page.url()).pathname;
  await page.getByTestId('unit-profile').waitFor();
  await expectNamed(page, 'unit page');

  await page.goto(`${unitPath}/edit`);
  await page.getByLabel('地址', { exact: true }).waitFor();
  await expectNamed(page, 'unit edit form');

  await page.goto(unitPath);
  await page.getByTestId('unit-event-tabs').getByRole('tab', { name: '检查记录', exact: true }).click();
  await button(page, '记录检查').click();
  const drawer = page.getByTestId('inspection-form');
  await drawer.waitFor();
  await button(page, '添加隐患').click();
  await page.getByTestId('hazard-input').waitFor();
  for (const label of ['检查日期', '检查方式', '检查单位', '隐患描述 1']) {
    assert.equal(await drawer.getByLabel(label, { exact: true }).count(), 1, `the drawer's field ${label}`);
  }
  // the radios as named groups: each standard's result, and the hazard's level
  assert.equal(await drawer.getByRole('radiogroup', { name: /^结果 / }).count(), 10);
  assert.equal(await drawer.getByRole('radiogroup', { name: '隐患等级 1' }).getByRole('radio', { name: '重大隐患' }).count(), 1);
  await expectNamed(page, 'record-inspection drawer');
  await screenshot(page, 'a11y-inspection-drawer', { fullPage: false });
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  await page.getByTestId('unit-event-tabs').getByRole('tab', { name: '事故', exact: true }).click();
  await button(page, '报告事故').click();
  await page.getByRole('dialog').waitFor();
  await expectNamed(page, 'report-incident dialog');
  await button(page.getByRole('dialog'), '取消').click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  await button(page, '编辑安全员').click();
  await page.getByRole('dialog').waitFor();
  await button(page.getByRole('dialog'), '添加安全员').click();
  await expectNamed(page, 'safety officers dialog');
  await button(page.getByRole('dialog'), '取消').click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  for (const [path, ready] of /** @type {[string, string][]} */ ([
    ['/hazards', '[data-testid=hazards-table] tbody tr.ant-table-row'],
    ['/incidents', '[data-testid=incidents-table] tbody tr.ant-table-row'],
    ['/reports', '[data-testid=table1] tbody tr.ant-table-row'],
    ['/users', '[data-testid=users-table] tbody tr.ant-table-row'],
  ])) {
    await page.goto(path);
    await page.locator(ready).first().waitFor();
    await expectNamed(page, path);
  }
  // the pivot's result: the chart's measure and type choices, the table's paging
  await page.goto('/analysis');
  await button(page, '运行').click();
  await page.locator('[data-testid=pivot-chart][data-rendered]').waitFor();
  await page.getByRole('radiogroup', { name: '图表类型' }).waitFor();
  await expectNamed(page, 'pivot result');
  await page.goto('/users');
  await page.locator('[data-testid=users-table] tbody tr.ant-table-row').first().waitFor();
  await button(page, '新建用户').click();
  await page.getByRole('dialog').waitFor();
  await expectNamed(page, 'new user dialog');
});

// ---- keyboard --------------------------------------------------------------------------------

test('the keyboard alone: sign in, skip link, side menu, a table link, the language and sign out', async (page) => {
  // signing in: the user name has the focus, Tab goes on to the password, Enter sends
  await page.goto('/login');
  const username = page.getByLabel('用户名', { exact: true });
  await username.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('autocomplete') === 'username');
  await page.keyboard.type('city_admin');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'current-password');
  await page.keyboard.type('Demo@2026');
  await screenshot(page, 'a11y-login-keyboard');
  await page.keyboard.press('Enter');
  await waitForPath(page, '/');
  await page.locator('[data-testid=counties-table] tbody tr.ant-table-row').first().waitFor();

  // the first Tab stop is the skip link, shown when focused; it takes the focus to the page itself
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), `the skip link has the focus, not ${await focusedText(page)}`);
  const box = await skip.boundingBox();
  assert.ok(box && box.y >= 0 && box.x >= 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);
  await expectFocusVisible(page, 'the skip link');
  await screenshot(page, 'a11y-focus-skip-link', { fullPage: false });
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('main')), `after the skip link, Tab stays in the page: ${await focusedText(page)}`);

  // from the page's start, Tab reaches the side menu right after the skip link
  await page.reload();
  await page.locator('[data-testid=counties-table] tbody tr.ant-table-row').first().waitFor();
  const presses = await tabTo(page, (el) => !!el.closest('nav') && el.tagName === 'A', 'the side menu');
  assert.equal(presses, 2, 'skip link, then the menu');
  assert.equal((await focusedText(page)).replace(/<a> /, ''), '首页');
  await expectFocusVisible(page, 'a menu entry');
  // the arrows move through the menu, Enter opens the entry
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === '创建单位');
  await screenshot(page, 'a11y-focus-menu', { fullPage: false });
  await page.keyboard.press('Enter');
  await waitForPath(page, '/units');
  await page.locator('.ant-layout-sider .ant-menu-item-selected', { hasText: '创建单位' }).waitFor();

  // a unit's link in the table, by Tab, followed with Enter
  const rows = page.locator('[data-testid=units-table] tbody tr.ant-table-row');
  await rows.first().waitFor();
  await page.locator('[data-testid=units-table] .ant-spin-spinning').waitFor({ state: 'detached' });
  // Tab goes on from the menu entry just used, through the header and the filters, into the table
  await tabTo(page, (el) => el.tagName === 'A' && !!el.closest('[data-testid=units-table] tbody'), 'a unit link in the table', 80);
  const name = (await page.evaluate(() => document.activeElement?.textContent ?? '')).trim();
  await expectFocusVisible(page, 'a table link');
  await page.evaluate(() => document.activeElement?.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'a11y-focus-table-link', { fullPage: false, fromTop: false });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByTestId('unit-profile').filter({ hasText: name }).waitFor();
  assert.ok((await breadcrumbs(page)).endsWith(`/ ${name}`));

  // the language: from the page's start, Tab to the switch (after the skip link and the menu), Enter
  // opens the list with the focus in it, the arrows choose
  await page.reload();
  await page.getByTestId('unit-profile').filter({ hasText: name }).waitFor();
  await tabTo(page, (el) => (el.getAttribute('aria-label') ?? '').startsWith('语言'), 'the language switch', 20);
  await expectFocusVisible(page, 'the language switch');
  await page.keyboard.press('Enter');
  const english = page.getByRole('menuitem', { name: 'English' });
  await english.waitFor();
  await page.waitForFunction(() => !!document.activeElement?.closest('.ant-dropdown'));
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'English');
  await screenshot(page, 'a11y-focus-language', { fullPage: false });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  // the focus goes back to the switch, not to the page's start
  await page.waitForFunction(() => (document.activeElement?.getAttribute('aria-label') ?? '').startsWith('Language'));
  await page.locator('.ant-layout-sider .ant-menu-item', { hasText: 'Units' }).waitFor();

  // sign out: the next Tab stops lead to the button, Enter signs out
  await tabTo(page, (el) => el.tagName === 'BUTTON' && (el.textContent ?? '').includes('Sign out'), 'Sign out', 10);
  await expectFocusVisible(page, 'Sign out');
  await screenshot(page, 'a11y-focus-sign-out', { fullPage: false });
  await page.keyboard.press('Enter');
  await waitForPath(page, '/login');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('zac.session')), null);
});

// ---- charts and colour -----------------------------------------------------------------------

test('the map and the charts carry their figures as text, in the interface language', async (page) => {
  // 2022: a year of the plan's targets, so the bars have target lines and the table verdicts
  await login(page, 'city_admin', { redirect: '/?year=2022' });
  await waitForPath(page, '/');
  await page.getByTestId('bars-card').filter({ hasText: '2022 年' }).waitFor();
  for (const id of ['county-map', 'county-bars', 'month-incidents']) await page.locator(`[data-testid=${id}][data-rendered]`).waitFor();

  // the map: named, and described by a table of each county's rate and units
  const map = page.getByRole('img', { name: '朔州市各县(市、区)零事故率分布图' });
  assert.equal(await map.getAttribute('data-testid'), 'county-map', 'the chart keeps its own name (not ECharts’ generated one)');
  const mapTable = await describedTable(page, 'county-map');
  assert.deepEqual(mapTable.head, ['名称', '零事故率', '在册创建单位']);
  const mapped = mapTable.rows.map((r) => r[0]);
  assert.ok(mapped.length >= 6 && mapped.every((c) => COUNTIES.includes(c)), `the map's counties: ${mapped}`);
  // the same figures as the table beside the charts
  const rates = page.locator('[data-testid=county-rates-table] tbody tr.ant-table-row');
  await rates.nth(COUNTIES.length - 1).waitFor();
  for (const [county, rate, units] of mapTable.rows) {
    assert.match(rate, /^\d+(\.\d+)?%$/, `${county}'s rate as a percentage`);
    const cells = (await rates.filter({ hasText: county }).locator('td').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual([cells[1], cells[2]], [units, rate], `${county} in the map's text and in the table`);
  }

  // the bars: both groups per county, then the targets; the groups differ by pattern too (decal)
  const bars = await describedTable(page, 'county-bars');
  assert.deepEqual(bars.head, ['名称', '村(社区)', '企事业单位']);
  assert.deepEqual(bars.rows.at(-1), ['2022 年目标', '80%', '90%'], 'the targets last');
  assert.deepEqual(bars.rows.slice(0, -1).map((r) => r[0]).sort(), [...COUNTIES].sort(), 'a row per county');
  for (const r of bars.rows) assert.ok(r.slice(1).every((v) => /%$|^—$/.test(v)), `percentages: ${r}`);

  // the months: one row per month so far, every one of them (ECharts' own text stopped at ten)
  const months = await describedTable(page, 'month-incidents');
  assert.equal(months.rows.length, 12, 'the months of 2022');
  assert.equal(months.rows[11][0], '12月');
  assert.ok(months.rows.every((r) => /^\d+$/.test(r[1].replace(/,/g, ''))), 'counts');

  // attainment is said in words, the colour only repeats it
  const verdicts = await page.locator('[data-testid=county-rates-table] [data-verdict]').allInnerTexts();
  assert.ok(verdicts.length > 0 && verdicts.every((v) => /达标|未达标|无目标|无单位/.test(v)), `verdicts in words: ${verdicts.slice(0, 4)}`);
  await screenshot(page, 'a11y-charts');

  // in English, the text alternatives are English too
  await page.getByRole('button', { name: '语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en-US');
  await page.getByRole('img', { name: 'Map of Shuozhou’s counties by Zero-accident rate' }).waitFor();
  assert.deepEqual((await describedTable(page, 'county-map')).head, ['Name', 'Zero-accident rate', 'Units enrolled']);
  assert.equal((await describedTable(page, 'month-incidents')).head[0], 'Month');
});

/**
 * The table a chart's aria-describedby points to: its header and its rows, as text.
 * @param {Page} page @param {string} testId
 */
async function describedTable(page, testId) {
  const chart = page.getByTestId(testId);
  const id = await chart.getAttribute('aria-describedby');
  assert.ok(id, `${testId} is described by something`);
  return page.evaluate((tableId) => {
    const table = document.getElementById(tableId);
    if (!table || table.tagName !== 'TABLE') throw new Error(`no table #${tableId}`);
    const cells = (/** @type {Element} */ tr) => [...tr.children].map((c) => (c.textContent ?? '').trim());
    return {
      head: cells(/** @type {Element} */ (table.querySelector('thead tr'))),
      rows: [...table.querySelectorAll('tbody tr')].map(cells),
    };
  }, id);
}

await run();
