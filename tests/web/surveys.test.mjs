// The Net Promoter Score question over real HTTP: the signed-in customer
// answers once a quarter (the demo program's "survey": {"every": "quarter"}),
// the engine awards the demo program's 50 points, a second answer in the
// quarter is 409 and earns nothing, and the shop's backend can record
// answers too. Expected figures come from the demo program file and the
// tests' day, 2026-06-15 (second quarter: the next answer counts from
// 2026-07-01), written out by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { conforms } from '../support/contract.mjs';
import { startTestShop } from './shop.mjs';
import { TEST_DAY } from '../support/clock.mjs';

const SHOP_SECRET = 'surveys-test-shop-secret-of-32-bytes!!!!';

let shop;
before(async () => { shop = await startTestShop({ shopSecret: SHOP_SECRET }); });
after(() => shop.stop());

async function call(path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${shop.url}/loyalty/api${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

test('a customer answers once a quarter: 50 points, then 409 until the next quarter', async () => {
  assert.equal(TEST_DAY, '2026-06-15');
  const token = await shop.login('dalia');
  const before = await call('/customer', { token });
  conforms('customer.schema.json', before.body);
  assert.deepEqual(before.body.balance.survey, { due: true, every: 'quarter', last: null, next: null });

  const answer = await call('/surveys', { token, method: 'POST', body: { score: 9, comment: 'Lovely knitwear, fast delivery' } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  assert.equal(answer.body.points, 50);
  // The demo program locks new points for pending_days: they arrive pending.
  assert.equal(answer.body.available, before.body.balance.available);
  assert.equal(answer.body.next, '2026-07-01');
  assert.equal(answer.body.survey.score, 9);

  const after = await call('/customer', { token });
  conforms('customer.schema.json', after.body);
  assert.deepEqual(after.body.balance.survey, { due: false, every: 'quarter', last: '2026-06-15', next: '2026-07-01' });
  assert.equal(after.body.balance.pending, before.body.balance.pending + 50);
  assert.equal(after.body.balance.lifetime_earned, before.body.balance.lifetime_earned + 50);
  const recorded = after.body.events.filter((e) => e.type === 'survey');
  assert.deepEqual(recorded.map((e) => [e.score, e.comment]), [[9, 'Lovely knitwear, fast delivery']]);

  const again = await call('/surveys', { token, method: 'POST', body: { score: 3 } });
  assert.equal(again.status, 409);
  conforms('error.schema.json', again.body);
  assert.equal(again.body.error.code, 'survey_already_answered');
  assert.match(again.body.error.message, /the next can be answered from 2026-07-01/);
  assert.equal((await call('/customer', { token })).body.balance.lifetime_earned, after.body.balance.lifetime_earned,
    'the refused answer earned nothing');
});

test('bad answers are typed 4xx, and a token is required', async () => {
  const token = await shop.login('bruno');
  for (const [body, status, code] of [
    [{ score: 11 }, 422, 'invalid_value'],
    [{ score: -1 }, 422, 'invalid_value'],
    [{ score: 7.5 }, 400, 'invalid_request'],
    [{}, 400, 'invalid_request'],
    [{ score: 5, comment: 'x'.repeat(2001) }, 422, 'invalid_value'],
    [{ score: 5, points: 1000 }, 400, 'invalid_request'],
  ]) {
    const refused = await call('/surveys', { token, method: 'POST', body });
    assert.equal(refused.status, status, JSON.stringify(body));
    conforms('error.schema.json', refused.body);
    assert.equal(refused.body.error.code, code, JSON.stringify(body));
  }
  assert.equal((await call('/surveys', { method: 'POST', body: { score: 5 } })).status, 401);
  assert.equal((await call('/customer', { token })).body.balance.survey.due, true, 'nothing was recorded');
});

test('the shop\'s backend records answers too, under the same once-a-quarter rule', async () => {
  const post = (body) => fetch(`${shop.url}/loyalty/api/events`, { method: 'POST',
    headers: { Authorization: `Bearer ${SHOP_SECRET}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: await r.json() }));
  const first = await post({ id: 'nps-1', type: 'survey', customer: 'emeka', score: 4, date: '2026-05-02' });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.body.points, 50);
  const second = await post({ id: 'nps-2', type: 'survey', customer: 'emeka', score: 10, date: '2026-06-01' });
  assert.equal(second.status, 409);
  assert.equal(second.body.error.code, 'survey_already_answered');
  const missing = await post({ id: 'nps-3', type: 'survey', customer: 'emeka' });
  assert.equal(missing.status, 400);
});
