// Purchases paid in other currencies through the CLI: every figure is the
// hand computation in tests/fixtures/currencies/README.md. Run by ctest
// with LOYALTY_CLI and LOYALTY_ROOT set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cli = process.env.LOYALTY_CLI;
const root = process.env.LOYALTY_ROOT;
assert.ok(cli && root, 'LOYALTY_CLI and LOYALTY_ROOT must be set');
const fixtures = join(root, 'tests/fixtures/currencies');
const program = join(fixtures, 'program.json');

function loyalty(args) {
  const result = spawnSync(cli, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('a statement earns on each purchase converted at the rate of its date', () => {
  const statement = loyalty(['statement', '--program', program, join(fixtures, 'purchases.json')]);
  assert.deepEqual(statement.customers.map(({ customer, months }) => ({ customer, months })), [
    { customer: 'ada', months: [{ month: '2026-03', points: 228, transactions: 3, spend: '229.31' }] },
    { customer: 'bo', months: [{ month: '2026-07', points: 110, transactions: 1, spend: '110.00' }] },
  ]);
});

test('a refund in the purchase\'s currency takes back its share at the purchase\'s rate', () => {
  const events = join(fixtures, 'events.json');
  const balance = loyalty(['balance', '--program', program, '--events', events, '--customer', 'bo', '--as-of', '2026-08-31']);
  assert.equal(balance.available, 55);
  assert.equal(balance.clawed_back, 55);
  assert.deepEqual(balance.entries.map((e) => [e.points, e.message]), [
    [110, 'paid 100.00 EUR, 110.00 USD'],
    [-55, 'refund of 50.00 EUR on purchase "e2"'],
  ]);
  const metrics = loyalty(['metrics', '--program', program, '--as-of', '2026-08-31', events]);
  assert.equal(metrics.net_spend, '284.31');
});

test('a cart in the shopper\'s currency earns what its order will, and an unknown currency is refused', () => {
  const events = join(fixtures, 'events.json');
  const simulated = loyalty(['simulate', '--program', program, '--events', events, '--customer', 'ada',
    '--cart', '{"currency":"JPY","amount":"15000"}', '--as-of', '2026-03-12']);
  assert.equal(simulated.points, 100);
  assert.equal(simulated.eligible_spend, '100.50');
  const refused = spawnSync(cli, ['simulate', '--program', program, '--events', events, '--customer', 'ada',
    '--cart', '{"currency":"GBP","amount":"10.00"}', '--as-of', '2026-03-12'], { encoding: 'utf8' });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /currency: "GBP" is not converted: the program's currency is USD and it has exchange_rates for EUR, JPY/);
});

test('a shop\'s export in several currencies makes the same statement as the events', () => {
  const mapping = join(fixtures, 'export.mapping.json');
  const statement = loyalty(['statement', '--program', program, '--mapping', mapping, join(fixtures, 'export.csv')]);
  assert.deepEqual(statement.customers.map(({ customer, months }) => ({ customer, months })), [
    { customer: 'ada', months: [{ month: '2026-03', points: 228, transactions: 3, spend: '229.31' }] },
    { customer: 'bo', months: [{ month: '2026-07', points: 110, transactions: 1, spend: '110.00' },
      { month: '2026-08', points: -55, transactions: 0, spend: '-55.00' }] },
  ]);
  assert.deepEqual(statement.warnings, []);
  assert.equal(statement.reading.refunds, 1);
  assert.equal(statement.reading.unmatched_returns, '0.00');

  const header = 'Order,Customer,Date,SKU,Quantity,Price,Currency\n';
  const refuse = (csv, pattern) => {
    const result = spawnSync(cli, ['statement', '--program', program, '--mapping', mapping, '-'], { input: header + csv, encoding: 'utf8' });
    assert.equal(result.status, 2, result.stdout);
    assert.match(result.stderr, pattern);
  };
  refuse('G1,ada,2026-03-01,A,1,80.00,GBP\n', /:2: column "Currency" \(currency\): "GBP" is not converted/);
  refuse('M1,ada,2026-03-01,A,1,80.00,EUR\nM1,ada,2026-03-01,B,1,10.00,USD\n', /:3: .*order "M1" is in EUR \(line 2\); this row is in USD/);
});
