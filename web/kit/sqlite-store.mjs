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
  return {
    dialect: 'sqlite',
    /** The better-sqlite3 handle, for tools and tests that read the file directly. */
    raw: db,
    ...executor,
    transaction(key, body) {
      return queue(async () => {
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
      db.close();
    },
  };
}
