// Property: whatever a client sends (random and mutated bodies, headers and
// query strings, to every route), the endpoint never answers 5xx, every
// refusal is the contract's error shape with the security headers, and
// afterwards every customer's balance equals a replay of their rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createEngine } from '../../web/dist/loyalty-engine.mjs';
import { DEMO_PROGRAM } from '../../web/shop/db.mjs';
import { startTestShop } from './shop.mjs';

let shop;
const tokens = {};
before(async () => {
  shop = await startTestShop({ redemptionsPerMinute: 1e9 });
  for (const id of ['ada', 'bruno', 'chen', 'dalia', 'emeka']) tokens[id] = await shop.login(id);
});
after(() => shop.stop());

const customers = Object.keys(tokens).length ? Object.keys(tokens) : ['ada', 'bruno', 'chen', 'dalia', 'emeka'];
const numberish = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -500, 1, 100, 150, 9007199254740991, 1e21, -0),
  fc.string(), fc.constantFrom('1e9', '-100', 'abc', '99999999999999999999999', '10.005', ''));
const rewardIds = fc.oneof(fc.constantFrom('five-off', 'free-shipping', 'ten-percent', 'tote', 'points-to-cash', 'nope', ''),
  fc.string({ maxLength: 300 }));
const redemptionBody = fc.oneof(
  fc.record({ reward: rewardIds, points: numberish }, { requiredKeys: ['reward'] }),
  fc.record({ reward: rewardIds, order_amount: numberish }),
  fc.record({ reward: fc.anything(), points: fc.anything(), extra: fc.anything() }, { requiredKeys: [] }),
  fc.anything(),
);
const checkoutBody = fc.oneof(
  fc.record({
    items: fc.array(fc.record({ sku: fc.oneof(fc.constantFrom('JKT-WAX', 'SOCK-3', 'GIFT-50', 'nope'), fc.string()), quantity: numberish },
      { requiredKeys: [] }), { maxLength: 60 }),
    reward: fc.oneof(fc.constant(undefined), fc.record({ id: rewardIds, points: numberish }, { requiredKeys: [] }), fc.anything()),
    code: fc.oneof(fc.constant(undefined), fc.constant('ISSUED'), fc.string({ maxLength: 120 }), fc.anything()),
  }, { requiredKeys: [] }),
  fc.anything(),
);
const authorization = (customer) => fc.oneof(
  fc.constant(`Bearer ${tokens[customer]}`),
  fc.constant(`bearer    ${tokens[customer]}`),
  fc.constant(`Bearer ${tokens[customer].slice(0, -2)}`),
  fc.string({ maxLength: 200 }).map((s) => `Bearer ${s}`),
  fc.string({ maxLength: 100 }),
  fc.constant(undefined),
);
const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }).map((s) => `?since=${encodeURIComponent(s)}`),
  fc.constantFrom('?since=-1', '?since=1e3', '?since=999999999999999999', '?limit=0', '?limit=-5', '?limit=abc', '?since=0&limit=1',
    '?limit=100000', '?since=%ZZ', '?since[]=1', '?a=%00'));
const request = fc.record({
  customer: fc.constantFrom(...customers),
  route: fc.constantFrom('redeem', 'checkout', 'cancel', 'customer', 'program', 'products', 'raw'),
  redemption: fc.oneof(fc.constant('ISSUED'), fc.string({ maxLength: 300 }), fc.constantFrom('..', '%00', 'red-1/cancel')),
  body: fc.oneof(redemptionBody, checkoutBody),
  key: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 400 }), fc.constant(undefined)),
  query,
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined),
  raw: fc.oneof(fc.constantFrom('/dist/%ZZ', '/loyalty/api/%E0%A4%A', '/studio/../../etc/passwd', '/loyalty/api/redemptions/%00',
    '/demo/login', '/loyalty/api/customer?since=%', '//loyalty/api/program'), fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`)),
  rawText: fc.option(fc.string({ maxLength: 200 })),
});

async function send(r) {
  const headers = {};
  const auth = r.auth;
  if (auth !== undefined) headers.Authorization = auth;
  if (r.key !== undefined) headers['Idempotency-Key'] = r.key;
  if (r.contentType) headers['Content-Type'] = r.contentType;
  // 'ISSUED' stands for a real code or redemption id of the customer (any status), when there is one.
  const issued = shop.db.prepare('SELECT redemption, code FROM codes WHERE customer = ? ORDER BY rowid DESC LIMIT 1').get(r.customer);
  const body = r.body?.code === 'ISSUED' ? { ...r.body, code: issued?.code ?? 'none' } : r.body;
  const redemption = r.redemption === 'ISSUED' ? (issued?.redemption ?? 'none') : r.redemption;
  const text = r.rawText ?? (body === undefined ? undefined : JSON.stringify(body));
  const [method, path] = {
    redeem: ['POST', '/loyalty/api/redemptions'],
    checkout: ['POST', '/shop/checkout'],
    cancel: ['POST', `/loyalty/api/redemptions/${encodeURIComponent(redemption)}/cancel`],
    customer: ['GET', `/loyalty/api/customer${r.query}`],
    program: ['GET', `/loyalty/api/program${r.query}`],
    products: ['GET', `/shop/products${r.query}`],
    raw: ['POST', r.raw],
  }[r.route];
  const response = await fetch(`${shop.url}${path}`, { method, headers, body: method === 'POST' ? text : undefined });
  return { response, text: await response.text(), path };
}

test('thousands of random and mutated requests: no 5xx, errors in the contract shape with security headers, balances equal a replay', async () => {
  // Real codes to aim at ('ISSUED'): two redemptions for each customer.
  for (const customer of customers) {
    for (const n of [1, 2]) {
      const response = await fetch(`${shop.url}/loyalty/api/redemptions`, { method: 'POST', body: JSON.stringify({ reward: 'free-shipping' }),
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[customer]}`, 'Idempotency-Key': `seed-${n}` } });
      assert.equal(response.status, 201, customer);
    }
  }
  let sent = 0;
  await fc.assert(fc.asyncProperty(request, fc.nat(), async (r, pick) => {
    const auth = await fc.sample(authorization(r.customer), { seed: pick, numRuns: 1 })[0];
    const { response, text, path } = await send({ ...r, auth });
    sent += 1;
    assert.ok(response.status < 500, `${response.status} for ${r.route} ${path}: ${text.slice(0, 200)}`);
    if (response.status >= 400) {
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/, `${response.status} ${path} lacks the CSP`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      const body = JSON.parse(text);
      assert.equal(typeof body.error?.code, 'string', text);
      assert.match(body.error.code, /^[a-z][a-z0-9_]*$/);
      assert.equal(typeof body.error.message, 'string');
    }
  }), { numRuns: 2500, seed: 20261128 });
  assert.equal(sent, 2500);
  // The run reached codes being used and cancelled, not only refusals.
  const closed = shop.db.prepare('SELECT status, COUNT(*) AS n FROM codes GROUP BY status').all();
  assert.ok(closed.some((row) => row.status === 'cancelled'), JSON.stringify(closed));

  // The server's figures for every customer equal a replay of the rows it kept.
  const program = (await createEngine()).loadProgram(DEMO_PROGRAM);
  for (const customer of customers) {
    const served = await (await fetch(`${shop.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${tokens[customer]}` } })).json();
    const rows = shop.db.prepare('SELECT body FROM events WHERE customer = ? ORDER BY seq').pluck().all(customer).map((b) => JSON.parse(b));
    const replay = program.balance(rows, customer, served.balance.as_of);
    assert.deepEqual([served.balance.available, served.balance.pending, served.balance.lifetime_earned],
      [replay.available, replay.pending, replay.lifetime_earned], customer);
  }
  program.dispose();
});

test('out-of-range numbers get 422 with a code, and the open ledger is kept (no replay afterwards)', async () => {
  const token = tokens.dalia;
  await fetch(`${shop.url}/loyalty/api/redemptions`, { method: 'POST', body: JSON.stringify({ reward: 'free-shipping' }),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': 'open-it' } });
  assert.ok(shop.hasOpenLedger('dalia'));
  const redeem = (body, key) => fetch(`${shop.url}/loyalty/api/redemptions`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key }, body: JSON.stringify(body) });
  for (const [i, points] of [-500, 0, 9007199254740991, 150].entries()) {
    const response = await redeem({ reward: 'points-to-cash', points }, `range-${i}`);
    assert.equal(response.status, 422, `points ${points}`);
    assert.match((await response.json()).error.code, /^(invalid_value|invalid_points)$/);
  }
  for (const [i, amount] of ['abc', '-100', '99999999999999999999999'].entries()) {
    const response = await redeem({ reward: 'five-off', order_amount: amount }, `amount-${i}`);
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.code, 'order_amount_not_accepted');
  }
  assert.ok(shop.hasOpenLedger('dalia'), 'no refusal threw the open ledger away');
});

test('malformed URLs answer in the contract shape with the security headers', async () => {
  for (const path of ['/dist/%ZZ', '/loyalty/api/customer%', '/studio/%E0%A4%A', '/%']) {
    const response = await fetch(`${shop.url}${path}`);
    assert.ok(response.status >= 400 && response.status < 500, `${path}: ${response.status}`);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/, path);
    const body = await response.json();
    assert.match(body.error.code, /^[a-z][a-z0-9_]*$/, path);
  }
});
