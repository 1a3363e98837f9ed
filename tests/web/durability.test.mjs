// kill -9 the reference shop in the middle of redemption traffic: after a
// restart every acknowledged redemption is there exactly once, replaying its
// key gives the same answer, and every balance equals a recomputation from
// the ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDemoStore } from '../../web/shop/db.mjs';
import { createEngine } from '../../web/dist/loyalty-engine.mjs';
import { root } from '../wasm/support.mjs';
import { TEST_DAY, TEST_NOW } from '../support/clock.mjs';
import { startShopProcess } from '../support/shop-process.mjs';

const SECRET = 'durability-test-secret-of-at-least-32-bytes';

const startProcess = (dbPath) => startShopProcess({ LOYALTY_DB: dbPath, LOYALTY_REDEMPTIONS_PER_MINUTE: '1000000',
  LOYALTY_TEST_NOW: new Date(TEST_NOW).toISOString(), LOYALTY_DEMO: '1', LOYALTY_JWT_SECRET: SECRET });

test('acknowledged redemptions survive kill -9 exactly once; balances equal the ledger', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-durable-'));
  const dbPath = join(dir, 'shop.db');
  const store = await openDemoStore(dbPath, { today: TEST_DAY });
  const db = store.raw;
  db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)').run('credit-dalia', 'dalia',
    JSON.stringify({ id: 'credit-dalia', type: 'adjustment', customer: 'dalia', date: '2026-01-01', points: 100000000 }));
  await store.close();

  const first = await startProcess(dbPath);
  const login = async (url, customer = 'dalia') => (await (await fetch(`${url}/demo/login`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customer }) })).json()).token;
  const token = await login(first.url);
  const acknowledged = [];
  let sent = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const key = `durable-${sent++}`;
      try {
        const response = await fetch(`${first.url}/loyalty/api/redemptions`, { method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
          body: JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
        if (response.status === 201) acknowledged.push({ key, body: await response.json() });
      } catch {
        return;  // the server is gone
      }
    }
  };
  const workers = [worker(), worker(), worker(), worker()];
  while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 10));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  assert.ok(acknowledged.length >= 40);

  const second = await startProcess(dbPath);
  try {
    const check = new Database(dbPath, { readonly: true });
    for (const { key, body } of acknowledged) {
      const count = check.prepare('SELECT COUNT(*) FROM events WHERE id = ?').pluck().get(body.redemption.id);
      assert.equal(count, 1, `${key} is recorded once`);
    }
    const token2 = await login(second.url);
    for (const { key, body } of acknowledged.slice(0, 10)) {
      const replay = await fetch(`${second.url}/loyalty/api/redemptions`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token2}`, 'Idempotency-Key': key },
        body: JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
      assert.deepEqual(await replay.json(), body, `${key} replays its answer`);
    }
    // Every balance equals a recomputation from the ledger rows.
    const engine = await createEngine();
    const program = engine.loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
    const today = TEST_DAY;
    const redemptions = check.prepare("SELECT COUNT(*) FROM events WHERE customer = 'dalia' AND json_extract(body, '$.type') = 'redemption'").pluck().get();
    const keys = check.prepare("SELECT COUNT(*) FROM redemptions WHERE customer = 'dalia' AND status = 201").pluck().get();
    assert.equal(redemptions, keys, 'each recorded redemption has its idempotency row, and no more');
    for (const customer of check.prepare('SELECT id FROM customers').pluck().all()) {
      const events = check.prepare('SELECT body FROM events WHERE customer = ? ORDER BY seq').pluck().all(customer).map((b) => JSON.parse(b));
      const recomputed = program.balance(events, customer, today);
      const customerToken = await login(second.url, customer);
      const served = await (await fetch(`${second.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${customerToken}` } })).json();
      assert.equal(program.balance(served.events, customer, today).available, recomputed.available, customer);
      assert.equal(recomputed.entries.reduce((sum, e) => sum + e.points, 0), recomputed.available + recomputed.pending, customer);
    }
    check.close();
  } finally {
    second.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
