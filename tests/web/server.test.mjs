// The reference shop over real HTTP on 127.0.0.1: the contract (ajv), token
// checks, idempotent redemptions under concurrent duplicates, insufficient
// balance, and state that survives a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { SignJWT } from 'jose';
import { startTestShop } from './shop.mjs';
import { TEST_NOW } from '../support/clock.mjs';
import { createEngine, root } from '../wasm/support.mjs';

const contract = join(root, 'web/contract');
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const file of readdirSync(contract).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(contract, file), 'utf8')));
}
function conforms(schema, value) {
  const validate = ajv.getSchema(schema);
  assert.ok(validate(value), `${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 300)}`);
}

let shop;
before(async () => { shop = await startTestShop(); });
after(() => shop.stop());

const api = (path) => `${shop.url}/loyalty/api${path}`;
async function call(path, { token, method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(api(path), {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

test('GET /program conforms, with ETag, Cache-Control and 304', async () => {
  const first = await call('/program');
  assert.equal(first.status, 200);
  conforms('program.schema.json', first.body);
  const etag = first.headers.get('etag');
  assert.match(etag, /^"/);
  assert.match(first.headers.get('cache-control'), /max-age=\d+/);
  const again = await fetch(api('/program'), { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.match(first.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
});

test('GET /customer conforms; ?since= returns only newer events', async () => {
  const token = await shop.login('ada');
  const full = await call('/customer', { token });
  assert.equal(full.status, 200);
  conforms('customer.schema.json', full.body);
  assert.equal(full.body.complete, true);
  assert.ok(full.body.events.length > 5);
  assert.ok(full.body.events.every((e) => e.customer === 'ada'));
  const none = await call(`/customer?since=${full.body.cursor}`, { token });
  conforms('customer.schema.json', none.body);
  assert.deepEqual(none.body.events, []);
  assert.equal(none.body.complete, false);
  const order = await fetch(`${shop.url}/shop/checkout`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ items: [{ sku: 'SOCK-3', quantity: 2 }] }) });
  assert.equal(order.status, 201);
  const newer = await call(`/customer?since=${full.body.cursor}`, { token });
  assert.equal(newer.body.events.length, 1);
  assert.equal(newer.body.events[0].items[0].quantity, 2);
  assert.equal((await call('/customer?since=abc', { token })).status, 400);
});

test('tokens: missing, expired, not yet valid, forged, alg none and unknown customers get 401', async () => {
  const secret = new TextEncoder().encode(shop.db.prepare("SELECT value FROM meta WHERE key = 'jwt_secret'").pluck().get());
  const claims = (sub) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub)
    .setIssuer('loyalty-reference-shop').setAudience('loyalty-endpoint').setIssuedAt(Math.floor(TEST_NOW / 1000));
  const now = Math.floor(TEST_NOW / 1000);
  const expired = await claims('ada').setExpirationTime(now - 60).sign(secret);
  const future = await claims('ada').setNotBefore(now + 3600).setExpirationTime(now + 7200).sign(secret);
  const forged = await claims('ada').setExpirationTime(now + 600).sign(new TextEncoder().encode('not-the-secret'));
  const unknown = await claims('mallory').setExpirationTime(now + 600).sign(secret);
  const wrongAudience = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ada').setIssuer('loyalty-reference-shop')
    .setAudience('someone-else').setExpirationTime(now + 600).sign(secret);
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'ada', iss: 'loyalty-reference-shop', aud: 'loyalty-endpoint', exp: now + 600 })}.`;
  for (const [name, token] of [['missing', null], ['expired', expired], ['nbf in the future', future], ['forged', forged],
    ['unknown customer', unknown], ['wrong audience', wrongAudience], ['alg none', none], ['garbage', 'abc.def.ghi']]) {
    const result = await call('/customer', { token });
    assert.equal(result.status, 401, name);
    conforms('error.schema.json', result.body);
    assert.equal(result.body.error.code, 'unauthorized', name);
  }
  // A valid token for bruno only ever shows bruno.
  const bruno = await call('/customer', { token: await shop.login('bruno') });
  assert.ok(bruno.body.events.every((e) => e.customer === 'bruno'));
});

test('concurrent duplicate redemptions with one key are applied once, all answered alike', async () => {
  const token = await shop.login('dalia');
  const before = (await call('/customer', { token })).body.events.length;
  const send = () => call('/redemptions', { token, method: 'POST', body: { reward: 'free-shipping' }, headers: { 'Idempotency-Key': 'dup-1' } });
  const answers = await Promise.all(Array.from({ length: 20 }, send));
  for (const answer of answers) {
    assert.equal(answer.status, 201);
    conforms('redemption.schema.json', answer.body);
    assert.deepEqual(answer.body, answers[0].body);
  }
  const after = (await call('/customer', { token })).body.events;
  assert.equal(after.length, before + 1);
  assert.equal(after.filter((e) => e.type === 'redemption').length, 1);
  const reused = await call('/redemptions', { token, method: 'POST', body: { reward: 'five-off' }, headers: { 'Idempotency-Key': 'dup-1' } });
  assert.equal(reused.status, 422);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
});

test('not enough points is 409, remembered for its key; bad requests are 400', async () => {
  const token = await shop.login('emeka');
  const broke = await call('/redemptions', { token, method: 'POST', body: { reward: 'points-to-cash', points: 10000 }, headers: { 'Idempotency-Key': 'big' } });
  assert.equal(broke.status, 409);
  conforms('error.schema.json', broke.body);
  assert.equal(broke.body.error.code, 'insufficient_points');
  const again = await call('/redemptions', { token, method: 'POST', body: { reward: 'points-to-cash', points: 10000 }, headers: { 'Idempotency-Key': 'big' } });
  assert.equal(again.status, 409);
  assert.equal((await call('/redemptions', { token, method: 'POST', body: { reward: 'tote' } })).status, 400);
  assert.equal((await call('/redemptions', { token, method: 'POST', body: { points: 5 }, headers: { 'Idempotency-Key': 'x' } })).status, 400);
  assert.equal((await call('/redemptions', { token, method: 'POST', body: '{"reward": ', headers: { 'Idempotency-Key': 'y' } })).status, 400);
  assert.equal((await call('/redemptions', { token, method: 'POST', body: { reward: 'x'.repeat(20000) }, headers: { 'Idempotency-Key': 'z' } })).status, 413);
  const unknown = await call('/redemptions', { token, method: 'POST', body: { reward: "'; DROP TABLE events; --" }, headers: { 'Idempotency-Key': 'sql' } });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.code, 'unknown_reward');
  assert.ok((await call('/customer', { token })).body.events.length > 0, 'the events table is still there');
});

test('the browser never decides money: order_amount is refused; checkout applies a reward to the order the server prices', async () => {
  const token = await shop.login('bruno');
  const count = () => shop.db.prepare("SELECT COUNT(*) FROM events WHERE customer = 'bruno'").pluck().get();
  // The forged amount from the first attack pass: refused at the boundary, nothing recorded.
  const before = count();
  const forged = await call('/redemptions', { token, method: 'POST', body: { reward: 'ten-percent', order_amount: '1e9' },
    headers: { 'Idempotency-Key': 'forged' } });
  assert.equal(forged.status, 400);
  conforms('error.schema.json', forged.body);
  assert.equal(forged.body.error.code, 'order_amount_not_accepted');
  // A reward with a minimum order, redeemed on its own: the engine says it needs the order.
  const alone = await call('/redemptions', { token, method: 'POST', body: { reward: 'five-off' }, headers: { 'Idempotency-Key': 'alone' } });
  assert.equal(alone.status, 422);
  assert.equal(alone.body.error.code, 'order_required');
  assert.equal(count(), before);

  const checkout = (items, reward) => fetch(`${shop.url}/shop/checkout`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ items, reward }) })
    .then(async (response) => ({ status: response.status, body: await response.json() }));
  // $24.00 of socks is below the $25.00 minimum: refused, and the order is not placed either.
  const small = await checkout([{ sku: 'SOCK-3', quantity: 1 }], { id: 'five-off' });
  assert.equal(small.status, 422);
  assert.equal(small.body.error.code, 'order_below_minimum');
  assert.equal(count(), before);
  // Two pairs ($48.00, priced by the server whatever the browser thinks): $5.00 off, 500 points.
  const available = (await call('/customer', { token })).body.balance.available;
  const placed = await checkout([{ sku: 'SOCK-3', quantity: 2, price: '0.01' }], { id: 'five-off' });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.deepEqual([placed.body.subtotal, placed.body.discount, placed.body.reward], ['48.00', '5.00', 'five-off']);
  assert.equal(placed.body.available, available - 500);
  assert.equal(count(), before + 2);
  const recorded = shop.db.prepare("SELECT body FROM events WHERE customer = 'bruno' ORDER BY seq DESC LIMIT 1").pluck().get();
  assert.equal(JSON.parse(recorded).order_amount, '48.00');
  assert.equal((await checkout([{ sku: 'SOCK-3', quantity: 1 }], { id: '' })).status, 400);
});

test('/studio without its slash redirects to the studio', async () => {
  const response = await fetch(`${shop.url}/studio`, { redirect: 'manual' });
  assert.equal(response.status, 301);
  assert.equal(response.headers.get('location'), '/studio/');
});

test('GET /customer carries the server figures, equal to a replay of the recorded rows', async () => {
  const token = await shop.login('chen');
  const { body } = await call('/customer', { token });
  conforms('customer.schema.json', body);
  const program = (await createEngine()).loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  const rows = shop.db.prepare("SELECT body FROM events WHERE customer = 'chen' ORDER BY seq").pluck().all().map((b) => JSON.parse(b));
  const replay = program.balance(rows, 'chen', body.balance.as_of);
  assert.deepEqual([body.balance.available, body.balance.pending, body.balance.lifetime_earned, body.balance.tier.id],
    [replay.available, replay.pending, replay.lifetime_earned, replay.tier.id]);
  program.dispose();
});

test('acknowledged redemptions and orders survive a restart', async () => {
  const first = await startTestShop();
  const token = await first.login('ada');
  const redeem = await fetch(`${first.url}/loyalty/api/redemptions`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': 'restart-1' },
    body: JSON.stringify({ reward: 'free-shipping' }) });
  assert.equal(redeem.status, 201);
  const body = await redeem.json();
  await first.stop({ keep: true });
  const second = await startTestShop({ dir: first.dir });
  try {
    const token2 = await second.login('ada');
    const replay = await fetch(`${second.url}/loyalty/api/redemptions`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token2}`, 'Idempotency-Key': 'restart-1' },
      body: JSON.stringify({ reward: 'free-shipping' }) });
    assert.deepEqual(await replay.json(), body);
    const events = (await (await fetch(`${second.url}/loyalty/api/customer`, { headers: { Authorization: `Bearer ${token2}` } })).json()).events;
    assert.equal(events.filter((e) => e.id === body.redemption.id).length, 1);
  } finally {
    await second.stop();
  }
});

test('redemptions are rate limited per customer with 429 and an error body', async () => {
  const limited = await startTestShop({ redemptionsPerMinute: 3 });
  try {
    const token = await limited.login('ada');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${limited.url}/loyalty/api/redemptions`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': `rl-${i}` },
        body: JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
      statuses.push(response.status);
      if (response.status === 429) conforms('error.schema.json', await response.json());
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    // The same customer's token spelled otherwise is the same customer: extra
    // spaces, a lower-case scheme, and every other base64url spelling of the
    // signature's last character that decodes to the same bytes.
    const [head, payload, signature] = token.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    const spellings = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_']
      .map((c) => `${head}.${payload}.${signature.slice(0, -1)}${c}`)
      .filter((t) => t !== token && Buffer.from(t.split('.')[2], 'base64url').equals(bytes));
    assert.ok(spellings.length >= 1, 'the signature has other spellings');
    for (const [i, header] of [`Bearer   ${token}`, `bearer ${token}`, ...spellings.map((t) => `Bearer ${t}`)].entries()) {
      const response = await fetch(`${limited.url}/loyalty/api/redemptions`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: header, 'Idempotency-Key': `respelled-${i}` },
        body: JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
      assert.equal(response.status, 429, header.slice(0, 12));
      assert.match(response.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After says when');
    }
    const other = await fetch(`${limited.url}/loyalty/api/redemptions`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await limited.login('bruno')}`, 'Idempotency-Key': 'rl-b' },
      body: JSON.stringify({ reward: 'free-shipping' }) });
    assert.equal(other.status, 201, 'another customer is not limited by ada');
  } finally {
    await limited.stop();
  }
});

test('CORS: no cross-origin access is granted, for simple requests or preflights', async () => {
  const preflight = await fetch(api('/customer'), { method: 'OPTIONS',
    headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  const simple = await fetch(api('/program'), { headers: { Origin: 'https://evil.example' } });
  assert.equal(simple.headers.get('access-control-allow-origin'), null);
  assert.equal(simple.headers.get('access-control-allow-credentials'), null);
});

test('SQL injection through every parameter changes nothing', async () => {
  const hostile = ["' OR '1'='1", "1; DROP TABLE events; --", "ada' --", '"; DELETE FROM customers; --'];
  const token = await shop.login('ada');
  const before = shop.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
  for (const value of hostile) {
    assert.equal((await fetch(`${shop.url}/demo/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer: value }) })).status, 404);
    assert.equal((await call(`/customer?since=${encodeURIComponent(value)}`, { token })).status, 400);
    assert.equal((await call('/customer', { token: value })).status, 401);
    const redemption = await call('/redemptions', { token, method: 'POST', body: { reward: value }, headers: { 'Idempotency-Key': value } });
    assert.equal(redemption.status, 422);
    const checkout = await fetch(`${shop.url}/shop/checkout`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ items: [{ sku: value, quantity: 1 }] }) });
    assert.equal(checkout.status, 400);
  }
  assert.equal(shop.db.prepare('SELECT COUNT(*) FROM events').pluck().get(), before);
  assert.equal(shop.db.prepare('SELECT COUNT(*) FROM customers').pluck().get(), 5);
});

test('the open ledgers the server keeps agree with a replay, even with rows written behind its back', async () => {
  const own = await startTestShop({ redemptionsPerMinute: 1e9 });
  const engine = await createEngine();
  const program = engine.loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  try {
    const token = await own.login('chen');
    const day = (offset) => new Date(TEST_NOW + offset * 86400000).toISOString().slice(0, 10);
    const recorded = () => own.db.prepare("SELECT body FROM events WHERE customer = 'chen' ORDER BY seq").all().map((r) => JSON.parse(r.body));
    const replayed = () => program.balance(recorded(), 'chen', day(0)).available;
    const behind = (id, date, points) => own.db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)')
      .run(id, 'chen', JSON.stringify({ id, type: 'adjustment', customer: 'chen', date, points }));
    const redeem = async (key) => {
      const response = await fetch(`${own.url}/loyalty/api/redemptions`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
        body: JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
      assert.equal(response.status, 201);
      return (await response.json()).available;
    };

    behind('credit', day(-30), 5000);
    const first = await redeem('open-1');
    assert.equal(first, replayed());
    // Backdated behind the open ledger's back: it replays and counts it.
    behind('backdated', day(-20), 700);  // past the program's 14 pending days
    const second = await redeem('open-2');
    assert.equal(second, first + 700 - 100);
    assert.equal(second, replayed());
    // Dated tomorrow: today's balance cannot come from the open ledger; the
    // server replays, which leaves tomorrow's points out.
    behind('tomorrow', day(1), 7);
    const third = await redeem('open-3');
    assert.equal(third, second - 100);
    assert.equal(third, replayed());
    const order = await fetch(`${own.url}/shop/checkout`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ items: [{ sku: 'SOCK-3', quantity: 1 }] }) });
    assert.equal(order.status, 201);
    assert.equal((await order.json()).available, replayed());
  } finally {
    program.dispose();
    await own.stop();
  }
});
