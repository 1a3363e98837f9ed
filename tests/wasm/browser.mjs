// Headless Chromium from Debian, driven by playwright-core (never a
// downloaded browser), and a small static server on loopback.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { TEST_NOW } from '../support/clock.mjs';

const types = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** Serves `mounts` ({"/dist/": dir, "/": dir}) on 127.0.0.1 with `headers` on every response. */
export async function serve(mounts, headers = {}) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    if (path === '/favicon.ico') {
      response.writeHead(204, headers).end();
      return;
    }
    const prefix = Object.keys(mounts).sort((a, b) => b.length - a.length).find((p) => path.startsWith(p));
    const relative = normalize(path.slice(prefix.length) || 'index.html');
    if (!prefix || relative.startsWith('..')) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(mounts[prefix], relative === '.' ? 'index.html' : relative));
      response.writeHead(200, { 'Content-Type': types[extname(relative)] ?? 'application/octet-stream', ...headers });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Pins a page's clock (Date.now and new Date()) to `now`, timers still running,
 * before it loads: every "today" the widget computes is then the test's.
 * (Playwright's clock also fakes the performance timeline, so pages that
 * measure it and show no date-dependent figure stay on the real clock.)
 */
export async function pinClock(page, now = TEST_NOW) {
  await page.clock.setFixedTime(now);
  return page;
}

export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'loyalty-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.LOYALTY_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
