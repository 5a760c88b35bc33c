// @ts-check
// The phone layout at 390×844 (issue 12 point 9): demo users of each role open the pages they use;
// on every page nothing lies under or sticks out of the header (bounding boxes compared), nothing
// runs off the screen's right edge, the side menu is a drawer, the lists are cards with what,
// where, deadline and state, and the filters fold behind one button. Screenshots phone-<role>-<page>.png.
// Against a running server with demo data; nothing is changed.
import assert from 'node:assert/strict';
import { login, screenshot, suite, waitForPath } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

const VIEWPORT = { width: 390, height: 844 };
const { test, run } = suite({ title: 'phone', viewport: VIEWPORT, failOnPageError: true });

/**
 * What on the page breaks the phone layout, as text (empty when nothing): elements of the content
 * that start above the header's bottom edge (while the page is at its top), parts of the header that
 * leave its box, and any element that reaches past the screen's right edge.
 * @param {Page} page
 */
async function layoutProblems(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return page.evaluate(() => {
    const header = document.querySelector('[data-testid=app-header]');
    const main = document.getElementById('main-content');
    if (!header || !main) return ['no header or no main content'];
    const h = header.getBoundingClientRect();
    /** @param {Element} el */
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return null;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.opacity === '0') return null;
      // inside a scroller (a tab bar's overflow, a table) an element may legitimately extend out of view
      for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
        const ps = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(ps.overflowX)) return { r, clipped: true };
      }
      return { r, clipped: false };
    };
    /** @param {Element} el */
    const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const problems = [];
    if (h.top !== 0) problems.push(`header top at ${h.top}`);
    for (const el of header.querySelectorAll('*')) {
      const s = shown(el);
      if (!s) continue;
      if (s.r.top < h.top - 0.5 || s.r.bottom > h.bottom + 0.5 || s.r.left < -0.5 || s.r.right > window.innerWidth + 0.5)
        problems.push(`header part ${name(el)} leaves the header (${Math.round(s.r.left)},${Math.round(s.r.top)})–(${Math.round(s.r.right)},${Math.round(s.r.bottom)})`);
    }
    for (const el of main.querySelectorAll('*')) {
      const s = shown(el);
      if (!s) continue;
      if (s.r.top < h.bottom - 0.5 && s.r.bottom > h.top) problems.push(`${name(el)} under the header (top ${Math.round(s.r.top)} < ${Math.round(h.bottom)})`);
      if (!s.clipped && s.r.right > window.innerWidth + 0.5) problems.push(`${name(el)} runs off the right edge (${Math.round(s.r.right)} px)`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth)
      problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide)`);
    return problems.slice(0, 8);
  });
}

/**
 * Checks the page's layout, scrolls it to see the header stay on top of the content, and takes the
 * screenshot (full page: the header is sticky, so it shows once at the top).
 * @param {Page} page @param {string} shot
 */
async function checkPage(page, shot) {
  await page.getByTestId('app-header').waitFor();
  await page.locator('#main-content h3').first().waitFor();
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  assert.deepEqual(await layoutProblems(page), [], `layout of ${page.url()}`);
  // scrolled, the header still covers the top of the screen and the content passes below it
  const scrolled = await page.evaluate(() => {
    window.scrollTo(0, 400);
    const h = /** @type {Element} */ (document.querySelector('[data-testid=app-header]')).getBoundingClientRect();
    const hit = document.elementFromPoint(window.innerWidth / 2, h.bottom - 4);
    const result = { top: h.top, onTop: !!hit?.closest('[data-testid=app-header]') };
    window.scrollTo(0, 0);
    return result;
  });
  assert.deepEqual(scrolled, { top: 0, onTop: true }, 'the header stays at the top, above the scrolled content');
  await screenshot(page, shot);
}

/**
 * A list page: the list is cards (no table), each with its title and the named fields, within the
 * screen's width; the filters are folded behind one button that opens them.
 * @param {Page} page @param {string} testId @param {string[]} labels the fields each card shows
 */
async function expectCards(page, testId, labels) {
  const list = page.locator(`[data-testid=${testId}][data-layout=cards]`);
  await list.waitFor();
  const cards = list.getByTestId('list-card');
  await cards.first().waitFor();
  // the card (or tab) holding the list has no table left in it
  const holder = list.locator('xpath=ancestor::*[contains(@class, "ant-card") or contains(@class, "ant-tabs-tabpane")][1]');
  assert.equal(await holder.locator('.ant-table').count(), 0, 'no table on the phone');
  const first = cards.first();
  for (const label of labels) await first.locator('dt', { hasText: label }).first().waitFor();
  const boxes = await cards.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]));
  for (const [left, right] of boxes) assert.ok(left >= 0 && right <= VIEWPORT.width, `card inside the screen (${left}–${right})`);
  return cards.count();
}

/** The filters: folded behind one button, which opens them (the button then says 收起筛选). @param {Page} page @param {string} testId */
async function expectFoldedFilters(page, testId) {
  assert.equal(await page.getByTestId(testId).count(), 0, 'filters folded');
  const toggle = page.getByTestId('filter-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  await page.getByTestId(testId).waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  // the filters stack in one column
  const lefts = await page
    .getByTestId(testId)
    .locator('.ant-form-item')
    .evaluateAll((els) => [...new Set(els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => Math.round(e.getBoundingClientRect().left)))]);
  assert.equal(lefts.length, 1, `filters in one column (left edges ${lefts})`);
}

/** Opens the side menu's drawer, screenshots it and follows `entry`; the drawer closes. @param {Page} page @param {string} entry @param {string} shot */
async function viaMenu(page, entry, shot) {
  assert.equal(await page.locator('.ant-layout-sider').count(), 0, 'no side column on the phone');
  await page.getByTestId('menu-toggle').click();
  const item = page.locator('.ant-drawer .ant-menu-item', { hasText: entry });
  await item.waitFor();
  await page.getByTestId('role-label').waitFor();
  if (shot) await screenshot(page, shot, { fullPage: false });
  await item.getByRole('link').click();
  await page.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });
}

test('county admin: landing, units, hazards, incidents and a unit page as cards, menu as a drawer', async (page) => {
  await login(page, 'county_admin_140602');
  await waitForPath(page, '/counties/140602');
  await page.getByRole('heading', { level: 3, name: '朔城区' }).waitFor();
  await checkPage(page, 'phone-county-landing');

  await viaMenu(page, '创建单位', 'phone-county-menu');
  await waitForPath(page, '/units');
  await expectCards(page, 'units-table', ['位置', '行业领域', '今年零事故']);
  await checkPage(page, 'phone-county-units');
  await expectFoldedFilters(page, 'unit-filters');
  await checkPage(page, 'phone-county-units-filters');

  await viaMenu(page, '隐患排查治理', '');
  await waitForPath(page, '/hazards');
  await expectCards(page, 'hazards-table', ['位置', '整改期限', '整改责任人']);
  // state as a tag on each card, and the 推进 button of the first
  await page.getByTestId('hazards-table').getByTestId('list-card').first().locator('[data-hazard-state]').waitFor();
  await checkPage(page, 'phone-county-hazards');
  await expectFoldedFilters(page, 'hazard-filters');

  await viaMenu(page, '事故管理', '');
  await waitForPath(page, '/incidents');
  await expectCards(page, 'incidents-table', ['位置', '事故时间', '伤亡']);
  await checkPage(page, 'phone-county-incidents');

  // a unit of the county: its inspections as cards
  await page.goto('/units');
  const unitLink = page.getByTestId('units-table').getByTestId('list-card').first().getByRole('link').first();
  await unitLink.click();
  await page.waitForURL(/\/units\/\d+$/);
  await page.getByTestId('unit-profile').waitFor();
  await checkPage(page, 'phone-county-unit');
  await page.getByRole('tab', { name: '检查记录' }).click();
  await expectCards(page, 'inspections-table', ['检查单位', '创建标准检查结果']);
  await checkPage(page, 'phone-county-unit-inspections');
});

test('lead department: its landing page and the hazards board', async (page) => {
  await login(page, 'dept_emergency');
  await page.getByTestId('app-header').waitFor();
  await checkPage(page, 'phone-dept-landing');
  await page.goto('/hazards');
  await expectCards(page, 'hazards-table', ['位置', '整改期限']);
  await checkPage(page, 'phone-dept-hazards');
});

test('analyst: the dashboard', async (page) => {
  await login(page, 'analyst');
  await waitForPath(page, '/');
  await page.getByTestId('app-header').waitFor();
  await checkPage(page, 'phone-analyst-dashboard');
});

test('city admin: the dashboard, the users page and the unit form in one column', async (page) => {
  await login(page, 'city_admin');
  await waitForPath(page, '/');
  await checkPage(page, 'phone-city-dashboard');
  await page.goto('/units/new');
  await page.getByRole('heading', { level: 3 }).waitFor();
  const lefts = await page
    .locator('#main-content form .ant-form-item')
    .evaluateAll((els) => [...new Set(els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => Math.round(e.getBoundingClientRect().left)))]);
  assert.ok(lefts.length >= 1 && lefts.length <= 2, `the unit form in one column (left edges ${lefts})`);
  await checkPage(page, 'phone-city-unit-form');
});

await run();
