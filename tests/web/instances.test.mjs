// Two stateless server processes on one PostgreSQL: a customer's
// redemptions, split across both, never spend the same points twice, and
// killing one process in the middle of a burst loses nothing it
// acknowledged. The expected balance is a replay of the recorded ledger by
// the engine, compared with what both servers answer.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createEngine } from '../../web/dist/loyalty-engine.mjs';
import { TEST_DAY, TEST_NOW } from '../support/clock.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startShopProcess } from '../support/shop-process.mjs';

const TOKEN_SECRET = 'instances-test-token-secret-of-32-bytes!';
const SHOP_SECRET = 'instances-test-shop-secret-of-32-bytes!!';

const cluster = process.env.LOYALTY_SKIP_POSTGRES ? null : await startPostgres();
after(() => cluster?.stop());

const startInstance = (databaseUrl) => startShopProcess({ LOYALTY_DATABASE_URL: databaseUrl, LOYALTY_REDEMPTIONS_PER_MINUTE: '1000000',
  LOYALTY_TEST_NOW: new Date(TEST_NOW).toISOString(), LOYALTY_DEMO: '1', LOYALTY_JWT_SECRET: TOKEN_SECRET, LOYALTY_SHOP_SECRET: SHOP_SECRET });

const post = (url, path, body, headers) => fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', ...headers } });
const credit = (url, id, customer, points) => post(url, '/loyalty/api/events', { id, type: 'adjustment', customer, points, date: '2026-05-01' },
  { Authorization: `Bearer ${SHOP_SECRET}` });
const redeem = (url, token, key) => post(url, '/loyalty/api/redemptions', { reward: 'points-to-cash', points: 100 },
  { Authorization: `Bearer ${token}`, 'Idempotency-Key': key });

async function ledgerOf(databaseUrl, customer) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const program = (await client.query("SELECT value FROM meta WHERE key = 'program'")).rows[0].value;
    const events = (await client.query('SELECT body FROM events WHERE customer = $1 ORDER BY seq', [customer])).rows.map((r) => JSON.parse(r.body));
    return { program, events };
  } finally {
    await client.end();
  }
}

test('50 concurrent redemptions across two instances: exactly the k the balance covers succeed', { skip: !cluster }, async () => {
  const databaseUrl = await cluster.createDatabase('instances');
  // Both start together on an empty database: one migrates and seeds.
  const [a, b] = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)]);
  try {
    assert.equal((await credit(a.url, 'credit-zed', 'zed', 1000)).status, 201);
    const token = (await (await post(b.url, '/demo/login', { customer: 'zed' })).json()).token;
    // Warm both instances' open ledgers first: each must notice the other's rows.
    for (const url of [a.url, b.url]) {
      const seen = await (await fetch(`${url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${token}` } })).json();
      assert.equal(seen.balance.available, 1000);
    }
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => redeem(i % 2 ? a.url : b.url, token, `burst-${i}`)));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 10, `1000 points cover 10 redemptions of 100: ${statuses.join(' ')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 40);
    const { program, events } = await ledgerOf(databaseUrl, 'zed');
    const engine = await createEngine({ now: () => TEST_NOW });
    const replayed = engine.loadProgram(program).balance(events, 'zed', TEST_DAY);
    assert.equal(replayed.available, 0);
    for (const url of [a.url, b.url]) {
      const seen = await (await fetch(`${url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${token}` } })).json();
      assert.equal(seen.balance.available, replayed.available, `${url} agrees with the replay`);
    }
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  }
});

test('killing one instance mid-burst loses nothing it acknowledged', { skip: !cluster }, async () => {
  const databaseUrl = await cluster.createDatabase('instances');
  const a = await startInstance(databaseUrl);
  const b = await startInstance(databaseUrl);
  try {
    assert.equal((await credit(a.url, 'credit-yan', 'yan', 1000000)).status, 201);
    const token = (await (await post(a.url, '/demo/login', { customer: 'yan' })).json()).token;
    const acknowledged = [];
    let sent = 0;
    let stop = false;
    const worker = async (url) => {
      while (!stop) {
        const key = `k-${sent++}`;
        try {
          const response = await redeem(url, token, key);
          if (response.status === 201) acknowledged.push({ key, url, body: await response.json() });
        } catch {
          if (url === a.url) return;  // the killed instance
        }
      }
    };
    const workers = [worker(a.url), worker(a.url), worker(b.url), worker(b.url)];
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    a.child.kill('SIGKILL');
    const killedAt = acknowledged.length;
    while (acknowledged.length < killedAt + 20) await new Promise((resolve) => setTimeout(resolve, 20));
    stop = true;
    await Promise.all(workers);

    const { program, events } = await ledgerOf(databaseUrl, 'yan');
    const recorded = new Map();
    for (const event of events.filter((e) => e.type === 'redemption')) recorded.set(event.id, (recorded.get(event.id) ?? 0) + 1);
    for (const { body } of acknowledged) assert.equal(recorded.get(body.redemption.id), 1, `${body.redemption.id} is recorded once`);
    const engine = await createEngine({ now: () => TEST_NOW });
    const replayed = engine.loadProgram(program).balance(events, 'yan', TEST_DAY);
    assert.equal(replayed.available, 1000000 - 100 * recorded.size);
    // The survivor answers every acknowledged key as it was answered, and the replayed balance.
    for (const { key, body } of acknowledged.slice(0, 10)) {
      assert.deepEqual(await (await redeem(b.url, token, key)).json(), body);
    }
    const seen = await (await fetch(`${b.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(seen.balance.available, replayed.available);
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  }
});
