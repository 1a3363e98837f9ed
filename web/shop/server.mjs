// The reference shop: a demo storefront and the widget beside the loyalty
// endpoint, mounted from the server kit (web/kit/) exactly as a merchant's
// server mounts it. Every balance and redemption is decided by the same wasm
// engine the widget runs: the server is authoritative.
//   web/kit/        the endpoint, ingestion, stores, webhooks (the kit)
//   db.mjs          the demo data a new store is seeded with
//   storefront.mjs  the demo storefront's catalog, checkout and sign-in
//   node web/shop/server.mjs   (PORT, HOST, LOYALTY_DB or LOYALTY_DATABASE_URL,
//                               LOYALTY_SHOP_SECRET, LOYALTY_WEBHOOK_URL/_SECRET)
import fastifyStatic from '@fastify/static';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kitOptionsFromEnvironment, loyaltyKit } from '../kit/index.mjs';
import { createApp } from '../kit/http.mjs';
import { tokenService } from '../kit/tokens.mjs';
import { DEMO_PROGRAM, openDemoStore } from './db.mjs';
import { demoStorefront } from './storefront.mjs';

export { CSP } from '../kit/http.mjs';

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
export async function startShop({ port = 0, host = '127.0.0.1', dbPath = join(root, 'build/shop/shop.db'), databaseUrl = null,
  logger = false, redemptionsPerMinute = 30, openLedgers = true, now = Date.now, seedProgram = DEMO_PROGRAM, secrets, demo = false,
  tokenMaxLifetimeSeconds = 24 * 3600, idempotencyHours = 24, shopSecret = null, webhooks = null } = {}) {
  const location = databaseUrl ?? dbPath;
  if (!databaseUrl && dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const { createEngine } = await import(join(root, 'web/dist/loyalty-engine.mjs'));
  const engine = await createEngine({ now });
  const seeding = engine.loadProgram(seedProgram);  // a new store's history ends on the shop's today
  const store = await openDemoStore(location, { today: seeding.today(), program: seedProgram });
  seeding.dispose();

  const kit = await loyaltyKit({ store, engine, now, tokenSecrets: secrets, tokenMaxLifetimeSeconds, shopSecret, webhooks,
    redemptionsPerMinute, idempotencyHours, openLedgers });
  const app = createApp({ logger });
  await app.register(kit.plugin);
  if (demo) demoStorefront(app, { kit });

  app.get('/favicon.ico', async (request, reply) => reply.code(204).send());

  if (demo) await app.register(fastifyStatic, { root: join(here, 'public'), prefix: '/', index: ['index.html'] });
  await app.register(fastifyStatic, { root: join(root, 'web/dist'), prefix: '/dist/', decorateReply: false });
  await app.register(fastifyStatic, { root: join(root, 'web/studio'), prefix: '/studio/', decorateReply: false });
  app.get('/studio', async (request, reply) => reply.redirect('/studio/', 301));

  await app.listen({ port, host });
  const address = app.server.address();
  return {
    url: `http://${host}:${address.port}`,
    /** The SQLite handle (better-sqlite3) when the store is SQLite, for tests that read the file. */
    db: store.dialect === 'sqlite' ? store.raw : null,
    store,
    kit,
    tokens: kit.tokens,
    /** After changing a customer's rows outside the endpoint (an admin correction): drop their open ledger. */
    forget(customer) {
      kit.service.ledgers.drop(customer);
    },
    /** Whether the customer's ledger is open (kept between requests). */
    hasOpenLedger: (customer) => kit.service.ledgers.isOpen(customer),
    async close() {
      await app.close();
      await kit.close();
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
  // A configuration mistake (a short secret, a webhook URL without its
  // secret, a database that refuses) is said in one line, and nothing starts.
  let shop;
  try {
    const options = kitOptionsFromEnvironment(process.env);
    tokenService(options.tokenSecrets);  // refuses a short secret before anything starts
    shop = await startShop({
      secrets: options.tokenSecrets,
      shopSecret: options.shopSecret,
      webhooks: options.webhooks,
      databaseUrl: process.env.LOYALTY_DATABASE_URL || null,
      dbPath: process.env.LOYALTY_DB ?? join(root, 'build/shop/shop.db'),
      demo: process.env.LOYALTY_DEMO === '1',
      now: clockFromEnvironment(),
      port: Number(process.env.PORT ?? 8080),
      host: process.env.HOST ?? '127.0.0.1',
      redemptionsPerMinute: Number(process.env.LOYALTY_REDEMPTIONS_PER_MINUTE ?? 30),
    });
  } catch (failure) {
    console.error(`loyalty shop: ${failure.message}`);
    process.exit(1);
  }
  console.log(`Demo shop: ${shop.url}/`);
  const stop = async () => { await shop.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
