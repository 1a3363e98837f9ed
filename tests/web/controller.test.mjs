// The widget's state logic against the fixture endpoint, with the real engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Controller } from '../../web/widget/controller.js';
import { memoryStorage } from '../../web/widget/cache.js';
import { startFixtureServer } from '../../web/shop/fixture-server.mjs';
import { createEngine } from '../../web/dist/loyalty-engine.mjs';

let server;
let engine;
before(async () => {
  server = await startFixtureServer();
  engine = await createEngine();
});
after(() => server.close());

const NOW = Date.UTC(2026, 10, 26, 12);
const make = (options = {}) => new Controller({
  endpoint: `${server.url}/loyalty/api`, loadEngine: async () => engine, now: () => NOW, storage: memoryStorage(), ...options,
});

test('a signed-in shopper gets the engine balance; events are reported', async () => {
  const controller = make({ token: 'demo-token-ada' });
  const seen = [];
  controller.subscribe((state, previous, event) => event && seen.push(event.type));
  await controller.start();
  assert.equal(controller.state.guest, false);
  assert.equal(controller.state.customer.id, 'ada');
  assert.equal(controller.state.balance.available, 1146);
  assert.equal(controller.state.info.program, 'demo');
  assert.equal(controller.state.syncedAt, NOW);
  assert.deepEqual(seen, ['balance-changed', 'ready']);
});

test('cached state renders at once, then revalidates (stale-while-revalidate)', async () => {
  const storage = memoryStorage();
  await make({ token: 'demo-token-ada', storage }).start();
  const controller = make({ token: 'demo-token-ada', storage, now: () => NOW + 60000 });
  const phases = [];
  controller.subscribe((state) => phases.push([state.phase, state.balance?.available ?? null]));
  const started = controller.start();
  assert.deepEqual(phases[0], ['cached', 1146]);  // before any network answer
  await started;
  assert.equal(controller.state.phase, 'ready');
  assert.equal(controller.state.syncedAt, NOW + 60000);
});

test('offline: the cached program and customer are used and marked offline', async () => {
  const storage = memoryStorage();
  await make({ token: 'demo-token-ada', storage }).start();
  const offline = make({ token: 'demo-token-ada', storage, fetch: async () => { throw new TypeError('Failed to fetch'); } });
  await offline.start();
  assert.equal(offline.state.offline, true);
  assert.equal(offline.state.balance.available, 1146);
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
  await controller.setToken('demo-token-bruno');
  assert.equal(controller.state.customer.id, 'bruno');
  assert.ok(storage.getItem(`loyalty:${server.url}/loyalty/api:customer`));
  await controller.setToken(null);
  assert.equal(controller.state.guest, true);
  assert.equal(storage.getItem(`loyalty:${server.url}/loyalty/api:customer`), null);
});

test('the cart and placeholders are simulated by the engine', async () => {
  const controller = make({ token: 'demo-token-ada' });
  await controller.start();
  controller.setCart({ items: [{ sku: 'JKT', price: '180.00', category: 'outerwear' }] });
  const program = engine.loadProgram(JSON.stringify(await (await fetch(`${server.url}/loyalty/api/program`)).json()));
  const events = (await (await fetch(`${server.url}/loyalty/api/customer`, { headers: { Authorization: 'Bearer demo-token-ada' } })).json()).events;
  const expected = program.simulate(events, 'ada', { items: [{ sku: 'JKT', price: '180.00', category: 'outerwear' }] }, '2026-11-26');
  assert.equal(controller.state.cartSimulation.points, expected.points);
  assert.equal(await controller.pointsFor('180.00', 'outerwear'), expected.points);
});

test('redeeming goes through the endpoint and refreshes the balance', async () => {
  const controller = make({ token: 'demo-token-chen' });
  await controller.start();
  const before = controller.state.balance.available;
  assert.ok(before >= 100, `chen has ${before}`);
  const redemption = await controller.redeem('points-to-cash', 100);
  assert.match(redemption.code, /^LOYAL-/);
  assert.equal(controller.state.balance.available, before - 100);
  await assert.rejects(controller.redeem('tote'), (error) => error.status === 409 && error.code === 'insufficient_points');
});
