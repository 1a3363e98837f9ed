// The loyalty CLI as a batch job sees it: exit codes, output shape, messages.
// Run by ctest with LOYALTY_CLI, LOYALTY_GENERATE_LOG and LOYALTY_ROOT set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = process.env.LOYALTY_CLI;
const generator = process.env.LOYALTY_GENERATE_LOG;
const root = process.env.LOYALTY_ROOT;
assert.ok(cli && generator && root, 'LOYALTY_CLI, LOYALTY_GENERATE_LOG and LOYALTY_ROOT must be set');
const classic = join(root, 'core/programs/classic.json');
const fixtures = join(root, 'tests/fixtures/classic');
const scratch = mkdtempSync(join(tmpdir(), 'loyalty-cli-'));

function run(args, input) {
  const result = spawnSync(cli, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function statement(args, input) {
  const result = run(['statement', '--program', classic, ...args], input);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout);
}

function write(name, text) {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

function toCsv(transactions) {
  const quote = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return ['id,customer,date,amount', ...transactions.map((t) =>
    [t.id, t.customer, t.date, t.amount].map(quote).join(','))].join('\n') + '\n';
}

test('--help and statement --help print usage and exit 0', () => {
  const main = run(['--help']);
  assert.equal(main.status, 0);
  assert.match(main.stdout, /loyalty statement --program FILE/);
  const sub = run(['statement', '--help']);
  assert.equal(sub.status, 0);
  assert.match(sub.stdout, /--from YYYY-MM/);
  assert.match(sub.stdout, /--to YYYY-MM/);
});

test('usage errors exit 2 with a hint and nothing on stdout', () => {
  for (const args of [[], ['frobnicate'], ['statement'], ['statement', 'x.json'],
    ['statement', '--program', classic], ['statement', '--program', classic, '--bogus', 'x'],
    ['statement', '--program', classic, '--from', '2026-13', '-'],
    ['statement', '--program', classic, '--from', '2026-03', '--to', '2026-01', '-'],
    ['statement', '--program', classic, 'a.json', 'b.json']]) {
    const result = run(args, '[]');
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '', args.join(' '));
    assert.ok(result.stderr.length > 0, args.join(' '));
  }
});

test('output has the fixed shape', () => {
  const log = write('shape.json', JSON.stringify([
    { id: 'a', customer: 'c1', date: '2026-01-09', amount: 120 },
    { id: 'b', customer: 'c0', date: '2026-02-01T23:30:00-05:00', amount: '101.01' },
  ]));
  const out = statement([log]);
  assert.deepEqual(out.customers.map((c) => c.customer), ['c0', 'c1']);
  assert.deepEqual(out.customers[1].months.map(({ month, points }) => ({ month, points })),
    [{ month: '2026-01', points: 90 }]);
  assert.equal(out.customers[1].total, 90);
  assert.equal(out.customers[0].months[0].month, '2026-02');
  assert.equal(out.customers[0].total, 52);
  assert.deepEqual(out.warnings, []);
});

test('agrees with every figure of the three reference data sets, as JSON and as CSV', () => {
  const sets = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory());
  assert.equal(sets.length, 3);
  for (const set of sets) {
    const dir = join(fixtures, set.name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    const jsonLog = join(dir, 'transactions.json');
    const csvLog = write(`${set.name}.csv`, toCsv(JSON.parse(readFileSync(jsonLog, 'utf8'))));
    for (const want of expected.statements) {
      const range = [...(want.from ? ['--from', want.from] : []), ...(want.to ? ['--to', want.to] : [])];
      const fromJson = statement([...range, jsonLog]);
      const fromCsv = statement([...range, csvLog]);
      assert.deepEqual(fromCsv.customers, fromJson.customers, set.name);
      assert.equal(fromJson.customers.length, want.customer_count, `${set.name} ${range}`);
      for (const [id, figures] of Object.entries(want.customers)) {
        const got = fromJson.customers.find((c) => c.customer === id);
        assert.ok(got, `${set.name}: ${id} missing`);
        assert.equal(got.total, figures.total, `${set.name} ${id} total`);
        assert.equal(got.months.length, figures.months_count, `${set.name} ${id} months`);
        for (const [month, points] of Object.entries(figures.months)) {
          assert.equal(got.months.find((m) => m.month === month)?.points, points, `${set.name} ${id} ${month}`);
        }
      }
    }
    // Single purchases, one customer each, through the whole CLI path.
    const singles = expected.per_transaction.map((row, i) =>
      ({ id: `p${i}`, customer: `p${String(i).padStart(3, '0')}`, date: '2026-01-15', amount: row.amount }));
    if (singles.length) {
      const out = statement([write(`${set.name}-singles.json`, JSON.stringify(singles))]);
      expected.per_transaction.forEach((row, i) =>
        assert.equal(out.customers[i].total, row.points, `${set.name}: ${row.amount}`));
    }
  }
});

test('reads from stdin and detects the format by content', () => {
  const rows = [{ id: '1', customer: 'c', date: '2026-03-03', amount: '150.00' }];
  const fromJson = statement(['-'], JSON.stringify(rows));
  const fromCsv = statement(['-'], toCsv(rows));
  assert.equal(fromJson.customers[0].total, 150);
  assert.deepEqual(fromCsv.customers, fromJson.customers);
  const noExtension = write('log.txt', toCsv(rows));
  assert.equal(statement([noExtension]).customers[0].total, 150);
});

test('a CSV file read a block at a time gives what the same log on stdin gives', () => {
  // Over a megabyte, so the file comes in several blocks with rows cut
  // between them. stdin is read whole, the path every log took before.
  const generated = spawnSync(generator, ['--transactions', '60000', '--customers', '3000', '--seed', '11', '--format', 'csv'],
    { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  assert.ok(generated.length > 1.5 * (1 << 20));
  const lines = generated.split('\n');
  const late = Math.floor(lines.length * 0.9);
  const variants = {
    clean: generated,
    // Each makes the block reader give up after its first megabyte; the
    // whole file is then read as before.
    'a quoted field late in the file': lines.map((l, i) => (i === late ? l.replace(/,([^,]*),/, ',"$1",') : l)).join('\n'),
    'an id repeated late in the file': `${generated}${lines[1]}\n`,
    'a malformed row late in the file': lines.map((l, i) => (i === late ? `${l.split(',').slice(0, 3).join(',')},12.345` : l)).join('\n'),
  };
  for (const [name, text] of Object.entries(variants)) {
    const path = write(`blocks-${name.replaceAll(' ', '-')}.csv`, text);
    for (const range of [[], ['--from', '2025-04', '--to', '2025-09']]) {
      const fromFile = run(['statement', '--program', classic, ...range, path]);
      const fromStdin = run(['statement', '--program', classic, ...range, '-'], text);
      assert.equal(fromFile.status, fromStdin.status, `${name}: ${fromFile.stderr}`);
      assert.equal(fromFile.stdout, fromStdin.stdout.replaceAll('<stdin>', path), name);
      assert.equal(fromFile.stderr, fromStdin.stderr.replaceAll('<stdin>', path), name);
    }
  }
  assert.match(run(['statement', '--program', classic, join(scratch, 'blocks-an-id-repeated-late-in-the-file.csv')]).stdout,
    /duplicate_transaction/);
});

test('a month range filters and zero-fills', () => {
  const log = write('range.csv', toCsv([
    { id: '1', customer: 'c', date: '2025-12-31', amount: 500 },
    { id: '2', customer: 'c', date: '2026-02-10', amount: 120 },
  ]));
  const out = statement(['--from', '2026-01', '--to', '2026-03', log]);
  assert.deepEqual(out.customers[0].months.map((m) => [m.month, m.points]),
    [['2026-01', 0], ['2026-02', 90], ['2026-03', 0]]);
  assert.equal(out.customers[0].total, 90);
  assert.equal(out.from, '2026-01');
  assert.equal(out.to, '2026-03');
});

test('a repeated transaction id counts once and is reported', () => {
  const log = write('dupes.csv', 'id,customer,date,amount\nt1,c,2026-01-01,120\nt1,c,2026-01-01,120\n');
  const out = statement([log]);
  assert.equal(out.customers[0].total, 90);
  assert.equal(out.warnings.length, 1);
  assert.equal(out.warnings[0].code, 'duplicate_transaction');
  assert.equal(out.warnings[0].where, `${log}:3`);
});

const badInputs = [
  ['malformed JSON', 'bad.json', '[{"id":"1",,}]', /bad\.json: \[0\].*parse error/],
  ['truncated JSON', 'cut.json', '[{"id":"1","customer":"c","date":"2026-01-01","amount":1', /cut\.json.*unexpected end of input/],
  ['wrong type', 'type.json', '[{"id":"1","customer":"c","date":"2026-01-01","amount":true}]', /type\.json: \[0\]\.amount: expected a number/],
  ['missing field', 'missing.json', '[{"id":"1","customer":"c","amount":1}]', /missing\.json: \[0\]\.date: is required/],
  ['impossible date (JSON)', 'date.json', '[{"id":"1","customer":"c","date":"2026-02-30","amount":1}]', /date\.json: \[0\]\.date: date "2026-02-30" does not exist/],
  ['impossible date (CSV)', 'date.csv', 'id,customer,date,amount\n1,c,2026-01-01,1\n2,c,2026-02-30,1\n', /date\.csv:3: column date: date "2026-02-30" does not exist/],
  ['non-numeric amount', 'amount.csv', 'id,customer,date,amount\n1,c,2026-01-01,12.5x\n', /amount\.csv:2: column amount: .*"12\.5x" is not a decimal/],
  ['huge amount', 'huge.json', '[{"id":"1","customer":"c","date":"2026-01-01","amount":1e300}]', /huge\.json: \[0\]\.amount: .*too large/],
  ['pathological nesting', 'deep.json', '['.repeat(100000) + ']'.repeat(100000), /deep\.json: .*nested deeper than 64/],
  ['wrong CSV header', 'header.csv', 'when,who,what\n', /header\.csv:1: the header lacks the column "id"/],
  ['short row', 'short.csv', 'id,customer,date,amount\n1,c,2026-01-01,1\n2,c,2026-01-01\n', /short\.csv:3: expected 4 fields as in the header, found 3/],
  ['unclosed quote', 'quote.csv', 'id,customer,date,amount\n1,"c,2026-01-01,1\n', /quote\.csv:2: a quoted field is never closed/],
];

for (const [name, file, content, message] of badInputs) {
  test(`bad input: ${name} exits 2, names the place, prints nothing on stdout`, () => {
    const result = run(['statement', '--program', classic, write(file, content)]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, message);
  });
}

test('a bad program is reported with its JSON path', () => {
  const program = write('program.json', JSON.stringify({
    id: 'p', currency: 'USD',
    earn: [{ type: 'spend_bands', id: 'r', bands: [{ above: 50, points_per_unit: 'two' }] }],
  }));
  const result = run(['statement', '--program', program, '-'], '[]');
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /program\.json: earn\[0\]\.bands\[0\]\.points_per_unit/);
});

test('a missing file is reported by name', () => {
  const result = run(['statement', '--program', classic, join(scratch, 'nope.csv')]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /nope\.csv: cannot open/);
});

test('a directory given as a log or a program is an io error, not a crash', () => {
  for (const args of [['statement', '--program', classic, scratch], ['statement', '--program', scratch, classic]]) {
    const result = run(args);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /is a directory, not a file \[io\]/);
  }
});

// An independent, straightforward implementation of the classic rule: exact
// cents from the decimal text, truncated to whole dollars, marginal bands.
function classicPoints(amount) {
  const [whole] = String(amount).split('.');
  const dollars = Number(whole);
  if (dollars <= 50) return 0;
  return Math.min(dollars, 100) - 50 + 2 * Math.max(dollars - 100, 0);
}

test('a generated 20,000-row log matches an independent computation', () => {
  const result = spawnSync(generator, ['--transactions', '20000', '--customers', '500', '--seed', '7',
    '--from', '2025-11', '--months', '3'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(result.status, 0);
  const lines = result.stdout.trim().split('\n').slice(1);
  assert.equal(lines.length, 20000);
  const expected = new Map();
  for (const line of lines) {
    const [, customer, date, amount] = line.split(',');
    const key = `${customer} ${date.slice(0, 7)}`;
    expected.set(key, (expected.get(key) ?? 0) + classicPoints(amount));
  }
  const out = statement([write('generated.csv', result.stdout)]);
  let checked = 0;
  for (const customer of out.customers) {
    for (const month of customer.months) {
      assert.equal(month.points, expected.get(`${customer.customer} ${month.month}`), `${customer.customer} ${month.month}`);
      checked += 1;
    }
    assert.equal(customer.total, customer.months.reduce((sum, m) => sum + m.points, 0));
  }
  assert.equal(checked, expected.size);
  assert.deepEqual(out.customers.map((c) => c.customer), [...out.customers.map((c) => c.customer)].sort());
});
