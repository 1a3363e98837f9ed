// The reference shop: a demo storefront, the widget, and the loyalty endpoint
// under /loyalty/api (web/contract/), on fastify with SQLite. Every balance
// and redemption is decided by the same wasm engine the widget runs: the
// server is authoritative. This file puts the parts together:
//   service.mjs     the shop's records, clock and engine decisions (no HTTP)
//   endpoint.mjs    the contract's routes (a plugin a shop mounts)
//   storefront.mjs  the demo storefront's catalog, checkout and sign-in
//   http.mjs        security headers and the error shape for every response
//   node web/shop/server.mjs        (PORT, HOST, LOYALTY_DB)
import fastifyStatic from '@fastify/static';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PROGRAM, openDatabase } from './db.mjs';
import { loyaltyEndpoint } from './endpoint.mjs';
import { createApp } from './http.mjs';
import { loyaltyService } from './service.mjs';
import { demoStorefront } from './storefront.mjs';
import { secretsFromEnvironment, tokenService } from './tokens.mjs';

export { CSP } from './http.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

// CORS: none. The endpoint answers its own origin only (the widget is served
// by the shop it talks to); no Access-Control-Allow-* header is ever sent, so
// browsers refuse cross-origin reads and credentialed calls.
//
// `now` is the shop's one clock (epoch ms): today's date for every decision,
// the time stamped on events and redemptions, token expiry and the demo
// seed all read it, turned into the shop's day in the program's time zone.
//
// `secrets`: the token secrets (current first, then a previous one during
// rotation), each at least 32 bytes. `demo`: the demo storefront's routes
// (sign-in as anyone, a free checkout), for the demo and tests only.
export async function startShop({ port = 0, host = '127.0.0.1', dbPath = join(root, 'build/shop/shop.db'), logger = false,
  redemptionsPerMinute = 30, openLedgers = true, now = Date.now, seedProgram = DEMO_PROGRAM, secrets, demo = false,
  tokenMaxLifetimeSeconds = 24 * 3600, idempotencyHours = 24 } = {}) {
  const tokens = tokenService(secrets, { now, maxLifetimeSeconds: tokenMaxLifetimeSeconds,
    issuer: 'loyalty-reference-shop', audience: 'loyalty-endpoint' });
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const { createEngine } = await import(join(root, 'web/dist/loyalty-engine.mjs'));
  const engine = await createEngine({ now });
  const seeding = engine.loadProgram(seedProgram);  // a new database's history ends on the shop's today
  const db = openDatabase(dbPath, { today: seeding.today(), program: seedProgram });
  seeding.dispose();
  const meta = (key) => db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  const programText = meta('program');
  const program = engine.loadProgram(programText);
  const programEtag = meta('program_etag');

  const service = loyaltyService({ db, program, now, openLedgers });

  const app = createApp({ logger });
  const { authenticate } = await loyaltyEndpoint(app, { service, tokens, programText, programEtag, redemptionsPerMinute,
    idempotencyHours });
  if (demo) demoStorefront(app, { service, tokens, authenticate });

  app.get('/favicon.ico', async (request, reply) => reply.code(204).send());

  if (demo) await app.register(fastifyStatic, { root: join(here, 'public'), prefix: '/', index: ['index.html'] });
  await app.register(fastifyStatic, { root: join(root, 'web/dist'), prefix: '/dist/', decorateReply: false });
  await app.register(fastifyStatic, { root: join(root, 'web/studio'), prefix: '/studio/', decorateReply: false });
  app.get('/studio', async (request, reply) => reply.redirect('/studio/', 301));

  await app.listen({ port, host });
  const address = app.server.address();
  return {
    url: `http://${host}:${address.port}`,
    db,
    tokens,
    /** After changing a customer's rows outside the endpoint (an admin correction): drop their open ledger. */
    forget(customer) {
      service.ledgers.drop(customer);
    },
    /** Whether the customer's ledger is open (kept between requests). */
    hasOpenLedger: (customer) => service.ledgers.isOpen(customer),
    async close() {
      await app.close();
      service.ledgers.close();
      program.dispose();
      db.close();
    },
  };
}

// LOYALTY_TEST_NOW (an RFC 3339 instant) pins the clock, read only with
// NODE_ENV=test: a production shop always runs on the real time.
function clockFromEnvironment() {
  const pinned = process.env.LOYALTY_TEST_NOW;
  if (!pinned || process.env.NODE_ENV !== 'test') return Date.now;
  const millis = Date.parse(pinned);
  if (!Number.isFinite(millis)) throw new Error(`LOYALTY_TEST_NOW: "${pinned}" is not an RFC 3339 instant`);
  const started = Date.now();
  return () => millis + (Date.now() - started);  // time passes from the pinned instant
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let secrets;
  try {
    secrets = secretsFromEnvironment();
    tokenService(secrets);  // refuses a short secret before anything starts
  } catch (failure) {
    console.error(`loyalty shop: ${failure.message}`);
    process.exit(1);
  }
  const shop = await startShop({
    secrets,
    demo: process.env.LOYALTY_DEMO === '1',
    now: clockFromEnvironment(),
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '127.0.0.1',
    dbPath: process.env.LOYALTY_DB ?? join(root, 'build/shop/shop.db'),
    redemptionsPerMinute: Number(process.env.LOYALTY_REDEMPTIONS_PER_MINUTE ?? 30),
  });
  console.log(`Demo shop: ${shop.url}/`);
  const stop = async () => { await shop.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
