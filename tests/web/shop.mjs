// The reference shop for tests: a fresh database in a temporary directory,
// and demo sign-in.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShop } from '../../web/shop/server.mjs';
import { testClock } from '../support/clock.mjs';

export async function startTestShop({ dir = mkdtempSync(join(tmpdir(), 'loyalty-shop-')), port = 0, redemptionsPerMinute, openLedgers,
  now = testClock, seedProgram, secret = randomBytes(32).toString('base64url'), demo = true, ...options } = {}) {
  const shop = await startShop({ dbPath: join(dir, 'shop.db'), port, redemptionsPerMinute, openLedgers, now, seedProgram,
    secrets: [secret], demo, ...options });  // options.secrets (rotation) overrides [secret]
  return {
    ...shop,
    dir,
    secret,
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
