// The idiomatic API: inputs in every accepted form, plain-object results,
// typed errors, program reuse and disposal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cli, createEngine, LoyaltyError, dist, read, root, writeTemp } from './support.mjs';
import { join } from 'node:path';

const engine = await createEngine();
const classic = engine.loadProgram(read('core/programs/classic.json'));
const demo = engine.loadProgram(JSON.parse(read('core/programs/demo.json')));
const demoEvents = read('core/samples/demo-events.json');

test('loads programs from text or objects and describes them', () => {
  assert.equal(classic.id, 'classic');
  assert.equal(demo.name, 'Maple & Moss Rewards');
  assert.equal(demo.currency, 'USD');
  assert.match(engine.version, /^\d+\.\d+\.\d+$/);
});

test('a statement is the same from objects, JSON text, CSV text and UTF-8 bytes', () => {
  const rows = [
    { id: 't1', customer: 'ada', date: '2026-01-05', amount: 120 },
    { id: 't2', customer: 'bo', date: '2026-02-01T10:00:00Z', amount: '101.01' },
  ];
  const csv = 'id,customer,date,amount\nt1,ada,2026-01-05,120\nt2,bo,2026-02-01T10:00:00Z,101.01\n';
  const fromObjects = classic.statement(rows);
  assert.deepEqual(classic.statement(JSON.stringify(rows)), fromObjects);
  assert.deepEqual(classic.statement(csv).customers, fromObjects.customers);
  assert.deepEqual(classic.statement(new TextEncoder().encode(csv)).customers, fromObjects.customers);
  assert.deepEqual(classic.statement(new TextEncoder().encode(csv).buffer).customers, fromObjects.customers);
  assert.equal(fromObjects.customers[0].total, 90);
  assert.equal(fromObjects.customers[1].total, 52);
});

test('a statement from bytes (set into wasm memory in one step) answers and refuses as from text', () => {
  const outcome = (transactions) => {
    try {
      return classic.statement(transactions);
    } catch (error) {
      return `${error.code}: ${error.message}`;
    }
  };
  const bad = 'id,customer,date,amount\nt1,ada,2026-01-05,120\nt2,ada,2026-13-05,120\n';
  assert.match(outcome(new TextEncoder().encode(bad)), /^invalid_date: transactions:3: column date: /);
  assert.equal(outcome(new TextEncoder().encode(bad)), outcome(bad));
  assert.match(outcome(new Uint8Array()), /^csv_header: /);
  // Large enough that the answer outgrows the memory the call started with.
  let csv = 'id,customer,date,amount\n';
  for (let i = 0; i < 200000; i++) csv += `t${i},c${i % 7919},2026-0${1 + (i % 9)}-15,${i % 300}.50\n`;
  const fromBytes = outcome(new TextEncoder().encode(csv));
  assert.equal(fromBytes.customers.length, 7919);
  assert.deepEqual(fromBytes, outcome(csv));
});

test('statement options: a month range zero-fills', () => {
  const out = classic.statement([{ id: '1', customer: 'c', date: '2026-02-10', amount: 120 }], { from: '2026-01', to: '2026-03' });
  assert.deepEqual(out.customers[0].months.map((m) => [m.month, m.points]), [['2026-01', 0], ['2026-02', 90], ['2026-03', 0]]);
});

test('balance, simulate, waysToEarn and metrics return plain objects', () => {
  const balance = demo.balance(demoEvents, 'ada', '2026-04-30');
  assert.equal(balance.available, 1146);
  assert.equal(balance.tier.id, 'silver');
  const viaDate = demo.balance(JSON.parse(demoEvents), 'ada', new Date(Date.UTC(2026, 3, 30, 23)));
  assert.deepEqual(viaDate, balance);
  const sim = demo.simulate(demoEvents, 'ada', { id: 'o-1', items: [{ sku: 'JKT', price: '180.00', category: 'outerwear' }] }, '2026-04-30');
  assert.equal(sim.breakdown.reduce((sum, line) => sum + line.points, 0), sim.points);
  assert.ok(sim.points > 0);
  assert.equal(demo.waysToEarn().earn.length, 15);
  assert.equal(demo.metrics(demoEvents).customers, 3);
  assert.equal(demo.metrics(demoEvents, { asOf: '2026-01-31' }).customers, 1);  // only ada had bought by then
});

test('errors are LoyaltyError with a code and the path in the input', () => {
  const attempt = (fn) => { try { fn(); } catch (error) { return error; } assert.fail('no error'); };
  const syntax = attempt(() => engine.loadProgram('{"id": "p", "currency": "USD", "earn": [}'));
  assert.ok(syntax instanceof LoyaltyError);
  assert.equal(syntax.code, 'json_syntax');
  const field = attempt(() => engine.loadProgram({ id: 'p', currency: 'USD', earn: [{ type: 'per_unit', id: 'b', points_per_unit: 'x' }] }));
  assert.equal(field.code, 'invalid_amount');
  assert.equal(field.path, 'program: earn[0].points_per_unit');
  const date = attempt(() => classic.statement([{ id: '1', customer: 'c', date: '2026-02-30', amount: 1 }]));
  assert.equal(date.code, 'invalid_date');
  assert.equal(date.path, 'transactions: [0].date');
  const csv = attempt(() => classic.statement('id,customer,date,amount\n1,c,2026-01-01\n'));
  assert.equal(csv.code, 'csv_row');
  assert.equal(csv.path, 'transactions:2');
  const month = attempt(() => classic.statement([], { from: '2026-13' }));
  assert.equal(month.code, 'invalid_date');
  assert.equal(month.path, 'from');
  const asOf = attempt(() => demo.balance([], 'c', '2026-02-30'));
  assert.equal(asOf.path, 'asOf');
});

test('a disposed program refuses calls; others are unaffected', () => {
  const program = engine.loadProgram(read('core/programs/classic.json'));
  program.dispose();
  program.dispose();
  assert.throws(() => program.statement([]), (e) => e instanceof LoyaltyError && e.code === 'disposed');
  assert.equal(classic.statement([]).customers.length, 0);
});

test('loads with an explicit wasmBinary or locateFile', async () => {
  const bytes = readFileSync(join(dist, 'loyalty-engine.wasm'));
  const viaBinary = await createEngine({ wasmBinary: bytes });
  assert.equal(viaBinary.loadProgram(read('core/programs/classic.json')).id, 'classic');
  const seen = [];
  await assert.rejects(createEngine({ locateFile: (name) => { seen.push(name); return join(root, 'nowhere', name); } }));
  assert.deepEqual(seen, ['loyalty-engine.wasm']);
});

test('an open ledger gives the balance a replay gives, appending only what is new', () => {
  const events = JSON.parse(demoEvents);
  const customer = events[0].customer;
  const mine = events.filter((e) => e.customer === customer);
  const asOf = '2026-04-30';
  const replay = demo.balance(mine, customer, asOf);
  const ledger = demo.openLedger(customer);
  const half = Math.floor(mine.length / 2);
  // Halves in ledger order: the replay's own entries say what that order is.
  const order = new Map(replay.entries.map((e, i) => [e.event, i]));
  const sorted = [...mine].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const first = ledger.append(sorted.slice(0, half));
  const second = ledger.append(JSON.stringify(sorted.slice(half)));
  assert.ok(first.entries.length > 0 && second.entries.length > 0);
  const open = ledger.balance(asOf, { entries: true });
  assert.deepEqual({ ...open, warnings: [] }, { ...replay, warnings: [] });
  assert.deepEqual(ledger.balance(asOf).entries, []);
  ledger.dispose();
  assert.throws(() => ledger.balance(asOf), { code: 'disposed' });
});

test('an open ledger refuses the past and bad input, and stays usable', () => {
  const program = engine.loadProgram(read('core/programs/demo.json'));
  const ledger = program.openLedger('ada');
  program.dispose();  // the ledger keeps the program alive
  ledger.append([{ id: 'o1', customer: 'ada', date: '2026-03-01', amount: '100.00' }]);
  assert.equal(ledger.balance('2026-03-20').available, 110);
  assert.throws(() => ledger.append([{ id: 'o0', customer: 'ada', date: '2026-03-19', amount: '5.00' }]),
    (error) => error instanceof LoyaltyError && error.code === 'out_of_order' && /dated before 2026-03-20/.test(error.message));
  assert.throws(() => ledger.append('[{"id":"o2","customer":"ada","date":"2026-03-21","amount":'),
    (error) => error instanceof LoyaltyError && error.code === 'json_syntax');
  assert.throws(() => ledger.append([{ id: 'o3', customer: 'bo', date: '2026-03-21', amount: '5.00' }]),
    { code: 'invalid_value', path: 'events: [0]' });
  assert.throws(() => ledger.balance('2026-03-19'), { code: 'out_of_order', path: 'asOf' });
  const redeemed = ledger.append([{ id: 'r1', type: 'redemption', customer: 'ada', date: '2026-03-21', reward: 'free-shipping' }]);
  assert.equal(redeemed.entries[0].kind, 'rejected');
  assert.equal(redeemed.entries[0].code, 'insufficient_points');
  assert.equal(ledger.balance('2026-03-21').available, 110);
  assert.throws(() => program.openLedger('ada'), { code: 'disposed' });
  ledger.dispose();
});

test("the shop's day: an instant becomes the date in the program's time zone, never the caller's", async () => {
  // Expected dates and offsets written out by hand from the zones' rules.
  const pinned = Date.parse('2026-11-27T01:00:00Z');  // 10:00 in Tokyo, 20:00 the day before in New York
  const clocked = await createEngine({ now: () => pinned });
  const newYork = clocked.loadProgram({ id: 'ny', currency: 'USD', earn: [], time_zone: 'America/New_York' });
  const tokyo = clocked.loadProgram({ id: 'tk', currency: 'JPY', earn: [], time_zone: 'Asia/Tokyo' });
  const utc = clocked.loadProgram({ id: 'utc', currency: 'USD', earn: [] });
  assert.equal(utc.timeZone, 'UTC');
  assert.equal(newYork.waysToEarn().time_zone, 'America/New_York');
  assert.equal(newYork.today(), '2026-11-26');
  assert.equal(tokyo.today(), '2026-11-27');
  assert.equal(utc.today(), '2026-11-27');
  assert.equal(newYork.timestamp(), '2026-11-26T20:00:00-05:00');
  assert.equal(tokyo.timestamp(), '2026-11-27T10:00:00+09:00');
  assert.equal(utc.timestamp(), '2026-11-27T01:00:00Z');
  // Summer time, a leap day late at night, a zone 14 hours ahead, New Year's Eve.
  assert.equal(newYork.timestamp(Date.parse('2026-07-04T03:59:59Z')), '2026-07-03T23:59:59-04:00');
  assert.equal(newYork.today(new Date('2028-03-01T04:30:00Z')), '2028-02-29');
  const kiritimati = clocked.loadProgram({ id: 'ki', currency: 'USD', earn: [], time_zone: 'Pacific/Kiritimati' });
  assert.equal(kiritimati.timestamp(Date.parse('2026-12-31T10:00:00Z')), '2027-01-01T00:00:00+14:00');
  assert.equal(newYork.today(Date.parse('2027-01-01T04:59:00Z')), '2026-12-31');
  // Each zone remembers its last second: instants a millisecond apart across
  // a second, midnight and the end of summer time, asked one after another.
  const asked = [
    ['2026-11-01T05:59:59.000Z', '2026-11-01T01:59:59-04:00'],
    ['2026-11-01T05:59:59.999Z', '2026-11-01T01:59:59-04:00'],
    ['2026-11-01T06:00:00.000Z', '2026-11-01T01:00:00-05:00'],
    ['2026-11-02T04:59:59.999Z', '2026-11-01T23:59:59-05:00'],
    ['2026-11-02T05:00:00.000Z', '2026-11-02T00:00:00-05:00'],
    ['1969-12-31T23:59:59.500Z', '1969-12-31T18:59:59-05:00'],
    ['1970-01-01T00:00:00.000Z', '1969-12-31T19:00:00-05:00'],
  ];
  for (const [instant, expected] of asked) assert.equal(newYork.timestamp(Date.parse(instant)), expected, instant);
  assert.equal(tokyo.timestamp(Date.parse('2026-11-02T05:00:00.000Z')), '2026-11-02T14:00:00+09:00', 'another zone, the same second');
  // asOf given as an instant is the shop's day of it; omitted, the shop's day on the engine's clock.
  const events = [{ id: 'o1', customer: 'c', date: '2026-11-26T23:30:00-05:00', amount: '10.00' }];
  assert.equal(newYork.balance(events, 'c').as_of, '2026-11-26');
  assert.equal(newYork.balance(events, 'c', new Date(pinned)).as_of, '2026-11-26');
  assert.equal(tokyo.balance([], 'c', new Date(pinned)).as_of, '2026-11-27');
  const ledger = newYork.openLedger('c');
  ledger.append(events);
  assert.equal(ledger.balance().as_of, '2026-11-26');
  ledger.dispose();
  for (const program of [newYork, tokyo, utc, kiritimati]) program.dispose();
});

test('time_zone: a name the runtime does not know, or not a zone name at all, is refused at its field', async () => {
  const attempt = (zone) => {
    try {
      engine.loadProgram({ id: 'p', currency: 'USD', earn: [], time_zone: zone });
    } catch (error) {
      return error;
    }
    return assert.fail(`${zone} was accepted`);
  };
  for (const zone of ['Mars/Olympus_Mons', 'America/Nowhere']) {
    const error = attempt(zone);
    assert.equal(error.code, 'invalid_value', zone);
    assert.equal(error.path, 'program: time_zone', zone);
  }
  for (const zone of ['', '../etc/passwd', 'America//New_York', 'New York', 42]) {
    const error = attempt(zone);
    assert.ok(['invalid_value', 'wrong_type'].includes(error.code), `${zone}: ${error.code}`);
    assert.equal(error.path, 'program: time_zone', String(zone));
  }
  await assert.rejects(createEngine({ now: 'yesterday' }), LoyaltyError);
});

test("events: one customer's events as the engine reads them, quoted and padded CSV cells included", () => {
  const csv = 'id,customer,date,amount\n'
    + '"o,1", dalia ,2026-01-05,"1,0"\n'.replace('"1,0"', '12.50')
    + 'o2,"da""lia",2026-01-06,3.00\n'
    + 'o3,dalia,"2026-01-31T23:30:00-05:00",120\n'
    + 'o4,ada,2026-01-07,9.99\n';
  // Written out by hand from RFC 4180 and the reader's rules (spaces around
  // unquoted fields trimmed; the date as written kept).
  assert.deepEqual(demo.events(csv, { customer: 'dalia' }), [
    { id: 'o,1', customer: 'dalia', type: 'purchase', date: '2026-01-05', amount: '12.50' },
    { id: 'o3', customer: 'dalia', type: 'purchase', date: '2026-01-31T23:30:00-05:00', amount: '120.00' },
  ]);
  assert.deepEqual(demo.events(csv, { customer: 'da"lia' }).map((e) => e.id), ['o2']);
  assert.equal(demo.events(csv).length, 4);
  const events = demo.events(csv, { customer: 'dalia' });
  assert.deepEqual(demo.balance(events, 'dalia', '2026-12-31'), demo.balance(csv, 'dalia', '2026-12-31'));
});

test('a shop export reads the same in the engine API as in the CLI: mapping as text or object, bytes or text', () => {
  const path = join(root, 'tests/fixtures/exports/line-items.csv');
  const bytes = readFileSync(path);
  const columns = 'id=InvoiceNo,customer=CustomerID,date=InvoiceDate,quantity=Quantity,price=UnitPrice';
  const options = { columns, dateFormat: 'MM/DD/YYYY HH:mm', cancellationPrefix: 'C' };
  const fromText = classic.statement(bytes, options);
  const fromObject = classic.statement(bytes.toString('utf8'), { ...options,
    columns: { id: 'InvoiceNo', customer: 'CustomerID', date: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice' } });
  assert.deepEqual(fromObject, fromText);
  const byCli = cli(['statement', '--program', join(root, 'core/programs/classic.json'), '--columns', columns,
    '--date-format', 'MM/DD/YYYY HH:mm', '--mapping', writeTemp('prefix.json', '{"cancellation_prefix":"C"}'), path]);
  assert.deepEqual(fromText.customers, byCli.customers);
  assert.deepEqual(fromText.reading, byCli.reading);
  // Recognised from the header with no options; hand-computed totals (tests/fixtures/exports/README.md).
  const guessed = classic.statement(bytes);
  assert.deepEqual(guessed.customers.map((c) => [c.customer, c.total]), [['13047', 69], ['17850', 91]]);
  assert.equal(guessed.reading.mapping.preset, 'line-items');
  assert.deepEqual(classic.statement(bytes, { returns: 'ignore' }).customers.map((c) => c.total), [70, 105]);
  // The events behind it: purchases and the refunds the returns made.
  const refunds = classic.events(bytes, { customer: '17850' }).filter((e) => e.type === 'refund');
  assert.deepEqual(refunds.map((e) => [e.purchase, e.amount]), [['536366', '22.20']]);

  const preview = classic.previewExport(bytes, { rows: 3 });
  assert.deepEqual(preview.rows.map((r) => [r.line, r.kind, r.amount]), [[2, 'line', '15.30'], [3, 'line', '20.34'], [4, 'line', '22.00']]);
  assert.equal(preview.mapping.date_format, 'MM/DD/YYYY HH:mm');
  const unmapped = classic.previewExport(bytes, { columns: 'id=Order' });
  assert.equal(unmapped.mapping, null);
  assert.match(unmapped.error.message, /the header lacks the column "Order" mapped to id/);

  assert.throws(() => classic.statement(bytes, { dateFormat: 'YYYY-MM-DD' }),
    (e) => e instanceof LoyaltyError && e.code === 'invalid_date' && e.path === 'transactions:2');
  assert.throws(() => classic.statement(bytes, { columns: 7 }), (e) => e.code === 'invalid_argument' && e.path === 'columns');
  assert.throws(() => classic.statement('[]', { columns: 'id=a' }), (e) => e.code === 'usage');
});

// The widget's build of the engine (loyalty-engine-widget.mjs): a smaller wasm
// with the storefront's calls only. It answers those exactly as the full
// engine does, and refuses batch work by name.
test('the widget\'s engine answers the storefront\'s calls as the full engine does', async () => {
  const { createEngine: createWidgetEngine, LoyaltyError: WidgetError } = await import(join(dist, 'loyalty-engine-widget.mjs'));
  const full = await createEngine({ now: () => Date.parse('2026-04-30T12:00:00Z') });
  const lite = await createWidgetEngine({ now: () => Date.parse('2026-04-30T12:00:00Z') });
  const programText = readFileSync(join(root, 'core/programs/demo.json'), 'utf8');
  const events = readFileSync(join(root, 'core/samples/demo-events.json'), 'utf8');
  const [a, b] = [full.loadProgram(programText), lite.loadProgram(programText)];
  try {
    const cart = { items: [{ sku: 'JKT-WAX', price: '180.00', category: 'outerwear' }] };
    assert.deepEqual(b.balance(events, 'ada', '2026-04-30'), a.balance(events, 'ada', '2026-04-30'));
    assert.deepEqual(b.simulate(events, 'ada', cart, '2026-04-30'), a.simulate(events, 'ada', cart, '2026-04-30'));
    assert.deepEqual(b.rewards(events, 'ada', { cart, asOf: '2026-04-30' }), a.rewards(events, 'ada', { cart, asOf: '2026-04-30' }));
    assert.deepEqual(b.waysToEarn(), a.waysToEarn());
    const [la, lb] = [a.openLedger('ada'), b.openLedger('ada')];
    const adas = JSON.stringify(JSON.parse(events).filter((event) => event.customer === 'ada'));
    assert.deepEqual(lb.append(adas), la.append(adas));
    assert.deepEqual(lb.simulate(cart, '2026-04-30'), la.simulate(cart, '2026-04-30'));
    la.dispose();
    lb.dispose();
    assert.throws(() => b.statement('id,customer,date,amount\n'), (error) => error instanceof WidgetError && error.code === 'unsupported');
    assert.throws(() => b.metrics(events), (error) => error.code === 'unsupported' && /loyalty-engine\.mjs/.test(error.message));
    // A CSV log is a shop's export: batch work, which the full engine reads.
    const csv = 'id,customer,date,amount\nt1,ada,2026-04-01,12.00\n';
    assert.equal(a.balance(csv, 'ada', '2026-04-30').lifetime_earned > 0, true);
    assert.throws(() => b.balance(csv, 'ada', '2026-04-30'),
      (error) => error instanceof WidgetError && error.code === 'unsupported' && /loyalty-engine\.mjs/.test(error.message));
    const csvLedger = b.openLedger('ada');
    assert.throws(() => csvLedger.append(csv), (error) => error.code === 'unsupported');
    csvLedger.dispose();
    const bytes = (name) => readFileSync(join(dist, name)).length;
    assert.ok(bytes('loyalty-engine-widget.wasm') < bytes('loyalty-engine.wasm') * 0.85, 'the widget\'s wasm leaves batch code out');
  } finally {
    a.dispose();
    b.dispose();
  }
});

// The widget's build takes its texts as UTF-8 written into wasm memory by
// engine-widget-handles.mjs, not through embind: texts beyond ASCII (a
// customer id in Arabic with an emoji, given as text and as bytes; a price
// "ü" quoted back in the error that refuses it) must come back exactly as
// the full engine gives them.
test('the widget\'s engine carries texts beyond ASCII both ways as the full engine does', async () => {
  const { createEngine: createWidgetEngine } = await import(join(dist, 'loyalty-engine-widget.mjs'));
  const full = await createEngine();
  const lite = await createWidgetEngine();
  const programText = readFileSync(join(root, 'core/programs/demo.json'), 'utf8');
  const customer = 'عميل-Ünal-😀';
  const events = readFileSync(join(root, 'core/samples/demo-events.json'), 'utf8').replaceAll('"ada"', JSON.stringify(customer));
  const [a, b] = [full.loadProgram(programText), lite.loadProgram(programText)];
  try {
    const balance = b.balance(events, customer, '2026-04-30');
    assert.equal(balance.customer, customer);
    assert.ok(balance.lifetime_earned > 0, 'the renamed customer\'s events were all read');
    assert.deepEqual(balance, a.balance(events, customer, '2026-04-30'));
    // Bytes of UTF-8, as the API takes any document, give the same answer.
    const bytes = new TextEncoder().encode(events);
    assert.deepEqual(b.balance(bytes, customer, '2026-04-30'), balance);
    assert.deepEqual(b.balance(bytes.buffer, customer, '2026-04-30'), balance);
    assert.deepEqual(a.balance(bytes, customer, '2026-04-30'), balance);
    const ledger = b.openLedger(customer);
    ledger.append(JSON.parse(events).filter((event) => event.customer === customer));
    const withoutEntries = ({ entries, ...figures }) => figures;
    assert.deepEqual(withoutEntries(ledger.balance('2026-04-30')), withoutEntries(balance));
    ledger.dispose();
    const refused = (engineProgram) => {
      try {
        engineProgram.simulate(events, customer, { items: [{ sku: 'É', price: 'ü' }] }, '2026-04-30');
      } catch (error) {
        return [error.code, error.message, error.path];
      }
      return assert.fail('a price of "ü" was accepted');
    };
    const [fullError, liteError] = [refused(a), refused(b)];
    assert.match(liteError[1], /ü/);
    assert.deepEqual(liteError, fullError);
  } finally {
    a.dispose();
    b.dispose();
  }
});

// A malloc the widget's engine refuses while placing an argument changes
// nothing in the engine: the call says out_of_memory and the engine carries
// on. A stand-in module refuses on demand; its calls answer as the real ones.
test('the widget\'s engine: an argument malloc refuses is out_of_memory, and the engine carries on', async () => {
  const { withHandles } = await import(join(dist, 'loyalty-engine-widget-handles.mjs'));
  const { engineFactory } = await import(join(dist, 'loyalty-engine-core.mjs'));
  const memory = new Uint8Array(1 << 16);
  const answer = new TextEncoder().encode('{"ok":true,"value":{"program":"p","name":"P","currency":"USD","time_zone":"UTC"}}');
  memory.set(answer, 1024);
  let refuse = false;
  let next = 4096;
  const module = {
    HEAPU8: memory,
    _malloc: (bytes) => { if (refuse) return 0; const at = next; next += bytes; return at; },
    _free: () => {},
    _loyalty_answer: () => 1024,
    _loyalty_program_new: () => 8,
    _loyalty_program_delete: () => {},
    _loyalty_program_load: () => answer.length,
  };
  const stand_in = await engineFactory(async () => withHandles(module), 'none.wasm', import.meta.url)({ wasmBinary: new Uint8Array() });
  refuse = true;
  assert.throws(() => stand_in.loadProgram('{}'), (error) => error instanceof LoyaltyError && error.code === 'out_of_memory' && !/stopped/.test(error.message));
  refuse = false;
  assert.equal(stand_in.loadProgram('{}').id, 'p', 'the engine carries on');
});

// The widget's build has no C++ exceptions, so running out of memory traps
// (a WebAssembly.RuntimeError) instead of answering. The wrapper must report
// out_of_memory and then refuse every later call on that module, never run
// on a half-changed state. A stand-in module traps on demand.
test('a module that traps is stopped: out_of_memory, then no further calls reach it', async () => {
  const { engineFactory } = await import(join(dist, 'loyalty-engine-core.mjs'));
  let calls = 0;
  const trapping = async (settings) => ({
    ...settings,
    ProgramHandle: class {
      load() {
        calls += 1;
        throw new WebAssembly.RuntimeError('Aborted(OOM)');
      }
      delete() {}
    },
  });
  const stand_in = await engineFactory(trapping, 'none.wasm', import.meta.url)({ wasmBinary: new Uint8Array() });
  const outOfMemory = (error) => error instanceof LoyaltyError && error.code === 'out_of_memory';
  assert.throws(() => stand_in.loadProgram('{}'), outOfMemory);
  assert.throws(() => stand_in.loadProgram('{}'), (error) => outOfMemory(error) && /stopped/.test(error.message));
  assert.equal(calls, 1, 'the stopped module was not called again');
  // Another module (the real engine) is untouched.
  assert.equal(engine.loadProgram(read('core/programs/classic.json')).id, 'classic');
});
