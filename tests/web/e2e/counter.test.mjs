// The member card and the shop counter in Chromium: a shopper opens the card
// (?loyalty=card), its QR code is read back from the pixels Chromium drew
// (jsQR, an independent decoder), staff enter it at the counter page (/pos/),
// record a sale while the till is offline, and the sale reaches the shop
// once when the connection returns. The oracle for its points is the engine's
// simulation of the same amount before the sale (a different path from the
// ledger that awards it); the member's widget then shows it as earned in store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
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

// The QR code as Chromium drew it: a screenshot of the element, read into
// pixels on a blank page (no shop CSP there), decoded in Node.
async function readQr(locator) {
  const png = await locator.screenshot();
  const blank = await browser.context.newPage();
  try {
    const pixels = await blank.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, image.width, image.height);
      return { data: Array.from(data), width, height };
    }, png.toString('base64'));
    return jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data ?? null;
  } finally {
    await blank.close();
  }
}

test('the card\'s QR code opens the counter; a sale made offline reaches the member once', async () => {
  const program = engine.loadProgram(shop.db.prepare("SELECT value FROM meta WHERE key = 'program'").pluck().get());
  const events = () => shop.db.prepare("SELECT body FROM events WHERE customer = 'ada' ORDER BY seq").pluck().all().map((b) => JSON.parse(b));
  const expected = program.simulate(events(), 'ada', { amount: '120.00' }, TEST_DAY).points;
  const shopper = await pinClock(await browser.context.newPage());
  const till = await pinClock(await browser.context.newPage());
  try {
    await shopper.goto(`${shop.url}/`);
    await shopper.evaluate(() => LoyaltyWidget.ready());
    await shopper.selectOption('#customer', 'ada');
    await shopper.click('#sign-in');
    // Signed in (the shop keeps the session) before the page is left.
    await shopper.waitForFunction(() => sessionStorage.getItem('shop-customer') === 'ada');
    await shopper.goto(`${shop.url}/?loyalty=card`);
    const card = shopper.locator('loyalty-widget [data-test=member-card]');
    await card.locator('[data-test=card-qr]').waitFor();
    assert.equal(await card.locator('[data-test=card-name]').textContent(), 'Ada Lovelace');
    const shown = (await card.locator('[data-test=card-code]').textContent()).trim();
    assert.match(shown, /^[0-9a-f]+\.[0-9a-z]+\.[0-9a-f]{20}$/);
    assert.equal(await readQr(card.locator('[data-test=card-qr]')), shown, 'the QR code holds the code shown under it');
    assert.match(await card.locator('[data-test=card-valid]').textContent(), /^Valid until /);

    // Staff sign in at the counter and look the card up.
    await till.goto(`${shop.url}/pos/`);
    await till.click('#staff-sign-in');
    await till.waitForFunction(() => document.getElementById('staff-status').textContent.includes('demo staff'));
    await till.fill('#member-code', shown);
    await till.click('#look-up');
    await till.locator('[data-test=member]').waitFor();
    const seen = await till.textContent('[data-test=member]');
    const server = await (await fetch(`${shop.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${await shop.login('ada')}` } })).json();
    assert.match(seen, /^Ada Lovelace · /);
    assert.ok(seen.includes(`${formatNumber(server.balance.available)} points`), seen);

    // The till goes offline: the sale waits on it.
    await browser.context.setOffline(true);
    await till.fill('#amount', '120.00');
    await till.click('#record');
    await till.locator('#sales li[data-status=waiting]').waitFor();
    assert.equal(events().filter((e) => e.channel === 'store').length, 0);
    assert.equal((await till.evaluate(() => JSON.parse(localStorage.getItem('loyalty-counter-sales')))).length, 1);
    await till.waitForFunction(() => document.getElementById('connection').textContent.startsWith('Offline'));

    // Back online: sent, recorded once, with the points the engine awards.
    await browser.context.setOffline(false);
    await till.evaluate(() => dispatchEvent(new Event('online')));
    await till.locator('#sales li[data-status=recorded]').waitFor({ timeout: 20000 });
    const stored = events().filter((e) => e.channel === 'store');
    assert.equal(stored.length, 1);
    const awarded = awardOf(program.balance(events(), 'ada', TEST_DAY), stored[0].id);
    assert.equal(awarded.points - awarded.surprise, expected, 'the sale earns what the engine said 120.00 would');
    assert.match(await till.textContent('#sales li[data-status=recorded]'), new RegExp(`Recorded: \\+${formatNumber(awarded.points)} points`));

    // Sent again (the till lost the answer): still one sale.
    await till.evaluate(() => {
      const sales = JSON.parse(localStorage.getItem('loyalty-counter-sales'));
      localStorage.setItem('loyalty-counter-sales', JSON.stringify(sales.map((s) => ({ ...s, status: 'waiting' }))));
    });
    await till.reload();
    await till.locator('#sales li[data-status=recorded]').waitFor({ timeout: 20000 });
    assert.equal(events().filter((e) => e.channel === 'store').length, 1);

    // The member's widget shows it like any other purchase, as earned in store.
    await shopper.evaluate(() => LoyaltyWidget.refresh());
    await shopper.evaluate(() => LoyaltyWidget.open('activity'));
    const first = shopper.locator('loyalty-widget [data-test=ledger] li').first();
    await shopper.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot
      .querySelector('[data-test=ledger] li')?.textContent.includes('Earned in store'));
    assert.match(await first.textContent(), new RegExp(`\\+${formatNumber(awarded.points)}`));
  } finally {
    await browser.context.setOffline(false);
    await shopper.close();
    await till.close();
    program.dispose();
  }
});
