// The SQLite store (better-sqlite3): one file, WAL, every commit synced.
// better-sqlite3 is synchronous, so the async interface only wraps it; one
// process writes, and its transactions run one at a time (a queue), which is
// all the per-customer serialising SQLite needs.
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

export function sqliteStore(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');  // an acknowledged redemption survives a crash
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
  // (transaction() and run() below), so no read misses a write acknowledged
  // before it.
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
  const outside = {
    all: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      read();
      return statement.all(args);
    },
    get: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      read();
      return statement.get(args);
    },
    run: async (sql, params = []) => {
      const [statement, args] = prepared(sql, params);
      if (statement.reader) {
        read();
        return { rows: statement.all(args), changes: 0 };
      }
      endRead();
      return { rows: [], changes: statement.run(args).changes };
    },
  };

  return {
    dialect: 'sqlite',
    /** The better-sqlite3 handle, for tools and tests that read the file directly. */
    raw: db,
    ...executor,
    ...outside,
    transaction(key, body) {
      return queue(async () => {
        endRead();
        begin.run();
        try {
          const result = await body(executor);
          commit.run();
          return result;
        } catch (error) {
          if (db.inTransaction) rollback.run();
          throw error;
        }
      });
    },
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
      db.close();
    },
  };
}
