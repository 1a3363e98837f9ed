// Giving over real HTTP with the demo program: causes "trees" and
// "food-bank", a pledge of 1% of eligible spend to "trees", and a donation
// reward "give-five" (500 points, 5.00 to the cause chosen). Expected figures
// are worked out by hand from those settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { conforms } from '../support/contract.mjs';
import { startTestShop } from './shop.mjs';

const SHOP_SECRET = 'giving-test-shop-secret-of-32-bytes!!!!!';

let shop;
before(async () => { shop = await startTestShop({ shopSecret: SHOP_SECRET }); });
after(() => shop.stop());

async function call(path, { token, method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(`${shop.url}/loyalty/api${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const cause = (balance, id) => balance.giving.causes.find((line) => line.cause === id);

test('the shop pledges 1% of each purchase\'s eligible spend to its cause', async () => {
  // 180.00 jacket + 50.00 gift card (excluded): eligible 180.00, pledge 1.80.
  const order = await call('/orders', { method: 'POST', token: SHOP_SECRET, body: { id: 'give-1', customer: 'gia', date: '2026-06-10',
    items: [{ sku: 'JKT-WAX', price: '180.00', category: 'outerwear' }, { sku: 'GIFT-50', price: '50.00', category: 'gift_card' }] } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const seen = await call('/customer', { token: await shop.login('gia') });
  conforms('customer.schema.json', seen.body);
  assert.deepEqual(seen.body.balance.giving, { given: '1.80', donated: '0.00', pledged: '1.80', causes: [
    { cause: 'trees', name: 'Plant trees', donations: 0, points: 0, donated: '0.00', pledged: '1.80', given: '1.80' },
    { cause: 'food-bank', name: 'Local food bank', donations: 0, points: 0, donated: '0.00', pledged: '0.00', given: '0.00' }] });
  // Half refunded: half of the pledge comes back (0.90).
  const refund = await call('/refunds', { method: 'POST', token: SHOP_SECRET, body: { id: 'give-1-r', order: 'give-1', amount: '115.00', date: '2026-06-11' } });
  assert.equal(refund.status, 201, JSON.stringify(refund.body));
  const after = await call('/customer', { token: await shop.login('gia') });
  assert.equal(after.body.balance.giving.pledged, '0.90');
});

test('a donation spends 500 points and gives 5.00 to the cause chosen; it makes no code', async () => {
  const token = await shop.login('ada');
  const before = (await call('/customer', { token })).body;
  const key = { 'Idempotency-Key': 'give-five-1' };
  const none = await call('/redemptions', { method: 'POST', token, headers: { 'Idempotency-Key': 'give-five-0' }, body: { reward: 'give-five' } });
  assert.equal(none.status, 422);
  assert.equal(none.body.error.code, 'cause_required');
  assert.match(none.body.error.message, /trees, food-bank/);
  const whales = await call('/redemptions', { method: 'POST', token, headers: { 'Idempotency-Key': 'give-five-w' }, body: { reward: 'give-five', cause: 'whales' } });
  assert.equal(whales.status, 422);
  assert.equal(whales.body.error.code, 'unknown_cause');

  const given = await call('/redemptions', { method: 'POST', token, headers: key, body: { reward: 'give-five', cause: 'food-bank' } });
  assert.equal(given.status, 201, JSON.stringify(given.body));
  conforms('redemption.schema.json', given.body);
  assert.equal(given.body.redemption.cause, 'food-bank');
  assert.equal(given.body.redemption.code, null);
  assert.equal(given.body.redemption.discount, '5.00');
  assert.equal(given.body.available, before.balance.available - 500);
  assert.deepEqual(await call('/redemptions', { method: 'POST', token, headers: key, body: { reward: 'give-five', cause: 'food-bank' } }), given,
    'the same key answers the same, once');

  const after = (await call('/customer', { token })).body;
  conforms('customer.schema.json', after);
  const was = cause(before.balance, 'food-bank');
  const now = cause(after.balance, 'food-bank');
  assert.equal(now.donations, was.donations + 1);
  assert.equal(now.points, was.points + 500);
  const cents = (money) => Number(money.replace('.', ''));  // two decimals, as USD prints
  assert.equal(cents(now.donated) - cents(was.donated), 500);
  assert.equal(after.codes.some((c) => c.id === given.body.redemption.id), false, 'no code to use at checkout');
});
