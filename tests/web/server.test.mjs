// The reference shop over real HTTP on 127.0.0.1: the contract (ajv), token
// checks, idempotent redemptions under concurrent duplicates, insufficient
// balance, and state that survives a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conforms } from '../support/contract.mjs';
import { SignJWT } from 'jose';
import { startTestShop } from './shop.mjs';
import { TEST_NOW } from '../support/clock.mjs';
import { createEngine, root } from '../wasm/support.mjs';


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
  const secret = new TextEncoder().encode(shop.secret);
  const claims = (sub) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub)
    .setIssuer('loyalty-reference-shop').setAudience('loyalty-endpoint').setIssuedAt(Math.floor(TEST_NOW / 1000));
  const now = Math.floor(TEST_NOW / 1000);
  const expired = await claims('ada').setExpirationTime(now - 61).sign(secret);  // past the 60 s of skew
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

test('tokens: sub and exp required, at most 24 hours long, 60 s of skew, and keys rotate by kid', async () => {
  const now = Math.floor(TEST_NOW / 1000);
  const sign = (key, build, kid) => build(new SignJWT({}).setProtectedHeader({ alg: 'HS256', ...(kid ? { kid } : {}) })
    .setIssuer('loyalty-reference-shop').setAudience('loyalty-endpoint')).sign(new TextEncoder().encode(key));
  const status = async (token, target = shop) => (await fetch(`${target.url}/loyalty/api/customer`,
    { headers: { Authorization: `Bearer ${token}` } })).status;
  const cases = [
    ['no exp', (j) => j.setSubject('ada').setIssuedAt(now), 401],
    ['no sub', (j) => j.setIssuedAt(now).setExpirationTime(now + 600), 401],
    ['ten years long', (j) => j.setSubject('ada').setIssuedAt(now).setExpirationTime(now + 10 * 365 * 86400), 401],
    ['25 hours long', (j) => j.setSubject('ada').setIssuedAt(now).setExpirationTime(now + 25 * 3600), 401],
    ['24 hours long', (j) => j.setSubject('ada').setIssuedAt(now).setExpirationTime(now + 24 * 3600), 200],
    ['not before, 30 s ahead (skew)', (j) => j.setSubject('ada').setNotBefore(now + 30).setExpirationTime(now + 600), 200],
    ['not before, 2 minutes ahead', (j) => j.setSubject('ada').setNotBefore(now + 120).setExpirationTime(now + 600), 401],
    ['expired 30 s ago (skew)', (j) => j.setSubject('ada').setIssuedAt(now - 600).setExpirationTime(now - 30), 200],
  ];
  for (const [name, build, expected] of cases) assert.equal(await status(await sign(shop.secret, build)), expected, name);

  // Rotation: the new secret signs; tokens of the previous one still work while it is configured.
  const old = 'the-previous-secret-of-at-least-32-bytes!';
  const fresh = 'the-current-secret-of-at-least-32-bytes!!';
  const { keyId } = await import('../../web/kit/tokens.mjs');
  const rotating = await startTestShop({ secret: fresh, secrets: [fresh, old] });
  try {
    const byOld = await sign(old, (j) => j.setSubject('ada').setExpirationTime(now + 600), keyId(old));
    assert.equal(await status(byOld, rotating), 200, 'the previous key still verifies');
    assert.equal(await status(await rotating.login('ada'), rotating), 200);
    const { kid } = JSON.parse(Buffer.from((await rotating.login('ada')).split('.')[0], 'base64url'));
    assert.equal(kid, keyId(fresh), 'new tokens are signed with the current key');
    assert.equal(await status(await sign(old, (j) => j.setSubject('ada').setExpirationTime(now + 600), keyId(fresh)), rotating), 401,
      'a token claiming the current kid must be signed by the current key');
  } finally {
    await rotating.stop();
  }
  const retired = await startTestShop({ secret: fresh });
  try {
    assert.equal(await status(await sign(old, (j) => j.setSubject('ada').setExpirationTime(now + 600), keyId(old)), retired), 401,
      'once retired, the previous key verifies nothing');
  } finally {
    await retired.stop();
  }
});

test('secrets: at least 32 bytes, never from the database; the server will not start without one', async () => {
  await assert.rejects(startTestShop({ secret: 'short' }), /at least 32 bytes/);
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, chmodSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-secret-'));
  const run = (env) => spawnSync(process.execPath, [join(root, 'web/shop/server.mjs')],
    { env: { PATH: process.env.PATH, PORT: '0', LOYALTY_DB: join(dir, 'shop.db'), ...env }, encoding: 'utf8', timeout: 20000 });
  const none = run({});
  assert.equal(none.status, 1);
  assert.match(none.stderr, /set LOYALTY_JWT_SECRET or LOYALTY_JWT_SECRET_FILE/);
  assert.match(run({ LOYALTY_JWT_SECRET: 'too-short' }).stderr, /at least 32 bytes/);
  const file = join(dir, 'secret');
  writeFileSync(file, 'a-secret-in-a-file-of-at-least-32-bytes');
  chmodSync(file, 0o644);
  const open = run({ LOYALTY_JWT_SECRET_FILE: file });
  assert.equal(open.status, 1);
  assert.match(open.stderr, /readable by others/);
  assert.equal(await shop.value("SELECT COUNT(*) FROM meta WHERE key = 'jwt_secret'"), 0, 'no secret in the database');
});

test('without demo on, the demo routes and storefront answer 404', async () => {
  const real = await startTestShop({ demo: false });
  try {
    for (const [method, path] of [['GET', '/demo/customers'], ['POST', '/demo/login'], ['POST', '/shop/checkout'], ['GET', '/shop/products'], ['GET', '/']]) {
      const response = await fetch(`${real.url}${path}`, { method, headers: { 'Content-Type': 'application/json' },
        body: method === 'POST' ? JSON.stringify({ customer: 'ada', items: [{ sku: 'SOCK-3' }] }) : undefined });
      assert.equal(response.status, 404, `${method} ${path}`);
    }
    assert.equal((await fetch(`${real.url}/loyalty/api/program`)).status, 200, 'the endpoint itself is on');
    assert.equal((await fetch(`${real.url}/dist/loyalty-widget.js`)).status, 200, 'and so is the widget');
  } finally {
    await real.stop();
  }
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
  const count = () => shop.value("SELECT COUNT(*) FROM events WHERE customer = 'bruno'");
  // The forged amount from the first attack pass: refused at the boundary, nothing recorded.
  const before = await count();
  const forged = await call('/redemptions', { token, method: 'POST', body: { reward: 'ten-percent', order_amount: '1e9' },
    headers: { 'Idempotency-Key': 'forged' } });
  assert.equal(forged.status, 400);
  conforms('error.schema.json', forged.body);
  assert.equal(forged.body.error.code, 'order_amount_not_accepted');
  // A reward with a minimum order, redeemed on its own: the engine says it needs the order.
  const alone = await call('/redemptions', { token, method: 'POST', body: { reward: 'five-off' }, headers: { 'Idempotency-Key': 'alone' } });
  assert.equal(alone.status, 422);
  assert.equal(alone.body.error.code, 'order_required');
  assert.equal(await count(), before);

  const checkout = (items, reward) => fetch(`${shop.url}/shop/checkout`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ items, reward }) })
    .then(async (response) => ({ status: response.status, body: await response.json() }));
  // $24.00 of socks is below the $25.00 minimum: refused, and the order is not placed either.
  const small = await checkout([{ sku: 'SOCK-3', quantity: 1 }], { id: 'five-off' });
  assert.equal(small.status, 422);
  assert.equal(small.body.error.code, 'order_below_minimum');
  assert.equal(await count(), before);
  // Two pairs ($48.00, priced by the server whatever the browser thinks): $5.00 off, 500 points.
  const available = (await call('/customer', { token })).body.balance.available;
  const placed = await checkout([{ sku: 'SOCK-3', quantity: 2, price: '0.01' }], { id: 'five-off' });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.deepEqual([placed.body.subtotal, placed.body.discount, placed.body.reward], ['48.00', '5.00', 'five-off']);
  assert.equal(placed.body.available, available - 500);
  assert.equal(await count(), before + 2);
  const recorded = await shop.value("SELECT body FROM events WHERE customer = 'bruno' ORDER BY seq DESC LIMIT 1");
  assert.equal(JSON.parse(recorded).order_amount, '48.00');
  assert.equal((await checkout([{ sku: 'SOCK-3', quantity: 1 }], { id: '' })).status, 400);
});

test('a redemption is a code: listed, used once at checkout, or cancelled with its points back exactly once', async () => {
  const token = await shop.login('dalia');
  const rows = async () => (await shop.column("SELECT body FROM events WHERE customer = 'dalia' ORDER BY seq")).map((b) => JSON.parse(b));
  const customer = async () => {
    const response = await call('/customer', { token });
    conforms('customer.schema.json', response.body);
    return response.body;
  };
  const redeem = (key) => call('/redemptions', { token, method: 'POST', body: { reward: 'points-to-cash', points: 300 }, headers: { 'Idempotency-Key': key } });
  const cancel = (id, as = token) => call(`/redemptions/${encodeURIComponent(id)}/cancel`, { token: as, method: 'POST', body: {} });
  const checkout = (body, as = token) => fetch(`${shop.url}/shop/checkout`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${as}` }, body: JSON.stringify(body) })
    .then(async (response) => ({ status: response.status, body: await response.json() }));

  const { balance: { available: start }, codes: earlier } = await customer();  // earlier tests' codes stay listed
  assert.ok(start >= 600, `dalia has ${start} points`);
  const brief = (c) => [c.id, c.code, c.points, c.discount];
  const first = await redeem('code-1');
  assert.equal(first.status, 201);
  assert.equal(first.body.available, start - 300);
  const listed = (await customer()).codes;
  assert.deepEqual(listed.map(brief), [...earlier.map(brief), [first.body.redemption.id, first.body.redemption.code, 300, '3.00']]);

  // Cancelled five times at once: one cancellation event, 300 points back once.
  const before = (await rows()).length;
  const cancels = await Promise.all([1, 2, 3, 4, 5].map(() => cancel(first.body.redemption.id)));
  for (const answer of cancels) {
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    conforms('redemption-cancellation.schema.json', answer.body);
    assert.equal(answer.body.available, start);
  }
  const recordedRows = await rows();
  assert.equal(recordedRows.length, before + 1);
  assert.deepEqual(recordedRows.at(-1), { ...recordedRows.at(-1), type: 'cancellation', redemption: first.body.redemption.id });
  const after = await customer();
  assert.equal(after.balance.available, start);
  assert.deepEqual(after.codes, earlier);
  // The oracle: a replay of the recorded rows by a fresh engine agrees.
  const program = (await createEngine()).loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  assert.equal(program.balance(await rows(), 'dalia', after.balance.as_of).available, start);
  // Its code no longer works at checkout.
  const stale = await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: first.body.redemption.code });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'code_cancelled');

  // A second code, used at checkout: $3.00 off the $24.00 the server priced, then gone.
  const second = await redeem('code-2');
  const other = await shop.login('emeka');
  assert.equal((await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: second.body.redemption.code }, other)).body.error.code, 'unknown_code');
  assert.equal((await cancel(second.body.redemption.id, other)).status, 404);
  const used = await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: second.body.redemption.code.toLowerCase() });
  assert.equal(used.status, 201, JSON.stringify(used.body));
  assert.deepEqual([used.body.subtotal, used.body.discount, used.body.code], ['24.00', '3.00', second.body.redemption.code]);
  assert.deepEqual((await customer()).codes, earlier);
  const again = await cancel(second.body.redemption.id);
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'code_used');
  conforms('error.schema.json', again.body);
  const twice = await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: second.body.redemption.code });
  assert.equal(twice.body.error.code, 'code_used');
  // A code never issued, an unknown redemption, both a code and a reward: refused, nothing recorded.
  const count = rows().length;
  assert.equal((await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: 'LOYAL-0000000000' })).status, 404);
  assert.equal((await cancel('red-nothing')).body.error.code, 'unknown_redemption');
  assert.equal((await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: 'X', reward: { id: 'five-off' } })).status, 400);
  assert.equal(rows().length, count);
  // A $25.00 code on a $24.00 order takes off the order, never more.
  const big = await call('/redemptions', { token: other, method: 'POST', body: { reward: 'points-to-cash', points: 2500 }, headers: { 'Idempotency-Key': 'code-3' } });
  assert.equal(big.status, 201, JSON.stringify(big.body));
  const capped = await checkout({ items: [{ sku: 'SOCK-3', quantity: 1 }], code: big.body.redemption.code }, other);
  assert.deepEqual([capped.body.subtotal, capped.body.discount], ['24.00', '24.00']);
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
  const rows = (await shop.column("SELECT body FROM events WHERE customer = 'chen' ORDER BY seq")).map((b) => JSON.parse(b));
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
  const before = await shop.value('SELECT COUNT(*) FROM events');
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
  assert.equal(await shop.value('SELECT COUNT(*) FROM events'), before);
  assert.equal(await shop.value('SELECT COUNT(*) FROM customers'), 5);
});

test('the open ledgers the server keeps agree with a replay, even with rows written behind its back', async () => {
  const own = await startTestShop({ redemptionsPerMinute: 1e9 });
  const engine = await createEngine();
  const program = engine.loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  try {
    const token = await own.login('chen');
    const day = (offset) => new Date(TEST_NOW + offset * 86400000).toISOString().slice(0, 10);
    const recorded = async () => (await own.column("SELECT body FROM events WHERE customer = 'chen' ORDER BY seq")).map((b) => JSON.parse(b));
    const replayed = async () => program.balance(await recorded(), 'chen', day(0)).available;
    const behind = (id, date, points) => own.sql('INSERT INTO events (id, customer, body) VALUES ($1, $2, $3)',
      [id, 'chen', JSON.stringify({ id, type: 'adjustment', customer: 'chen', date, points })]);
    const redeem = async (key) => {
      const response = await fetch(`${own.url}/loyalty/api/redemptions`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
        body: JSON.stringify({ reward: 'points-to-cash', points: 100 }) });
      assert.equal(response.status, 201);
      return (await response.json()).available;
    };

    await behind('credit', day(-30), 5000);
    const first = await redeem('open-1');
    assert.equal(first, await replayed());
    // Backdated behind the open ledger's back: it replays and counts it.
    await behind('backdated', day(-20), 700);  // past the program's 14 pending days
    const second = await redeem('open-2');
    assert.equal(second, first + 700 - 100);
    assert.equal(second, await replayed());
    // Dated tomorrow: today's balance cannot come from the open ledger; the
    // server replays, which leaves tomorrow's points out.
    await behind('tomorrow', day(1), 7);
    const third = await redeem('open-3');
    assert.equal(third, second - 100);
    assert.equal(third, await replayed());
    const order = await fetch(`${own.url}/shop/checkout`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ items: [{ sku: 'SOCK-3', quantity: 1 }] }) });
    assert.equal(order.status, 201);
    assert.equal((await order.json()).available, await replayed());
  } finally {
    program.dispose();
    await own.stop();
  }
});

test('idempotency keys and refused attempts expire after 24 hours; one token cannot grow the database without bound', async () => {
  let clock = TEST_NOW;
  const own = await startTestShop({ now: () => clock, redemptionsPerMinute: 30 });
  try {
    const token = await own.login('emeka');
    const rows = () => own.value('SELECT COUNT(*) FROM redemptions');
    const bytes = () => own.value('SELECT COALESCE(SUM(LENGTH(request) + LENGTH(response) + LENGTH(idempotency_key)), 0) FROM redemptions');
    const statuses = [];
    // The abuse of the first attack pass: refused attempts, each under a new key, as fast as possible.
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`${own.url}/loyalty/api/redemptions`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': `abuse-${i}-${'k'.repeat(150)}` },
        body: JSON.stringify({ reward: 'points-to-cash', points: 1000000000 }) });
      statuses.push(response.status);
    }
    assert.equal(statuses.filter((s) => s === 422).length, 30, 'the limiter let 30 through, each refused');
    assert.equal(statuses.filter((s) => s === 429).length, 170);
    assert.equal(await rows(), 30, 'one stored answer per admitted attempt, no more');
    const stored = await bytes();
    assert.ok(stored < 30 * 600, `stored bytes stay bounded: ${stored}`);
    // A day later (on the shop's clock) the next redemption, anyone's, clears them.
    clock += 24 * 3600 * 1000 + 60000;
    const next = await fetch(`${own.url}/loyalty/api/redemptions`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await own.login('bruno')}`, 'Idempotency-Key': 'a-day-later' },
      body: JSON.stringify({ reward: 'free-shipping' }) });
    assert.equal(next.status, 201);
    assert.equal(await rows(), 1, 'only the new key is left');
  } finally {
    await own.stop();
  }
});

test('GET /customer pages a long history; each page carries the current figures', async () => {
  const own = await startTestShop();
  try {
    await own.store.transaction(null, async (tx) => {
      for (let i = 0; i < 1200; i++) {
        const id = `review-${String(i).padStart(5, '0')}`;
        await tx.run('INSERT INTO events (id, customer, body) VALUES ($1, $2, $3)',
          [id, 'ada', JSON.stringify({ id, type: 'review', customer: 'ada', date: '2026-03-01' })]);
      }
    });
    const token = await own.login('ada');
    const get = async (query) => (await fetch(`${own.url}/loyalty/api/customer${query}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const total = await own.value("SELECT COUNT(*) FROM events WHERE customer = 'ada'");
    const pages = [await get('')];
    while (pages.at(-1).more) pages.push(await get(`?since=${pages.at(-1).cursor}`));
    assert.equal(pages[0].events.length, 500);
    assert.equal(pages.length, Math.ceil(total / 500));
    for (const page of pages) conforms('customer.schema.json', page);
    const ids = pages.flatMap((page) => page.events.map((e) => e.id));
    assert.deepEqual(ids, await own.column("SELECT id FROM events WHERE customer = 'ada' ORDER BY seq"));
    assert.ok(pages.every((page) => page.balance.available === pages[0].balance.available));
    assert.equal((await get('?limit=20')).events.length, 20);
    for (const bad of ['?limit=0', '?limit=abc', '?limit=5001', '?limit=-1']) {
      const response = await fetch(`${own.url}/loyalty/api/customer${bad}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(response.status, 400, bad);
    }
  } finally {
    await own.stop();
  }
});
