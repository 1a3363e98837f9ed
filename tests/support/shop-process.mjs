// The reference shop as its own process (node web/shop/server.mjs, or
// `script`, which starts the shop itself and prints its address as
// server.mjs does), for tests and benchmarks that kill it, run two of it, or
// load it from outside: `env` is added to this process's environment (PORT
// 0 and NODE_ENV=test unless it says otherwise); resolves { child, url }
// once the shop listens. The child's stdin is a pipe from this process, so
// a script may stop when it closes (this process has gone).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const server = join(dirname(fileURLToPath(import.meta.url)), '../../web/shop/server.mjs');

export function startShopProcess(env, script = server) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: '0', NODE_ENV: 'test', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Demo shop: (http:\/\/[^/\s]+)\//.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`the shop process exited with ${code}`)));
  });
}
