// Hostile strings in every text the widget shows (program, reward, tier and
// rule texts, the customer's name, server error messages): nothing executes
// and the layout holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDemoStore } from '../../../web/shop/db.mjs';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { root } from '../../wasm/support.mjs';
import { TEST_DAY } from '../../support/clock.mjs';
import { startTestShop } from '../shop.mjs';

const catalogue = [
  '<script>window.__pwned = "script"</script>',
  '"><img src=x onerror="window.__pwned = \'attribute\'">',
  "javascript:window.__pwned='url'",
  '\u202Egnp.exe\u202C and \u2067isolate\u2069 bidi overrides',
  '👩‍👩‍👧‍👦 🏳️‍🌈 🇹🇷 ZWJ and flags',
  `${'W'.repeat(100000)} (100 KB)`,
];
const hostile = (i) => catalogue[i % catalogue.length];

let shop;
let browser;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-hostile-'));
  const store = await openDemoStore(join(dir, 'shop.db'), { today: TEST_DAY });
  const db = store.raw;
  const program = JSON.parse(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  program.name = hostile(0);
  program.earn.forEach((rule, i) => { rule.description = hostile(i); });
  program.rewards.forEach((reward, i) => { reward.name = hostile(i + 1); reward.description = hostile(i + 2); });
  program.tiers.levels.forEach((level, i) => { level.name = hostile(i + 3); level.perks = [hostile(i), hostile(i + 4)]; });
  db.prepare("UPDATE meta SET value = ? WHERE key = 'program'").run(JSON.stringify(program));
  db.prepare("UPDATE meta SET value = '\"hostile\"' WHERE key = 'program_etag'").run();
  db.prepare("UPDATE customers SET name = ? WHERE id = 'ada'").run(catalogue.join(' | '));
  await store.close();
  shop = await startTestShop({ dir });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

test('hostile texts render as text in every view; nothing runs; the panel keeps its size', async () => {
  const page = await pinClock(await browser.context.newPage());
  await page.setViewportSize({ width: 390, height: 800 });
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  await page.goto(`${shop.url}/`);
  await page.evaluate(() => LoyaltyWidget.ready());
  await page.evaluate(async (token) => LoyaltyWidget.setCustomerToken(token), await shop.login('ada'));
  // A server error message is hostile too.
  await page.route('**/loyalty/api/redemptions', (route) => route.fulfill({ status: 422, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'tier_too_low', message: catalogue[1] } }) }));
  for (const view of ['home', 'earn', 'rewards', 'activity', 'simulator', 'referral']) {
    await page.evaluate((v) => LoyaltyWidget.open(v), view);
    await page.waitForTimeout(50);
    if (view === 'rewards') {
      await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=redeem]')?.click());
      await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=confirm]')?.click());
      await page.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=error]'));
      // The shopper reads the widget's own sentence for the code, never the server's message.
      const shown = await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=error]').textContent);
      assert.ok(!shown.includes(catalogue[1]) && shown.length > 0, shown);
    }
    const layout = await page.evaluate(() => {
      const panel = document.querySelector('loyalty-widget').shadowRoot.querySelector('.panel').getBoundingClientRect();
      return { left: panel.left, right: panel.right, height: panel.height, scrollWidth: document.documentElement.scrollWidth,
        injected: document.querySelector('loyalty-widget').shadowRoot.querySelectorAll('main img, main script').length };
    });
    assert.ok(layout.left >= 0 && layout.right <= 390, `${view}: ${JSON.stringify(layout)}`);
    assert.ok(layout.height <= 800, `${view}: the panel stays within the viewport`);
    assert.ok(layout.scrollWidth <= 390, `${view}: nothing scrolls sideways`);
    assert.equal(layout.injected, 0, `${view}: no element was created from text`);
  }
  await page.evaluate(() => LoyaltyWidget.open('home'));
  const name = await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelector('[data-test=customer-name]').textContent);
  assert.ok(name.includes('<script>'), 'the name is shown as text');
  await page.screenshot({ path: join(root, 'build/test-artifacts/hostile-strings.png') });
  assert.equal(await page.evaluate(() => globalThis.__pwned ?? null), null);
  assert.deepEqual(dialogs, []);
  await page.close();
});
