// Hostile and malformed input: every case throws LoyaltyError with a code,
// the same engine instance keeps giving correct answers, and memory does not
// grow over 10,000 failing calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, LoyaltyError, read } from './support.mjs';

const engine = await createEngine();
const classic = engine.loadProgram(read('core/programs/classic.json'));
const demo = engine.loadProgram(read('core/programs/demo.json'));
const good = [{ id: 't', customer: 'c', date: '2026-01-05', amount: '120.00' }];
const stillCorrect = () => assert.equal(classic.statement(good).customers[0].total, 90);

const tenMegabytes = 'x'.repeat(10 * 1024 * 1024);
const deep = '['.repeat(100000) + ']'.repeat(100000);
const invalidUtf8 = new Uint8Array([...new TextEncoder().encode('[{"id":"t","customer":"'), 0xff, 0xfe,
  ...new TextEncoder().encode('","date":"2026-01-01","amount":1}]')]);
const invalidUtf8Csv = new Uint8Array([...new TextEncoder().encode('id,customer,date,amount\nt,'), 0xc3, 0x28,
  ...new TextEncoder().encode(',2026-01-01,1\n')]);

const catalogue = [
  ['malformed program JSON', () => engine.loadProgram('{"id": "p",,}'), 'json_syntax'],
  ['truncated program JSON', () => engine.loadProgram('{"id": "p", "currency": "USD", "earn": [{"type": "per_u'), 'json_syntax'],
  ['program of the wrong type', () => engine.loadProgram('[1, 2, 3]'), 'wrong_type'],
  ['program field of the wrong type', () => engine.loadProgram({ id: 1, currency: 'USD', earn: [] }), 'wrong_type'],
  ['program as a number', () => engine.loadProgram(42), 'invalid_argument'],
  ['program as undefined', () => engine.loadProgram(undefined), 'invalid_argument'],
  ['malformed log JSON', () => classic.statement('[{"id": 1,'), 'json_syntax'],
  ['log of the wrong type', () => classic.statement('{"id": 1}'), 'wrong_type'],
  ['amount of the wrong type', () => classic.statement([{ ...good[0], amount: true }]), 'wrong_type'],
  ['huge amount', () => classic.statement([{ ...good[0], amount: '1e400' }]), 'amount_out_of_range'],
  ['huge integer amount', () => classic.statement('[{"id":"t","customer":"c","date":"2026-01-01","amount":123456789012345678901234567890}]'), 'amount_out_of_range'],
  ['impossible date', () => classic.statement([{ ...good[0], date: '2026-02-30' }]), 'invalid_date'],
  ['a 10 MB string as a log', () => classic.statement(tenMegabytes), 'csv_header'],
  ['a 10 MB customer id in a bad row', () => classic.statement([{ ...good[0], customer: tenMegabytes, amount: 'x' }]), 'invalid_amount'],
  ['a 10 MB program id', () => engine.loadProgram({ id: tenMegabytes, currency: 'usd', earn: [] }), 'invalid_value'],
  ['deep nesting', () => classic.statement(deep), 'json_too_deep'],
  ['deep nesting in a program', () => engine.loadProgram(`{"_x": ${deep}}`), 'json_too_deep'],
  ['invalid UTF-8 in JSON', () => classic.statement(invalidUtf8), 'json_syntax'],
  ['invalid UTF-8 in CSV', () => classic.statement(invalidUtf8Csv), 'invalid_utf8'],
  ['wrong CSV header', () => classic.statement('when,who\n'), 'csv_header'],
  ['transactions as a number', () => classic.statement(12), 'invalid_argument'],
  ['transactions as null', () => classic.statement(null), 'invalid_argument'],
  ['options as a string', () => classic.statement(good, 'from'), 'invalid_argument'],
  ['month as a number', () => classic.statement(good, { from: 202601 }), 'invalid_argument'],
  ['customer as a number', () => demo.balance([], 7, '2026-01-01'), 'invalid_argument'],
  ['customer empty', () => demo.balance([], '', '2026-01-01'), 'invalid_argument'],
  ['asOf as a number', () => demo.balance([], 'c', 20260101), 'invalid_argument'],
  ['asOf an invalid Date', () => demo.balance([], 'c', new Date('nope')), 'invalid_argument'],
  ['asOf malformed', () => demo.balance([], 'c', '01/02/2026'), 'invalid_date'],
  ['cart as a function', () => demo.simulate([], 'c', () => 1, '2026-01-01'), 'invalid_argument'],
  ['cart without items or amount', () => demo.simulate([], 'c', {}, '2026-01-01'), 'missing_field'],
  ['unknown event type', () => demo.balance([{ id: 'e', type: 'gift', customer: 'c', date: '2026-01-01' }], 'c', '2026-01-01'), 'invalid_value'],
  ['points near int64 in an adjustment', () => demo.balance([{ id: 'e', type: 'adjustment', customer: 'c', date: '2026-01-01', points: 9.3e18 }], 'c', '2026-01-01'), 'invalid_value'],
  ['metrics of garbage', () => demo.metrics('\u0000\u0001'), 'csv_header'],
];

for (const [name, call, code] of catalogue) {
  test(`bad input: ${name} -> ${code}`, () => {
    assert.throws(call, (error) => {
      assert.ok(error instanceof LoyaltyError, `${name}: ${error}`);
      assert.equal(error.code, code, `${name}: ${error.message}`);
      assert.ok(error.message.length < 2000, 'messages stay short whatever the input');
      return true;
    });
    stillCorrect();
  });
}

test('10,000 failing calls do not grow memory', () => {
  const failing = [
    () => classic.statement('[{"id": 1,'),
    () => classic.statement([{ ...good[0], date: '2026-02-30' }]),
    () => engine.loadProgram('{"id":'),
    () => demo.balance('[{"id":"e","type":"refund","customer":"c","date":"2026-01-01"}]', 'c', '2026-01-02'),
    () => demo.simulate([], 'c', { amount: 'x' }, '2026-01-01'),
  ];
  for (let i = 0; i < 500; i++) assert.throws(failing[i % failing.length]);  // warm up
  const before = engine.memory();
  for (let i = 0; i < 10000; i++) assert.throws(failing[i % failing.length], LoyaltyError);
  const after = engine.memory();
  assert.equal(after.heap, before.heap, 'the linear memory did not grow');
  assert.ok(after.allocated <= before.allocated + 4096, `allocated ${before.allocated} -> ${after.allocated}`);
  stillCorrect();
});

test('10,000 loaded and disposed programs do not grow memory', () => {
  const text = read('core/programs/demo.json');
  for (let i = 0; i < 200; i++) engine.loadProgram(text).dispose();
  const before = engine.memory();
  for (let i = 0; i < 10000; i++) engine.loadProgram(text).dispose();
  const after = engine.memory();
  assert.equal(after.heap, before.heap);
  assert.ok(after.allocated <= before.allocated + 4096, `allocated ${before.allocated} -> ${after.allocated}`);
});
