// The reference shop in a process of its own, for the endpoint's load test:
// a shop runs alone in its process, and autocannon (in the bench's process)
// had shared the shop's event loop when both ran there, and took about half
// of it (GET /customer: 4,000-5,100 requests a second in the bench's
// process, 8,700-9,000 in its own, alternating, 7 December 2026).
//
// As a module: startEndpointShop({ openLedgers }) starts one and resolves
// { url, login(customer), stop() }. As a script it is that process: the demo
// store in a fresh directory, the clock pinned to the test suites' instant,
// redemptions unlimited (the endpoint is measured, not its rate limit), and
// `emeka` credited with points enough for every redemption under load.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const NOW = Date.parse('2026-06-15T16:00:00Z');  // tests/support/clock.mjs's TEST_NOW

export function startEndpointShop({ openLedgers }) {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-endpoint-'));
  const child = spawn(process.execPath, [here, JSON.stringify({ dir, openLedgers })], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`the endpoint's shop exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Demo shop: (http:\/\/[^/\s]+)\//.exec(out);
      if (!match) return;
      const url = match[1];
      resolve({
        url,
        async login(customer) {
          const response = await fetch(`${url}/demo/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ customer }) });
          return (await response.json()).token;
        },
        async stop() {
          child.removeAllListeners('exit');
          const exited = new Promise((done) => child.once('exit', done));
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

if (process.argv[1] === here) {
  const { dir, openLedgers } = JSON.parse(process.argv[2]);
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
