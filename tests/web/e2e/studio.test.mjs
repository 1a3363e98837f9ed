// The program studio in Chromium: a generated 100k-row log, figures equal to
// the native CLI's, an invalid draft shown at its field, accessibility, no
// long main-thread task while the log is processed, offline once loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../wasm/browser.mjs';
import { root } from '../../wasm/support.mjs';
import { startTestShop } from '../shop.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'loyalty-studio-'));
const logPath = join(scratch, 'log-100k.csv');
let shop;
let browser;
before(async () => {
  writeFileSync(logPath, execFileSync(join(root, 'build/native/loyalty-generate-log'),
    ['--transactions', '100000', '--customers', '10000', '--seed', '11', '--from', '2026-01', '--months', '3'], { maxBuffer: 1 << 28 }));
  shop = await startTestShop();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

const cliTotal = (programPath, log = logPath) => JSON.parse(execFileSync(join(root, 'build/native/loyalty'),
  ['statement', '--program', programPath, log], { maxBuffer: 1 << 30 }).toString()).customers.reduce((sum, c) => sum + c.total, 0);

async function openStudio() {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    globalThis.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) globalThis.__longest = Math.max(globalThis.__longest, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${shop.url}/studio/`);
  await page.waitForFunction(() => document.getElementById('draft').value.length > 0);
  return page;
}

test('a 100k-row log gives the native CLI figures for the current program and an edited draft', async () => {
  const page = await openStudio();
  await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
  await page.evaluate(() => { globalThis.__longest = 0; });
  await page.setInputFiles('#log', logPath);
  await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal, null, { timeout: 120000 });
  const demoPath = join(root, 'core/programs/demo.json');
  assert.equal(Number(await page.getAttribute('#results', 'data-current-total')), cliTotal(demoPath));
  assert.ok(await page.evaluate(() => globalThis.__longest) <= 50, 'no main-thread task over 50 ms while processing');

  // Edit a rule: 2 points per dollar in the draft, then compare with the CLI on the same draft.
  await page.fill('#rate', '2');
  await page.dispatchEvent('#rate', 'change');
  await page.waitForFunction((before) => document.getElementById('results').dataset.draftTotal !== before,
    await page.getAttribute('#results', 'data-draft-total'), { timeout: 120000 });
  const draftPath = join(scratch, 'draft.json');
  writeFileSync(draftPath, await page.inputValue('#draft'));
  assert.equal(Number(await page.getAttribute('#results', 'data-draft-total')), cliTotal(draftPath));
  await page.screenshot({ path: join(root, 'build/test-artifacts/studio.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.click('#download');
  const csv = readFileSync(await (await download).path(), 'utf8');
  assert.ok(csv.startsWith('customer,month,points\n'));
  await page.close();
});

test('an invalid draft shows the error at its field', async () => {
  const page = await openStudio();
  const draft = JSON.parse(await page.inputValue('#draft'));
  draft.earn[0].points_per_unit = 'lots';
  await page.fill('#draft', JSON.stringify(draft, null, 2));
  await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'true');
  assert.equal(await page.getAttribute('#draft-error', 'data-path'), 'program: earn[0].points_per_unit');
  assert.match(await page.textContent('#draft-error'), /is not a decimal number/);
  await page.close();
});

test('axe-core finds no violations in the studio', async () => {
  const page = await openStudio();
  await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await page.close();
});

test('the studio works offline once loaded', async () => {
  const context = (await launchChromium());
  try {
    const page = await context.context.newPage();
    await page.goto(`${shop.url}/studio/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();  // now controlled by the service worker
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
    await page.setInputFiles('#log', join(root, 'core/samples/three-months.csv'));
    await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal);
    assert.ok(Number(await page.getAttribute('#results', 'data-draft-total')) > 0);
  } finally {
    await context.close();
  }
});

test('a 1,000,000-row log never blocks the main thread for more than 50 ms', async () => {
  const bigPath = join(scratch, 'log-1m.csv');
  writeFileSync(bigPath, execFileSync(join(root, 'build/native/loyalty-generate-log'),
    ['--transactions', '1000000', '--customers', '100000', '--seed', '3'], { maxBuffer: 1 << 30 }));
  const page = await openStudio();
  await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
  await page.evaluate(() => { globalThis.__longest = 0; });
  await page.setInputFiles('#log', bigPath);
  await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal, null, { timeout: 300000 });
  const longest = await page.evaluate(() => globalThis.__longest);
  assert.ok(longest <= 50, `the longest main-thread task took ${longest} ms`);
  assert.equal(Number(await page.getAttribute('#results', 'data-current-total')), cliTotal(join(root, 'core/programs/demo.json'), bigPath));
  await page.close();
});

test('the shopper widget previews the draft for a customer of the log', async () => {
  const page = await openStudio();
  await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
  await page.setInputFiles('#log', join(root, 'core/samples/three-months.csv'));
  await page.waitForFunction(() => !document.getElementById('preview').disabled);
  await page.fill('#preview-customer', 'dalia');
  await page.click('#preview');
  await page.waitForFunction(() => document.querySelector('#preview-widget')?.shadowRoot?.querySelector('[data-test=balance]'));
  const { createEngine } = await import(join(root, 'web/dist/loyalty-engine.mjs'));
  const program = (await createEngine()).loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  const csv = readFileSync(join(root, 'core/samples/three-months.csv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',')).filter((c) => c[1] === 'dalia').map(([id, customer, date, amount]) => ({ id, customer, date, amount }));
  const expected = program.balance(csv, 'dalia', new Date().toISOString().slice(0, 10));
  const shown = await page.evaluate(() => document.querySelector('#preview-widget').shadowRoot.querySelector('[data-test=balance]').textContent);
  assert.equal(shown, `${expected.available.toLocaleString('en-US')} points`);
  await page.close();
});
