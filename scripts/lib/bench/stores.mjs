// The endpoint on each store side by side: SQLite (one process), PostgreSQL
// (one process) and PostgreSQL (two processes on one database), each
// serving a seeded store of `customers` customers and `events` events.
// Requests pick customers at random (so most open ledgers are cold, as in a
// real shop); GET /customer and POST /redemptions, p50 and p99.
import { join } from 'node:path';
import autocannon from 'autocannon';

const TOKEN_SECRET = 'bench-stores-token-secret-of-32-bytes!!';
const TEST_NOW = '2026-06-15T16:00:00Z';

// Purchases spread over the year before TEST_NOW, small bodies: the seeded
// history a busy shop has. Every customer starts with points to redeem.
function* history(customers, events) {
  const perCustomer = Math.max(1, Math.floor(events / customers));
  let n = 0;
  for (let c = 0; c < customers; c++) {
    const customer = `b${c}`;
    yield [`credit-${customer}`, customer, { id: `credit-${customer}`, type: 'adjustment', customer, date: '2025-06-01', points: 1000000 }];
    for (let k = 1; k < perCustomer; k++) {
      const day = new Date(Date.parse('2025-06-16') + Math.floor((k * 360) / perCustomer) * 86400000).toISOString().slice(0, 10);
      const id = `b-${n++}`;
      yield [id, customer, { id, customer, date: day, amount: `${20 + ((c * 7 + k * 13) % 180)}.00` }];
    }
  }
}

async function seed(store, customers, events) {
  const batch = 5000;
  let rows = [];
  const flush = async () => {
    if (rows.length === 0) return;
    if (store.dialect === 'postgres') {
      await store.run('INSERT INTO events (id, customer, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => JSON.stringify(r[2]))]);
    } else {
      const insert = store.raw.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)');
      store.raw.transaction(() => { for (const r of rows) insert.run(r[0], r[1], JSON.stringify(r[2])); })();
    }
    rows = [];
  };
  for (let c = 0; c < customers; c += batch) {
    const ids = Array.from({ length: Math.min(batch, customers - c) }, (_, i) => `b${c + i}`);
    if (store.dialect === 'postgres') {
      await store.run(`INSERT INTO customers (id, name, referral_code) SELECT id, id, 'REF-' || id FROM unnest($1::text[]) AS t(id)`, [ids]);
    } else {
      const insert = store.raw.prepare("INSERT INTO customers (id, name, referral_code) VALUES (?, ?, 'REF-' || ?)");
      store.raw.transaction(() => { for (const id of ids) insert.run(id, id, id); })();
    }
  }
  for (const row of history(customers, events)) {
    rows.push(row);
    if (rows.length >= batch) await flush();
  }
  await flush();
}


// autocannon against each instance at once (connections split between
// them); requests per second summed, latency percentiles the worst.
async function load(urls, { path, method = 'GET', bodyFor, tokens, duration, connections }) {
  let n = 0;
  const results = await Promise.all(urls.map((url) => autocannon({
    url: `${url}${path}`, method, duration, connections: Math.max(1, Math.round(connections / urls.length)),
    requests: [{ method, path, setupRequest: (request) => {
      const i = (n++ * 7919) % tokens.length;
      return { ...request, headers: { ...request.headers, authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json',
        'idempotency-key': `bench-store-${process.pid}-${n}` }, ...(bodyFor ? { body: bodyFor() } : {}) };
    } }],
  })));
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  };
}

/**
 * Runs the comparison; `cluster` is a started throwaway PostgreSQL
 * (tests/support/postgres.mjs), `scratch` a directory for the SQLite file.
 */
export async function benchStores({ root, cluster, scratch, customers, events, duration, connections = 10, sample = 2000 }) {
  const { openDemoStore } = await import(join(root, 'web/shop/db.mjs'));
  const { tokenService } = await import(join(root, 'web/kit/tokens.mjs'));
  const { startShopProcess } = await import(join(root, 'tests/support/shop-process.mjs'));
  const startInstance = (env) => startShopProcess({ LOYALTY_TEST_NOW: TEST_NOW, LOYALTY_JWT_SECRET: TOKEN_SECRET,
    LOYALTY_REDEMPTIONS_PER_MINUTE: '1000000000', ...env });
  const tokens = tokenService([TOKEN_SECRET], { now: () => Date.parse(TEST_NOW), maxLifetimeSeconds: 24 * 3600,
    issuer: 'loyalty-reference-shop', audience: 'loyalty-endpoint' });
  // Tokens for a sample of customers spread over the whole store.
  const step = Math.max(1, Math.floor(customers / sample));
  const signed = await Promise.all(Array.from({ length: Math.min(sample, customers) }, (_, i) => tokens.sign(`b${i * step}`, { expiresIn: 20 * 3600 })));

  const sqlitePath = join(scratch, 'bench-stores.db');
  const pgUrl = await cluster.createDatabase('bench');
  const seeded = {};
  for (const [name, location] of [['SQLite', sqlitePath], ['PostgreSQL', pgUrl]]) {
    const store = await openDemoStore(location, { today: TEST_NOW.slice(0, 10) });
    const started = performance.now();
    await seed(store, customers, events);
    if (store.dialect === 'postgres') await store.run('ANALYZE');
    seeded[name] = (performance.now() - started) / 1000;
    await store.close();
  }

  const configurations = [
    ['SQLite, 1 instance', [{ LOYALTY_DB: sqlitePath }]],
    ['PostgreSQL, 1 instance', [{ LOYALTY_DATABASE_URL: pgUrl }]],
    ['PostgreSQL, 2 instances', [{ LOYALTY_DATABASE_URL: pgUrl }, { LOYALTY_DATABASE_URL: pgUrl }]],
  ];
  const results = [];
  for (const [title, envs] of configurations) {
    const instances = await Promise.all(envs.map((env) => startInstance(env)));
    try {
      const urls = instances.map((i) => i.url);
      const customer = await load(urls, { path: '/loyalty/api/customer?limit=50', tokens: signed, duration, connections });
      const redemption = await load(urls, { path: '/loyalty/api/redemptions', method: 'POST', tokens: signed, duration, connections,
        bodyFor: () => JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
      results.push({ title, customer, redemption });
    } finally {
      for (const instance of instances) instance.child.kill('SIGKILL');
    }
  }
  return { customers, events, seededSeconds: seeded, results };
}
