// The widget's state logic against the reference shop, with the real engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Controller } from '../../web/widget/controller.js';
import { memoryStorage } from '../../web/widget/cache.js';
import { createEngine } from '../../web/dist/loyalty-engine.mjs';
import { startTestShop } from './shop.mjs';
import { TEST_DAY, TEST_NOW } from '../support/clock.mjs';

let server;
let engine;
const tokens = {};
before(async () => {
  server = await startTestShop();
  engine = await createEngine();
  for (const id of ['ada', 'bruno', 'chen']) tokens[id] = await server.login(id);
});
after(() => server.stop());

const NOW = TEST_NOW;
const make = (options = {}) => new Controller({
  endpoint: `${server.url}/loyalty/api`, loadEngine: async () => engine, now: () => NOW, storage: memoryStorage(),
  backoffMs: 1, ...options,
});
const today = TEST_DAY;
async function expectedBalance(customer) {
  const program = engine.loadProgram(JSON.stringify(await (await fetch(`${server.url}/loyalty/api/program`)).json()));
  const { events } = await (await fetch(`${server.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${tokens[customer]}` } })).json();
  return { program, events, balance: program.balance(events, customer, today) };
}

test('a signed-in shopper gets the engine balance; events are reported', async () => {
  const controller = make({ token: tokens.ada });
  const seen = [];
  controller.subscribe((state, previous, event) => event && seen.push(event.type));
  await controller.start();
  assert.equal(controller.state.guest, false);
  assert.equal(controller.state.customer.id, 'ada');
  assert.equal(controller.state.balance.available, (await expectedBalance('ada')).balance.available);
  assert.equal(controller.state.info.program, 'demo');
  assert.equal(controller.state.syncedAt, NOW);
  assert.deepEqual(seen, ['balance-changed', 'ready']);
});

test('cached state renders at once, then revalidates (stale-while-revalidate)', async () => {
  const storage = memoryStorage();
  await make({ token: tokens.ada, storage }).start();
  const controller = make({ token: tokens.ada, storage, now: () => NOW + 60000 });
  const phases = [];
  controller.subscribe((state) => phases.push([state.phase, state.balance?.available ?? null]));
  const started = controller.start();
  const { balance } = await expectedBalance('ada');
  assert.deepEqual(phases[0], ['cached', balance.available]);  // before any network answer
  await started;
  assert.equal(controller.state.phase, 'ready');
  assert.equal(controller.state.syncedAt, NOW + 60000);
});

test('offline: the cached program and customer are used and marked offline', async () => {
  const storage = memoryStorage();
  await make({ token: tokens.ada, storage }).start();
  const offline = make({ token: tokens.ada, storage, fetch: async () => { throw new TypeError('Failed to fetch'); } });
  await offline.start();
  assert.equal(offline.state.offline, true);
  assert.equal(offline.state.balance.available, (await expectedBalance('ada')).balance.available);
  assert.equal(offline.state.syncedAt, NOW);
  const sim = await offline.simulate({ amount: '100.00' });
  assert.ok(sim.points > 0, 'simulation needs no network');
});

test('a rejected token falls back to the guest view', async () => {
  const controller = make({ token: 'forged' });
  const errors = [];
  controller.subscribe((state, previous, event) => event?.type === 'error' && errors.push(event.detail.code));
  await controller.start();
  assert.equal(controller.state.guest, true);
  assert.equal(controller.state.balance, null);
  assert.deepEqual(errors, ['unauthorized']);
});

test('sign-in and sign-out without reload; sign-out forgets the shopper', async () => {
  const storage = memoryStorage();
  const controller = make({ storage });
  await controller.start();
  assert.equal(controller.state.guest, true);
  await controller.setToken(tokens.bruno);
  assert.equal(controller.state.customer.id, 'bruno');
  assert.ok(storage.getItem(`loyalty:${server.url}/loyalty/api:customer`));
  await controller.setToken(null);
  assert.equal(controller.state.guest, true);
  assert.equal(storage.getItem(`loyalty:${server.url}/loyalty/api:customer`), null);
});

test('the cart and placeholders are simulated by the engine', async () => {
  const controller = make({ token: tokens.ada });
  await controller.start();
  controller.setCart({ items: [{ sku: 'JKT', price: '180.00', category: 'outerwear' }] });
  const { program, events } = await expectedBalance('ada');
  const expected = program.simulate(events, 'ada', { items: [{ sku: 'JKT', price: '180.00', category: 'outerwear' }] }, today);
  assert.equal(controller.state.cartSimulation.points, expected.points);
  assert.equal(await controller.pointsFor({ price: '180.00', category: 'outerwear' }), expected.points);
});

test('redeeming goes through the endpoint and refreshes the balance', async () => {
  const controller = make({ token: tokens.chen });
  await controller.start();
  const before = controller.state.balance.available;
  assert.ok(before >= 100, `chen has ${before}`);
  const redemption = await controller.redeem('points-to-cash', 100);
  assert.match(redemption.code, /^LOYAL-/);
  assert.equal(controller.state.balance.available, before - 100);
  await assert.rejects(controller.redeem('points-to-cash', 1000000), (error) => error.status === 422 && error.code === 'invalid_points');
});

test('incremental sync: only events after the cursor are fetched and merged', async () => {
  const storage = memoryStorage();
  await make({ token: tokens.ada, storage }).start();
  const requests = [];
  const spy = (url, init) => { requests.push(String(url)); return fetch(url, init); };
  await fetch(`${server.url}/shop/checkout`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.ada}` },
    body: JSON.stringify({ items: [{ sku: 'SOCK-3', quantity: 1 }] }) });
  const controller = make({ token: tokens.ada, storage, fetch: spy });
  await controller.start();
  assert.ok(requests.some((url) => /\/customer\?since=\d+$/.test(url)), requests.join(' '));
  assert.equal(controller.state.balance.available + controller.state.balance.pending,
    (await expectedBalance('ada')).balance.available + (await expectedBalance('ada')).balance.pending);
  assert.ok(requests.some((url) => url.endsWith('/program')));
});

test('an unchanged program is not downloaded again (ETag, 304)', async () => {
  const storage = memoryStorage();
  await make({ storage }).start();
  const statuses = [];
  const spy = async (url, init) => { const response = await fetch(url, init); statuses.push([String(url), response.status]); return response; };
  await make({ storage, fetch: spy }).start();
  assert.deepEqual(statuses.filter(([url]) => url.endsWith('/program')).map(([, status]) => status), [304]);
});

test('a refused token is replaced once through the tokenProvider', async () => {
  let asked = 0;
  const controller = make({ token: 'expired', tokenProvider: async () => { asked += 1; return tokens.bruno; } });
  await controller.start();
  assert.equal(asked, 1);
  assert.equal(controller.state.customer.id, 'bruno');
});

test('transient failures are retried with backoff; the fourth failure gives up', async () => {
  let calls = 0;
  const flaky = async (url, init) => {
    calls += 1;
    if (calls <= 2) return new Response('{"error":{"code":"internal","message":"boom"}}', { status: 503 });
    return fetch(url, init);
  };
  const controller = make({ fetch: flaky });
  await controller.start();
  assert.equal(controller.state.offline, false);
  assert.ok(calls >= 3);
});

test('a response that breaks the contract is refused; the cached state stays', async () => {
  const storage = memoryStorage();
  await make({ token: tokens.ada, storage }).start();
  const liar = async (url, init) => (String(url).includes('/customer')
    ? new Response(JSON.stringify({ customer: { id: 'ada' }, events: [{ id: 'x', customer: 'mallory', date: '2026-01-01' }], cursor: '1' }), { status: 200 })
    : fetch(url, init));
  const errors = [];
  const controller = make({ token: tokens.ada, storage, fetch: liar });
  controller.subscribe((state, previous, event) => event?.type === 'error' && errors.push(event.detail.code));
  await controller.start();
  assert.deepEqual(errors, ['contract_violation']);
  assert.equal(controller.state.balance.available, (await expectedBalance('ada')).balance.available);
});

test('offline redemptions wait in the outbox and are applied exactly once when back online', async () => {
  const outboxStore = (await import('../../web/sync/outbox.js')).memoryStore();
  let online = true;
  const network = (url, init) => (online ? fetch(url, init) : Promise.reject(new TypeError('Failed to fetch')));
  const storage = memoryStorage();  // localStorage survives the reload below
  const controller = make({ token: tokens.bruno, fetch: network, outboxStore, retries: 0, storage });
  await controller.start();
  const before = controller.state.balance.available;
  online = false;
  const queued = await controller.redeem('free-shipping');
  assert.equal(queued.pending, true);
  assert.equal(controller.state.pendingRedemptions.length, 1);
  // A reload: a new controller over the same persisted outbox.
  const reloaded = make({ token: tokens.bruno, fetch: network, outboxStore, retries: 0, storage });
  await reloaded.start();
  assert.equal(reloaded.state.pendingRedemptions.length, 1);
  online = true;
  const redeemed = [];
  reloaded.subscribe((state, previous, event) => event?.type === 'redeemed' && redeemed.push(event.detail));
  await reloaded.refresh();
  await reloaded.flushOutbox();  // a second flush must not apply it again
  assert.equal(redeemed.length, 1);
  assert.equal(reloaded.state.pendingRedemptions.length, 0);
  assert.equal(reloaded.state.balance.available, before - 300);
  const { events } = await expectedBalance('bruno');
  assert.equal(events.filter((e) => e.type === 'redemption' && e.reward === 'free-shipping').length, 1);
});

test('a long history arrives page by page, whole', async () => {
  const own = await startTestShop();
  try {
    const insert = own.db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)');
    own.db.transaction(() => {
      for (let i = 0; i < 1100; i++) {
        const id = `adj-${String(i).padStart(5, '0')}`;
        insert.run(id, 'bruno', JSON.stringify({ id, type: 'adjustment', customer: 'bruno', date: '2026-02-01', points: 1 }));
      }
    })();
    const controller = new Controller({ endpoint: `${own.url}/loyalty/api`, loadEngine: async () => engine, now: () => NOW,
      storage: memoryStorage(), backoffMs: 1, token: await own.login('bruno') });
    await controller.start();
    const rows = own.db.prepare("SELECT body FROM events WHERE customer = 'bruno' ORDER BY seq").pluck().all().map((b) => JSON.parse(b));
    assert.equal(controller.state.events.length, rows.length);
    const program = engine.loadProgram(JSON.stringify(await (await fetch(`${own.url}/loyalty/api/program`)).json()));
    assert.equal(controller.state.balance.available, program.balance(rows, 'bruno', today).available);
    program.dispose();
  } finally {
    await own.stop();
  }
});
