// A shop's own export read without preprocessing: each fixture's statement
// was worked out by hand (tests/fixtures/exports/README.md) and is compared
// with what `loyalty statement` prints. Run by ctest with LOYALTY_CLI and
// LOYALTY_ROOT set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = process.env.LOYALTY_CLI;
const root = process.env.LOYALTY_ROOT;
assert.ok(cli && root, 'LOYALTY_CLI and LOYALTY_ROOT must be set');
const classic = join(root, 'core/programs/classic.json');
const exports = join(root, 'tests/fixtures/exports');
const scratch = mkdtempSync(join(tmpdir(), 'loyalty-exports-'));

function run(args) {
  const result = spawnSync(cli, ['statement', '--program', classic, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function statement(args) {
  const result = run(args);
  assert.equal(result.status, 0, result.stderr);
  return { ...JSON.parse(result.stdout), stderr: result.stderr };
}

function write(name, text) {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

// The statement compared with the hand-computed one: customers, months and
// totals exactly; the reading's counts and the warnings' codes.
function assertMatches(actual, expectedName) {
  const expected = JSON.parse(readFileSync(join(exports, expectedName), 'utf8'));
  assert.deepEqual(actual.customers.map(({ customer, months, total, spend }) => ({ customer, months, total, spend })),
    expected.customers);
  const { mapping, ...counts } = actual.reading;
  const { preset, ...expectedCounts } = expected.reading;
  assert.equal(mapping.preset, preset);
  for (const [key, value] of Object.entries(expectedCounts)) assert.equal(counts[key], value, key);
  assert.deepEqual(actual.warnings.map((w) => w.code), expected.warnings);
}

test('a Shopify orders export is recognised from its header and read with no options', () => {
  const result = statement([join(exports, 'shopify-orders.csv')]);
  assertMatches(result, 'shopify-orders.expected.json');
  assert.equal(result.reading.mapping.guessed, true);
  assert.equal(result.reading.mapping.columns.amount, 'Subtotal');
  assert.match(result.stderr, /as a Shopify orders export \(recognised from its header\)/);
});

test('a WooCommerce export: a refund row claws back the points of the purchase it returns', () => {
  assertMatches(statement([join(exports, 'woocommerce-orders.csv')]), 'woocommerce-orders.expected.json');
});

test('a line-item export: invoices summed exactly, cancellations and negative lines refunded', () => {
  assertMatches(statement([join(exports, 'line-items.csv')]), 'line-items.expected.json');
});

test('--returns ignore skips returns and counts them', () => {
  assertMatches(statement(['--returns', 'ignore', join(exports, 'line-items.csv')]),
    'line-items-returns-ignored.expected.json');
});

test('--columns with --date-format, --mapping FILE and --preset read the export identically', () => {
  const byPreset = statement(['--preset', 'line-items', join(exports, 'line-items.csv')]);
  const byMapping = statement(['--mapping', join(exports, 'line-items.mapping.json'), join(exports, 'line-items.csv')]);
  const byColumns = statement(['--columns', 'id=InvoiceNo,customer=CustomerID,date=InvoiceDate,quantity=Quantity,price=UnitPrice',
    '--date-format', 'MM/DD/YYYY HH:mm', '--mapping', write('prefix.json', '{"cancellation_prefix": "C"}'),
    join(exports, 'line-items.csv')]);
  assert.deepEqual(byMapping.customers, byPreset.customers);
  assert.deepEqual(byColumns.customers, byPreset.customers);
  assert.equal(byPreset.reading.mapping.guessed, false);
  assert.equal(byColumns.reading.mapping.preset, null);
  assert.equal(byPreset.stderr, '', 'a mapping asked for is not announced');
});

test('--explain prints every mapped column and how the rows were read', () => {
  const result = statement(['--explain', join(exports, 'line-items.csv')]);
  for (const line of ['id        <- "InvoiceNo"', 'price     <- "UnitPrice"', 'date format: MM/DD/YYYY HH:mm',
    'returns: refund (ids starting with "C" are cancellations)',
    'rows: 12; 4 orders from 8 line items; 3 return rows made 2 refunds (27.50 USD matched no earlier purchase); 1 guest row skipped']) {
    assert.ok(result.stderr.includes(line), `${line}\n---\n${result.stderr}`);
  }
  const plain = statement(['--explain', join(root, 'core/samples/three-months.csv')]);
  assert.match(plain.stderr, /is a plain log .* no column mapping was needed/);
  assert.equal(plain.reading, undefined);
});

test('a plain log is still read by the plain reader, with its duplicate warnings', () => {
  const result = statement([join(root, 'core/samples/three-months.csv')]);
  assert.equal(result.reading, undefined);
  assert.equal(result.stderr, '');
});

test('a mapping that does not fit, a date that does not fit and a price with too many decimals are located errors', () => {
  const lines = join(exports, 'line-items.csv');
  const cases = [
    [['--columns', 'id=InvoiceNo,customer=Customer,date=InvoiceDate,amount=UnitPrice', lines],
      /line-items\.csv:1: the header lacks the column "Customer" mapped to customer \(found InvoiceNo,StockCode,/],
    [['--preset', 'line-items', '--date-format', 'YYYY-MM-DD', lines],
      /line-items\.csv:2: column "InvoiceDate" \(date\): date "12\/1\/2010 8:26" does not fit the date format "YYYY-MM-DD" \[invalid_date\]/],
    [['--columns', 'id=InvoiceNo,customer=CustomerID,date=InvoiceDate,amount=UnitPrice,quantity=Quantity', lines],
      /map either amount \(an order total\) or quantity and price/],
    [['--columns', 'id=InvoiceNo,shop=Country', lines], /"shop" is not a field/],
    [['--date-format', 'DD/QQ/YYYY', lines], /"Q" in "DD\/QQ\/YYYY" is not a token/],
    [['--preset', 'magento', lines], /"magento" is not a preset \(presets: shopify, woocommerce, line-items\)/],
    [['--preset', 'shopify', lines], /line-items\.csv:1: this is not a Shopify orders export: .* id: "Name"/],
    [['--returns', 'keep', lines], /--returns: expected refund or ignore/],
    [[write('decimals.csv', 'InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,1/2/2026 10:00,1.50,c1\n2,1,1/2/2026 10:00,1.855,c1\n')],
      /decimals\.csv:3: column "UnitPrice" \(price\): amount "1\.855" has more than 2 decimal places/],
    [[write('month.csv', 'InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,13/2/2026 10:00,1.50,c1\n')],
      /month\.csv:2: column "InvoiceDate" \(date\): date "13\/2\/2026 10:00" has no month 13/],
    [[write('quantity.csv', 'InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2.5,1/2/2026 10:00,1.50,c1\n')],
      /quantity\.csv:2: column "Quantity" \(quantity\): "2\.5" is not a whole number of units/],
    [[write('owner.csv', 'InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,1/2/2026 10:00,1.50,c1\n1,1,1/2/2026 10:00,1.50,c2\n')],
      /owner\.csv:3: column "CustomerID" \(customer\): order "1" belongs to "c1" \(line 2\); this row names "c2"/],
    [[write('unknown.csv', 'a,b,c\n1,2,3\n')],
      /unknown\.csv:1: the header lacks the column "id" \(expected id,customer,date,amount; found a,b,c\); for a shop's own export, map its columns with --columns or name a preset/],
    [['--columns', 'id=a', write('partial.csv', 'a,b,c\n1,2,3\n')],
      /partial\.csv:1: no column is mapped to customer, date, amount \(or quantity and price\) \(found a,b,c\); map them with --columns/],
    [['--columns', 'id=a', join(root, 'core/samples/demo-events.json')], /a column mapping reads CSV exports; this log is JSON/],
  ];
  for (const [args, message] of cases) {
    const result = run(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, message);
  }
});

test('an order total repeated on each line row counts once; a different one is an error', () => {
  const repeated = write('repeated.csv', 'Order,Email,Date,Total\nA1,x@example.com,2026-01-05,150.00\nA1,x@example.com,2026-01-05,150.00\n');
  const result = statement(['--columns', 'id=Order,customer=Email,date=Date,amount=Total', repeated]);
  assert.deepEqual(result.customers[0].months, [{ month: '2026-01', points: 150, transactions: 1, spend: '150.00' }]);
  const differing = write('differing.csv', 'Order,Email,Date,Total\nA1,x@example.com,2026-01-05,150.00\nA1,x@example.com,2026-01-05,90.00\n');
  const failed = run(['--columns', 'id=Order,customer=Email,date=Date,amount=Total', differing]);
  assert.equal(failed.status, 2);
  assert.match(failed.stderr, /differing\.csv:3: column "Total" \(amount\): order "A1" was already given the amount 150\.00 \(line 2\)/);
});

test('12-hour clocks and offsets: the date as written decides the month', () => {
  // 11:30 PM at -05:00 on 31 January is 1 February in UTC, and still January's.
  const log = write('clock.csv', 'Order,Email,When,Total\nA1,x@example.com,01/31/2026 11:30 PM -05:00,60.00\nA2,x@example.com,02/01/2026 12:05 AM +01:00,70.00\n');
  const columns = ['--columns', 'id=Order,customer=Email,date=When,amount=Total'];
  const result = statement([...columns, '--date-format', 'MM/DD/YYYY hh:mm A Z', log]);
  assert.deepEqual(result.customers[0].months.map((m) => [m.month, m.points]), [['2026-01', 10], ['2026-02', 20]]);
  const bad = run([...columns, '--date-format', 'MM/DD/YYYY hh:mm A', log]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /clock\.csv:2: .*does not fit the date format "MM\/DD\/YYYY hh:mm A"/);
  const noon = run([...columns, '--date-format', 'MM/DD/YYYY HH:mm A', log]);
  assert.match(noon.stderr, /a 12-hour clock \(hh\) goes with AM\/PM \(A\)/);
});
