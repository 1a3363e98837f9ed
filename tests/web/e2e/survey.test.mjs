// The Net Promoter Score question in the widget, in Chromium: offered on the
// home view while the engine says it is due, answered with native radio
// buttons, the server's engine awards the demo program's 50 points, and the
// question is gone until the next quarter. Expected figures come from the
// demo program file (50 points a survey, once a quarter) and the tests' day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { root } from '../../wasm/support.mjs';
import { startTestShop } from '../shop.mjs';

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

const shadow = (page, selector) => page.locator(`loyalty-widget >> ${selector}`);

async function signedIn(customer, { width = 1100, height = 900 } = {}) {
  const page = await pinClock(await browser.context.newPage());
  await page.setViewportSize({ width, height });
  await page.goto(`${shop.url}/`);
  await page.evaluate(() => LoyaltyWidget.ready());
  await page.selectOption('#customer', customer);
  await page.click('#sign-in');
  await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=badge]'));
  await page.evaluate(() => LoyaltyWidget.open('home'));
  return page;
}

test('the survey is offered once a quarter; answering earns the program\'s points and it is gone', async () => {
  const page = await signedIn('chen');
  const card = shadow(page, '[data-test=survey]');
  await card.waitFor();
  assert.match(await card.locator('legend').textContent(),
    /How likely are you to recommend Maple & Moss Rewards to a friend\?\s*· Earn 50 points/);

  // Keyboard: focus the 0 and arrow up to 10 (native radios).
  await card.locator('input[value="0"]').focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await card.locator('input[value="10"]').isChecked(), true);
  await card.locator('textarea').fill('Lovely shop');
  await card.locator('[data-test=survey-send]').click();
  await shadow(page, '[data-test=survey-thanks]').waitFor();
  assert.equal(await shadow(page, '[data-test=survey-thanks]').textContent(), 'Thank you! You earned 50 points.');
  // The demo program locks new points for 14 days: the home view says they are pending.
  await shadow(page, '[data-test=balance-value]').waitFor();

  const rows = (await shop.column("SELECT body FROM events WHERE customer = 'chen' ORDER BY seq")).map((b) => JSON.parse(b));
  assert.deepEqual(rows.filter((e) => e.type === 'survey').map((e) => [e.score, e.comment]), [[10, 'Lovely shop']]);

  // Another visit in the same quarter: the engine says not due, so no question.
  const later = await signedIn('chen');
  await shadow(later, '[data-test=balance]').waitFor();
  assert.equal(await shadow(later, '[data-test=survey]').count(), 0);
  await later.close();
  await page.close();
});

test('the survey card passes axe in English and Arabic, at 390 px', async () => {
  for (const language of ['en', 'ar']) {
    const page = await signedIn('bruno', { width: 390, height: 844 });
    await page.evaluate(async (tag) => { LoyaltyWidget._runtime.config.locale = tag; await LoyaltyWidget.refresh(); }, language);
    const card = shadow(page, '[data-test=survey]');
    await card.waitFor();
    if (language === 'ar') assert.equal(await card.locator('legend').textContent().then((t) => t.startsWith('ما مدى احتمال')), true);
    await card.locator('input[value="7"]').check({ force: true });
    await card.locator('[data-test=survey-send]').waitFor();
    await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    const result = await page.evaluate(() => axe.run(document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=survey]'),
      { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    assert.deepEqual(result.violations.map((v) => `${language} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
    await page.close();
  }
});
