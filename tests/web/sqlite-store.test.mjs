// The SQLite store shares one read transaction among the reads of a turn of
// the event loop. That must never hide a write: one this process committed
// is seen by the next read at once, a write outside a transaction is on disk
// before run() returns (another connection sees it), a write by another
// process is seen from the next turn, and a rolled-back transaction leaves
// nothing. The other connection (a plain better-sqlite3 handle) is the
// oracle: it shares no code with the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../web/kit/store.mjs';

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function withStore(body) {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-sqlite-store-'));
  const store = await openStore(join(dir, 'shop.db'));
  const other = new Database(join(dir, 'shop.db'));
  try {
    await body(store, other);
  } finally {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
const names = async (store) => (await store.all('SELECT id FROM customers ORDER BY id')).map((row) => row.id);
const add = (id) => ['INSERT INTO customers (id, name, referral_code) VALUES ($1, $1, $2)', [id, `REF-${id}`]];

test('a committed transaction is read at once, in the same turn as the reads before it', async () => {
  await withStore(async (store, other) => {
    assert.deepEqual(await names(store), []);
    await store.transaction('ada', async (tx) => { await tx.run(...add('ada')); });
    assert.deepEqual(await names(store), ['ada'], 'the same turn');
    assert.deepEqual(other.prepare('SELECT id FROM customers').pluck().all(), ['ada'], 'committed, for everyone');
  });
});

test('a write outside a transaction is committed before run() returns', async () => {
  await withStore(async (store, other) => {
    await store.get('SELECT count(*) AS n FROM customers');  // a read transaction is open in this turn
    await store.run(...add('bo'));
    assert.deepEqual(other.prepare('SELECT id FROM customers').pluck().all(), ['bo'], 'another connection sees it in the same turn');
    assert.deepEqual(await names(store), ['bo']);
  });
});

test("another process's write is read from the next turn on", async () => {
  await withStore(async (store, other) => {
    assert.deepEqual(await names(store), []);
    other.prepare("INSERT INTO customers (id, name, referral_code) VALUES ('cy', 'cy', 'REF-cy')").run();
    await turn();
    assert.deepEqual(await names(store), ['cy']);
  });
});

test('a failed transaction leaves nothing, and reads go on', async () => {
  await withStore(async (store, other) => {
    await names(store);
    await assert.rejects(store.transaction('dee', async (tx) => {
      await tx.run(...add('dee'));
      throw new Error('refused');
    }), /refused/);
    assert.deepEqual(await names(store), []);
    await turn();
    assert.deepEqual(other.prepare('SELECT id FROM customers').pluck().all(), []);
    await store.transaction('eve', async (tx) => { await tx.run(...add('eve')); });
    assert.deepEqual(await names(store), ['eve']);
  });
});

test('the read transaction ends with its turn: another connection can write meanwhile', async () => {
  await withStore(async (store, other) => {
    await names(store);
    await turn();
    // With a read transaction still open, a checkpoint could not pass it;
    // a TRUNCATE checkpoint needs every reader gone.
    other.prepare("INSERT INTO customers (id, name, referral_code) VALUES ('fay', 'fay', 'REF-fay')").run();
    const [result] = other.pragma('wal_checkpoint(TRUNCATE)');
    assert.equal(result.busy, 0, 'no reader held the database after its turn');
  });
});
