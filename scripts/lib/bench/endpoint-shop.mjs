// The reference shop in a process of its own, for the endpoint's load test:
// a shop runs alone in its process, and autocannon (in the bench's process)
// had shared the shop's event loop when both ran there, and took about half
// of it (GET /customer: 4,000-5,100 requests a second in the bench's
// process, 8,700-9,000 in its own, alternating, 7 December 2026).
//
// As a module: startEndpointShop({ openLedgers }) starts one and resolves
// { url, login(customer), stop() }. As a script (through startShopProcess)
// it is that process: the demo store in a fresh directory, the clock pinned
// to the test suites' instant, redemptions unlimited (the endpoint is
// measured, not its rate limit), and `emeka` credited with points enough for
// every redemption under load. server.mjs takes none of these from its
// environment but the store's path.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startShopProcess } from '../../../tests/support/shop-process.mjs';

const here = fileURLToPath(import.meta.url);
const NOW = Date.parse('2026-06-15T16:00:00Z');  // tests/support/clock.mjs's TEST_NOW

export async function startEndpointShop({ openLedgers }) {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-endpoint-'));
  const { child, url } = await startShopProcess({ LOYALTY_BENCH_SHOP: JSON.stringify({ dir, openLedgers }) }, here);
  return {
    url,
    async login(customer) {
      const response = await fetch(`${url}/demo/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer }) });
      return (await response.json()).token;
    },
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] === here) {
  const { dir, openLedgers } = JSON.parse(process.env.LOYALTY_BENCH_SHOP);
  const { startShop } = await import(new URL('../../../web/shop/server.mjs', import.meta.url));
  const shop = await startShop({ dbPath: join(dir, 'shop.db'), demo: true, openLedgers, now: () => NOW,
    redemptionsPerMinute: 1e9, secrets: [randomBytes(32).toString('base64url')] });
  shop.db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)').run('bench-credit', 'emeka',
    JSON.stringify({ id: 'bench-credit', type: 'adjustment', customer: 'emeka', date: '2026-01-01', points: 1000000000 }));
  console.log(`Demo shop: ${shop.url}/`);
  const stop = async () => {
    await shop.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  // A bench that dies leaves no shop behind: its end of stdin closes.
  process.stdin.on('end', stop).resume();
}
