// The SQLite store (better-sqlite3): one file, WAL, every commit on disk
// before it is acknowledged. better-sqlite3 is synchronous, so the async
// interface only wraps it; one process writes, and its transactions run one
// at a time (a queue), which is all the per-customer serialising SQLite needs.
import { closeSync, fsync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { serialQueue } from './locks.mjs';

// $1, $2 ... become positional ? (bound from an array, the fastest way
// better-sqlite3 binds), each occurrence taking its parameter, so one SQL
// text serves both stores.
function positional(sql) {
  const order = [];
  const text = sql.replace(/\$(\d+)/g, (match, n) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text, order };
}

/**
 * `syncFile(fd, callback)` makes a file's writes durable (fs.fsync; tests
 * give their own to watch or fail it).
 */
export function sqliteStore(path, { syncFile = fsync } = {}) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Commits reach the disk in groups. SQLite appends each commit to the WAL
  // without waiting for the disk (synchronous = NORMAL: a commit survives
  // the process dying, and checkpoints are still synced), and the store
  // syncs the WAL once for all the commits made meanwhile, in the thread
  // pool, before any of them is acknowledged. With synchronous = FULL every
  // commit waited for its own sync on the event loop: two fifths of a
  // redemption's time, with nothing else served meanwhile.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map();
  // [statement, arguments for params]
  const prepared = (sql, params) => {
    let entry = statements.get(sql);
    if (!entry) {
      const { text, order } = positional(sql);
      statements.set(sql, (entry = { statement: db.prepare(text), order }));
    }
    return [entry.statement, entry.order.map((i) => params[i])];
  };
  // Inside a transaction: every statement as it is.
  const executor = {
    all: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      return statement.all(args);
    },
    get: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      return statement.get(args);
    },
    run: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      if (statement.reader) return { rows: statement.all(args), changes: 0 };
      return { rows: [], changes: statement.run(args).changes };
    },
    // Transactions already run one at a time: every lock is held.
    lock: async () => {},
  };
  const queue = serialQueue();
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');

  // Outside a transaction, reads share one read transaction per turn of the
  // event loop. SQLite otherwise opens and closes one around every
  // statement, and here that (file locks and a stat: system calls) was 6 us
  // of a primary-key lookup's 7.5; GET /customer makes four. A turn's reads
  // see one snapshot. This process's writes end the read transaction first
  // (a transaction, or a write outside one: below), so no read misses a
  // write committed before it.
  const beginRead = db.prepare('BEGIN DEFERRED');
  let reading = false;
  const endRead = () => {
    if (!reading) return;
    reading = false;
    if (!db.inTransaction) return;
    try {
      commit.run();
    } catch (error) {
      // Only a write made through the raw handle meanwhile can fail here
      // (the store's own writes end the read first): it is undone.
      if (db.inTransaction) rollback.run();
      console.error(`loyalty store: a write outside the store was rolled back: ${error.message}`);
    }
  };
  const read = () => {
    if (db.inTransaction) return;  // a turn's read transaction, or a write's
    beginRead.run();
    reading = true;
    setImmediate(endRead);
  };
  // A statement that writes (an UPDATE ... RETURNING through all() too)
  // ends the turn's read transaction and commits on its own.
  const around = (statement) => (statement.readonly ? read() : endRead());
  // all() and get(); a write is answered once on disk.
  const outsideQuery = (method) => async (sql, params = []) => {
    const [statement, args] = prepared(sql, params);
    around(statement);
    const answer = statement[method](args);
    if (!statement.readonly) await durable();
    return answer;
  };
  const outside = {
    all: outsideQuery('all'),
    get: outsideQuery('get'),
    run: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      around(statement);
      if (statement.reader) return { rows: statement.all(args), changes: 0 };
      const { changes } = statement.run(args);
      await durable();
      return { rows: [], changes };
    },
  };

  // The sync that will cover every commit made so far (null: none waits).
  // It starts at the end of the turn, so the commits of one turn share it;
  // a commit made after it started waits for the next. Once a sync fails,
  // nothing is known to be on disk: the store refuses to go on.
  let syncing = null;
  let started = null;  // the sync under way, which covers the commits before it
  let walFile = null;
  let broken = null;
  const durable = () => {
    if (broken) return Promise.reject(broken);
    if (db.memory) return Promise.resolve();
    if (syncing) return syncing;
    const sync = new Promise((resolve, reject) => {
      setImmediate(() => {
        syncing = null;
        started = sync;
        sync.finally(() => { if (started === sync) started = null; }).catch(() => {});
        const failed = (error) => {
          broken = Object.assign(new Error(`the database could not be written to disk (${error.message}); ` +
            'nothing after the last acknowledged write is known to be kept: restart the server'), { code: 'store_failed' });
          console.error(`loyalty store: ${broken.message}`);
          reject(broken);
        };
        try {
          walFile ??= openSync(`${db.name}-wal`, 'r');
        } catch (error) {
          // No log: SQLite is not in WAL mode (a file system without shared
          // memory), where synchronous = NORMAL syncs each commit itself.
          if (error.code === 'ENOENT') resolve();
          else failed(error);
          return;
        }
        syncFile(walFile, (error) => (error ? failed(error) : resolve()));
      });
    });
    syncing = sync;
    return sync;
  };
  // One transaction, resolved once committed: { result, durable }.
  const committing = (body) => queue(async () => {
    if (broken) throw broken;
    endRead();
    begin.run();
    let result;
    try {
      result = await body(executor);
      commit.run();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      throw error;
    }
    return { result, durable: durable() };
  });

  return {
    dialect: 'sqlite',
    /** The better-sqlite3 handle, for tools and tests that read the file directly. */
    raw: db,
    ...executor,
    ...outside,
    async transaction(key, body) {
      const { result, durable: kept } = await committing(body);
      await kept;
      return result;
    },
    committing: (key, body) => committing(body),
    /** Resolves once every commit made so far is on disk. */
    settled: () => syncing ?? started ?? (broken ? Promise.reject(broken) : Promise.resolve()),
    async migrate(list) {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all());
      for (const { version, sql } of list) {
        if (applied.has(version)) continue;
        db.transaction(() => {
          db.exec(sql);
          db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(version);
        })();
      }
    },
    async close() {
      endRead();
      await (syncing ?? started)?.catch(() => {});
      db.close();
      if (walFile !== null) closeSync(walFile);
    },
  };
}
