// The engine runs under a strict Content-Security-Policy: nothing it ships
// evaluates code from strings, and a page that allows only 'self' and
// 'wasm-unsafe-eval' loads it in real Chromium and computes a statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dist, root } from './support.mjs';
import { launchChromium, serve } from './browser.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

test('no shipped script uses eval or new Function', () => {
  const scripts = readdirSync(dist).filter((name) => /\.(m?js)$/.test(name));
  assert.ok(scripts.includes('loyalty-engine-glue.mjs') && scripts.includes('loyalty-engine.mjs'));
  for (const name of scripts) {
    const source = readFileSync(join(dist, name), 'utf8');
    assert.doesNotMatch(source, /(^|[^\w$.])eval\s*\(/, `${name} calls eval`);
    assert.doesNotMatch(source, /\bnew\s+Function\s*\(/, `${name} uses new Function`);
    assert.doesNotMatch(source, /(^|[^\w$.])Function\s*\(/, `${name} calls Function()`);
  }
});

test('a page with a strict CSP loads the engine in Chromium and computes a statement', async () => {
  const server = await serve({ '/dist/': dist, '/programs/': join(root, 'core/programs'), '/': join(root, 'tests/wasm/csp-page') },
    { 'Content-Security-Policy': CSP });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const problems = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#result[data-state]', { timeout: 20000 });
    const state = await page.getAttribute('#result', 'data-state');
    const text = await page.textContent('#result');
    assert.equal(state, 'done', text);
    const customers = JSON.parse(text);
    assert.equal(customers[0].customer, 'ada');
    assert.equal(customers[0].total, 90 + 52);
    assert.deepEqual(problems, []);
    assert.equal(await page.getAttribute('#result', 'data-violations'), null, 'no CSP violation was reported');
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(fetched.includes('/dist/loyalty-engine.wasm'), fetched.join(' '));
  } finally {
    await browser.close();
    await server.close();
  }
});
