// The server kit, mounted on a bare fastify app as a merchant mounts it, run
// once on SQLite and once on a throwaway PostgreSQL cluster: the same tests,
// the same migrations. Expected figures are computed by hand from the test
// program below (the oracle), never by the engine under test.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loyaltyKit } from '../../web/kit/index.mjs';
import { startPostgres } from '../support/postgres.mjs';

// Bands: 1 point a whole dollar from $50 to $100, 2 above $100 (so $120 earns
// 50 + 2 x 20 = 90 and $200 earns 50 + 2 x 100 = 250); 200 points for
// signing up; Silver from $300 of spend; points expire after 365 days
// without activity; $5 off for 100 points. A euro is worth $1.25.
const PROGRAM = JSON.stringify({
  version: 1, id: 'kit-test', name: 'Kit test', currency: 'USD', time_zone: 'UTC', exchange_rates: { EUR: '1.25' },
  earn: [
    { type: 'spend_bands', id: 'bands', rounding: 'truncate_amount', bands: [{ above: '50.00', points_per_unit: 1 }, { above: '100.00', points_per_unit: 2 }] },
    { type: 'event', id: 'welcome', event: 'signup', points: 200 },
  ],
  tiers: { basis: 'spend', window: 'rolling_12_months', downgrade: 'end_of_window', levels: [
    { id: 'member', name: 'Member', threshold: '0' }, { id: 'silver', name: 'Silver', threshold: '300.00' }] },
  expiry: { policy: 'inactivity_days', days: 365 },
  rewards: [{ id: 'five-off', name: '$5 off', type: 'amount_off', cost: 100, value: '5.00' }],
});
const TOKEN_SECRET = 'kit-test-token-secret-of-at-least-32-bytes';
const SHOP_SECRET = 'kit-test-shop-secret-of-at-least-32-bytes!';
const WEBHOOK_SECRET = 'kit-test-webhook-secret';
const START = Date.parse('2026-06-15T16:00:00Z');

// The receiver of the shop's other systems: records every delivery, and can
// be told to fail, to hang, or to be down.
function receiver() {
  const got = [];
  let mode = 'ok';
  let server = null;
  let port = 0;
  const handle = (request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      if (mode === 'fail') { response.writeHead(500).end('no'); return; }
      if (mode === 'hang') return;  // never answers: the kit's timeout
      got.push({ signature: request.headers['loyalty-signature'], body });
      response.writeHead(204).end();
    });
  };
  return {
    got,
    set mode(value) { mode = value; },
    get url() { return `http://127.0.0.1:${port}/hooks`; },
    async start() {
      server = createServer(handle);
      await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
      port = server.address().port;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const stores = [['SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-kit-'));
  return { location: join(dir, 'kit.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}]];
let cluster = null;
// PostgreSQL runs wherever scripts/setup ran; LOYALTY_SKIP_POSTGRES=1 leaves
// it out on a machine without it (never in scripts/test).
if (!process.env.LOYALTY_SKIP_POSTGRES) {
  stores.push(['PostgreSQL', async () => {
    cluster ??= await startPostgres();
    return { location: await cluster.createDatabase('kit'), cleanup: () => {} };
  }]);
}
after(() => cluster?.stop());

for (const [name, makeStore] of stores) {
  describe(`the kit on ${name}`, () => {
    let clock = START;
    let kit;
    let app;
    let hooks;
    let where;
    before(async () => {
      where = await makeStore();
      hooks = receiver();
      await hooks.start();
      kit = await loyaltyKit({ store: where.location, program: PROGRAM, tokenSecrets: [TOKEN_SECRET], shopSecret: SHOP_SECRET,
        now: () => clock, webhooks: { url: hooks.url, secret: WEBHOOK_SECRET, deliver: false, timeoutMs: 300 } });
      app = Fastify();
      await app.register(kit.plugin);
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await kit?.close();
      await hooks?.stop();
      where?.cleanup();
    });

    const call = async (method, url, body, headers = { authorization: `Bearer ${SHOP_SECRET}` }) => {
      const response = await app.inject({ method, url, headers, ...(body !== undefined ? { payload: body } : {}) });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
    };
    const asCustomer = async (customer) => ({ authorization: `Bearer ${await kit.tokens.sign(customer)}` });

    test('ingestion answers only to the shop secret', async () => {
      const order = { id: 'auth-1', customer: 'kim', amount: '10.00' };
      assert.equal((await call('POST', '/loyalty/api/orders', order, {})).status, 401);
      assert.equal((await call('POST', '/loyalty/api/orders', order, { authorization: `Bearer ${SHOP_SECRET}x` })).status, 401);
      assert.equal((await call('POST', '/loyalty/api/orders', order, await asCustomer('kim'))).status, 401, 'a customer token is not the shop secret');
      assert.equal((await call('GET', '/loyalty/api/admin/customers/kim/export', undefined, await asCustomer('kim'))).status, 401);
      assert.equal((await call('POST', '/loyalty/api/orders', order)).status, 201);
    });

    test('an order earns by rule, once by its id; the customer is created', async () => {
      const order = { id: 'o-120', customer: 'kim', email: 'Kim@Example.com', name: 'Kim', date: '2026-06-01T10:00:00Z',
        items: [{ sku: 'SHIRT', price: '60.00', quantity: 2, category: 'tops' }] };
      const first = await call('POST', '/loyalty/api/orders', order);
      assert.equal(first.status, 201);
      assert.equal(first.body.points, 90);
      assert.equal(first.body.available, 90);
      assert.deepEqual(first.body.tier, { id: 'member', name: 'Member' });
      const again = await call('POST', '/loyalty/api/orders', order);
      assert.deepEqual(again, first, 'a replay answers the same and records nothing more');
      const reused = await call('POST', '/loyalty/api/orders', { ...order, amount: '999.00', items: undefined });
      assert.equal(reused.status, 409);
      assert.equal(reused.body.error.code, 'id_reused');
      const seen = await call('GET', '/loyalty/api/customer', undefined, await asCustomer('kim'));
      assert.equal(seen.status, 200);
      assert.equal(seen.body.customer.name, 'Kim');
      assert.equal(seen.body.balance.available, 90);
      assert.deepEqual(seen.body.events.filter((e) => e.id === 'order:o-120').length, 1);
    });

    test('bad bodies are typed 4xx naming the field; nothing is recorded', async () => {
      const before = (await kit.store.get('SELECT COUNT(*) AS n FROM events')).n;
      const cases = [
        [{ customer: 'kim', amount: '1.00' }, 400, 'invalid_request', /id/],
        [{ id: 'x1', amount: '1.00' }, 400, 'invalid_request', /customer|email/],
        [{ id: 'x2', customer: 'kim', amount: '1.005.0' }, 422, 'invalid_value', /amount/],
        [{ id: 'x3', customer: 'kim', items: [{ sku: 'A', price: '-1' }] }, 422, 'invalid_value', /items\.0\.price/],
        [{ id: 'x4', customer: 'kim', amount: '1.00', coupon: 'FREE' }, 400, 'invalid_request', /coupon/],
      ];
      for (const [body, status, code, field] of cases) {
        const answer = await call('POST', '/loyalty/api/orders', body);
        assert.equal(answer.status, status, JSON.stringify(body));
        assert.equal(answer.body.error.code, code);
        assert.match(answer.body.error.message, field);
      }
      const custom = await call('POST', '/loyalty/api/events', { id: 'x5', type: 'custom', customer: 'kim' });
      assert.equal(custom.status, 422, 'the engine refuses a custom event without its name');
      assert.equal((await kit.store.get('SELECT COUNT(*) AS n FROM events')).n, before);
    });

    test('a refund claws back in proportion; an unknown order is 404', async () => {
      await call('POST', '/loyalty/api/orders', { id: 'o-200', customer: 'lee', date: '2026-06-02', amount: '200.00' });
      const half = await call('POST', '/loyalty/api/refunds', { id: 'r-1', order: 'o-200', amount: '100.00', date: '2026-06-03' });
      assert.equal(half.status, 201);
      assert.equal(half.body.points, -125, 'half of 250 points');
      assert.equal(half.body.available, 125);
      assert.deepEqual(await call('POST', '/loyalty/api/refunds', { id: 'r-1', order: 'o-200', amount: '100.00', date: '2026-06-03' }), half);
      const unknown = await call('POST', '/loyalty/api/refunds', { id: 'r-2', order: 'no-such-order' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'unknown_order');
    });

    test('an order paid in euros earns on its dollar value; its refund is in euros, at its rate', async () => {
      // 2 x 48.00 EUR = 96.00 EUR = 120.00 USD: 50 + 2 x 20 = 90 points.
      const order = await call('POST', '/loyalty/api/orders', { id: 'o-eur', customer: 'eve', date: '2026-06-04', currency: 'EUR',
        items: [{ sku: 'SHIRT', price: '48.00', quantity: 2 }] });
      assert.equal(order.status, 201, JSON.stringify(order.body));
      assert.equal(order.body.points, 90);
      const inDollars = await call('POST', '/loyalty/api/refunds', { id: 'r-eur-usd', order: 'o-eur', amount: '10.00', date: '2026-06-05' });
      assert.equal(inDollars.status, 422);
      assert.equal(inDollars.body.error.code, 'refund_currency');
      assert.match(inDollars.body.error.message, /paid in EUR/);
      // Half of what was paid: half of the 90 points.
      const half = await call('POST', '/loyalty/api/refunds', { id: 'r-eur', order: 'o-eur', currency: 'EUR', amount: '48.00', date: '2026-06-05' });
      assert.equal(half.status, 201, JSON.stringify(half.body));
      assert.equal(half.body.points, -45);
      assert.equal(half.body.available, 45);
      const pounds = await call('POST', '/loyalty/api/orders', { id: 'o-gbp', customer: 'eve', currency: 'GBP', amount: '10.00' });
      assert.equal(pounds.status, 422);
      assert.match(pounds.body.error.message, /currency.*"GBP" is not converted/);
      const lower = await call('POST', '/loyalty/api/orders', { id: 'o-eur2', customer: 'eve', currency: 'eur', amount: '10.00' });
      assert.equal(lower.status, 422, 'a currency is an upper-case ISO code');
      assert.match(lower.body.error.message, /currency/);
    });

    test('guest orders wait for the signup with their e-mail and are claimed once, with their dates', async () => {
      const guest = await call('POST', '/loyalty/api/orders', { id: 'g-1', email: 'new@example.com', date: '2026-05-01T09:00:00Z', amount: '120.00' });
      assert.equal(guest.status, 202);
      assert.equal(guest.body.guest, true);
      await call('POST', '/loyalty/api/orders', { id: 'g-2', email: 'NEW@example.com', date: '2026-05-20', amount: '60.00' });
      const refund = await call('POST', '/loyalty/api/refunds', { id: 'g-2-r', order: 'g-2', date: '2026-05-21' });
      assert.equal(refund.status, 202, 'a guest order refunded before it is claimed: kept beside it');
      const signup = await call('POST', '/loyalty/api/events', { id: 'signup-nia', type: 'signup', customer: 'nia', email: 'new@example.com',
        date: '2026-06-10' });
      assert.equal(signup.status, 201);
      assert.equal(signup.body.points, 200);
      // g-1: 90 points; g-2 ($60): 10 points, then refunded whole: -10.
      assert.deepEqual(signup.body.claimed, [{ order: 'g-1', points: 90 }, { order: 'g-2', points: 10 }, { refund: 'g-2-r', points: -10 }]);
      assert.equal(signup.body.available, 290);
      const again = await call('POST', '/loyalty/api/events', { id: 'signup-nia-2', type: 'signup', customer: 'nia', email: 'new@example.com', date: '2026-06-11' });
      assert.deepEqual(again.body.claimed, [], 'nothing is claimed twice');
      const seen = await call('GET', '/loyalty/api/customer', undefined, await asCustomer('nia'));
      assert.equal(seen.body.events.find((e) => e.id === 'order:g-1').date, '2026-05-01T09:00:00Z', 'the original date');
      const later = await call('POST', '/loyalty/api/orders', { id: 'g-3', email: 'new@example.com', amount: '60.00' });
      assert.equal(later.status, 201, 'the e-mail is a customer\'s now: the order is theirs at once');
      assert.equal(later.body.customer, 'nia');
      const taken = await call('POST', '/loyalty/api/events', { id: 'signup-other', type: 'signup', customer: 'other', email: 'new@example.com' });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error.code, 'email_taken');
    });

    test('redemptions and codes through the endpoint; a code used on an ingested order', async () => {
      await call('POST', '/loyalty/api/events', { id: 'gift-ola', type: 'adjustment', customer: 'ola', points: 250, reason: 'welcome gift' });
      const headers = { ...(await asCustomer('ola')), 'idempotency-key': 'k-1' };
      const redeemed = await call('POST', '/loyalty/api/redemptions', { reward: 'five-off' }, headers);
      assert.equal(redeemed.status, 201);
      assert.equal(redeemed.body.available, 150);
      assert.deepEqual(await call('POST', '/loyalty/api/redemptions', { reward: 'five-off' }, headers), redeemed, 'same key, same answer');
      const used = await call('POST', '/loyalty/api/orders', { id: 'o-code', customer: 'ola', amount: '3.00', code: redeemed.body.redemption.code.toLowerCase() });
      assert.equal(used.status, 201);
      assert.deepEqual(used.body.code, { code: redeemed.body.redemption.code, reward: 'five-off', discount: '3.00' }, 'never more than the order');
      const twice = await call('POST', '/loyalty/api/orders', { id: 'o-code-2', customer: 'ola', amount: '3.00', code: redeemed.body.redemption.code });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.error.code, 'code_used');
      const onOrder = await call('POST', '/loyalty/api/orders', { id: 'o-reward', customer: 'ola', amount: '40.00', reward: { id: 'five-off' } });
      assert.equal(onOrder.status, 201);
      assert.equal(onOrder.body.redemption.discount, '5.00');
      assert.equal(onOrder.body.available, 50);
      const short = await call('POST', '/loyalty/api/orders', { id: 'o-reward-2', customer: 'ola', amount: '40.00', reward: { id: 'five-off' } });
      assert.equal(short.status, 409, 'not enough points: the order is not placed either');
      assert.equal((await kit.store.get("SELECT COUNT(*) AS n FROM events WHERE id = 'order:o-reward-2'")).n, 0);
    });

    test('export holds everything about a customer; erasure keeps the ledger under a pseudonym', async () => {
      const exported = await call('GET', '/loyalty/api/admin/customers/nia/export');
      assert.equal(exported.status, 200);
      assert.equal(exported.body.customer.email, 'new@example.com');
      assert.equal(exported.body.balance.available, 290 + 10);
      assert.ok(exported.body.events.some((e) => e.id === 'order:g-1'));
      assert.equal(exported.body.guest_orders.length, 3);
      const liability = async () => (await kit.store.all('SELECT body FROM events')).length;
      const eventsBefore = await liability();
      const token = await asCustomer('nia');
      const erased = await call('DELETE', '/loyalty/api/admin/customers/nia/export');
      assert.equal(erased.status, 200);
      assert.equal(erased.body.events_kept_pseudonymised, 6);
      assert.equal(await liability(), eventsBefore, 'no event is lost');
      assert.equal((await call('GET', '/loyalty/api/admin/customers/nia/export')).status, 404);
      assert.equal((await call('GET', '/loyalty/api/customer', undefined, token)).status, 401, 'the old token opens nothing');
      const held = await kit.store.all("SELECT id, name, email FROM customers WHERE erased_at IS NOT NULL");
      assert.equal(held.length, 1);
      assert.equal(held[0].email, null);
      assert.doesNotMatch(JSON.stringify(await kit.store.all('SELECT * FROM events WHERE customer = $1', [held[0].id])), /nia|new@example/);
      assert.equal((await kit.service.balanceOf(held[0].id)).available, 300, 'the points stay in the liability');
      assert.equal((await kit.store.get("SELECT COUNT(*) AS n FROM guest_orders WHERE email = 'new@example.com'")).n, 0);
      assert.doesNotMatch(JSON.stringify(await kit.store.all('SELECT * FROM ingested')), /new@example|"nia"|signup-nia/,
        'no stored request names the person');
    });

    test('webhooks: signed, retried with backoff through failures, a timeout and a restart; delivered at least once', async () => {
      // Silver needs $300 of spend: kim has $120; this $200 order crosses it.
      await call('POST', '/loyalty/api/orders', { id: 'o-silver', customer: 'kim', date: '2026-06-15', amount: '200.00' });
      // An order 360 days ago without activity since: its points expire in 5 days.
      await call('POST', '/loyalty/api/orders', { id: 'o-old', customer: 'old', date: '2025-06-20', amount: '120.00' });
      assert.equal(await kit.deliverer.sweepExpiring(), 1);
      assert.equal(await kit.deliverer.sweepExpiring(), 0, 'one warning per customer and date');

      hooks.mode = 'fail';
      await kit.deliverer.deliverDue();
      const pending = async () => (await kit.store.get('SELECT COUNT(*) AS n FROM webhook_outbox WHERE delivered_at IS NULL')).n;
      const total = (await kit.store.get('SELECT COUNT(*) AS n FROM webhook_outbox')).n;
      assert.equal(await pending(), total, 'nothing counts as delivered on a 500');
      await kit.deliverer.deliverDue();
      assert.equal(hooks.got.length, 0);
      const first = await kit.store.get('SELECT attempts, next_attempt_at, last_error FROM webhook_outbox ORDER BY seq LIMIT 1');
      assert.equal(first.attempts, 1, 'not retried before its backoff');
      assert.equal(first.next_attempt_at, clock + 1000);
      assert.equal(first.last_error, 'HTTP 500');
      clock += 1000;
      hooks.mode = 'hang';
      await kit.deliverer.deliverDue();
      assert.match((await kit.store.get('SELECT last_error FROM webhook_outbox ORDER BY seq LIMIT 1')).last_error, /no answer in 300 ms/);
      clock += 2000;
      await hooks.stop();
      await kit.deliverer.deliverDue();
      assert.equal(await pending(), total, 'the receiver is down: still pending');
      clock += 4000;
      hooks.mode = 'ok';
      await hooks.start();
      await kit.deliverer.deliverDue();
      assert.equal(await pending(), 0);

      const bodies = hooks.got.map(({ signature, body }) => {
        const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
        assert.equal(v1, createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex'), 'HMAC-SHA256 over t.body');
        assert.equal(Number(t), Math.floor(clock / 1000));
        return JSON.parse(body);
      });
      assert.equal(new Set(bodies.map((b) => b.id)).size, total, 'every event once, each with its id');
      const of = (type) => bodies.filter((b) => b.type === type);
      assert.ok(of('points_earned').some((b) => b.data.customer === 'kim' && b.data.points === 250));
      assert.deepEqual(of('tier_changed').find((b) => b.data.customer === 'kim').data.to, { id: 'silver', name: 'Silver' });
      assert.ok(of('points_redeemed').some((b) => b.data.customer === 'ola' && b.data.points === 100));
      assert.equal(of('reward_code_used').length, 1);
      assert.deepEqual(of('points_expiring').map((b) => [b.data.customer, b.data.points, b.data.expires_on]), [['old', 90, '2026-06-20']]);
    });

    test('the plain (req, res, next) handler serves the same routes', async () => {
      const server = createServer((req, res) => kit.handler(req, res, () => res.writeHead(418).end()));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${server.address().port}`;
      try {
        const program = await fetch(`${base}/loyalty/api/program`);
        assert.equal(program.status, 200);
        assert.equal((await program.json()).id, 'kit-test');
        const order = await fetch(`${base}/loyalty/api/orders`, { method: 'POST', body: JSON.stringify({ id: 'plain-1', customer: 'pat', amount: '120.00' }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SHOP_SECRET}` } });
        assert.equal(order.status, 201);
        assert.equal((await order.json()).points, 90);
        assert.equal((await fetch(`${base}/elsewhere`)).status, 418, 'other paths go to next');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
}

test('the kit refuses a short shop secret and a bad program before it starts', async () => {
  await assert.rejects(loyaltyKit({ store: ':memory:', program: PROGRAM, tokenSecrets: [TOKEN_SECRET], shopSecret: 'short' }), /at least 32 bytes/);
  await assert.rejects(loyaltyKit({ store: ':memory:', program: '{"version": 1}', tokenSecrets: [TOKEN_SECRET] }), /id|currency|earn/);
});

test('the kit delivers webhooks on its own timer, and stops with it', async () => {
  const hooks = receiver();
  await hooks.start();
  const kit = await loyaltyKit({ store: ':memory:', program: PROGRAM, tokenSecrets: [TOKEN_SECRET], shopSecret: SHOP_SECRET,
    now: () => START, webhooks: { url: hooks.url, secret: WEBHOOK_SECRET, intervalMs: 20 } });
  try {
    const placed = await kit.ingest.order({ id: 'timer-1', customer: 'tia', amount: '120.00' });
    assert.equal(placed.status, 201);
    for (let waited = 0; hooks.got.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(hooks.got.map(({ body }) => JSON.parse(body)).map((b) => [b.type, b.data.customer, b.data.points]), [['points_earned', 'tia', 90]]);
  } finally {
    await kit.close();
    await hooks.stop();
  }
});

test('in-process hooks hear each change once it is committed, never a rolled-back one; a failing hook changes nothing', async () => {
  const heard = [];
  const kit = await loyaltyKit({ store: ':memory:', program: PROGRAM, tokenSecrets: [TOKEN_SECRET], now: () => START,
    hooks: { points_earned: () => { throw new Error('a listener bug'); }, any: (body) => heard.push([body.type, body.data.customer, body.data.points]) } });
  try {
    assert.equal((await kit.ingest.order({ id: 'hook-1', customer: 'hal', amount: '120.00' })).status, 201);
    // $120 earns 90; the reward needs 100: refused, and the whole order with it.
    const refused = await kit.ingest.order({ id: 'hook-2', customer: 'hal', amount: '30.00', reward: { id: 'five-off' } });
    assert.equal(refused.status, 409);
    assert.equal((await kit.ingest.event({ id: 'hook-3', type: 'signup', customer: 'hal' })).status, 201);
    assert.deepEqual(heard, [['points_earned', 'hal', 90], ['points_earned', 'hal', 200]]);
    assert.equal((await kit.store.get('SELECT COUNT(*) AS n FROM webhook_outbox')).n, 0, 'no outbox without a webhook URL');
  } finally {
    await kit.close();
  }
});
