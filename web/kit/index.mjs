// The loyalty server kit: the contract's endpoint (web/contract/) as a
// package any Node server mounts, as a fastify plugin or as a plain
// (req, res[, next]) handler for Express, Koa or serverless routes.
//
//   const kit = await loyaltyKit({ store: process.env.LOYALTY_DATABASE_URL ?? 'loyalty.db',
//     program: readFileSync('program.json', 'utf8'), tokenSecrets: [process.env.LOYALTY_JWT_SECRET],
//     shopSecret: process.env.LOYALTY_SHOP_SECRET });
//   await fastify.register(kit.plugin);        // or: expressApp.use(kit.handler)
//
// Everything the kit decides, the engine (web/dist/loyalty-engine.mjs)
// decides; the kit validates, stores, serialises each customer's writes and
// reports changes to webhooks.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendRoutes, checkedIngestion, MIN_SHOP_SECRET_BYTES } from './backend-routes.mjs';
import { counterRoutes } from './counter.mjs';
import { loyaltyEndpoint } from './endpoint.mjs';
import { answerInContractShape, createApp } from './http.mjs';
import { memberCodes as memberCodeService } from './member-codes.mjs';
import { loyaltyService } from './service.mjs';
import { openStore } from './store.mjs';
import { secretsFromEnvironment, tokenService } from './tokens.mjs';
import { webhookDeliverer } from './webhooks.mjs';

export { openStore } from './store.mjs';
export { signWebhook, verifyWebhook, WEBHOOK_TYPES } from './webhooks.mjs';
export { tokenService } from './tokens.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ENGINE = join(here, '../dist/loyalty-engine.mjs');

const etagOf = (text) => `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;

function requireWebhookSecret(secret) {
  if (!secret || secret.length < 16) throw new Error('LOYALTY_WEBHOOK_URL is set: set LOYALTY_WEBHOOK_SECRET too (at least 16 characters)');
  return secret;
}

/**
 * The kit's settings from the environment: LOYALTY_DATABASE_URL (a
 * postgres:// URL, or a SQLite file path; default `fallbackStore`),
 * LOYALTY_JWT_SECRET(_FILE) and LOYALTY_JWT_PREVIOUS_SECRET(_FILE) for
 * customer tokens, LOYALTY_SHOP_SECRET for the shop's backend, and
 * LOYALTY_WEBHOOK_URL, LOYALTY_WEBHOOK_SECRET, LOYALTY_WEBHOOK_EXPIRING_DAYS.
 */
export function kitOptionsFromEnvironment(env = process.env, { fallbackStore } = {}) {
  return {
    store: env.LOYALTY_DATABASE_URL || env.LOYALTY_DB || fallbackStore,
    tokenSecrets: secretsFromEnvironment(env),
    shopSecret: env.LOYALTY_SHOP_SECRET || null,
    webhooks: env.LOYALTY_WEBHOOK_URL ? { url: env.LOYALTY_WEBHOOK_URL, secret: requireWebhookSecret(env.LOYALTY_WEBHOOK_SECRET),
      expiringDays: env.LOYALTY_WEBHOOK_EXPIRING_DAYS ? Number(env.LOYALTY_WEBHOOK_EXPIRING_DAYS) : undefined } : null,
  };
}

/**
 * options:
 *   store         an open store (store.mjs) or where to open one: a postgres:// URL or a SQLite path
 *   program       the program (JSON text); saved to the store. Without it, the store's program
 *   tokenSecrets  customer-token secrets, current first (each >= 32 bytes); or `tokens`, a tokenService
 *   shopSecret    the Bearer secret of the shop's backend (ingestion, export, erasure; >= 32 bytes)
 *   webhooks      { url, secret, expiringDays = 7, deliver = true }: record webhook events and deliver them
 *   hooks         in-process listeners: { points_earned(body), points_redeemed, tier_changed, reward_code_used, any },
 *                 each called with the webhook body after the change commits (points_expiring comes with webhooks only)
 *   now           the shop's clock (epoch ms); engine, tokens, ids and webhooks read it
 *   redemptionsPerMinute, idempotencyHours, openLedgers: as the endpoint documents
 *   counter       { memberCodeSeconds = 300, offlineHours = 72, staffTokenHours = 12 }: the shop counter (counter.mjs),
 *                 on when the kit has tokenSecrets (member codes and staff tokens are signed with them)
 */
export async function loyaltyKit({ store: where, program: programOption, tokenSecrets, tokens: givenTokens, shopSecret = null,
  webhooks = null, hooks = null, now = Date.now, redemptionsPerMinute = 30, idempotencyHours = 24, openLedgers = true, engine: givenEngine,
  tokenMaxLifetimeSeconds = 24 * 3600, counter = {} } = {}) {
  if (shopSecret && Buffer.byteLength(shopSecret) < MIN_SHOP_SECRET_BYTES) {
    throw new Error(`the shop secret must be at least ${MIN_SHOP_SECRET_BYTES} bytes`);
  }
  const tokens = givenTokens ?? tokenService(tokenSecrets, { now, maxLifetimeSeconds: tokenMaxLifetimeSeconds,
    issuer: 'loyalty-reference-shop', audience: 'loyalty-endpoint' });
  const store = typeof where === 'string' ? await openStore(where) : where;
  if (!store) throw new Error('loyaltyKit: give a store (a postgres:// URL, a SQLite path, or an open store)');
  const engine = givenEngine ?? await (await import(ENGINE)).createEngine({ now });

  // The program as served: the option (saved, so every instance serves the
  // same one), else the store's.
  if (programOption !== undefined) {
    engine.loadProgram(programOption).dispose();  // refuses a bad program before anything is saved
    await store.transaction('meta', async (tx) => {
      for (const [key, value] of [['program', programOption], ['program_etag', etagOf(programOption)]]) {
        await tx.run('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
      }
    });
  }
  const meta = async (key) => (await store.get('SELECT value FROM meta WHERE key = $1', [key]))?.value;
  const programText = await meta('program');
  if (!programText) throw new Error('loyaltyKit: no program (give `program`, or a store that holds one)');
  const programEtag = (await meta('program_etag')) ?? etagOf(programText);
  const program = engine.loadProgram(programText);

  const service = loyaltyService({ store, program, now, openLedgers, webhooks: Boolean(webhooks), hooks });
  const deliverer = webhooks ? webhookDeliverer({ service, now, ...webhooks }) : null;
  if (deliverer && webhooks.deliver !== false) deliverer.start();

  const ingest = checkedIngestion(service);
  // The counter signs with the token secrets; a kit given only a token
  // service (no secrets) has no counter.
  const secrets = tokenSecrets ? [].concat(tokenSecrets) : null;
  const memberCodes = secrets ? memberCodeService(secrets, { now, lifetimeSeconds: counter.memberCodeSeconds ?? 300 }) : null;
  const staffTokens = secrets ? tokenService(secrets, { now, lifetimeSeconds: (counter.staffTokenHours ?? 12) * 3600,
    maxLifetimeSeconds: 24 * 3600, issuer: 'loyalty-reference-shop', audience: 'loyalty-counter' }) : null;
  let authenticate = null;
  let verifiedCustomer = null;
  // An encapsulated plugin: its error shape and headers stay on its own
  // routes, whatever the host app does with its others.
  async function plugin(app) {
    answerInContractShape(app);
    // No answer leaves before every commit it could have read is on disk:
    // a read may see a commit whose group sync is still running.
    app.addHook('onSend', async () => { await store.settled(); });
    ({ authenticate, verifiedCustomer } = await loyaltyEndpoint(app, { service, tokens, programText, programEtag, redemptionsPerMinute,
      idempotencyHours }));
    await backendRoutes(app, { service, ingest, shopSecret });
    if (memberCodes) {
      await counterRoutes(app, { service, ingest, memberCodes, staffTokens, verifiedCustomer, authenticate, offlineHours: counter.offlineHours ?? 72 });
    }
  }

  // The plain handler serves from its own fastify app (same routes, same
  // error shape); anything outside /loyalty/api goes to `next` (or 404).
  let inner = null;
  async function handler(req, res, next) {
    if (!String(req.url ?? '').startsWith('/loyalty/api/')) {
      if (typeof next === 'function') return next();
    }
    if (!inner) {
      inner = (async () => {
        const app = createApp();
        await app.register(plugin);
        await app.ready();
        return app;
      })();
    }
    (await inner).routing(req, res);
  }

  return {
    plugin,
    handler,
    service,
    store,
    tokens,
    /** Staff tokens for the shop counter: sign(staffId) for a signed-in member of staff; null without tokenSecrets. */
    staffTokens,
    program,
    deliverer,
    /** The signed-in customer of a request (fastify), or a 401 sent; after the plugin is registered. */
    authenticate: (request, reply) => authenticate(request, reply),
    /** Ingestion without HTTP (a checkout in the same process): order, refund, event; bodies as the schemas say. */
    ingest,
    async close() {
      await deliverer?.stop();
      if (inner) await (await inner).close();
      service.ledgers.close();
      program.dispose();
      await store.close();
    },
  };
}
