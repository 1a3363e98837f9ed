// One decider, in the browser: every reward state, reason and figure the
// widget shows is the engine's (computed here in Node on the shop's rows and
// formatted with Intl as the page's locale does), the shop's server has the
// last word on balances and on money, and a shared device never shows one
// shopper's figures to the next.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createEngine } from '../../../web/dist/loyalty-engine.mjs';
import { DEMO_PROGRAM } from '../../../web/shop/db.mjs';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { root } from '../../wasm/support.mjs';
import { TEST_DAY, formatNumber } from '../../support/clock.mjs';
import { startTestShop } from '../shop.mjs';

const artifacts = join(root, 'build/test-artifacts');
const usd = (decimal) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(decimal);
let shop;
let browser;
let engine;
before(async () => {
  shop = await startTestShop();
  browser = await launchChromium();
  engine = await createEngine();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

const rowsOf = (db, customer) => db.prepare('SELECT body FROM events WHERE customer = ? ORDER BY seq').pluck().all(customer).map((b) => JSON.parse(b));
const shadow = (page, selector) => page.locator(`loyalty-widget >> ${selector}`);

async function storefront(server, customer, { width = 1100, height = 900 } = {}) {
  const page = await pinClock(await browser.context.newPage());
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${server.url}/`);
  await page.evaluate(() => LoyaltyWidget.ready());
  if (customer) {
    await page.selectOption('#customer', customer);
    await page.click('#sign-in');
    await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=badge]'));
  }
  return page;
}

test('a reward with a minimum order: why not, how much more, then applied at checkout to the order the server prices', async () => {
  const program = engine.loadProgram(DEMO_PROGRAM);
  const decided = (cart) => program.rewards(rowsOf(shop.db, 'bruno'), 'bruno', { asOf: TEST_DAY, cart })
    .rewards.find((r) => r.id === 'five-off');
  const page = await storefront(shop, 'bruno');
  await page.evaluate(() => LoyaltyWidget.open('rewards'));
  const card = (selector = '') => shadow(page, `[data-reward=five-off]${selector}`);

  // No cart: the engine says the reward needs an order of at least its minimum.
  const alone = decided(undefined);
  assert.equal(alone.reason, 'order_required');
  assert.equal(await card().getAttribute('data-state'), 'order');
  assert.equal(await card(' [data-test=reason]').textContent(), `Use it at checkout on an order of ${usd(alone.min_order)} or more`);
  assert.equal(await card(' [data-test=redeem]').count(), 0);

  // The open dialog is modal: the shopper closes it to shop, then looks again.
  const addSocks = async () => {
    await page.evaluate(() => LoyaltyWidget.close());
    await page.click('[data-add=SOCK-3]');
    await page.evaluate(() => LoyaltyWidget.open('rewards'));
  };
  // $24.00 in the cart: $1.00 short, in the shopper's words.
  await addSocks();
  const short = decided({ items: [{ sku: 'SOCK-3', price: '24.00', category: 'accessories', quantity: 1 }] });
  assert.equal(short.reason, 'order_below_minimum');
  await page.waitForFunction((text) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-reward=five-off] [data-test=reason]')?.textContent === text,
  `Add ${usd(short.order_short)} to your order to use this reward`);

  // $48.00: it qualifies; the widget only tells the page, and the checkout sends it.
  await addSocks();
  assert.equal(decided({ items: [{ sku: 'SOCK-3', price: '24.00', category: 'accessories', quantity: 2 }] }).redeemable, true);
  await card(' [data-test=apply]').click();
  await card(' [data-test=applied]').waitFor();
  await page.screenshot({ path: join(artifacts, 'reward-applied.png') });
  await page.evaluate(() => LoyaltyWidget.close());
  const before = rowsOf(shop.db, 'bruno').length;
  await page.click('#checkout');
  await page.waitForFunction(() => /Reward:/.test(document.getElementById('order-status').textContent));
  const rows = rowsOf(shop.db, 'bruno');
  assert.equal(rows.length, before + 2);
  const redemption = rows.at(-1);
  assert.deepEqual([redemption.type, redemption.reward, redemption.order_amount], ['redemption', 'five-off', '48.00']);
  const entry = program.balance(rows, 'bruno', TEST_DAY).entries.find((e) => e.event === redemption.id);
  assert.equal(entry.kind, 'redeem');
  assert.match(await page.textContent('#order-status'), new RegExp(`Reward: ${usd(entry.discount).replace('$', '\\$')} off`));
  program.dispose();
  await page.close();
});

test('the widget shows the server figures: a row changed behind its back is adopted', async () => {
  const page = await storefront(shop, 'chen');
  const badge = async () => page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=badge]').textContent);
  const program = engine.loadProgram(DEMO_PROGRAM);
  assert.equal(await badge(), formatNumber(program.balance(rowsOf(shop.db, 'chen'), 'chen', TEST_DAY).available));
  // An existing row rewritten in place: no new cursor, so only the server's figures can tell.
  const signup = shop.db.prepare("SELECT seq, body FROM events WHERE customer = 'chen' AND json_extract(body, '$.type') = 'signup'").get();
  const credited = { ...JSON.parse(signup.body), type: 'adjustment', points: 4321 };
  shop.db.prepare('UPDATE events SET body = ? WHERE seq = ?').run(JSON.stringify(credited), signup.seq);
  shop.forget('chen');  // as an admin correction must
  const expected = program.balance(rowsOf(shop.db, 'chen'), 'chen', TEST_DAY).available;
  await page.evaluate(() => LoyaltyWidget.refresh());
  await page.waitForFunction((text) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-test=badge]')?.textContent === text, formatNumber(expected));
  program.dispose();
  await page.close();
});

test('a shared device: a token for another shopper never shows the previous one, online or offline', async () => {
  const page = await storefront(shop, 'ada');
  const token = await shop.login('emeka');
  const program = engine.loadProgram(DEMO_PROGRAM);
  const emeka = formatNumber(program.balance(rowsOf(shop.db, 'emeka'), 'emeka', TEST_DAY).available);
  // Offline: Emeka's token cannot be checked, and Ada's cached figures are not his.
  await page.route('**/loyalty/api/**', (route) => route.abort('internetdisconnected'));
  const seen = await page.evaluate(async (t) => {
    const shown = [];
    const element = document.querySelector('loyalty-widget');
    const watch = new MutationObserver(() => shown.push(element.shadowRoot.querySelector('[data-test=badge]')?.textContent ?? null));
    watch.observe(element.shadowRoot, { subtree: true, childList: true, characterData: true });
    await LoyaltyWidget.setCustomerToken(t);
    await new Promise((resolve) => setTimeout(resolve, 50));
    watch.disconnect();
    return { shown, state: LoyaltyWidget._runtime.controller.state.customer };
  }, token);
  const ada = formatNumber(program.balance(rowsOf(shop.db, 'ada'), 'ada', TEST_DAY).available);
  assert.ok(!seen.shown.includes(ada) || ada === emeka, `Ada's ${ada} was shown to Emeka: ${seen.shown}`);
  assert.notEqual(seen.state?.id, 'ada');
  // Online again: Emeka's own figures, and never Ada's on the way.
  await page.unroute('**/loyalty/api/**');
  await page.evaluate(() => LoyaltyWidget.refresh());
  await page.waitForFunction((text) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-test=badge]')?.textContent === text, emeka);
  program.dispose();
  await page.close();
});

test('SKU placeholders: SKU rules, exclusions and quantities reach the figure; an item that earns nothing shows no text', async () => {
  const withSkuRules = JSON.stringify({ ...JSON.parse(DEMO_PROGRAM),
    exclusions: { categories: ['gift_card', 'shipping', 'tax'], skus: ['KNIT-CREW'] },
    earn: [...JSON.parse(DEMO_PROGRAM).earn, { type: 'per_item', id: 'socks-bonus', points: 15, skus: ['SOCK-3'] }] });
  const own = await startTestShop({ seedProgram: withSkuRules });
  try {
    const program = engine.loadProgram(withSkuRules);
    const points = (item) => program.simulate(rowsOf(own.db, 'ada'), 'ada', { items: [item] }, TEST_DAY).points;
    const socks = points({ sku: 'SOCK-3', price: '24.00', category: 'accessories' });
    const threeSocks = points({ sku: 'SOCK-3', price: '24.00', category: 'accessories', quantity: 3 });
    assert.equal(points({ sku: 'KNIT-CREW', price: '96.00', category: 'knitwear' }), 0);
    const page = await storefront(own, 'ada');
    await page.waitForFunction((n) => document.querySelector('[data-loyalty-points-for="24.00"]').dataset.loyaltyPoints === String(n), socks);
    assert.equal(await page.textContent('[data-loyalty-points-for="24.00"]'), `Earn ${formatNumber(socks)} points`);
    assert.equal(await page.textContent('[data-loyalty-points-for="96.00"]'), '');
    await page.evaluate(() => {
      const span = document.createElement('span');
      Object.assign(span.dataset, { loyaltyPointsFor: '24.00', loyaltySku: 'SOCK-3', loyaltyCategory: 'accessories', loyaltyQuantity: '3' });
      span.id = 'three';
      document.body.append(span);
    });
    await page.waitForFunction((n) => document.getElementById('three').dataset.loyaltyPoints === String(n), threeSocks);
    assert.equal(await page.textContent('#three'), `Earn ${formatNumber(threeSocks)} points`);
    program.dispose();
    await page.close();
  } finally {
    await own.stop();
  }
});

test('an unused code: listed, cancelled from the widget, its points back once as the server says', async () => {
  const program = engine.loadProgram(DEMO_PROGRAM);
  const available = () => program.balance(rowsOf(shop.db, 'dalia'), 'dalia', TEST_DAY).available;
  const start = available();
  const page = await storefront(shop, 'dalia', { width: 390, height: 844 });
  const badgeIs = (points) => page.waitForFunction((text) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-test=badge]')?.textContent === text, formatNumber(points));
  await page.evaluate(() => LoyaltyWidget.open('rewards'));
  await shadow(page, '[data-reward=free-shipping] [data-test=redeem]').click();
  await shadow(page, '[data-reward=free-shipping] [data-test=confirm]').click();
  const row = shadow(page, '[data-test=codes] li[data-code]');
  await row.waitFor();
  const issued = shop.db.prepare("SELECT redemption, code, points FROM codes WHERE customer = 'dalia' AND status = 'issued'").all();
  assert.equal(issued.length, 1);
  assert.equal(await row.getAttribute('data-code'), issued[0].redemption);
  assert.equal(await row.locator('[data-test=code]').textContent(), issued[0].code);
  await badgeIs(start - issued[0].points);

  await row.locator('[data-test=return]').click();
  assert.match(await row.textContent(), new RegExp(`Cancel this code and get ${formatNumber(issued[0].points)} points back\\?`));
  await page.screenshot({ path: join(artifacts, 'code-cancel-confirm.png') });
  await row.locator('[data-test=confirm-return]').click();
  await shadow(page, '[data-test=returned]').waitFor();
  assert.equal(await shadow(page, '[data-test=returned]').textContent(), `${formatNumber(issued[0].points)} points are back in your balance`);
  assert.equal(await shadow(page, '[data-test=codes] li[data-code]').count(), 0);
  const rows = rowsOf(shop.db, 'dalia');
  assert.deepEqual([rows.at(-1).type, rows.at(-1).redemption], ['cancellation', issued[0].redemption]);
  assert.equal(available(), start);
  await badgeIs(start);
  await page.evaluate(() => LoyaltyWidget.open('activity'));
  assert.match(await shadow(page, '[data-test=ledger] li').first().textContent(), /Code cancelled/);
  program.dispose();
  await page.close();
});

test('rewards cards: no button label wraps, at 320, 390, 768 and 1280 px in every locale', async () => {
  // An unused code, so that its row and buttons are laid out too.
  const code = await fetch(`${shop.url}/loyalty/api/redemptions`, { method: 'POST', body: JSON.stringify({ reward: 'free-shipping' }),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await shop.login('ada')}`, 'Idempotency-Key': 'layout' } });
  assert.equal(code.status, 201);
  for (const width of [320, 390, 768, 1280]) {
    for (const locale of ['en', 'de', 'tr', 'ar']) {
      const page = await storefront(shop, 'ada', { width, height: 900 });
      await page.evaluate(async (tag) => { LoyaltyWidget._runtime.config.locale = tag; await LoyaltyWidget.refresh(); }, locale);
      await page.evaluate(() => LoyaltyWidget.open('rewards'));
      await shadow(page, '[data-test=rewards]').waitFor();
      const wrapped = await page.evaluate(() => [...document.querySelector('loyalty-widget').shadowRoot.querySelectorAll('button')]
        .filter((button) => button.offsetParent !== null)
        .filter((button) => {
          const range = document.createRange();
          range.selectNodeContents(button);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
        })
        .map((button) => button.textContent.trim()));
      assert.deepEqual(wrapped, [], `${width} px, ${locale}`);
      if (width === 390) await page.screenshot({ path: join(artifacts, `rewards-${locale}-390.png`) });
      await page.close();
    }
  }
});

test('a donation: the shopper picks a cause, the server gives 5.00 to it, and the causes show what they gave', async () => {
  const page = await storefront(shop, 'ada');
  try {
    await page.evaluate(() => LoyaltyWidget.open('rewards'));
    const card = (selector = '') => shadow(page, `[data-reward=give-five]${selector}`);
    await card(' [data-test=redeem]').click();
    // Two causes: the shopper chooses; the first is preselected.
    assert.equal(await card(' [data-test=causes] input:checked').getAttribute('value'), 'trees');
    await card(' [data-test=causes] input[value=food-bank]').check();
    await card(' [data-test=confirm]').click();
    await card(' [data-test=donated]').waitFor();
    assert.equal(await card(' [data-test=donated]').textContent(), `Thank you! ${usd('5.00')} goes to Local food bank.`);
    const rows = rowsOf(shop.db, 'ada');
    const donation = rows.at(-1);
    assert.deepEqual([donation.type, donation.reward, donation.cause], ['redemption', 'give-five', 'food-bank']);
    // The giving card: the engine's per-cause figures for this shopper.
    const program = engine.loadProgram(DEMO_PROGRAM);
    const giving = program.balance(rows, 'ada', TEST_DAY).giving;
    program.dispose();
    const foodBank = giving.causes.find((line) => line.cause === 'food-bank');
    assert.equal(foodBank.donated, '5.00');
    await page.waitForFunction((given) => document.querySelector('loyalty-widget').shadowRoot
      .querySelector('[data-test=given]')?.textContent.includes(given), usd(giving.given));
    assert.equal(await shadow(page, '[data-cause=food-bank] .muted >> nth=-1').textContent(), `from you: ${usd(foodBank.given)}`);
  } finally {
    await page.close();
  }
});
