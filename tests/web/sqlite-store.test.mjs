// The SQLite store shares one read transaction among the reads of a turn of
// the event loop. That must never hide a write: one this process committed
// is seen by the next read at once, a write outside a transaction is on disk
// before run() returns (another connection sees it), a write by another
// process is seen from the next turn, and a rolled-back transaction leaves
// nothing. The other connection (a plain better-sqlite3 handle) is the
// oracle: it shares no code with the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { SignJWT } from 'jose';
import { loyaltyKit } from '../../web/kit/index.mjs';
import { migrations, openStore } from '../../web/kit/store.mjs';
import { sqliteStore } from '../../web/kit/sqlite-store.mjs';

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

test('a write through all() (UPDATE ... RETURNING) is committed before it returns', async () => {
  await withStore(async (store, other) => {
    await store.run(...add('gil'));
    await names(store);  // a read transaction is open in this turn
    const rows = await store.all("UPDATE customers SET name = 'Gil' WHERE id = $1 RETURNING id, name", ['gil']);
    assert.deepEqual(rows.map((row) => ({ ...row })), [{ id: 'gil', name: 'Gil' }]);
    assert.equal(other.prepare("SELECT name FROM customers WHERE id = 'gil'").pluck().get(), 'Gil', 'another connection sees it in the same turn');
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

// Group sync: a test's own syncFile holds each sync until the test lets it
// finish, so what waits for the disk can be watched.
async function withHeldSyncs(body) {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-sqlite-sync-'));
  const path = join(dir, 'shop.db');
  const syncs = [];
  // syncs.hold = false lets syncs finish at once (a setup's own writes).
  syncs.hold = true;
  const store = sqliteStore(path, { syncFile: (fd, done) => (syncs.hold ? syncs.push({ fd, done }) : setImmediate(done, null)) });
  await store.migrate(migrations('sqlite'));
  try {
    await body(store, syncs, path);
  } finally {
    for (const sync of syncs) sync.done(null);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
const settledYet = async (promise) => {
  let settled = false;
  promise.then(() => { settled = true; }, () => { settled = true; });
  await turn();
  await turn();
  return settled;
};

test('a commit is acknowledged only once its sync of the WAL is done; one turn of commits shares a sync', async () => {
  await withHeldSyncs(async (store, syncs, path) => {
    const first = store.transaction('ada', async (tx) => { await tx.run(...add('ada')); });
    const second = store.transaction('bo', async (tx) => { await tx.run(...add('bo')); });
    assert.equal(await settledYet(first), false, 'not acknowledged before the disk has it');
    assert.equal(syncs.length, 1, 'both commits wait for one sync');
    assert.equal(fstatSync(syncs[0].fd).ino, statSync(`${path}-wal`).ino, 'the WAL is what is synced');
    syncs[0].done(null);
    await first;
    await second;
    assert.deepEqual(await names(store), ['ada', 'bo']);
  });
});

test('a commit made after a sync started waits for the next one; settled() waits for what was committed', async () => {
  await withHeldSyncs(async (store, syncs) => {
    const { durable: firstKept } = await store.committing('ada', async (tx) => { await tx.run(...add('ada')); });
    await turn();  // the first sync has started
    assert.equal(syncs.length, 1);
    const underWay = store.settled();
    assert.equal(await settledYet(underWay), false, 'settled() waits for the sync under way');
    const { durable: secondKept } = await store.committing('bo', async (tx) => { await tx.run(...add('bo')); });
    const settled = store.settled();
    syncs[0].done(null);
    await firstKept;
    await underWay;
    assert.equal(await settledYet(secondKept), false, 'the first sync began before this commit');
    assert.equal(await settledYet(settled), false);
    assert.equal(syncs.length, 2);
    syncs[1].done(null);
    await secondKept;
    await settled;
    const write = store.run(...add('cy'));
    assert.equal(await settledYet(write), false, 'a write outside a transaction waits for its sync too');
    syncs[2].done(null);
    await write;
  });
});

test('a failed sync refuses what waited for it and everything after: nothing is acknowledged that may be lost', async () => {
  await withHeldSyncs(async (store, syncs) => {
    const waiting = store.transaction('ada', async (tx) => { await tx.run(...add('ada')); });
    await turn();
    await turn();  // the commit, then its sync
    assert.equal(syncs.length, 1);
    syncs[0].done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await assert.rejects(waiting, { code: 'store_failed' });
    await assert.rejects(store.transaction('bo', async (tx) => { await tx.run(...add('bo')); }), { code: 'store_failed' });
    await assert.rejects(store.settled(), { code: 'store_failed' });
    assert.deepEqual(await names(store), ['ada'], 'the refused transaction did not even run');
  });
});

test("one customer's next write is decided once the last commits, but no answer leaves before the sync", async () => {
  await withHeldSyncs(async (store, syncs) => {
    const secret = 'sqlite-store-test-token-secret-of-32-bytes';
    const now = Date.parse('2026-06-15T16:00:00Z');
    const program = JSON.stringify({ version: 1, id: 'sync-test', currency: 'USD', earn: [] });
    syncs.hold = false;
    const kit = await loyaltyKit({ store, program, tokenSecrets: [secret], now: () => now });
    const app = Fastify();
    await app.register(kit.plugin);
    try {
      await kit.store.run(...add('ada'));
      syncs.hold = true;
      const decided = [];
      const write = (name) => kit.service.write('ada', async (tx) => {
        decided.push(name);
        await tx.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [name, name]);
        return name;
      });
      const first = write('first');
      const second = write('second');
      await turn();
      await turn();
      assert.deepEqual(decided, ['first', 'second'], "the second is decided on the first's commit, before its sync");
      assert.equal(await settledYet(first), false);
      assert.equal(await settledYet(second), false);
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ada').setIssuer('loyalty-reference-shop')
        .setAudience('loyalty-endpoint').setIssuedAt(Math.floor(now / 1000)).setExpirationTime(Math.floor(now / 1000) + 600)
        .sign(new TextEncoder().encode(secret));
      const answer = app.inject({ method: 'GET', url: '/loyalty/api/customer', headers: { authorization: `Bearer ${token}` } });
      assert.equal(await settledYet(answer), false, 'GET /customer read the commits: it waits for their sync');
      syncs.hold = false;
      for (const sync of syncs.splice(0)) sync.done(null);
      assert.deepEqual([await first, await second], ['first', 'second']);
      assert.equal((await answer).statusCode, 200);
    } finally {
      await app.close();
      kit.service.ledgers.close();
    }
  });
});
