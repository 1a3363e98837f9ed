// The shop's cache of open ledgers: only rows newer than what a ledger holds
// are read, the least recently used ledger goes first, and a failed write or
// a row out of order makes the next use replay from the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, root } from '../wasm/support.mjs';
import { ledgerCache } from '../../web/kit/ledgers.mjs';

const engine = await createEngine();
const program = engine.loadProgram(readFileSync(join(root, 'core/programs/classic.json'), 'utf8'));

// An in-memory events table with the shop's (seq, body) rows.
function table() {
  const rows = [];
  const asked = [];
  return {
    asked,
    add(event) {
      rows.push({ seq: rows.length + 1, customer: event.customer, body: JSON.stringify(event) });
      return rows.length;
    },
    eventsSince: (customer, seq) => {
      asked.push([customer, seq]);
      return rows.filter((row) => row.customer === customer && row.seq > seq);
    },
  };
}
const purchase = (id, customer, date, amount) => ({ id, customer, date, amount });

test('reads only the rows recorded since the last use, and records what it applies', async () => {
  const events = table();
  const cache = ledgerCache({ program, eventsSince: events.eventsSince });
  events.add(purchase('a1', 'ada', '2026-03-01', '120.00'));
  const first = await cache.apply('ada', purchase('a2', 'ada', '2026-03-02', '60.00'), '2026-03-02', (entry) => {
    assert.equal(entry.points, 10);
    return events.add(purchase('a2', 'ada', '2026-03-02', '60.00'));
  });
  assert.equal(first.balance.available, 100);
  events.add(purchase('a3', 'ada', '2026-03-03', '200.00'));
  const second = await cache.apply('ada', purchase('a4', 'ada', '2026-03-04', '51.00'), '2026-03-04', () => events.add(purchase('a4', 'ada', '2026-03-04', '51.00')));
  assert.equal(second.entry.points, 1);
  assert.equal(second.balance.available, 100 + 250 + 1);
  assert.deepEqual(events.asked, [['ada', 0], ['ada', 2]]);  // a2 was recorded at seq 2: not read again
  cache.close();
});

test('a failed write drops the ledger: the next use replays the recorded rows', async () => {
  const events = table();
  const cache = ledgerCache({ program, eventsSince: events.eventsSince });
  events.add(purchase('b1', 'bo', '2026-03-01', '120.00'));
  await assert.rejects(cache.apply('bo', purchase('b2', 'bo', '2026-03-02', '500.00'), '2026-03-02', async () => {
    throw new Error('disk full');
  }), /disk full/);
  assert.equal(cache.size, 0);
  const after = await cache.apply('bo', purchase('b3', 'bo', '2026-03-03', '70.00'), '2026-03-03', () => events.add(purchase('b3', 'bo', '2026-03-03', '70.00')));
  assert.equal(after.balance.available, 90 + 20, 'b2 never happened');
  assert.deepEqual(events.asked.at(-1), ['bo', 0]);
  cache.close();
});

test('a row recorded out of order behind the cache is caught by a replay', async () => {
  const events = table();
  const cache = ledgerCache({ program, eventsSince: events.eventsSince });
  events.add(purchase('c1', 'cy', '2026-03-05', '120.00'));
  await cache.apply('cy', purchase('c2', 'cy', '2026-03-06', '120.00'), '2026-03-06', () => events.add(purchase('c2', 'cy', '2026-03-06', '120.00')));
  events.add(purchase('c0', 'cy', '2026-03-01', '150.00'));  // dated before what the ledger holds
  const after = await cache.apply('cy', purchase('c3', 'cy', '2026-03-07', '10.00'), '2026-03-07', () => null);
  assert.equal(after.balance.available, 90 + 90 + 150);
  assert.deepEqual(events.asked.slice(-2), [['cy', 2], ['cy', 0]]);
  // An unrecorded award is not kept: the ledger is dropped.
  assert.equal(cache.size, 0);
  cache.close();
});

test('keeps at most `size` ledgers, dropping the least recently used', async () => {
  const events = table();
  const cache = ledgerCache({ program, eventsSince: events.eventsSince, size: 2 });
  const buy = async (customer, id, date) => {
    const event = purchase(id, customer, date, '1.00');
    await cache.apply(customer, event, date, () => events.add(event));
  };
  await buy('d1', 'd1-a', '2026-03-01');
  await buy('d2', 'd2-a', '2026-03-01');
  await buy('d1', 'd1-b', '2026-03-01');
  await buy('d3', 'd3-a', '2026-03-01');
  assert.equal(cache.size, 2);
  events.asked.length = 0;
  await buy('d1', 'd1-c', '2026-03-02');
  await buy('d2', 'd2-b', '2026-03-02');
  assert.deepEqual(events.asked, [['d1', 3], ['d2', 0]], 'd2 was the least recently used: dropped, then replayed');
  cache.close();
});

test('a balance is asked of the engine again only when the day or the ledger changes; each equals a replay', async () => {
  // The demo program holds points pending for 14 days: the same ledger gives
  // another balance on another day. The oracle is a replay of the rows.
  const demo = engine.loadProgram(readFileSync(join(root, 'core/programs/demo.json'), 'utf8'));
  const events = table();
  const recorded = [];
  const record = (event) => { recorded.push(event); return events.add(event); };
  const cache = ledgerCache({ program: demo, eventsSince: events.eventsSince });
  const replay = (asOf) => demo.balance(recorded, 'eve', asOf);
  const same = (balance, asOf, what) => assert.deepEqual(
    { available: balance.available, pending: balance.pending, lifetime: balance.lifetime_earned },
    { available: replay(asOf).available, pending: replay(asOf).pending, lifetime: replay(asOf).lifetime_earned }, what);
  record(purchase('e1', 'eve', '2026-03-02', '80.00'));
  const first = await cache.balance('eve', '2026-03-02');
  same(first, '2026-03-02', 'first ask');
  assert.ok(first.pending > 0);
  assert.equal(await cache.balance('eve', '2026-03-02'), first, 'the same day, nothing new: the same answer');
  const later = await cache.balance('eve', '2026-03-20');
  same(later, '2026-03-20', 'another day');
  assert.notEqual(later.available, first.available, 'the pending points became available');
  record(purchase('e2', 'eve', '2026-03-20', '40.00'));  // recorded behind the cache's back
  same(await cache.balance('eve', '2026-03-20'), '2026-03-20', 'a row recorded meanwhile');
  assert.deepEqual(events.asked.at(-1), ['eve', 1], 'the open ledger took the new row (no replay)');
  await cache.apply('eve', purchase('e3', 'eve', '2026-03-20', '30.00'), '2026-03-20', () => record(purchase('e3', 'eve', '2026-03-20', '30.00')));
  assert.equal(events.asked.at(-1)[1], 2, 'no replay');
  same(await cache.balance('eve', '2026-03-20'), '2026-03-20', 'after apply');
  assert.equal(recorded.length, 3);
  cache.close();
});
