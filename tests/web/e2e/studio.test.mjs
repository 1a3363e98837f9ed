// The program studio in Chromium: a generated 100k-row log, figures equal to
// the native CLI's, an invalid draft shown at its field, accessibility, no
// long main-thread task while the log is processed, offline once loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, pinClock } from '../../wasm/browser.mjs';
import { root } from '../../wasm/support.mjs';
import { startTestShop } from '../shop.mjs';
import { TEST_DAY } from '../../support/clock.mjs';

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

const cli = (args) => JSON.parse(execFileSync(join(root, 'build/native/loyalty'), args, { maxBuffer: 1 << 30 }).toString());
const cliTotal = (programPath, log = logPath) => cli(['statement', '--program', programPath, log]).customers.reduce((sum, c) => sum + c.total, 0);
const cliMonths = (programPath, log = logPath) => {
  const months = new Map();
  for (const c of cli(['statement', '--program', programPath, log]).customers) {
    for (const m of c.months) months.set(m.month, (months.get(m.month) ?? 0) + m.points);
  }
  return months;
};
const cliMetrics = (programPath, log = logPath) => cli(['metrics', '--program', programPath, log]);
const tableRows = (page, name) => page.$$eval(`[data-table=${name}] tbody tr`, (rows) => rows.map((row) => [...row.cells].map((c) => c.textContent)));
const plain = (text) => Number(text.replaceAll(',', ''));
const draftValid = (page) => page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
// The results are up to date with the log and both programs.
const settled = (page) => page.waitForFunction(() => document.getElementById('results').getAttribute('aria-busy') === 'false'
  && document.getElementById('results').dataset.draftTotal, null, { timeout: 120000 });

// The studio computes in a Web Worker; had the work run on the main thread,
// a single task would take seconds for a million rows (the statement alone
// is about 0.4 s per 100k rows in Chromium). The bound catches that
// regression without timing the machine: the 50 ms target belongs to
// scripts/bench, not to an assertion, since a loaded CI machine (or
// faketime) stretches every task.
function assertWorkStaysOffTheMainThread(longestMs) {
  console.log(`# longest main-thread task: ${longestMs} ms`);
  assert.ok(longestMs < 1000, `a main-thread task took ${longestMs} ms: the work ran on the main thread`);
}

// `pinned`: the page's clock on the tests' day (the widget preview's figures
// depend on it; the performance measurements need the real clock).
async function openStudio({ pinned = false } = {}) {
  const page = await browser.context.newPage();
  if (pinned) await pinClock(page);
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
  // Nothing leaves the browser: from here on, only the page's own files may be fetched.
  const requests = [];
  page.on('request', (request) => requests.push(request));
  await page.setInputFiles('#log', logPath);
  await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal, null, { timeout: 120000 });
  const demoPath = join(root, 'core/programs/demo.json');
  assert.equal(Number(await page.getAttribute('#results', 'data-current-total')), cliTotal(demoPath));
  assertWorkStaysOffTheMainThread(await page.evaluate(() => globalThis.__longest));

  // Edit rules with the form: 2 points per dollar, and points expiring 30
  // days after they are earned. Then compare with the CLI on the same draft.
  await page.fill('#rate', '2');
  await page.selectOption('#expiry-policy', 'after_days');
  await page.fill('#expiry-days', '30');
  await settled(page);
  const draftPath = join(scratch, 'draft.json');
  const draft = await page.inputValue('#draft');
  assert.deepEqual(JSON.parse(draft).expiry, { policy: 'after_days', days: 30 });
  assert.equal(JSON.parse(draft).earn[0].points_per_unit, '2');
  writeFileSync(draftPath, draft);
  assert.equal(Number(await page.getAttribute('#results', 'data-draft-total')), cliTotal(draftPath));

  // Month by month: points issued, outstanding and members holding points,
  // each program's figures equal to the CLI's.
  const issued = cliMonths(draftPath);
  const issuedRows = await tableRows(page, 'issued');
  assert.deepEqual(issuedRows.map((r) => [r[0], plain(r[2])]), [...issued.entries()]);
  const currentMetrics = cliMetrics(demoPath);
  const draftMetrics = cliMetrics(draftPath);
  const outstandingRows = await tableRows(page, 'outstanding');
  assert.deepEqual(outstandingRows.map((r) => [r[0], plain(r[1]), r[2].replaceAll(',', ''), plain(r[3]), r[4].replaceAll(',', '')]),
    draftMetrics.membership.map((m, i) => [m.month, currentMetrics.membership[i].points_outstanding, currentMetrics.membership[i].points_liability,
      m.points_outstanding, m.points_liability]));
  const holdingRows = await tableRows(page, 'holding');
  assert.deepEqual(holdingRows.map((r) => [r[0], `${r[2]}`, `${r[3]}`]),
    draftMetrics.membership.map((m, i) => [m.month, `${currentMetrics.membership[i].holding_percent}%`, `${m.holding_percent}%`]));
  // A 30-day expiry empties balances the current program (365 days of
  // inactivity) keeps: the replay shows it.
  assert.ok(Number(draftMetrics.membership.at(-1).holding_percent) < Number(currentMetrics.membership.at(-1).holding_percent));
  // The customer retention rate, quarters then months, as the CLI computes it.
  const retentionRows = await tableRows(page, 'customer-retention');
  const rates = currentMetrics.customer_retention;
  assert.deepEqual(retentionRows.map((r) => [r[0], plain(r[1]), plain(r[2]), plain(r[3])]),
    [...rates.quarters, ...rates.months].map((r) => [r.period, r.customers_at_start, r.new_customers, r.customers_at_end]));
  assert.equal(retentionRows.find((r) => r[0] === '2026-02')[4], `${rates.months.find((r) => r.period === '2026-02').rate.percent}%`);
  await page.screenshot({ path: join(root, 'build/test-artifacts/studio.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.click('#download');
  const csv = readFileSync(await (await download).path(), 'utf8');
  assert.ok(csv.startsWith('customer,month,current_points,draft_points\n'));
  const csvRows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
  assert.equal(csvRows.reduce((sum, row) => sum + Number(row[3]), 0), Number(await page.getAttribute('#results', 'data-draft-total')));
  assert.equal(csvRows.reduce((sum, row) => sum + Number(row[2]), 0), Number(await page.getAttribute('#results', 'data-current-total')));
  const sent = requests.filter((r) => r.method() !== 'GET' || r.postData() || !(r.url().startsWith(shop.url) || /^(blob|data):/.test(r.url())));
  assert.deepEqual(sent.map((r) => `${r.method()} ${r.url()}`), []);
  const draftStatement = cli(['statement', '--program', draftPath, logPath]).customers;
  const first = draftStatement[0];
  assert.deepEqual(csvRows.filter((row) => row[0] === first.customer).map((row) => [row[1], Number(row[3])]),
    first.months.map((m) => [m.month, m.points]));
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

test('the form edits bands, tiers, expiry and rewards, and an error lands on its input', async () => {
  const page = await openStudio();
  await draftValid(page);
  const draft = async () => JSON.parse(await page.inputValue('#draft'));
  const threshold = '[data-path="tiers.levels[1].threshold"]';

  await page.fill(threshold, 'abc');
  await page.waitForFunction((selector) => document.querySelector(selector).getAttribute('aria-invalid') === 'true', threshold);
  assert.match(await page.textContent('#form-field-error'), /is not a decimal number/);
  assert.equal(await page.getAttribute(threshold, 'aria-describedby'), 'form-field-error');
  assert.equal(await page.getAttribute('#draft-error', 'data-path'), 'program: tiers.levels[1].threshold');
  await page.fill(threshold, '400.00');
  await draftValid(page);
  assert.equal(await page.$('#form-field-error'), null);
  assert.equal((await draft()).tiers.levels[1].threshold, '400.00');

  await page.click('text=Add spend bands');
  await page.click('text=Add a band');
  await page.fill('[data-path="earn[15].bands[1].points_per_unit"]', '3');
  await draftValid(page);
  assert.deepEqual((await draft()).earn[15].bands, [{ above: '50.00', points_per_unit: 1 }, { above: '100', points_per_unit: '3' }]);

  await page.click('text=Add a level');
  await draftValid(page);
  assert.deepEqual((await draft()).tiers.levels.map((l) => l.id), ['bronze', 'silver', 'gold', 'level', 'evergreen']);

  await page.click('text=Add a reward');
  await page.selectOption('[data-path="rewards[6].type"]', 'percent_off');
  await page.fill('[data-path="rewards[6].percent"]', '15');
  await draftValid(page);
  assert.deepEqual((await draft()).rewards[6], { id: 'reward', name: '$5 off', type: 'percent_off', cost: 500, percent: 15 });

  await page.fill('[data-path="rewards[6].cost"]', 'free');
  await page.waitForFunction(() => document.querySelector('[data-path="rewards[6].cost"]').getAttribute('aria-invalid') === 'true');
  assert.match(await page.textContent('#form-field-error'), /expected a whole number/);
  await page.click('button[aria-label="Remove reward 7"]');
  await draftValid(page);
  assert.equal((await draft()).rewards.length, 6);

  // Typing in the JSON updates the form.
  const edited = await draft();
  edited.expiry = { policy: 'end_of_year', grace_years: 2 };
  await page.fill('#draft', JSON.stringify(edited, null, 2));
  await page.waitForFunction(() => document.getElementById('expiry-grace')?.value === '2');
  assert.equal(await page.inputValue('#expiry-policy'), 'end_of_year');
  await page.click('text=Remove tiers');
  await draftValid(page);
  assert.equal((await draft()).tiers, undefined);
  assert.ok(await page.isVisible('text=Add tiers'));
  await page.close();
});

test('a draft travels in the URL hash and exports as the JSON it is', async () => {
  const page = await openStudio();
  await draftValid(page);
  await page.fill('#rate', '3');
  await draftValid(page);
  await page.click('#share');
  const url = page.url();
  assert.match(url, /#draft=/);
  const carried = JSON.parse(decodeURIComponent(new URL(url).hash.slice('#draft='.length)));
  assert.equal(carried.earn[0].points_per_unit, '3');

  const other = await browser.context.newPage();
  await other.goto(url);
  await other.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
  assert.deepEqual(JSON.parse(await other.inputValue('#draft')), carried);
  assert.equal(await other.inputValue('#rate'), '3');
  const download = other.waitForEvent('download');
  await other.click('#export');
  assert.deepEqual(JSON.parse(readFileSync(await (await download).path(), 'utf8')), carried);
  // A link followed inside the open page replaces the draft too.
  carried.earn[0].points_per_unit = 4;
  await other.evaluate((hash) => { location.hash = hash; }, `draft=${encodeURIComponent(JSON.stringify(carried))}`);
  await other.waitForFunction(() => document.getElementById('rate').value === '4');
  await other.close();
  await page.close();
});

test('a log dropped on the page is read like a chosen one', async () => {
  const page = await openStudio();
  await draftValid(page);
  const samplePath = join(root, 'core/samples/three-months.csv');
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'three-months.csv', { type: 'text/csv' }));
    return data;
  }, readFileSync(samplePath, 'utf8'));
  await page.dispatchEvent('#drop', 'dragover', { dataTransfer: transfer });
  assert.ok(await page.$eval('#drop', (drop) => drop.classList.contains('over')));
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
  await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal);
  assert.ok(!(await page.$eval('#drop', (drop) => drop.classList.contains('over'))));
  assert.equal(Number(await page.getAttribute('#results', 'data-draft-total')), cliTotal(join(root, 'core/programs/demo.json'), samplePath));
  assert.match(await page.textContent('#log-status'), /Done: /);

  // The same log as a JSON array of transactions gives the same figures.
  const rows = readFileSync(samplePath, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','))
    .map(([id, customer, date, amount]) => ({ id, customer, date, amount }));
  const json = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'three-months.json', { type: 'application/json' }));
    return data;
  }, JSON.stringify(rows));
  const before = await page.getAttribute('#results', 'data-draft-total');
  await page.evaluate(() => { document.getElementById('results').dataset.draftTotal = ''; });
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: json });
  await settled(page);
  assert.equal(await page.getAttribute('#results', 'data-draft-total'), before);
  await page.close();
});

test('a malformed log is reported by line and column, and a good one replaces it', async () => {
  const page = await openStudio();
  await draftValid(page);
  const badPath = join(scratch, 'bad.csv');
  writeFileSync(badPath, 'id,customer,date,amount\n1,a,2026-01-05,10.00\n2,b,2026-02-30,5.00\n');
  await page.setInputFiles('#log', badPath);
  await page.waitForFunction(() => /does not exist/.test(document.getElementById('log-status').textContent));
  assert.match(await page.textContent('#log-status'), /:3: column date: date "2026-02-30" does not exist in the calendar/);
  assert.equal(await page.getAttribute('#results', 'aria-busy'), 'false');
  await page.setInputFiles('#log', join(root, 'core/samples/three-months.csv'));
  await settled(page);
  assert.match(await page.textContent('#log-status'), /^Done: /);
  await page.close();
});

test('a shop\'s own export: the mapping step guesses, shows rows as the engine reads them, and is remembered', async () => {
  const page = await openStudio();
  await draftValid(page);
  const exportPath = join(root, 'tests/fixtures/exports/line-items.csv');
  const demoPath = join(root, 'core/programs/demo.json');
  const cliStatementTotal = (args) => cli(['statement', '--program', demoPath, ...args, exportPath]).customers.reduce((sum, c) => sum + c.total, 0);
  await page.setInputFiles('#log', exportPath);
  await settled(page);
  assert.equal(await page.isVisible('#mapping'), true);
  assert.match(await page.textContent('#mapping-summary'), /line-item export .* recognised from its header/);
  assert.equal(await page.inputValue('#mapping-quantity'), 'Quantity');
  assert.equal(await page.inputValue('#mapping-date-format'), 'MM/DD/YYYY HH:mm');
  // The rows as the engine reads them (tests/fixtures/exports/README.md works them out by hand).
  const rows = await tableRows(page, 'mapping-preview');
  assert.deepEqual(rows[0], ['2', 'line item', '536365', '17850', '2010-12-01', '15.30']);
  assert.deepEqual(rows[7], ['9', 'guest (skipped)', '536368', '', '', '']);
  assert.deepEqual(rows[8], ['10', 'return', 'C536379', '14527', '2010-12-01', '-27.50']);
  assert.equal(Number(await page.getAttribute('#results', 'data-current-total')), cliStatementTotal([]));

  // A wrong date format: each row says why it cannot be read.
  await page.fill('#mapping-date-format', 'YYYY-MM-DD');
  await page.waitForFunction(() => document.querySelector('[data-table=mapping-preview] tr[data-error]'));
  assert.match(await page.textContent('[data-table=mapping-preview] tr[data-error]'),
    /column "InvoiceDate" \(date\): date "12\/1\/2010 8:26" does not fit the date format "YYYY-MM-DD"/);
  await page.fill('#mapping-date-format', 'MM/DD/YYYY HH:mm');
  await page.waitForFunction(() => !document.querySelector('[data-table=mapping-preview] tr[data-error]'));
  await page.selectOption('#mapping-returns', 'ignore');
  await page.waitForFunction((total) => document.getElementById('results').dataset.draftTotal === String(total),
    cliStatementTotal(['--returns', 'ignore']), { timeout: 60000 });
  await settled(page);
  assert.equal(Number(await page.getAttribute('#results', 'data-current-total')), cliStatementTotal(['--returns', 'ignore']));

  // The same header later: the mapping the merchant set is used again.
  const again = await openStudio();
  await draftValid(again);
  await again.setInputFiles('#log', exportPath);
  await settled(again);
  assert.equal(await again.inputValue('#mapping-returns'), 'ignore');
  assert.equal(Number(await again.getAttribute('#results', 'data-current-total')), cliStatementTotal(['--returns', 'ignore']));
  await again.close();

  // A header no preset knows: the merchant picks the columns.
  const ownPath = join(scratch, 'own-export.csv');
  writeFileSync(ownPath, 'Ref,Buyer,When,Paid,Note\nA1,x@example.com,05/01/2026,150.00,"first, of two"\nA2,y@example.com,06/01/2026,75.00,\nA3,,06/01/2026,20.00,guest\n');
  await page.setInputFiles('#log', ownPath);
  await page.waitForFunction(() => /Choose the columns/.test(document.getElementById('mapping-summary').textContent));
  for (const [field, column] of [['id', 'Ref'], ['customer', 'Buyer'], ['date', 'When'], ['amount', 'Paid']]) {
    await page.selectOption(`#mapping-${field}`, column);
  }
  await page.fill('#mapping-date-format', 'DD/MM/YYYY');
  const own = cli(['statement', '--program', demoPath, '--columns', 'id=Ref,customer=Buyer,date=When,amount=Paid', '--date-format', 'DD/MM/YYYY', ownPath]);
  await page.waitForFunction((total) => document.getElementById('results').dataset.currentTotal === String(total),
    own.customers.reduce((sum, c) => sum + c.total, 0), { timeout: 60000 });
  await settled(page);
  assert.deepEqual(own.customers.map((c) => c.months[0].month), ['2026-01', '2026-01']);

  await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => axe.run(document.getElementById('mapping'), { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await page.close();
});

test('hostile customer ids stay text: in the page and in the downloaded CSV', async () => {
  const page = await openStudio();
  await draftValid(page);
  const hostile = ['=HYPERLINK("http://evil.example","x")', '<img src=x onerror=alert(1)>', 'comma, "quoted"', '+1', '@sum'];
  const logFile = join(scratch, 'hostile.json');
  writeFileSync(logFile, JSON.stringify(hostile.map((customer, i) => ({ id: `o${i}`, customer, date: '2026-01-05', amount: `${900 + i}.00` }))));
  await page.setInputFiles('#log', logFile);
  await settled(page);
  const shown = (await tableRows(page, 'top')).map((row) => row[0]);
  assert.deepEqual([...shown].sort(), [...hostile].sort());
  assert.equal(await page.$('#results img'), null);
  const download = page.waitForEvent('download');
  await page.click('#download');
  const lines = readFileSync(await (await download).path(), 'utf8').trim().split('\n').slice(1);
  assert.deepEqual(lines.map((line) => line.slice(0, line.indexOf(',2026-01'))).sort(), [
    `"'=HYPERLINK(""http://evil.example"",""x"")"`, '"comma, ""quoted"""', "'+1", "'@sum", '<img src=x onerror=alert(1)>'].sort());
  await page.close();
});

test('axe-core finds no violations in the studio', async () => {
  const page = await openStudio();
  await draftValid(page);
  await page.setInputFiles('#log', join(root, 'core/samples/three-months.csv'));
  await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal);
  await page.click('#current-details summary');
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

test('a 1,000,000-row log is computed off the main thread', async () => {
  const bigPath = join(scratch, 'log-1m.csv');
  writeFileSync(bigPath, execFileSync(join(root, 'build/native/loyalty-generate-log'),
    ['--transactions', '1000000', '--customers', '100000', '--seed', '3'], { maxBuffer: 1 << 30 }));
  const page = await openStudio();
  await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
  await page.evaluate(() => { globalThis.__longest = 0; });
  await page.setInputFiles('#log', bigPath);
  await page.waitForFunction(() => document.getElementById('results').dataset.draftTotal, null, { timeout: 300000 });
  assertWorkStaysOffTheMainThread(await page.evaluate(() => globalThis.__longest));
  assert.equal(Number(await page.getAttribute('#results', 'data-current-total')), cliTotal(join(root, 'core/programs/demo.json'), bigPath));
  await page.close();
});

// The balance the preview widget shows for `customer` of the log at `logPath`,
// and the engine's own figure for that log (the oracle) at the tests' day.
async function preview(logPath, customer) {
  const page = await openStudio({ pinned: true });
  await page.waitForFunction(() => document.getElementById('draft').getAttribute('aria-invalid') === 'false');
  await page.setInputFiles('#log', logPath);
  await page.waitForFunction(() => !document.getElementById('preview').disabled);
  await page.fill('#preview-customer', customer);
  await page.click('#preview');
  await page.waitForFunction(() => document.querySelector('#preview-widget')?.shadowRoot?.querySelector('[data-test=balance]'));
  const shown = await page.evaluate(() => document.querySelector('#preview-widget').shadowRoot.querySelector('[data-test=balance]').textContent);
  await page.close();
  const { createEngine } = await import(join(root, 'web/dist/loyalty-engine.mjs'));
  const program = (await createEngine()).loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  const expected = program.balance(readFileSync(logPath, 'utf8'), customer, TEST_DAY);
  program.dispose();
  return { shown, expected };
}

test('the shopper widget previews the draft for a customer of the log', async () => {
  const { shown, expected } = await preview(join(root, 'core/samples/three-months.csv'), 'dalia');
  assert.equal(shown, `${expected.available.toLocaleString('en-US')} points`);
});

test('the preview reads a customer\'s rows as the engine does: quoted and padded CSV cells', async () => {
  // Each row is Dalia's to the engine (quotes and padding are CSV, not data);
  // splitting lines on commas would miss the first two and misread the third.
  const csvPath = join(scratch, 'quoted.csv');
  writeFileSync(csvPath, 'id,customer,date,amount\n"o,1", dalia ,2026-01-05,120.00\n"o2","dalia",2026-01-06,"80.00"\no3,dalia,2026-01-31T23:30:00-05:00,60\n');
  const { shown, expected } = await preview(csvPath, 'dalia');
  assert.ok(expected.lifetime_earned >= 260, 'all three rows count');
  assert.equal(shown, `${expected.available.toLocaleString('en-US')} points`);
});
