// The member card and the shop counter over real HTTP, under a program of
// one rule (a point a dollar, points available at once), so 120.00 earns
// 120 points by hand. The card's code is signed and short-lived; a sale
// made at the counter while its code was good counts once, however late and
// however often it arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { conforms } from '../support/contract.mjs';
import { TEST_NOW } from '../support/clock.mjs';
import { startTestShop } from './shop.mjs';

const PROGRAM = JSON.stringify({ version: 1, id: 'counter-test', name: 'Counter test', currency: 'USD', time_zone: 'America/New_York',
  earn: [{ type: 'per_unit', id: 'base', points_per_unit: 1 }] });

let now = TEST_NOW;
let shop;
before(async () => { shop = await startTestShop({ now: () => now, seedProgram: PROGRAM }); });
after(() => shop.stop());

async function call(path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${shop.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const staffToken = async () => (await call('/demo/staff-login', { method: 'POST' })).body.token;
const memberCode = async (customer) => (await call('/loyalty/api/member-code', { token: await shop.login(customer) })).body;
const storeOrders = async (customer) => (await shop.column('SELECT body FROM events WHERE customer = $1 ORDER BY seq', [customer]))
  .map((body) => JSON.parse(body)).filter((event) => event.channel === 'store');

test('a member\'s card code names them to staff, and no one else', async () => {
  now = TEST_NOW;
  const card = await call('/loyalty/api/member-code', { token: await shop.login('ada') });
  assert.equal(card.status, 200);
  conforms('member-code.schema.json', card.body);
  assert.equal(card.body.lifetime_seconds, 300);
  assert.equal(Date.parse(card.body.expires_at), TEST_NOW + 300 * 1000);

  const staff = await staffToken();
  const seen = await call('/loyalty/api/counter/members', { method: 'POST', token: staff, body: { code: card.body.code } });
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  conforms('counter-member.schema.json', seen.body);
  const customer = (await call('/loyalty/api/customer', { token: await shop.login('ada') })).body;
  assert.equal(seen.body.customer, 'ada');
  assert.equal(seen.body.name, customer.customer.name);
  assert.equal(seen.body.available, customer.balance.available);
  // Typed in capitals with spaces, as a till's scanner or a person might.
  const typed = await call('/loyalty/api/counter/members', { method: 'POST', token: staff,
    body: { code: ` ${card.body.code.toUpperCase().replace('.', ' . ')} ` } });
  assert.equal(typed.body.customer, 'ada');

  // Without a staff token, or with a customer's: 401.
  assert.equal((await call('/loyalty/api/counter/members', { method: 'POST', body: { code: card.body.code } })).status, 401);
  assert.equal((await call('/loyalty/api/counter/members', { method: 'POST', token: await shop.login('ada'), body: { code: card.body.code } })).status, 401);
  // A staff token does not act as a customer.
  assert.equal((await call('/loyalty/api/customer', { token: staff })).status, 401);
  // Another customer's name in an altered code: refused.
  const [, expiry, mac] = card.body.code.split('.');
  const forged = `${Buffer.from('bo').toString('hex')}.${expiry}.${mac}`;
  const refused = await call('/loyalty/api/counter/members', { method: 'POST', token: staff, body: { code: forged } });
  assert.deepEqual([refused.status, refused.body.error.code], [422, 'code_invalid']);
  const junk = await call('/loyalty/api/counter/members', { method: 'POST', token: staff, body: { code: 'not a code' } });
  assert.deepEqual([junk.status, junk.body.error.code], [422, 'code_invalid']);
  const shape = await call('/loyalty/api/counter/members', { method: 'POST', token: staff, body: { code: 5 } });
  assert.equal(shape.status, 400);
  // Five minutes and a minute's grace later, the code has expired.
  now = TEST_NOW + 361 * 1000;
  const late = await call('/loyalty/api/counter/members', { method: 'POST', token: staff, body: { code: card.body.code } });
  assert.deepEqual([late.status, late.body.error.code], [422, 'code_expired']);
  // No code without a customer token.
  assert.equal((await call('/loyalty/api/member-code')).status, 401);
  now = TEST_NOW;
});

test('an in-store sale made offline counts once, dated when it was made, even after its code expired', async () => {
  now = TEST_NOW;
  const staff = await staffToken();
  const { code } = await memberCode('bruno');
  const before = (await call('/loyalty/api/customer', { token: await shop.login('bruno') })).body.balance.available;
  const madeAt = new Date(TEST_NOW + 60 * 1000).toISOString();
  const sale = { id: 'pos-test-1', member_code: code, made_at: madeAt, amount: '120.00' };

  // The till was offline for two hours: the sale arrives long after the code expired.
  now = TEST_NOW + 2 * 3600 * 1000;
  const first = await call('/loyalty/api/counter/orders', { method: 'POST', token: staff, body: sale });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.body.points, 120);
  assert.equal(first.body.channel, 'store');
  assert.equal(first.body.staff, 'demo-staff');
  assert.equal(first.body.available, before + 120);
  // Sent again (a lost answer, a second tab): the same answer, nothing added.
  const again = await call('/loyalty/api/counter/orders', { method: 'POST', token: staff, body: sale });
  assert.deepEqual(again, first);
  const orders = await storeOrders('bruno');
  assert.equal(orders.length, 1);
  assert.equal(orders[0].id, 'order:pos-test-1');
  assert.equal(orders[0].date, '2026-06-15T12:01:00-04:00', 'the moment it was made, in the shop\'s zone');
  // The member's own history shows it as an in-store purchase.
  const customer = (await call('/loyalty/api/customer', { token: await shop.login('bruno') })).body;
  assert.equal(customer.balance.available, before + 120);
  assert.equal(customer.events.find((e) => e.id === 'order:pos-test-1').channel, 'store');

  // The same id with another body is not a second sale.
  const reused = await call('/loyalty/api/counter/orders', { method: 'POST', token: staff, body: { ...sale, amount: '999.00' } });
  assert.deepEqual([reused.status, reused.body.error.code], [409, 'id_reused']);
  now = TEST_NOW;
});

test('the counter refuses sales it cannot trust', async () => {
  now = TEST_NOW;
  const staff = await staffToken();
  const { code } = await memberCode('ada');
  const sale = (fields) => call('/loyalty/api/counter/orders', { method: 'POST', token: staff,
    body: { id: `pos-bad-${Math.random().toString(36).slice(2)}`, member_code: code, made_at: new Date(TEST_NOW).toISOString(), amount: '10.00', ...fields } });
  const expect = async (fields, status, errorCode) => {
    const answer = await sale(fields);
    assert.deepEqual([answer.status, answer.body.error?.code], [status, errorCode], JSON.stringify(fields));
  };
  await expect({ made_at: new Date(TEST_NOW + 10 * 60 * 1000).toISOString() }, 422, 'sale_in_future');
  await expect({ made_at: new Date(TEST_NOW + 6 * 60 * 1000).toISOString() }, 422, 'sale_in_future');
  await expect({ made_at: new Date(TEST_NOW - 73 * 3600 * 1000).toISOString() }, 422, 'sale_too_old');
  await expect({ member_code: `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}` }, 422, 'code_invalid');
  await expect({ amount: '-5' }, 422, 'invalid_value');
  await expect({ made_at: '2026-06-15' }, 422, 'invalid_value');
  await expect({ unknown: 1 }, 400, 'invalid_request');
  // Only the code's expiry is held against made_at: a till whose clock is an
  // hour behind still records a sale with a fresh code (staff are trusted
  // with the till's clock; the 72-hour window bounds it).
  now = TEST_NOW + 3600 * 1000;
  const later = await memberCode('ada');
  now = TEST_NOW + 3600 * 1000;
  const old = await call('/loyalty/api/counter/orders', { method: 'POST', token: staff,
    body: { id: 'pos-old-clock', member_code: later.code, made_at: new Date(TEST_NOW).toISOString(), amount: '10.00' } });
  assert.equal(old.status, 201, 'a code still good at the sale\'s time is accepted');
  // An erased member's card stops working.
  const gone = await memberCode('emeka');
  await shop.sql("UPDATE customers SET erased_at = '2026-06-15' WHERE id = 'emeka'");
  const erased = await call('/loyalty/api/counter/members', { method: 'POST', token: staff, body: { code: gone.code } });
  assert.deepEqual([erased.status, erased.body.error.code], [404, 'unknown_member']);
  now = TEST_NOW;
});

test('member codes and counter lookups are rate limited per verified identity', async () => {
  now = TEST_NOW;
  const token = await shop.login('chen');
  const statuses = [];
  for (let i = 0; i < 31; ++i) statuses.push((await call('/loyalty/api/member-code', { token })).status);
  assert.deepEqual(statuses.slice(0, 30), Array(30).fill(200));
  const refused = await call('/loyalty/api/member-code', { token });
  assert.deepEqual([refused.status, refused.body.error.code], [429, 'rate_limited']);
  // Another customer has a budget of their own.
  assert.equal((await call('/loyalty/api/member-code', { token: await shop.login('dalia') })).status, 200);
});
