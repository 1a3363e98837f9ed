// Every API result equals the native CLI's output, to the point: on the
// golden fixtures and on randomized programs and histories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, createEngine, randomEvents, randomProgram, randomPurchaseBody, read, rng, root, writeTemp } from './support.mjs';

const engine = await createEngine();

// The CLI's result with its file paths renamed to the API's document names
// (the CLI names files in warnings; the API names the argument).
function native(args, names = {}) {
  const result = cli(args);
  assert.ok(!result.failed, `CLI failed: ${result.stderr}`);
  let text = JSON.stringify(result);
  for (const [path, name] of Object.entries(names)) text = text.replaceAll(JSON.stringify(path).slice(1, -1), name);
  return JSON.parse(text);
}

const decimal = (total) => `${Math.trunc(total / 100)}.${String(total % 100).padStart(2, '0')}`;
const cents = (price) => {
  const [whole, fraction = ''] = String(price).split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

test('golden fixtures: statements equal the CLI, with and without month ranges', () => {
  const classicPath = join(root, 'core/programs/classic.json');
  const classic = engine.loadProgram(read('core/programs/classic.json'));
  const dir = join(root, 'tests/fixtures/classic');
  const sets = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  assert.equal(sets.length, 3);
  for (const set of sets) {
    const log = join(dir, set.name, 'transactions.json');
    const expected = JSON.parse(read(`tests/fixtures/classic/${set.name}/expected.json`));
    for (const want of expected.statements) {
      const range = [...(want.from ? ['--from', want.from] : []), ...(want.to ? ['--to', want.to] : [])];
      const options = { from: want.from ?? undefined, to: want.to ?? undefined };
      assert.deepEqual(classic.statement(read(`tests/fixtures/classic/${set.name}/transactions.json`), options),
        native(['statement', '--program', classicPath, ...range, log], { [log]: 'transactions' }), `${set.name} ${range}`);
    }
  }
});

test('the demo program: balance, simulate, metrics and ways to earn equal the CLI', () => {
  const program = join(root, 'core/programs/demo.json');
  const events = join(root, 'core/samples/demo-events.json');
  const demo = engine.loadProgram(read('core/programs/demo.json'));
  const text = read('core/samples/demo-events.json');
  const names = { [events]: 'events' };
  for (const customer of ['ada', 'bruno', 'chen', 'nobody']) {
    for (const asOf of ['2026-01-04', '2026-02-15', '2026-04-30', '2027-06-01']) {
      assert.deepEqual(demo.balance(text, customer, asOf),
        native(['balance', '--program', program, '--events', events, '--customer', customer, '--as-of', asOf], names),
        `${customer} ${asOf}`);
    }
  }
  const cart = JSON.stringify({ id: 'o-77', items: [{ sku: 'JKT', price: '180.00', category: 'outerwear' }] });
  assert.deepEqual(demo.simulate(text, 'ada', cart, '2026-04-30'),
    native(['simulate', '--program', program, '--events', events, '--customer', 'ada', '--as-of', '2026-04-30', '--cart', cart], names));
  assert.deepEqual(demo.metrics(text), native(['metrics', '--program', program, events], names));
  assert.deepEqual(demo.waysToEarn(), native(['ways-to-earn', '--program', program]));
});

test("rewards: the engine API and an open ledger give the CLI's answer, with and without a cart", () => {
  const program = join(root, 'core/programs/demo.json');
  const events = join(root, 'core/samples/demo-events.json');
  const demo = engine.loadProgram(read('core/programs/demo.json'));
  const text = read('core/samples/demo-events.json');
  const names = { [events]: 'events' };
  const carts = [undefined, { amount: '20.00' }, { items: [{ sku: 'JKT', price: '180.00', quantity: 2 }] }];
  for (const customer of ['ada', 'bruno', 'chen', 'nobody']) {
    for (const asOf of ['2026-01-04', '2026-04-30']) {
      for (const cart of carts) {
        for (const points of [undefined, 200, 150]) {
          const args = ['rewards', '--program', program, '--events', events, '--customer', customer, '--as-of', asOf,
            ...(cart ? ['--cart', JSON.stringify(cart)] : []), ...(points ? ['--points', String(points)] : [])];
          const expected = native(args, names);
          assert.deepEqual(demo.rewards(text, customer, { asOf, cart, points }), expected, args.join(' '));
          const ledger = demo.openLedger(customer);
          ledger.append(JSON.parse(text).filter((e) => e.customer === customer && e.date.slice(0, 10) <= asOf));
          assert.deepEqual(ledger.rewards({ asOf, cart, points }), expected, `open ledger: ${args.join(' ')}`);
          ledger.dispose();
        }
      }
    }
  }
});

test('randomized programs and histories: every result equals the CLI', () => {
  const r = rng(4242);
  for (let n = 0; n < 120; n++) {
    const programJson = JSON.stringify(randomProgram(r));
    const events = randomEvents(r);
    const programPath = writeTemp('program.json', programJson);
    const eventsPath = writeTemp('events.json', JSON.stringify(events));
    const names = { [eventsPath]: 'events' };
    const program = engine.loadProgram(programJson);
    const asOf = new Date(Date.UTC(2026, 0, 1) + r.range(0, 450) * 86400000).toISOString().slice(0, 10);
    const context = `case ${n}: ${programJson}\n${JSON.stringify(events)}\nas of ${asOf}`;

    assert.deepEqual(program.balance(events, 'c', asOf),
      native(['balance', '--program', programPath, '--events', eventsPath, '--customer', 'c', '--as-of', asOf], names), context);

    const cart = { id: `cart-${n}`, ...randomPurchaseBody(r) };
    const simulation = native(['simulate', '--program', programPath, '--events', eventsPath, '--customer', 'c', '--as-of', asOf,
      '--cart', JSON.stringify(cart)], names);
    assert.deepEqual(program.simulate(events, 'c', cart, asOf), simulation, context);
    // An open ledger gives the same simulation without a replay (its warnings
    // name positions in what was appended, not in the file).
    const ledger = program.openLedger('c');
    ledger.append(events.filter((e) => e.customer === 'c' && e.date.slice(0, 10) <= asOf));
    assert.deepEqual({ ...ledger.simulate(cart, asOf), warnings: [] }, { ...simulation, warnings: [] }, `open ledger: ${context}`);
    ledger.dispose();

    assert.deepEqual(program.metrics(events, { asOf }),
      native(['metrics', '--program', programPath, '--as-of', asOf, eventsPath], names), context);

    // Statements read the transaction shape: purchases with their totals.
    const purchases = events.filter((e) => !e.type).map(({ id, customer, date, amount, items }) => ({
      id, customer, date,
      amount: amount ?? decimal(items.reduce((sum, i) => sum + cents(i.price) * i.quantity, 0)),
    }));
    const purchasesPath = writeTemp('purchases.json', JSON.stringify(purchases));
    assert.deepEqual(program.statement(purchases),
      native(['statement', '--program', programPath, purchasesPath], { [purchasesPath]: 'transactions' }), context);
    program.dispose();
  }
});
