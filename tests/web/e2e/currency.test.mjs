// A shopper paying in euros on the demo storefront: the shop's own euro
// prices, the points the widget shows for them, and the points the order
// then earns. The demo program is in USD with EUR at 1.08 (set by the
// merchant); the conversion is worked by hand here: the jacket's 169.00 EUR
// x 1.08 = 182.52 USD, so the oracle is the engine's figure for a 182.52 USD
// jacket, which involves no conversion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { createEngine } from '../../../web/dist/loyalty-engine.mjs';
import { TEST_NOW, TEST_DAY, formatNumber } from '../../support/clock.mjs';
import { awardOf } from '../../support/awards.mjs';
import { startTestShop } from '../shop.mjs';

let browser;
let engine;
let shop;
before(async () => {
  browser = await launchChromium();
  engine = await createEngine();
  shop = await startTestShop({ now: () => TEST_NOW });
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

test('euro prices earn what their dollar value earns, and the order earns what the page said', async () => {
  const program = engine.loadProgram(shop.db.prepare("SELECT value FROM meta WHERE key = 'program'").pluck().get());
  const events = () => shop.db.prepare("SELECT body FROM events WHERE customer = 'ada' ORDER BY seq").pluck().all().map((b) => JSON.parse(b));
  const inDollars = program.simulate(events(), 'ada', { items: [{ sku: 'JKT-WAX', price: '182.52', category: 'outerwear' }] }, TEST_DAY).points;
  const page = await pinClock(await browser.context.newPage());
  try {
    await page.goto(`${shop.url}/`);
    await page.evaluate(() => LoyaltyWidget.ready());
    await page.selectOption('#customer', 'ada');
    await page.click('#sign-in');
    await page.selectOption('#currency', 'EUR');
    const jacket = page.locator('[data-add=JKT-WAX]').locator('xpath=..');
    await page.waitForFunction(() => document.querySelector('[data-loyalty-sku=JKT-WAX]').dataset.loyaltyPointsFor === '169.00');
    assert.equal(await jacket.locator('.price').textContent(), '€169.00');
    await page.waitForFunction((points) => document.querySelector('[data-loyalty-sku=JKT-WAX]').dataset.loyaltyPoints === String(points), inDollars);
    assert.equal(await jacket.locator('[data-loyalty-points-for]').textContent(), `Earn ${formatNumber(inDollars)} points`);

    // The cart in euros, simulated by the widget, then checked out in euros.
    await page.click('[data-add=JKT-WAX]');
    assert.equal((await page.evaluate(() => LoyaltyWidget.simulate({ currency: 'EUR', items: [{ sku: 'JKT-WAX', price: '169.00', category: 'outerwear' }] }))).points, inDollars);
    await page.click('#checkout');
    await page.waitForFunction(() => document.getElementById('order-status').textContent.trim() !== '');
    const order = events().at(-1);
    assert.equal(order.currency, 'EUR');
    assert.deepEqual(order.items.map(({ sku, price }) => [sku, price]), [['JKT-WAX', '169.00']]);
    const awarded = awardOf(program.balance(events(), 'ada', TEST_DAY), order.id);
    assert.equal(awarded.points - awarded.surprise, inDollars, 'the order earns what the page showed (a surprise bonus aside)');
    assert.match(await page.textContent('#order-status'), new RegExp(`: ${formatNumber(awarded.points)} points earned`));

    // Back to dollars: the page shows the shop's dollar prices again.
    await page.selectOption('#currency', 'USD');
    await page.waitForFunction(() => document.querySelector('[data-loyalty-sku=JKT-WAX]').dataset.loyaltyPointsFor === '180.00');
    assert.equal(await jacket.locator('.price').textContent(), '$180.00');
  } finally {
    await page.close();
    program.dispose();
  }
});
