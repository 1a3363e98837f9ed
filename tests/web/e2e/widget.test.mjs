// The widget in real headless Chromium on the reference shop's storefront,
// served with a strict CSP. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startTestShop } from '../shop.mjs';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { createEngine } from '../../../web/dist/loyalty-engine.mjs';
import { root } from '../../wasm/support.mjs';
import { TEST_DAY, formatNumber } from '../../support/clock.mjs';

const artifacts = join(root, 'build/test-artifacts');
mkdirSync(artifacts, { recursive: true });
let server;
let browser;
let expected;  // the engine's own figures, computed here in Node
const tokens = {};

before(async () => {
  server = await startTestShop();
  browser = await launchChromium();
  for (const id of ['ada', 'bruno']) tokens[id] = await server.login(id);
  const engine = await createEngine();
  const program = engine.loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  const today = TEST_DAY;
  const { events: ada } = await (await fetch(`${server.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${tokens.ada}` } })).json();
  expected = {
    balance: program.balance(ada, 'ada', today),
    jacket: program.simulate(ada, 'ada', { items: [{ sku: 'JKT-WAX', price: '180.00', category: 'outerwear' }] }, today).points,
    socks: program.simulate(ada, 'ada', { items: [{ sku: 'SOCK-3', price: '24.00', category: 'accessories' }] }, today).points,
    gift: program.simulate(ada, 'ada', { items: [{ sku: 'GIFT-50', price: '50.00', category: 'gift_card' }] }, today).points,
    guestJacket: program.simulate([], 'guest', { items: [{ sku: 'JKT-WAX', price: '180.00', category: 'outerwear' }] }, today).points,
    rules: program.waysToEarn().earn.length,
    // The engine's decision for each reward, as the view places it.
    rewards: program.rewards(ada, 'ada', { asOf: today }).rewards.map((reward) => ({ id: reward.id,
      state: reward.redeemable ? (reward.applies_to_order ? 'apply' : 'affordable')
        : { tier_too_low: 'tier', order_required: 'order', order_below_minimum: 'order' }[reward.reason] ?? 'locked' })),
    referral: (await (await fetch(`${server.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${tokens.ada}` } })).json()).customer.referral_url,
    whatIf: (amount) => program.simulate(ada, 'ada', { amount: String(amount) }, today).points,
  };
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path, { width = 1100, height = 800, customer = 'ada', locale } = {}) {
  const token = customer ? tokens[customer] : null;
  const page = await pinClock(await browser.context.newPage());
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ reducedMotion: 'reduce' });  // steady screenshots
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  // The storefront's script tag is a guest page; sign in through the API as a shop would.
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => globalThis.LoyaltyWidget?.ready);
  await page.evaluate(() => globalThis.LoyaltyWidget.ready());
  if (locale) await page.evaluate(async (tag) => { LoyaltyWidget._runtime.config.locale = tag; await LoyaltyWidget.refresh(); }, locale);
  if (token) await page.evaluate((t) => LoyaltyWidget.setCustomerToken(t), token);
  return { page, problems };
}

const shadow = (page, selector) => page.locator(`loyalty-widget >> ${selector}`);

test('the launcher renders with the engine balance on its badge', async () => {
  const { page, problems } = await open('/');
  await shadow(page, '[data-test=badge]').waitFor();
  assert.equal(await shadow(page, '[data-test=badge]').textContent(), formatNumber(expected.balance.available));
  await page.screenshot({ path: join(artifacts, 'launcher.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the panel opens and closes by mouse and by keyboard, trapping and returning focus', async () => {
  const { page } = await open('/');
  await shadow(page, '.launcher').click();
  await shadow(page, '[role=dialog]').waitFor();
  assert.equal(await shadow(page, '.launcher').getAttribute('aria-expanded'), 'true');
  await shadow(page, 'button[aria-label=Close]').click();
  assert.equal(await shadow(page, '[role=dialog]').count(), 0);

  await shadow(page, '.launcher').focus();
  await page.keyboard.press('Enter');
  await shadow(page, '[role=dialog]').waitFor();
  const focusedLabel = () => page.evaluate(() => {
    const el = document.querySelector('loyalty-widget').shadowRoot.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null;
  });
  // Focus moves in once the opened panel has painted (a frame later).
  await page.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot.activeElement?.closest('.panel'));
  assert.equal(await focusedLabel(), 'Close');
  await page.keyboard.press('Shift+Tab');  // wraps to the last focusable element
  assert.notEqual(await focusedLabel(), null);
  await page.keyboard.press('Tab');
  assert.equal(await focusedLabel(), 'Close');
  await page.keyboard.press('Escape');
  assert.equal(await shadow(page, '[role=dialog]').count(), 0);
  assert.equal(await page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.activeElement?.className), 'launcher');
  await page.close();
});

test('every view shows the engine figures for the fixture customer', async () => {
  const { page } = await open('/');
  await page.evaluate(() => LoyaltyWidget.open('home'));
  const balance = expected.balance;
  assert.equal(await shadow(page, '[data-test=balance]').textContent(), `${formatNumber(balance.available)} points`);
  assert.match(await shadow(page, '[data-test=balance-value]').textContent(), new RegExp(`\\$${balance.available_value.replace('.', '\\.')}`));
  assert.equal((await shadow(page, '[data-test=tier-progress]').textContent()).trim(), balance.tier.next
    ? `Spend $${Number(balance.tier.next.needed).toLocaleString('en-US', { minimumFractionDigits: 2 })} more for ${balance.tier.next.name}`
    : 'You are at the top tier');
  await page.screenshot({ path: join(artifacts, 'panel-home.png') });

  await shadow(page, 'nav button[data-view=earn]').click();
  assert.equal(await shadow(page, '[data-test=ways] li').count(), expected.rules);
  await shadow(page, 'nav button[data-view=rewards]').click();
  for (const reward of expected.rewards) {
    assert.equal(await shadow(page, `[data-reward=${reward.id}]`).getAttribute('data-state'), reward.state, reward.id);
  }
  await shadow(page, 'nav button[data-view=activity]').click();
  const rows = await shadow(page, 'table tbody tr').count();
  assert.equal(rows, balance.history.length);
  assert.equal(await shadow(page, '[data-test=ledger] li').count(), balance.entries.filter((e) => !['rejected', 'tier'].includes(e.kind)).length);
  await page.screenshot({ path: join(artifacts, 'panel-activity.png') });
  await shadow(page, 'nav button[data-view=referral]').click();
  assert.equal(await shadow(page, '[data-test=referral-url]').textContent(), expected.referral);
  await page.close();
});

test('redeeming: confirm, then the code, and a loyalty:redeemed event for the shop', async () => {
  const { page } = await open('/', { customer: 'bruno' });  // other tests keep Ada's balance as it is
  const before = Number((await shadow(page, '[data-test=badge]').textContent()).replace(/,/g, ''));
  await page.evaluate(() => {
    globalThis.redeemed = null;
    document.addEventListener('loyalty:redeemed', (event) => { globalThis.redeemed = event.detail; });
    LoyaltyWidget.open('rewards');
  });
  await shadow(page, '[data-reward=free-shipping] [data-test=redeem]').click();
  await shadow(page, '[data-reward=free-shipping] [data-test=confirm]').click();
  await shadow(page, '[data-reward=free-shipping] [data-test=code]').waitFor();
  const code = await shadow(page, '[data-reward=free-shipping] [data-test=code]').textContent();
  assert.match(code, /^LOYAL-[0-9A-F]{10}$/);
  assert.equal(await page.evaluate(() => globalThis.redeemed?.code), code);
  await page.waitForFunction((points) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-test=badge]')?.textContent === points, formatNumber(before - 300));
  await page.screenshot({ path: join(artifacts, 'panel-redeemed.png') });
  await page.close();
});

test('the simulator shows the cart and follows the what-if slider', async () => {
  const { page } = await open('/');
  await page.click('[data-add=JKT-WAX]');
  await page.evaluate(() => LoyaltyWidget.open('simulator'));
  await shadow(page, '[data-test=cart-points]').waitFor();
  assert.equal(await shadow(page, '[data-test=cart-points]').textContent(), `This cart earns ${formatNumber(expected.jacket)} points`);
  const slider = shadow(page, '#what-if');
  await slider.fill('250');
  await page.waitForFunction((points) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-test=what-if]')?.textContent.includes(`${points} points`), formatNumber(expected.whatIf(250)));
  await slider.focus();
  await page.keyboard.press('ArrowRight');  // 255
  await page.waitForFunction((points) => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-test=what-if]')?.textContent.includes(`${points} points`), formatNumber(expected.whatIf(255)));
  const simulated = await page.evaluate(() => LoyaltyWidget.simulate({ amount: '120.00' }));
  assert.equal(simulated.points, expected.whatIf(120));
  assert.ok(Array.isArray(simulated.breakdown));
  await page.close();
});

test('product placeholders show the exact points, multipliers included', async () => {
  const { page } = await open('/');
  const jacket = page.locator('[data-loyalty-points-for="180.00"]');
  await page.waitForFunction((points) => document.querySelector('[data-loyalty-points-for="180.00"]').dataset.loyaltyPoints === String(points), expected.jacket);
  assert.equal(await jacket.textContent(), `Earn ${formatNumber(expected.jacket)} points`);
  assert.equal(await page.locator('[data-loyalty-points-for="24.00"]').textContent(), `Earn ${formatNumber(expected.socks)} points`);
  // A gift card has no eligible spend, so no bonus either (the engine's rule): no "Earn" text.
  assert.equal(expected.gift, 0);
  assert.equal(await page.locator('[data-loyalty-points-for="50.00"]').textContent(), '');
  await page.evaluate(() => {
    const span = document.createElement('span');
    span.dataset.loyaltyPointsFor = '180.00';
    span.dataset.loyaltyCategory = 'outerwear';
    span.id = 'late';
    document.body.append(span);  // a single-page shop adds a product later
  });
  await page.waitForFunction(() => document.getElementById('late').textContent.startsWith('Earn'));
  await page.close();
});

// A sign-in changes the shopper's tier, and each fill of the product lines
// is an engine simulation per line: the sign-in and the tier change it
// causes fill them once between them, not once each.
test('a sign-in fills each product line once', async () => {
  const { page } = await open('/', { customer: null });
  await page.evaluate(() => {
    globalThis.__fills = 0;
    new MutationObserver((records) => { globalThis.__fills += records.length; })
      .observe(document.querySelector('[data-loyalty-points-for="180.00"]'), { childList: true });
  });
  await page.evaluate((token) => LoyaltyWidget.setCustomerToken(token), tokens.ada);
  await page.waitForFunction((points) => document.querySelector('[data-loyalty-points-for="180.00"]').dataset.loyaltyPoints === String(points), expected.jacket);
  await page.waitForTimeout(300);  // a second fill, if any, would have come by now
  assert.equal(await page.evaluate(() => globalThis.__fills), 1);
  await page.close();
});

test('a placeholder priced in the shopper\'s currency earns what the same value earns in the program\'s', async () => {
  const { page } = await open('/');
  // The demo program's EUR rate is 1.08: 166.67 EUR x 1.08 = 180.0036 -> 180.00 USD, the jacket's dollar price.
  await page.evaluate(() => {
    const span = document.createElement('span');
    Object.assign(span.dataset, { loyaltyPointsFor: '166.67', loyaltySku: 'JKT-WAX', loyaltyCategory: 'outerwear', loyaltyCurrency: 'EUR' });
    span.id = 'in-euros';
    document.body.append(span);
  });
  await page.waitForFunction((points) => document.getElementById('in-euros').dataset.loyaltyPoints === String(points), expected.jacket);
  assert.equal(await page.locator('#in-euros').textContent(), `Earn ${formatNumber(expected.jacket)} points`);
  // Switching the page to pounds re-fills it: 141.73 GBP x 1.27 = 179.9971 -> 180.00 USD, the same points.
  await page.evaluate(() => Object.assign(document.getElementById('in-euros').dataset, { loyaltyCurrency: 'GBP', loyaltyPointsFor: '141.73' }));
  await page.waitForFunction(() => document.getElementById('in-euros').dataset.loyaltyCurrency === 'GBP');
  await page.waitForFunction((points) => document.getElementById('in-euros').dataset.loyaltyPoints === String(points), expected.jacket);
  // A currency the program has no rate for shows nothing rather than a wrong figure.
  await page.evaluate(() => { document.getElementById('in-euros').dataset.loyaltyCurrency = 'CHF'; });
  await page.waitForFunction(() => document.getElementById('in-euros').textContent === '');
  await page.close();
});

test('sign-in and sign-out without a reload', async () => {
  const { page } = await open('/', { customer: null });
  await page.evaluate(() => LoyaltyWidget.open('home'));
  await shadow(page, '[data-test=perks]').waitFor();
  assert.equal(await shadow(page, '[data-test=badge]').count(), 0);
  assert.equal(await page.locator('[data-loyalty-points-for="180.00"]').textContent(), `Earn ${formatNumber(expected.guestJacket)} points`);
  await page.screenshot({ path: join(artifacts, 'panel-guest.png') });
  await page.evaluate(() => LoyaltyWidget.close());  // the open dialog is modal
  await page.click('#sign-in');
  await page.evaluate(() => LoyaltyWidget.open('home'));
  await shadow(page, '[data-test=balance]').waitFor();
  await page.evaluate(() => LoyaltyWidget.close());
  await page.waitForFunction((points) => document.querySelector('[data-loyalty-points-for="180.00"]').dataset.loyaltyPoints === String(points), expected.jacket);
  await page.click('#sign-out');
  await page.evaluate(() => LoyaltyWidget.open('home'));
  await shadow(page, '[data-test=perks]').waitFor();
  assert.equal(await shadow(page, '[data-test=badge]').count(), 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':customer')).length), 0);
  await page.close();
});

test('the inline element on a rewards page shows the same figures', async () => {
  const { page } = await open('/rewards.html');
  await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=balance]'));
  assert.equal(await shadow(page, '[data-test=balance]').textContent(), `${formatNumber(expected.balance.available)} points`);
  assert.equal(await shadow(page, '.launcher').count(), 0, 'data-launcher="false": no launcher');
  await page.close();
});

test('an element added after init asks for the runtime (no global) and hears the widget events', async () => {
  const { page } = await open('/rewards.html');
  await page.waitForFunction(() => document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('[data-test=balance]'));
  await page.evaluate(() => {
    const late = document.createElement('loyalty-widget');
    late.id = 'late';
    late.mode = 'inline';
    late.addEventListener('loyalty:balance-changed', () => { late.dataset.heard = 'yes'; });
    document.body.append(late);
  });
  await page.waitForFunction(() => document.getElementById('late').shadowRoot?.querySelector('[data-test=balance]'));
  assert.equal(await page.locator('#late >> [data-test=balance]').textContent(), `${formatNumber(expected.balance.available)} points`);
  // The runtime's events reach each element itself, not only the document.
  await page.evaluate(() => LoyaltyWidget._runtime.dispatch('balance-changed', { available: 1, previous: 0 }));
  assert.equal(await page.locator('#late').getAttribute('data-heard'), 'yes');
  await page.close();
});

test('the deep link ?loyalty=rewards opens the rewards view', async () => {
  const { page } = await open('/?loyalty=rewards', { customer: null });
  await shadow(page, '[role=dialog] main[data-view=rewards]').waitFor();
  await page.close();
});

test('Arabic lays the panel out right to left', async () => {
  const { page } = await open('/', { locale: 'ar' });
  await page.evaluate(() => LoyaltyWidget.open('home'));
  assert.equal(await shadow(page, '.panel').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('loyalty-widget').getAttribute('dir'), 'rtl');
  const launcher = await shadow(page, '.launcher').boundingBox();
  const panel = await shadow(page, '.panel').boundingBox();
  assert.ok(launcher.x < 550 && panel.x < 550, 'launcher and panel mirror to the left together');
  assert.equal(await shadow(page, '.panel').getAttribute('lang'), 'ar');
  await page.screenshot({ path: join(artifacts, 'panel-arabic.png') });
  await page.close();
});

test('usable at 320 px wide: the panel fits and nothing scrolls sideways', async () => {
  const { page } = await open('/', { width: 320, height: 640 });
  await page.evaluate(() => LoyaltyWidget.open('rewards'));
  const box = await shadow(page, '.panel').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 320, JSON.stringify(box));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320));
  await page.screenshot({ path: join(artifacts, 'panel-320.png') });
  await page.close();
});

test('axe-core finds no accessibility violations in the panel or the inline rewards page', async () => {
  const axe = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  for (const [path, view] of [['/', 'home'], ['/', 'rewards'], ['/', 'activity'], ['/', 'simulator'], ['/', 'card'], ['/rewards.html', null]]) {
    const { page } = await open(path);
    if (view) await page.evaluate((v) => LoyaltyWidget.open(v), view);
    if (view === 'card') await shadow(page, '[data-test=card-qr]').waitFor();
    await page.waitForTimeout(100);
    await page.evaluate(axe);
    const result = await page.evaluate(() => axe.run({ include: [['loyalty-widget']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(violations, [], `${path} ${view}`);
    await page.close();
  }
});

test('the launcher paints before the widget module arrives, in the page language, and a click then opens the panel', async () => {
  const page = await pinClock(await browser.context.newPage());
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  // Hold the widget module back: only the script tag's small loader has run.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/dist/loyalty-widget.mjs', async (route) => { await held; await route.continue(); });
  // An Arabic storefront: the same page with lang="ar".
  await page.route(`${server.url}/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace(/<html lang="[^"]*"/, '<html lang="ar"') });
  });
  // When the stand-in goes, the real launcher must already be on the page,
  // rendered: never a moment with no launcher.
  await page.addInitScript(() => {
    globalThis.__handover = null;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.removedNodes) {
          if (node.localName === 'loyalty-first-paint') {
            globalThis.__handover = !!document.querySelector('loyalty-widget')?.shadowRoot?.querySelector('.launcher');
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}/`);
  const first = page.locator('loyalty-first-paint >> .launcher');
  await first.waitFor();
  assert.equal(await first.textContent(), 'المكافآت');
  assert.equal(await page.locator('loyalty-first-paint').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('loyalty-widget').count(), 0, 'the lit widget has not loaded');
  const box = await first.boundingBox();
  const standIn = await page.evaluate(() => Object.keys(LoyaltyWidget).filter((k) => k !== 'arrive').sort());
  await first.click();
  release();
  // The remembered click opens the real panel; the stand-in launcher is gone.
  await shadow(page, '[role=dialog]').waitFor();
  assert.equal(await page.locator('loyalty-first-paint').count(), 0);
  assert.equal(await page.evaluate(() => globalThis.__handover), true, 'the real launcher was rendered when the stand-in went');
  // The stand-in answered every call the widget has.
  const api = await page.evaluate(() => Object.keys(LoyaltyWidget).filter((k) => typeof LoyaltyWidget[k] === 'function').sort());
  assert.deepEqual(standIn, api);
  const real = await shadow(page, '.launcher').boundingBox();
  assert.ok(Math.abs(real.y + real.height - (box.y + box.height)) <= 1, 'the launcher keeps its bottom edge');
  assert.deepEqual(problems, []);
  await page.close();
});

// The storefront's cumulative layout shift from its first paint until the
// widget is ready and 300 ms more.
async function layoutShiftLoading(url) {
  const page = await browser.context.newPage();
  try {
    await page.addInitScript(() => {
      globalThis.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) globalThis.__shift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(url);
    await page.evaluate(() => LoyaltyWidget.ready());
    await page.waitForTimeout(300);
    return await page.evaluate(() => globalThis.__shift);
  } finally {
    await page.close();
  }
}

test('no layout shift on the storefront while the widget loads', async () => {
  assert.equal(await layoutShiftLoading(`${server.url}/`), 0);
});

// The storefront's HTML arriving in two parts, the second 400 ms later (a slow
// network or a busy CPU makes the parser stop the same way): nothing may paint
// half a header and move it, while the widget, loaded from the first part, starts.
test('no layout shift when the storefront arrives in two parts', async () => {
  const proxy = createServer(async (request, response) => {
    const upstream = await fetch(`${server.url}${request.url}`);
    const headers = Object.fromEntries([...upstream.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding'].includes(name)));
    response.writeHead(upstream.status, headers);
    const body = Buffer.from(await upstream.arrayBuffer());
    if (request.url !== '/') return response.end(body);
    const cut = body.indexOf('<button id="sign-in"');
    assert.ok(cut > 0, 'the storefront still has its sign-in button');
    response.write(body.subarray(0, cut));
    setTimeout(() => response.end(body.subarray(cut)), 400);
  });
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  try {
    assert.equal(await layoutShiftLoading(`http://127.0.0.1:${proxy.address().port}/`), 0);
  } finally {
    proxy.closeAllConnections();
    await new Promise((done) => proxy.close(done));
  }
});

test('offline after a visit: figures from the cache, and the widget says so', async () => {
  const { page } = await open('/');
  await shadow(page, '[data-test=badge]').waitFor();
  await page.route('**/loyalty/api/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await page.evaluate(() => LoyaltyWidget.ready());
  await page.evaluate((t) => LoyaltyWidget.setCustomerToken(t), tokens.ada);
  await page.evaluate(() => LoyaltyWidget.open('home'));
  assert.equal(await shadow(page, '[data-test=balance]').textContent(), `${formatNumber(expected.balance.available)} points`);
  assert.match(await shadow(page, '[data-test=sync]').textContent(), /Offline/);
  const simulated = await page.evaluate(() => LoyaltyWidget.simulate({ amount: '120.00' }));
  assert.equal(simulated.points, expected.whatIf(120));
  await page.close();
});

test('the strict CSP of the shop raised no violation on any page', async () => {
  for (const path of ['/', '/rewards.html']) {
    const { page, problems } = await open(path);
    await page.evaluate(() => LoyaltyWidget.open('activity'));
    await page.waitForTimeout(200);
    assert.deepEqual(problems.filter((p) => /Content Security Policy/.test(p)), []);
    await page.close();
  }
});

test('the first Intl formats and engine calls are made in workers, which end once the widget has its engine', async () => {
  const page = await pinClock(await browser.context.newPage());
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const started = [];
  const ended = [];
  page.on('worker', (worker) => {
    const name = new URL(worker.url()).pathname;
    started.push(name);
    worker.on('close', () => ended.push(name));
  });
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => globalThis.LoyaltyWidget?.ready);
  await page.evaluate(() => globalThis.LoyaltyWidget.ready());
  await page.evaluate((t) => LoyaltyWidget.setCustomerToken(t), tokens.ada);
  assert.equal(await shadow(page, '[data-test=badge]').textContent(), formatNumber(expected.balance.available));
  for (let wait = 0; wait < 50 && ended.length < started.length; wait++) await page.waitForTimeout(100);
  const warmups = ['/dist/loyalty-engine-warmup.mjs', '/dist/loyalty-intl-warmup.js'];
  assert.deepEqual([...started].sort(), warmups);
  assert.deepEqual([...ended].sort(), warmups, 'no warm-up worker outlives the widget\'s start');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a storefront whose CSP refuses workers gets the same widget, warmed up on the main thread', async () => {
  const page = await pinClock(await browser.context.newPage());
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  let refused = false;
  await page.route(`${server.url}/`, async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    headers['content-security-policy'] = `${headers['content-security-policy']}; worker-src 'none'`;
    refused = true;
    await route.fulfill({ response, headers });
  });
  page.on('worker', (worker) => problems.push(`a worker ran: ${worker.url()}`));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => globalThis.LoyaltyWidget?.ready);
  await page.evaluate(() => globalThis.LoyaltyWidget.ready());
  await page.evaluate((t) => LoyaltyWidget.setCustomerToken(t), tokens.ada);
  assert.equal(await shadow(page, '[data-test=badge]').textContent(), formatNumber(expected.balance.available));
  await page.evaluate(() => LoyaltyWidget.open('simulator'));
  await shadow(page, '[role=dialog] main[data-view=simulator]').waitFor();
  assert.ok(refused);
  assert.deepEqual(problems, []);
  await page.close();
});
