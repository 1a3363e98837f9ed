// The widget against the real reference shop when things go wrong: the
// endpoint down, 500s, answers slower than the timeout, malformed JSON, a
// token refused mid-session, and redemptions made offline that must be
// applied exactly once after recovery, even across a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { root } from '../../wasm/support.mjs';
import { startTestShop } from '../shop.mjs';
import { TEST_DAY, formatNumber } from '../../support/clock.mjs';
import { createEngine } from '../../../web/dist/loyalty-engine.mjs';
import { awardOf } from '../../support/awards.mjs';

const artifacts = join(root, 'build/test-artifacts');
let shop;
let browser;
before(async () => {
  shop = await startTestShop();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

const shadowText = (page, selector) => page.evaluate((s) =>
  document.querySelector('loyalty-widget')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);

// The storefront with its own sign-in (sessionStorage keeps the session across reloads).
async function signedIn(customer) {
  const page = await pinClock(await browser.context.newPage());
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // A short timeout and quick retries keep fault tests fast.
  await page.route('**/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('data-endpoint="/loyalty/api"', 'data-endpoint="/loyalty/api" data-timeout-ms="700"');
    await route.fulfill({ response, body: html });
  });
  await page.goto(`${shop.url}/`);
  await page.evaluate(() => LoyaltyWidget.ready());
  await page.selectOption('#customer', customer);
  await page.click('#sign-in');
  await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=badge]'));
  return page;
}
const badge = async (page) => Number((await shadowText(page, '[data-test=badge]')).replace(/[^\d]/g, ''));

async function reloadAndOpen(page) {
  await page.reload();
  await page.evaluate(() => LoyaltyWidget.ready());
  await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=badge]'));
  await page.evaluate(() => LoyaltyWidget.open('home'));
}

for (const [fault, handler] of [
  ['the endpoint is down', (route) => route.abort('connectionrefused')],
  ['the endpoint answers 500', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' })],
  ['answers are slower than the timeout', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.abort('timedout').catch(() => {}); }],
  ['the customer answer is malformed JSON', (route) => (route.request().url().includes('/customer')
    ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"customer": {' }) : route.continue())],
]) {
  test(`${fault}: the widget stays usable from its cache and says so`, async () => {
    const page = await signedIn('ada');
    const balance = await badge(page);
    await page.route('**/loyalty/api/**', handler);
    await reloadAndOpen(page);
    assert.equal(await badge(page), balance);
    await page.waitForFunction(() => /Offline/.test(document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=sync]').textContent));
    const simulated = await page.evaluate(() => LoyaltyWidget.simulate({ amount: '40.00' }));
    assert.ok(simulated.points > 0);
    await page.close();
  });
}

test('a token refused mid-session is replaced through the shop, without a reload', async () => {
  const page = await signedIn('bruno');
  await page.evaluate(() => LoyaltyWidget.refresh());  // settle: no request of the sign-in is still in flight
  let refused = 0;
  await page.route('**/loyalty/api/customer*', (route) => {
    if (refused++ === 0) return route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"unauthorized","message":"expired"}}' });
    return route.continue();
  });
  const events = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('loyalty:token-expired', () => seen.push('token-expired'));
    await LoyaltyWidget.refresh();
    return seen;
  });
  assert.deepEqual(events, ['token-expired']);
  assert.ok(await badge(page) > 0, 'still signed in');
  await page.close();
});

test('redemptions made offline are pending, survive a reload, and are applied exactly once', async () => {
  const page = await signedIn('chen');
  const before = await badge(page);
  await page.route('**/loyalty/api/**', (route) => route.abort('internetdisconnected'));
  await page.evaluate(() => LoyaltyWidget.open('rewards'));
  await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-reward=free-shipping] [data-test=redeem]').click());
  await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-reward=free-shipping] [data-test=confirm]').click());
  await page.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=pending]'));
  await page.screenshot({ path: join(artifacts, 'offline-pending.png') });

  await reloadAndOpen(page);  // still offline
  await page.evaluate(() => LoyaltyWidget.open('rewards'));
  await page.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=pending]'));

  await page.unroute('**/loyalty/api/**');
  await page.evaluate(async () => { await LoyaltyWidget.refresh(); await LoyaltyWidget.refresh(); });
  await page.waitForFunction(() => !document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=pending]'));
  assert.equal(await badge(page), before - 300);
  const applied = shop.db.prepare("SELECT COUNT(*) FROM events WHERE customer = 'chen' AND json_extract(body, '$.type') = 'redemption'").pluck().get();
  assert.equal(applied, 1);
  await reloadAndOpen(page);
  assert.equal(shop.db.prepare("SELECT COUNT(*) FROM events WHERE customer = 'chen' AND json_extract(body, '$.type') = 'redemption'").pluck().get(), 1);
  await page.close();
});

test('a shopper signs in, checks out and sees the points arrive in the widget', async () => {
  const page = await signedIn('emeka');
  const pendingBefore = await page.evaluate(() => LoyaltyWidget._runtime.controller.state.balance.pending);
  // The oracle: the engine in Node, on the shop's recorded history, at the pinned day.
  const program = (await createEngine()).loadProgram(shop.db.prepare("SELECT value FROM meta WHERE key = 'program'").pluck().get());
  const history = () => shop.db.prepare("SELECT body FROM events WHERE customer = 'emeka' ORDER BY seq").pluck().all().map((b) => JSON.parse(b));
  const simulated = program.simulate(history(), 'emeka', { items: [{ sku: 'JKT-WAX', price: '180.00', category: 'outerwear' }] }, TEST_DAY).points;
  await page.click('[data-add=JKT-WAX]');
  await page.click('#checkout');
  await page.waitForFunction(() => /points earned/.test(document.getElementById('order-status').textContent));
  const award = awardOf(program.balance(history(), 'emeka', TEST_DAY), history().at(-1).id);
  program.dispose();
  const earned = award.points;
  assert.equal(earned - award.surprise, simulated, 'the order earns what was simulated (a surprise bonus aside)');
  assert.match(await page.textContent('#order-status'), new RegExp(`: ${formatNumber(earned)} points earned`));
  await page.waitForFunction((expected) => LoyaltyWidget._runtime.controller.state.balance.pending === expected, pendingBefore + earned);
  await page.evaluate(() => LoyaltyWidget.open('activity'));
  assert.match(await shadowText(page, '[data-test=ledger] li'), new RegExp(`\\+${formatNumber(earned)}`));
  await page.close();
});
