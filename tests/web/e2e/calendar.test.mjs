// "Today" is the shop's day. The same shopper flows (placeholders, the badge,
// a checkout whose points arrive) at instants where the shop's calendar day,
// UTC's and the shopper's differ: far east and far west of a New York shop,
// a leap day, New Year's Eve late at night, and a shop 14 hours ahead of UTC.
// Each row pins the shop's clock and Chromium's, and puts the browser in the
// shopper's time zone. The shop's day in each row is written out by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { createEngine } from '../../../web/dist/loyalty-engine.mjs';
import { DEMO_PROGRAM } from '../../../web/shop/db.mjs';
import { formatNumber } from '../../support/clock.mjs';
import { awardOf } from '../../support/awards.mjs';
import { startTestShop } from '../shop.mjs';

const inKiritimati = JSON.stringify({ ...JSON.parse(DEMO_PROGRAM), time_zone: 'Pacific/Kiritimati' });

const rows = [
  { name: 'a shopper in Tokyo on the morning of 27 November, before Black Friday has begun in New York',
    instant: '2026-11-27T01:00:00Z', shopper: 'Asia/Tokyo', shopperDay: '2026-11-27', shopDay: '2026-11-26', promotion: false },
  { name: 'a shopper in Honolulu on the evening of 26 November, when it is already Black Friday in New York',
    instant: '2026-11-27T06:00:00Z', shopper: 'Pacific/Honolulu', shopperDay: '2026-11-26', shopDay: '2026-11-27', promotion: true },
  { name: 'a leap day, late at night in New York (1 March in UTC, and in Kiritimati)',
    instant: '2028-03-01T04:30:00Z', shopper: 'Pacific/Kiritimati', shopperDay: '2028-03-01', shopDay: '2028-02-29', promotion: false },
  { name: "New Year's Eve a minute before midnight in New York (New Year's Day in London)",
    instant: '2027-01-01T04:59:00Z', shopper: 'Europe/London', shopperDay: '2027-01-01', shopDay: '2026-12-31', promotion: false },
  { name: 'a shop 14 hours ahead of UTC (Kiritimati) on its Black Friday, a shopper in Los Angeles on the 26th',
    instant: '2026-11-26T10:30:00Z', shopper: 'America/Los_Angeles', shopperDay: '2026-11-26', shopDay: '2026-11-27', promotion: true,
    program: inKiritimati },
];

const JACKET = { items: [{ sku: 'JKT-WAX', price: '180.00', category: 'outerwear' }] };
let browser;
let engine;
before(async () => {
  browser = await launchChromium();
  engine = await createEngine();
});
after(async () => {
  await browser?.close();
});

const shadowText = (page, selector) => page.evaluate((s) =>
  document.querySelector('loyalty-widget')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);

for (const row of rows) {
  test(row.name, async () => {
    const instant = Date.parse(row.instant);
    const shop = await startTestShop({ now: () => instant, seedProgram: row.program });
    const page = await browser.context.newPage();
    try {
      // The oracle: the engine in Node at the shop's day as written in the row.
      const program = engine.loadProgram(shop.db.prepare("SELECT value FROM meta WHERE key = 'program'").pluck().get());
      const events = () => shop.db.prepare("SELECT body FROM events WHERE customer = 'ada' ORDER BY seq").pluck().all().map((b) => JSON.parse(b));
      const jacket = program.simulate(events(), 'ada', JACKET, row.shopDay).points;
      const balance = program.balance(events(), 'ada', row.shopDay);
      const promotionLive = (simulation) => simulation.breakdown.some((line) => line.rule === 'black-friday-weekend');
      assert.equal(promotionLive(program.simulate(events(), 'ada', JACKET, row.shopDay)), row.promotion);
      if (row.promotion !== promotionLive(program.simulate(events(), 'ada', JACKET, row.shopperDay))) {
        // The row can fail: on the shopper's own day the figure would be another.
        assert.notEqual(program.simulate(events(), 'ada', JACKET, row.shopperDay).points, jacket);
      }

      await pinClock(page, instant);
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: row.shopper });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`${shop.url}/`);
      assert.equal(await page.evaluate(() => new Date().toLocaleDateString('en-CA')), row.shopperDay, 'the browser is on the shopper\'s day');
      await page.evaluate(() => LoyaltyWidget.ready());
      await page.selectOption('#customer', 'ada');
      await page.click('#sign-in');
      await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=badge]'));

      assert.equal(await shadowText(page, '[data-test=badge]'), formatNumber(balance.available));
      await page.waitForFunction((points) => document.querySelector('[data-loyalty-points-for="180.00"]').dataset.loyaltyPoints === String(points), jacket);
      assert.equal(await page.textContent('[data-loyalty-points-for="180.00"]'), `Earn ${formatNumber(jacket)} points`);
      assert.equal((await page.evaluate((cart) => LoyaltyWidget.simulate(cart), JACKET)).points, jacket);
      assert.equal(promotionLive(await page.evaluate((cart) => LoyaltyWidget.simulate(cart), JACKET)), row.promotion,
        'the promotion is live exactly on the shop\'s days');

      // Checkout: the order is recorded on the shop's day and earns what the widget said.
      await page.click('[data-add=JKT-WAX]');
      await page.click('#checkout');
      await page.waitForFunction(() => document.getElementById('order-status').textContent.trim() !== '');
      const order = events().at(-1);
      assert.ok(order.date.startsWith(`${row.shopDay}T`), `the order is dated ${order.date}, on the shop's day ${row.shopDay}`);
      const awarded = awardOf(program.balance(events(), 'ada', row.shopDay), order.id);
      assert.equal(awarded.points - awarded.surprise, jacket, 'the order earns what the widget showed (a surprise bonus aside)');
      assert.match(await page.textContent('#order-status'), new RegExp(`: ${formatNumber(awarded.points)} points earned`));
      await page.waitForFunction((pending) => LoyaltyWidget._runtime.controller.state.balance.pending === pending,
        program.balance(events(), 'ada', row.shopDay).pending);
      program.dispose();
    } finally {
      await page.close();
      await shop.stop();
    }
  });
}
