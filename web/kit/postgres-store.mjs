// The PostgreSQL store (pg): a pool of connections shared by any number of
// server instances. A keyed transaction first takes a transaction-scoped
// advisory lock on the key, so one customer's writes are serialised across
// every instance: two redemptions on two servers cannot both spend the same
// points, and a customer's events commit in the order of their seq (an open
// ledger that read up to seq n has seen every row before n).
import pg from 'pg';

// BIGINT (seq, epoch milliseconds, counts) as JavaScript numbers: the
// values stay far below 2^53.
const INT8 = 20;
const types = { getTypeParser: (oid, format) => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) };

// Keys of the migration lock and of customers' locks live in separate
// advisory-lock spaces (the two-int form for migrations).
const MIGRATION_LOCK = [0x6c6f79, 1];
const LOCK = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

export async function postgresStore(url, { max = 10 } = {}) {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle connection the server dropped must not take the process down.
  pool.on('error', () => {});
  const over = (client) => ({
    all: async (sql, params = []) => (await client.query(sql, params)).rows,
    get: async (sql, params = []) => (await client.query(sql, params)).rows[0],
    run: async (sql, params = []) => {
      const result = await client.query(sql, params);
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    },
    /** Inside a transaction: waits for `key`'s lock and holds it until the end. */
    lock: async (key) => { await client.query(LOCK, [String(key)]); },
  });
  async function transaction(key, body) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      if (key !== null && key !== undefined) await client.query(LOCK, [String(key)]);
      const result = await body(over(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return {
    dialect: 'postgres',
    raw: pool,
    ...over(pool),
    transaction,
    // A PostgreSQL commit is on disk when it returns (synchronous_commit).
    committing: async (key, body) => ({ result: await transaction(key, body), durable: Promise.resolve() }),
    settled: async () => {},
    // Several instances may start together: one migrates, the others wait
    // for it and find every version applied.
    async migrate(list) {
      await transaction(null, async (tx) => {
        await tx.run('SELECT pg_advisory_xact_lock($1, $2)', MIGRATION_LOCK);
        await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
        const applied = new Set((await tx.all('SELECT version FROM schema_migrations')).map((row) => row.version));
        for (const { version, sql } of list) {
          if (applied.has(version)) continue;
          await tx.run(sql);
          await tx.run('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        }
      });
    },
    async close() {
      await pool.end();
    },
  };
}
