// The reference shop for tests: a fresh store in a temporary directory (or,
// with LOYALTY_TEST_STORE=postgres, a fresh database in this process's
// throwaway PostgreSQL cluster), and demo sign-in. sql/value/column read and
// write the store whichever it is ($1, $2 ... parameters).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShop } from '../../web/shop/server.mjs';
import { testClock } from '../support/clock.mjs';

export const testStore = process.env.LOYALTY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

let cluster = null;
const databases = new Map();  // dir -> database URL, so a restart finds its data
async function databaseFor(dir) {
  if (!databases.has(dir)) {
    if (!cluster) {
      const { startPostgres } = await import('../support/postgres.mjs');
      cluster = await startPostgres();
      process.on('exit', () => cluster.stop());
    }
    databases.set(dir, await cluster.createDatabase('shop'));
  }
  return databases.get(dir);
}

export async function startTestShop({ dir = mkdtempSync(join(tmpdir(), 'loyalty-shop-')), port = 0, redemptionsPerMinute, openLedgers,
  now = testClock, seedProgram, secret = randomBytes(32).toString('base64url'), demo = true, ...options } = {}) {
  const databaseUrl = testStore === 'postgres' ? await databaseFor(dir) : null;
  const shop = await startShop({ dbPath: join(dir, 'shop.db'), databaseUrl, port, redemptionsPerMinute, openLedgers, now, seedProgram,
    secrets: [secret], demo, ...options });  // options.secrets (rotation) overrides [secret]
  return {
    ...shop,
    dir,
    secret,
    sql: async (text, params = []) => (await shop.store.run(text, params)).rows,
    async value(text, params = []) {
      const row = await shop.store.get(text, params);
      return row === undefined ? undefined : Object.values(row)[0];
    },
    async column(text, params = []) {
      return (await shop.store.all(text, params)).map((row) => Object.values(row)[0]);
    },
    async login(customer) {
      const response = await fetch(`${shop.url}/demo/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer }) });
      return (await response.json()).token;
    },
    async stop({ keep = false } = {}) {
      await shop.close();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
