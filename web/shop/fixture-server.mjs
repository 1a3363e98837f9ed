// A static fixture of the shop's loyalty endpoint and a demo storefront, for
// the widget until the reference shop (the sync issue) replaces it. Serves,
// on loopback:
//   /                  the demo storefront (web/shop/public)
//   /dist/             the widget and the engine (web/dist)
//   /loyalty/api/...   program, customer (Bearer fixture tokens), redemptions
// Redemptions are checked by the same engine, in memory only.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// Fixture shoppers: token -> customer. Events are the demo sample's.
const shoppers = {
  'demo-token-ada': { id: 'ada', name: 'Ada', referral_url: 'https://shop.example/r/ADA-7Q2' },
  'demo-token-bruno': { id: 'bruno', name: 'Bruno', referral_url: 'https://shop.example/r/BRUNO-4K9' },
  'demo-token-chen': { id: 'chen', name: 'Chen', referral_url: 'https://shop.example/r/CHEN-1X8' },
};

export async function startFixtureServer({ port = 0, host = '127.0.0.1', publicDir = join(root, 'web/shop/public') } = {}) {
  const { createEngine } = await import(join(root, 'web/dist/loyalty-engine.mjs'));
  const engine = await createEngine();
  const programText = readFileSync(join(root, 'core/programs/demo.json'), 'utf8');
  const program = engine.loadProgram(programText);
  const events = JSON.parse(readFileSync(join(root, 'core/samples/demo-events.json'), 'utf8'));
  const redemptions = new Map();  // idempotency key -> response

  const json = (response, status, body, headers = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    response.end(JSON.stringify(body));
  };
  const fail = (response, status, code, message) => json(response, status, { error: { code, message } });
  const shopperOf = (request) => shoppers[(request.headers.authorization ?? '').replace(/^Bearer\s+/i, '')] ?? null;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    try {
      if (path === '/loyalty/api/program' && request.method === 'GET') {
        return json(response, 200, JSON.parse(programText), { 'Cache-Control': 'public, max-age=60' });
      }
      if (path === '/loyalty/api/customer' && request.method === 'GET') {
        const shopper = shopperOf(request);
        if (!shopper) return fail(response, 401, 'unauthorized', 'a valid customer token is required');
        return json(response, 200, { customer: shopper, events: events.filter((e) => e.customer === shopper.id) });
      }
      if (path === '/loyalty/api/redemptions' && request.method === 'POST') {
        const shopper = shopperOf(request);
        if (!shopper) return fail(response, 401, 'unauthorized', 'a valid customer token is required');
        const key = request.headers['idempotency-key'];
        if (!key) return fail(response, 400, 'missing_idempotency_key', 'send an Idempotency-Key header');
        if (redemptions.has(key)) return json(response, 201, redemptions.get(key));
        let body = '';
        for await (const chunk of request) {
          body += chunk;
          if (body.length > 10000) return fail(response, 413, 'too_large', 'the request body is too large');
        }
        let wanted;
        try {
          wanted = JSON.parse(body);
        } catch {
          return fail(response, 400, 'invalid_json', 'the body is not JSON');
        }
        const today = new Date().toISOString().slice(0, 10);
        const event = { id: `red-${randomBytes(6).toString('hex')}`, type: 'redemption', customer: shopper.id,
          date: `${today}T${new Date().toISOString().slice(11, 19)}Z`, reward: String(wanted.reward ?? ''),
          ...(wanted.points ? { points: Number(wanted.points) } : {}), ...(wanted.order_amount ? { order_amount: String(wanted.order_amount) } : {}) };
        const mine = events.filter((e) => e.customer === shopper.id);
        const after = program.balance([...mine, event], shopper.id, today);
        const rejected = after.entries.find((e) => e.event === event.id && e.kind === 'rejected');
        if (rejected) return fail(response, rejected.code === 'insufficient_points' ? 409 : 422, rejected.code, rejected.message);
        events.push(event);
        const entry = after.entries.find((e) => e.event === event.id);
        const result = { redemption: { id: event.id, reward: event.reward, points: -entry.points, discount: entry.discount,
          code: `LOYAL-${randomBytes(4).toString('hex').toUpperCase()}` }, available: after.available };
        redemptions.set(key, result);
        return json(response, 201, result);
      }
      if (path.startsWith('/loyalty/api/')) return fail(response, 404, 'not_found', 'no such endpoint');

      const [base, relative] = path.startsWith('/dist/') ? [join(root, 'web/dist'), path.slice(6)] : [publicDir, path.slice(1) || 'index.html'];
      const file = normalize(relative.endsWith('/') || relative === '' ? `${relative}index.html` : relative);
      if (file.startsWith('..')) return fail(response, 404, 'not_found', 'not found');
      const bytes = readFileSync(join(base, file));
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP,
        'Cache-Control': 'no-cache' });
      response.end(bytes);
    } catch (error) {
      if (error.code === 'ENOENT' || error.code === 'EISDIR') {
        response.writeHead(path === '/favicon.ico' ? 204 : 404, { 'Content-Security-Policy': CSP }).end();
        return;
      }
      fail(response, 500, 'internal', 'internal error');
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return { url: `http://${host}:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const { url } = await startFixtureServer({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`demo shop: ${url}/  (sign in as ${Object.keys(shoppers).join(', ')})`);
}
