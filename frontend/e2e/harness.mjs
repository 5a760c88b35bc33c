// @ts-check
// What every browser test file shares: the configuration from the environment, the Chromium launch,
// the runner (one fresh browser profile per test, so no test depends on another), screenshots and
// signing in. The files differ only in the options of `suite()`.
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

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */
/** @typedef {{ name: string, fn: (page: Page) => Promise<void> }} Test */

const frontendDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const BASE_URL = (process.env.E2E_BASE_URL || 'http://127.0.0.1:8089').replace(/\/$/, '');
export const PASSWORD = process.env.E2E_PASSWORD || 'Demo@2026';
export const SCREENSHOT_DIR = path.resolve(process.env.E2E_SCREENSHOT_DIR || path.join(frontendDir, '..', 'screenshots'));
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const ONLY = process.env.E2E_ONLY || '';
export const THIS_YEAR = new Date().getFullYear();

export const COUNTIES = ['朔城区', '平鲁区', '山阴县', '应县', '右玉县', '山西朔州经济开发区', '怀仁市'];

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

/**
 * @typedef {object} SuiteOptions
 * @property {string} title what the file tests, for its first line
 * @property {{ width: number, height: number }} [viewport]
 * @property {boolean} [acceptDownloads] playwright's default, true
 * @property {boolean} [failOnPageError] an uncaught error in the page fails the test even when its steps passed
 * @property {number} [timeoutMs] playwright's default timeout of each step
 */

/**
 * A file's tests and their runner: `test()` registers, `run()` runs them in order (those matching
 * E2E_ONLY), prints one line each and a closing "N passed, M failed", and sets the exit code.
 * @param {SuiteOptions} options
 */
export function suite({ title, viewport = { width: 1440, height: 900 }, acceptDownloads = true, failOnPageError = true, timeoutMs = 20_000 }) {
  /** @type {Test[]} */
  const tests = [];

  /** @param {string} name @param {(page: Page) => Promise<void>} fn */
  function test(name, fn) {
    tests.push({ name, fn });
  }

  /** @param {Test} t */
  async function runTest(t) {
    const profile = mkdtempSync(path.join(tmpdir(), 'zac-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport,
      acceptDownloads,
    });
    /** @type {string[]} */
    const browserErrors = [];
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(timeoutMs);
      page.on('pageerror', (e) => browserErrors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && browserErrors.push(`console: ${m.text()}`));
      await t.fn(page);
      if (failOnPageError) {
        const crashes = browserErrors.filter((e) => e.startsWith('pageerror'));
        assert.deepEqual(crashes, [], 'no uncaught errors in the page');
      }
    } catch (e) {
      const page = context.pages()[0];
      if (page) await screenshot(page, `FAILED-${t.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 80)}`).catch(() => {});
      if (browserErrors.length) /** @type {Error} */ (e).message += `\n    browser said:\n      ${browserErrors.join('\n      ')}`;
      throw e;
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }

  async function run() {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    console.log(`e2e (${title}) against ${BASE_URL}, screenshots in ${SCREENSHOT_DIR}`);
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

  return { test, run, timeoutMs };
}

/**
 * A screenshot into SCREENSHOT_DIR, from the top (the side menu is sticky), with transitions finished
 * so menus and selections look settled.
 * @param {Page} page @param {string} name
 * @param {{ fullPage?: boolean, fromTop?: boolean }} [opts] dialogs: fullPage false, as the mask covers
 *   the viewport only; fromTop false keeps the scroll position (e.g. to show where the focus is)
 */
export async function screenshot(page, name, { fullPage = true, fromTop = true } = {}) {
  if (fromTop) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage, animations: 'disabled' });
}

/**
 * Signs in through the login page: the one the app sent us to, else /login (with ?redirect= when
 * given: without it each role lands on its own page, services/landing.ts). Waits to leave the login
 * page unless `wait` is false (a wrong password stays there).
 * @param {Page} page @param {string} username
 * @param {{ password?: string, redirect?: string, wait?: boolean }} [opts]
 */
export async function login(page, username, { password = PASSWORD, redirect, wait = true } = {}) {
  if (!page.url().includes('/login')) await page.goto(redirect ? `/login?redirect=${encodeURIComponent(redirect)}` : '/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await press(page, '登录');
  if (wait) await page.waitForURL((url) => url.pathname !== '/login');
}

/** @param {Page} page @param {string} pathname */
export async function waitForPath(page, pathname) {
  await page.waitForURL((url) => url.pathname === pathname);
}

/** @param {string} text */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A button by its text: antd puts the icon's name first ("edit 编辑"), so match the end exactly.
 * @param {Page | Locator} scope @param {string} text
 */
export function button(scope, text) {
  return scope.getByRole('button', { name: new RegExp(`(^|\\s)${escapeRegExp(text)}$`) });
}

/**
 * Clicks a button once it is idle. While antd's button is loading its accessible name is "loading 保存"
 * and it drops clicks, so wait for the loading state to end instead of matching the bare text exactly.
 * @param {Page | Locator} scope @param {string} text
 */
export async function press(scope, text) {
  const page = 'page' in scope ? scope.page() : scope;
  await settled(page);
  await button(scope, text).and(scope.locator('button:not(.ant-btn-loading)')).click();
}

/**
 * Waits for antd's opening animations (a dialog zooming in, a drop-down sliding in: their motion
 * classes end in "-appear-active" or "-enter-active") to end: a click while the element moves can land
 * beside it and do nothing.
 * @param {Page} page
 */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[class*="-appear-active"], [class*="-enter-active"]'));
}

/**
 * Chooses `option` in the open antd Select drop-down and waits for it to close. The drop-down slides
 * in (antd's motion classes end in "-active" meanwhile); a click during the slide can land while the
 * list moves and choose nothing, so wait for the motion to end first.
 * @param {Page} page @param {string} option
 */
export async function chooseOption(page, option) {
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.waitFor();
  await settled(page);
  await dropdown.locator(`.ant-select-item-option[title="${option}"]`).click();
  await dropdown.waitFor({ state: 'hidden' });
}

/**
 * A link by its text, e.g. a link drawn as a button (components/LinkButton.tsx: "edit 编辑").
 * @param {Page | Locator} scope @param {string} text
 */
export function link(scope, text) {
  return scope.getByRole('link', { name: new RegExp(`(^|\\s)${escapeRegExp(text)}$`) });
}

/** The side menu's items. @param {Page} page */
export function menuItems(page) {
  return page.locator('.ant-layout-sider .ant-menu-item');
}

/** Waits for the signed-in layout and returns the side menu's labels. @param {Page} page */
export async function menuLabels(page) {
  await menuItems(page).first().waitFor();
  return (await menuItems(page).allInnerTexts()).map((s) => s.trim());
}

/** The breadcrumbs as text, "首页 / 朔城区 / …". @param {Page} page */
export async function breadcrumbs(page) {
  return (await page.locator('.ant-breadcrumb').innerText()).replace(/\s+/g, ' ').trim();
}

/** The stored session (services/session.ts), or null when signed out. @param {Page} page */
export async function readSession(page) {
  const raw = await page.evaluate(() => sessionStorage.getItem('zac.session'));
  return raw ? JSON.parse(raw) : null;
}
