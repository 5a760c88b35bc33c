// @ts-check
// The field journeys of issue 12, by clicks, with screenshots field-<journey>-<step>.png:
//   - a unit officer at 390×844 signs in for the first time with a one-time password, changes it,
//     records a self-check with one 不符合 item (which proposes the hazard), rectifies the hazard with a
//     photo from the camera input and closes it;
//   - a county's second staff account verifies (验收) the rectification the first account reported.
// Against a running server with demo data (`seed --demo`: unit_first_<id>, county_staff_<code>). The
// one-time password is set anew by the city office first (resetPassword), so the journey can run again.
import assert from 'node:assert/strict';
import { BASE_URL, PASSWORD, button, escapeRegExp, login, screenshot, suite, waitForPath } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const phone = suite({ title: 'field (390×844)', viewport: { width: 390, height: 844 }, failOnPageError: true, timeoutMs: 30_000 });
const desk = suite({ title: 'field (1440×900)', viewport: { width: 1440, height: 900 }, failOnPageError: true, timeoutMs: 30_000 });

/**
 * One GraphQL request with a bearer token (for setting up what the journey starts from).
 * @param {string | null} token @param {string} query @param {Record<string, unknown>} [variables]
 */
async function gql(token, query, variables = {}) {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** @param {string} username @param {string} [password] */
async function tokenOf(username, password = PASSWORD) {
  const d = await gql(null, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }', { u: username, p: password });
  return /** @type {string} */ (d.login.accessToken);
}

/** A small real JPEG (the server sniffs the type), drawn by the browser. @param {Page} page @param {string} text */
async function jpeg(page, text) {
  const dataUrl = await page.evaluate((label) => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    g.fillStyle = '#3a7d44';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#fff';
    g.font = '28px sans-serif';
    g.fillText(label, 20, 130);
    return c.toDataURL('image/jpeg', 0.8);
  }, text);
  return { name: `${text}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') };
}

/** Clicks the button-style radio `text` inside `scope`. @param {Locator} scope @param {string} text */
async function chooseRadio(scope, text) {
  await scope.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }).click();
}

/** The hazard's card (phone) or row (desk) by its description. @param {Page} page @param {string} description */
function hazardItem(page, description) {
  return page.locator('[data-testid=unit-hazards-table] [data-testid=list-card], [data-testid=unit-hazards-table] tr.ant-table-row', { hasText: description }).first();
}

/**
 * Takes the hazard's next step in the 推进 dialog: checks the dialog says who may take `to`, adds the
 * photos, submits and waits for the hazard to be in `to`.
 * @param {Page} page @param {string} description @param {string} to @param {{ photo?: string, shot?: string }} [opts]
 */
async function advance(page, description, to, { photo, shot } = {}) {
  await button(hazardItem(page, description), '推进').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('advance-hazard-form').waitFor();
  await chooseRadio(dialog, to);
  // the form says, before anyone submits, that this step is the caller's to take
  const line = dialog.getByTestId('next-steps').locator('li', { hasText: new RegExp(`^${escapeRegExp(to)}`) });
  assert.equal(await line.getAttribute('data-allowed'), 'yes', `${to} is the caller's step: ${await line.innerText()}`);
  if (photo) {
    const input = dialog.locator('input[type=file]');
    assert.equal(await input.getAttribute('accept'), 'image/*');
    assert.equal(await input.getAttribute('capture'), 'environment', 'the photo input opens the camera');
    await input.setInputFiles(await jpeg(page, photo));
    await dialog.getByTestId('photo-preview').waitFor();
  }
  if (shot) await screenshot(page, shot, { fullPage: false });
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: /推进/ }).click();
  await page.getByText(`隐患已转为“${to}”`).first().waitFor();
  await dialog.waitFor({ state: 'hidden' });
}

phone.test('a unit officer signs in for the first time, changes the password, self-checks, rectifies with a photo and closes', async (page) => {
  const city = await tokenOf('city_admin');
  const found = await gql(city, 'query { users(first: 5, filter: { search: "unit_first_", role: UNIT_OFFICER }) { edges { node { id username unit { id name } } } } }');
  const officer = found.users.edges[0]?.node;
  assert.ok(officer, 'the demo has a unit officer who signs in for the first time');
  const oneTime = `Init-${Date.now().toString(36)}`;
  await gql(city, 'mutation($id: ID!, $p: String!) { resetPassword(id: $id, newPassword: $p) }', { id: officer.id, p: oneTime });

  // first sign-in: the password must be changed before anything else
  await login(page, officer.username, { password: oneTime });
  const form = page.getByTestId('change-password');
  await form.waitFor();
  await page.getByTestId('first-sign-in').waitFor();
  await screenshot(page, 'field-unit-1-first-sign-in');
  const newPassword = `Unit@${Date.now().toString(36)}`;
  await form.getByLabel('当前密码', { exact: true }).fill(oneTime);
  await form.getByLabel('新密码', { exact: true }).fill(newPassword);
  await form.getByLabel('再次输入新密码', { exact: true }).fill(newPassword);
  await button(form, '修改密码').click();
  // then the unit officer lands on its own unit, with its to-do
  await waitForPath(page, `/units/${officer.unit.id}`);
  await page.getByRole('heading', { level: 3, name: officer.unit.name }).waitFor();
  await page.getByTestId('todo').waitFor();
  await screenshot(page, 'field-unit-2-landing');

  // 自查: all standards met but 2.3, which proposes a hazard linked to it
  await page.getByRole('tab', { name: '检查记录' }).click();
  await button(page, '记录检查').click();
  const drawer = page.locator('.ant-drawer-content');
  const inspection = drawer.getByTestId('inspection-form');
  await inspection.waitFor();
  const width = await page.locator('.ant-drawer-content-wrapper').evaluate((e) => e.getBoundingClientRect().width);
  assert.equal(Math.round(width), 390, 'the form takes the whole phone screen');
  assert.equal(await drawer.getByRole('combobox', { name: '检查方式' }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText(), '自查');
  await drawer.getByLabel('检查单位', { exact: true }).fill(`${officer.unit.name}（自查）`);
  await button(drawer, '全部符合').click();
  const std23 = inspection.locator('[data-testid=standard-row][data-code="2.3"]');
  await chooseRadio(std23, '不符合');
  const proposed = drawer.getByTestId('hazard-input').first();
  await proposed.getByText('不符合项 2.3').waitFor();
  const description = `灭火器压力不足（自查 ${Date.now().toString(36)}）`;
  await drawer.getByLabel('隐患描述 1', { exact: true }).fill(description);
  await screenshot(page, 'field-unit-3-self-check', { fullPage: false });
  await button(drawer, '保存').click();
  await page.getByText('已记录检查，发现隐患 1 处').waitFor();
  await drawer.waitFor({ state: 'hidden' });

  // the hazard, as a card: rectified on the spot with an after photo (验收), then closed (销号)
  await page.getByRole('tab', { name: '隐患' }).click();
  await hazardItem(page, description).waitFor();
  await screenshot(page, 'field-unit-4-hazard');
  await advance(page, description, '验收', { photo: '整改后', shot: 'field-unit-5-rectify-photo' });
  await advance(page, description, '销号');
  const card = hazardItem(page, description);
  await card.locator('[data-hazard-state=CLOSED]').waitFor();
  // the card opened its details after the step: the photo is there as 整改后
  await card.locator('[data-testid=attachment][data-stage=AFTER]').waitFor();
  await card.locator('[data-testid=attachment] img').first().waitFor();
  await screenshot(page, 'field-unit-6-closed');
});

desk.test("a county's second staff account verifies the rectification the first reported", async (page) => {
  // a county finding with its hazard, recorded through the API as the first account
  const first = await tokenOf('county_admin_140602');
  const units = await gql(first, 'query { units(filter: { countyCode: "140602", search: "村委会" }, first: 1) { edges { node { id name } } } }');
  const unit = units.units.edges[0].node;
  const standards = await gql(first, 'query { creationStandards { code } }');
  const description = `配电箱未上锁（县级检查 ${Date.now().toString(36)}）`;
  await gql(first, 'mutation($in: InspectionInput!) { recordInspection(input: $in) { id } }', {
    in: {
      unitId: unit.id,
      inspectedOn: new Date().toISOString().slice(0, 10),
      kind: 'COUNTY',
      inspectingBody: '朔城区应急管理局',
      results: standards.creationStandards.map((/** @type {{ code: string }} */ s) => ({ standardCode: s.code, result: s.code === '2.3' ? 'NOT_MET' : 'MET' })),
      hazards: [{ level: 'GENERAL', description, standardCode: '2.3' }],
    },
  });

  // the first account reports the rectification (治理) with its photo
  await login(page, 'county_admin_140602', { redirect: `/units/${unit.id}?tab=hazards` });
  await hazardItem(page, description).waitFor();
  await advance(page, description, '治理', { photo: '整改后', shot: 'field-county-1-report' });
  await page.getByRole('button', { name: '退出登录' }).click();
  await waitForPath(page, '/login');

  // the second staff account of the same county verifies it
  await page.goto(`/login?redirect=${encodeURIComponent(`/units/${unit.id}?tab=hazards`)}`);
  await login(page, 'county_staff_140602');
  await hazardItem(page, description).waitFor();
  await advance(page, description, '验收', { shot: 'field-county-2-verify' });
  await hazardItem(page, description).locator('[data-hazard-state=VERIFIED]').waitFor();
  await screenshot(page, 'field-county-3-verified');
});

await phone.run();
const phoneFailed = process.exitCode;
await desk.run();
if (phoneFailed) process.exitCode = phoneFailed;
