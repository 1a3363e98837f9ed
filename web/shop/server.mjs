// The reference shop: a demo storefront, the widget, and the loyalty endpoint
// under /loyalty/api (web/contract/), on fastify with SQLite. Every balance
// and redemption is decided by the same wasm engine the widget runs: the
// server is authoritative.
//   node web/shop/server.mjs        (PORT, HOST, LOYALTY_DB)
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyRateLimit from '@fastify/rate-limit';
import Ajv2020 from 'ajv/dist/2020.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PROGRAM, openDatabase } from './db.mjs';
import { ledgerCache } from './ledgers.mjs';
import { secretsFromEnvironment, tokenService } from './tokens.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

// No inline script or style, no eval: only the wasm compile the engine needs.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const MAX_KEY = 200;
const PAGE = 500;        // events per GET /customer page unless ?limit= says fewer
const MAX_PAGE = 5000;

// Request bodies are checked against the contract's own schemas before the
// engine sees them: a shape error is 400 invalid_request, a value out of
// range 422 invalid_value, each naming the field.
const contract = join(root, 'web/contract');
const ajv = new Ajv2020({ allErrors: false, strict: false });
const validateRedemption = ajv.compile(JSON.parse(readFileSync(join(contract, 'redemption-request.schema.json'), 'utf8')));
const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'multipleOf']);

function schemaRefusal(validate) {
  const [first] = validate.errors ?? [];
  const field = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : (first?.params?.missingProperty ?? first?.params?.additionalProperty ?? 'body');
  const range = first && RANGE_KEYWORDS.has(first.keyword);
  return { status: range ? 422 : 400, code: range ? 'invalid_value' : 'invalid_request', message: `${field}: ${first?.message ?? 'is invalid'}` };
}

// An engine entry that took effect (not a rejection), and the status a
// rejection answers with: not enough points is a conflict, the rest 422.
const accepted = (entry) => Boolean(entry) && entry.kind !== 'rejected';
const refusalStatus = (code) => (code === 'insufficient_points' ? 409 : 422);

// Money as this shop computes it: exact decimal arithmetic (BigInt) on
// decimal strings such as "24.00", never floating point.
const scaleOf = (amounts) => Math.max(0, ...amounts.map((amount) => (amount.split('.')[1] ?? '').length));
const toMinor = (amount, scale) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(scale, '0'));
};
const fromMinor = (minor, scale) => {
  const digits = minor.toString().padStart(scale + 1, '0');
  return scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
};

// The order's total as this shop prices it from its catalog.
function orderTotal(items) {
  const scale = scaleOf(items.map((item) => item.price));
  return fromMinor(items.reduce((sum, item) => sum + toMinor(item.price, scale) * BigInt(item.quantity), 0n), scale);
}

// What a code takes off an order: its discount, but never more than the order.
function codeDiscount(discount, subtotal) {
  const scale = scaleOf([discount, subtotal]);
  const off = toMinor(discount, scale);
  const total = toMinor(subtotal, scale);
  return fromMinor(off < total ? off : total, scale);
}

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

  const q = {
    customer: db.prepare('SELECT id, name, referral_code FROM customers WHERE id = ?'),
    customers: db.prepare('SELECT id, name FROM customers ORDER BY id'),
    events: db.prepare('SELECT seq, body FROM events WHERE customer = ? AND seq > ? ORDER BY seq'),
    eventPage: db.prepare('SELECT seq, body FROM events WHERE customer = ? AND seq > ? ORDER BY seq LIMIT ?'),
    addEvent: db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)'),
    redemption: db.prepare('SELECT request, status, response FROM redemptions WHERE customer = ? AND idempotency_key = ? AND expires_at > ?'),
    addRedemption: db.prepare(`INSERT INTO redemptions (customer, idempotency_key, request, status, response, created_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer, idempotency_key) DO UPDATE SET request = excluded.request,
      status = excluded.status, response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`),
    expireRedemptions: db.prepare('DELETE FROM redemptions WHERE expires_at <= ?'),
    addCode: db.prepare(`INSERT INTO codes (code, customer, redemption, reward, points, discount, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    codeOfRedemption: db.prepare('SELECT * FROM codes WHERE customer = ? AND redemption = ?'),
    codeByText: db.prepare('SELECT * FROM codes WHERE customer = ? AND code = ?'),
    codeTaken: db.prepare('SELECT 1 FROM codes WHERE code = ?'),
    openCodes: db.prepare(`SELECT redemption AS id, code, reward, points, discount, created_at FROM codes
      WHERE customer = ? AND status = 'issued' ORDER BY created_at, redemption`),
    closeCode: db.prepare(`UPDATE codes SET status = ?, closed_at = ?, order_id = ? WHERE code = ? AND status = 'issued'`),
    product: db.prepare('SELECT sku, name, price, category FROM products WHERE sku = ?'),
    products: db.prepare('SELECT sku, name, price, category FROM products ORDER BY rowid'),
  };
  const eventsOf = (customer, since = 0) => q.events.all(customer, since).map((row) => JSON.parse(row.body));
  const ledgers = ledgerCache({ program, eventsSince: (customer, seq) => q.events.all(customer, seq) });
  // Decides `event` for the customer: through their open ledger, or by a
  // replay of the whole history when the ledger cannot take it (events dated
  // after today). `record(entry)` stores it or not and returns its seq.
  // (`openLedgers: false` always replays: the benchmark's baseline.)
  function decide(customer, event, record) {
    try {
      if (openLedgers) return ledgers.apply(customer, event, today(), record);
    } catch (error) {
      if (error?.code !== 'out_of_order') throw error;
    }
    const after = program.balance([...eventsOf(customer), event], customer, today());
    const entry = after.entries.find((e) => e.event === event.id);
    record(entry);
    return { entry, balance: after };
  }
  // The customer's balance today: from the open ledger, or by a replay when
  // the history holds events dated after today.
  function balanceOf(customer) {
    try {
      if (openLedgers) return ledgers.balance(customer, today());
    } catch (error) {
      if (error?.code !== 'out_of_order') throw error;
    }
    return program.balance(eventsOf(customer), customer, today());
  }

  // Runs `body` in one transaction; a rollback also takes back whatever the
  // customer's open ledger applied meanwhile, so that ledger is dropped.
  function transact(customer, body) {
    try {
      return db.transaction(body)();
    } catch (error) {
      if (!error?.ledgerUnchanged) ledgers.drop(customer);
      throw error;
    }
  }
  // Expired idempotency keys go, at most once a minute (an indexed delete).
  const keyLifetimeMs = idempotencyHours * 3600 * 1000;
  let purgedAt = -Infinity;
  function purgeExpiredKeys() {
    if (now() - purgedAt < 60000) return;
    purgedAt = now();
    q.expireRedemptions.run(purgedAt);
  }

  // The shop's day, and instants written in the shop's offset: the engine
  // takes the date as written, so an order at 23:30 in New York is that day's.
  const today = () => program.today();
  const stamp = () => program.timestamp();
  // Event ids that sort in the order this server records them: events in the
  // same second apply by id, and an open ledger takes only what comes after
  // what it holds (else it replays). The random tail keeps ids unguessable.
  let idMillis = 0;
  let idCounter = 0;
  const eventId = (prefix) => {
    const millis = now();
    idCounter = millis === idMillis ? idCounter + 1 : 0;
    idMillis = millis;
    return `${prefix}-${String(millis).padStart(14, '0')}${String(idCounter).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  };
  const profile = (row) => ({ id: row.id, name: row.name, referral_url: `/join.html?ref=${row.referral_code}` });

  const secure = (reply) => reply.header('Content-Security-Policy', CSP).header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'same-origin');
  const error = (reply, status, code, message) => secure(reply).code(status).send({ error: { code, message } });
  const app = Fastify({
    logger,
    bodyLimit: 16 * 1024,
    // Requests fastify refuses before routing (a malformed URL such as
    // /dist/%ZZ, a bad content type) answer in the contract's shape too.
    frameworkErrors: (failure, request, reply) => error(reply, 400, 'bad_request', 'the request is malformed'),
  });

  app.addHook('onSend', async (request, reply, payload) => {
    secure(reply);
    return payload;
  });
  app.setErrorHandler((err, request, reply) => {
    if (err.statusCode === 429 && err.error?.code) return reply.code(429).send({ error: err.error });
    if (err.statusCode === 413) return error(reply, 413, 'too_large', 'the request body is too large');
    if (err.statusCode && err.statusCode < 500) return error(reply, err.statusCode, 'bad_request', err.message);
    // The engine refusing client input is the client's error, with the engine's code.
    if (err.name === 'LoyaltyError' && !['internal', 'overflow', 'out_of_order'].includes(err.code)) {
      return error(reply, 422, err.code, err.message);
    }
    request.log.error(err);
    return error(reply, 500, 'internal', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => error(reply, 404, 'not_found', 'no such resource'));

  // The customer a request's Bearer token verifies as, or null; verified
  // once per request (rate limits key on it before the handler runs).
  const verified = new WeakMap();  // request -> customer row or null
  async function verifiedCustomer(request) {
    if (verified.has(request)) return verified.get(request);
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
    const id = await tokens.verify(token);
    const row = (id ? q.customer.get(id) : null) ?? null;
    verified.set(request, row);
    return row;
  }

  // The signed-in customer from the Bearer token, or a 401 already sent.
  async function authenticate(request, reply) {
    const row = await verifiedCustomer(request);
    if (!row) {
      const token = /^Bearer\s+\S/i.test(request.headers.authorization ?? '');
      error(reply, 401, 'unauthorized', token ? 'the customer token is invalid or expired' : 'a customer token is required');
      return null;
    }
    return row;
  }

  app.get('/loyalty/api/program', async (request, reply) => {
    reply.header('ETag', programEtag).header('Cache-Control', 'public, max-age=60, stale-while-revalidate=86400');
    if (request.headers['if-none-match'] === programEtag) return reply.code(304).send();
    return reply.type('application/json').send(programText);
  });

  app.get('/loyalty/api/customer', async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    const { since, limit } = request.query;
    if (since !== undefined && !/^\d{1,15}$/.test(String(since))) {
      return error(reply, 400, 'invalid_cursor', 'since must be a cursor from an earlier response');
    }
    if (limit !== undefined && (!/^\d{1,4}$/.test(String(limit)) || Number(limit) < 1 || Number(limit) > MAX_PAGE)) {
      return error(reply, 400, 'invalid_limit', `limit must be a whole number from 1 to ${MAX_PAGE}`);
    }
    reply.header('Cache-Control', 'private, no-store');
    const figures = balanceOf(row.id);
    // One page of the history at a time: a long-standing customer's years of
    // events are fetched in pages, each with the current figures.
    const size = limit === undefined ? PAGE : Number(limit);
    const page = q.eventPage.all(row.id, since === undefined ? 0 : Number(since), size + 1);
    const more = page.length > size;
    if (more) page.pop();
    return {
      customer: profile(row),
      // The server's figures, from the customer's open ledger: the widget shows these.
      balance: { as_of: figures.as_of, available: figures.available, pending: figures.pending,
        lifetime_earned: figures.lifetime_earned, tier: figures.tier ? { id: figures.tier.id, name: figures.tier.name } : null },
      // Codes from redemptions, not yet used or cancelled: the widget lists them.
      codes: q.openCodes.all(row.id),
      events: page.map((event) => JSON.parse(event.body)),
      cursor: String(page.length ? page.at(-1).seq : (since === undefined ? 0 : Number(since))),
      complete: since === undefined,
      more,
    };
  });

  await app.register(fastifyRateLimit, { global: false });
  // Redemptions and their cancellations are rate limited per verified
  // customer (else per address), in one budget: a script cannot drain or
  // hammer an account, and respelling the same token (spaces, another
  // encoding of its signature) is the same customer. The token is verified
  // before the limiter runs (preValidation), and the limiter runs before the
  // handler (preHandler).
  const perCustomerLimit = {
    preValidation: async (request) => { await verifiedCustomer(request); },
    config: {
      rateLimit: {
        max: redemptionsPerMinute,
        timeWindow: 60000,
        hook: 'preHandler',
        groupId: 'redemptions',
        keyGenerator: (request) => (verified.get(request) ? `customer:${verified.get(request).id}` : `address:${request.ip}`),
        errorResponseBuilder: (request, context) => ({ statusCode: 429,
          error: { code: 'rate_limited', message: `too many redemptions; try again in ${Math.ceil(context.ttl / 1000)} s` } }),
      },
    },
  };
  app.post('/loyalty/api/redemptions', perCustomerLimit, async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !key || key.length > MAX_KEY) {
      return error(reply, 400, 'missing_idempotency_key', `send an Idempotency-Key header of 1 to ${MAX_KEY} characters`);
    }
    const body = request.body;
    // The browser never decides money: an order amount is the shop's to know,
    // so rewards that depend on one are redeemed with the order at checkout.
    if (body && typeof body === 'object' && Object.hasOwn(body, 'order_amount')) {
      return error(reply, 400, 'order_amount_not_accepted', 'order amounts come from the order: redeem this reward at checkout');
    }
    if (!validateRedemption(body)) {
      const refusal = schemaRefusal(validateRedemption);
      return error(reply, refusal.status, refusal.code, refusal.message);
    }
    const request_ = JSON.stringify({ reward: body.reward, points: body.points ?? null });
    // Everything from here to the insert is synchronous: concurrent requests
    // with the same key cannot interleave, so one redemption is recorded.
    purgeExpiredKeys();
    const result = transact(row.id, () => {
      const earlier = q.redemption.get(row.id, key, now());
      if (earlier) {
        if (earlier.request !== request_) return { status: 422, body: { error: { code: 'idempotency_key_reused', message: 'this Idempotency-Key was used for a different redemption' } } };
        return { status: earlier.status, body: JSON.parse(earlier.response) };
      }
      const event = { id: eventId('red'), type: 'redemption', customer: row.id, date: stamp(), reward: body.reward,
        ...(body.points !== undefined ? { points: body.points } : {}) };
      const { entry, balance } = decide(row.id, event,
        (decided) => (accepted(decided) ? q.addEvent.run(event.id, row.id, JSON.stringify(event)).lastInsertRowid : null));
      let result;
      if (!accepted(entry)) {
        const code = entry?.code ?? 'rejected';
        result = { status: refusalStatus(code), body: { error: { code, message: entry?.message ?? 'the redemption was rejected' } } };
      } else {
        // Codes are unique across the shop (a checkout finds one by its text).
        let code;
        do code = `LOYAL-${randomBytes(5).toString('hex').toUpperCase()}`; while (q.codeTaken.get(code));
        q.addCode.run(code, row.id, event.id, event.reward, -entry.points, entry.discount, event.date);
        result = { status: 201, body: { redemption: { id: event.id, reward: event.reward, points: -entry.points, discount: entry.discount,
          code, created_at: event.date }, available: balance.available } };
      }
      q.addRedemption.run(row.id, key, request_, result.status, JSON.stringify(result.body), stamp(), now() + keyLifetimeMs);
      return result;
    });
    return reply.code(result.status).send(result.body);
  });

  // Cancelling an unused code: a cancellation event gives its points back.
  // Asking again answers the same (the code stays cancelled, the points came
  // back once: the engine rejects a second cancellation too), so a retry
  // after a lost answer is safe without an idempotency key.
  app.post('/loyalty/api/redemptions/:id/cancel', perCustomerLimit, async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    const id = String(request.params.id ?? '');
    const answer = (code, available) => ({ redemption: { id: code.redemption, reward: code.reward, points: code.points,
      code: code.code, status: 'cancelled' }, available });
    const result = transact(row.id, () => {
      const code = id.length <= MAX_KEY ? q.codeOfRedemption.get(row.id, id) : undefined;
      if (!code) return { status: 404, body: { error: { code: 'unknown_redemption', message: 'this customer has no such redemption code' } } };
      if (code.status === 'used') return { status: 409, body: { error: { code: 'code_used', message: 'the code was used on an order; its points are spent' } } };
      if (code.status === 'cancelled') return { status: 200, body: answer(code, balanceOf(row.id).available) };
      const event = { id: eventId('cancel'), type: 'cancellation', customer: row.id, date: stamp(), redemption: code.redemption };
      const { entry, balance } = decide(row.id, event,
        (decided) => (accepted(decided) ? q.addEvent.run(event.id, row.id, JSON.stringify(event)).lastInsertRowid : null));
      if (!accepted(entry)) {
        const refusal = entry?.code ?? 'rejected';
        return { status: refusalStatus(refusal), body: { error: { code: refusal, message: entry?.message ?? 'the cancellation was rejected' } } };
      }
      q.closeCode.run('cancelled', event.date, null, code.code);
      return { status: 200, body: answer(code, balance.available) };
    });
    return reply.code(result.status).send(result.body);
  });

  // The demo storefront's routes: sign-in as anyone and a checkout that
  // records orders. A real shop has its own; they exist only with demo on
  // (LOYALTY_DEMO=1, which scripts/demo sets) and otherwise answer 404.
  // Checkout applies a reward to the order it prices itself (the browser
  // names the reward, never an amount): the engine decides it on that order.
  // Or it takes a code from an earlier redemption, which must be the
  // customer's and unused; it comes off the order (never more than the
  // order) and is used up with it. One reward or code an order.
  if (demo) {
    app.get('/shop/products', async () => q.products.all());
    app.post('/shop/checkout', async (request, reply) => {
      const row = await authenticate(request, reply);
      if (!row) return reply;
      const lines = request.body?.items;
      const reward = request.body?.reward;
      const codeText = request.body?.code;
      if (!Array.isArray(lines) || lines.length === 0 || lines.length > 50 ||
          (reward !== undefined && (typeof reward?.id !== 'string' || !reward.id || reward.id.length > 100 ||
            (reward.points !== undefined && (!Number.isSafeInteger(reward.points) || reward.points <= 0)))) ||
          (codeText !== undefined && (typeof codeText !== 'string' || !codeText || codeText.length > 100)) ||
          (reward !== undefined && codeText !== undefined)) {
        return error(reply, 400, 'invalid_request', 'the body is {"items": [{"sku", "quantity"}], "reward"?: {"id", "points"?}} or {"items", "code"?}');
      }
      const items = [];
      for (const line of lines) {
        const product = q.product.get(String(line?.sku ?? ''));
        const quantity = line?.quantity ?? 1;
        if (!product || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > 100) {
          return error(reply, 400, 'invalid_item', `unknown product or quantity: ${String(line?.sku ?? '').slice(0, 40)}`);
        }
        items.push({ sku: product.sku, price: product.price, category: product.category, quantity });
      }
      const order = { id: eventId('order'), customer: row.id, date: stamp(), items };
      const subtotal = orderTotal(items);
      const redemption = reward ? { id: eventId('red'), type: 'redemption', customer: row.id, date: order.date,
        reward: reward.id, order_amount: subtotal, ...(reward.points !== undefined ? { points: reward.points } : {}) } : null;
      let earned;
      let redeemed;
      let usedCode = null;
      try {
        ({ earned, redeemed, usedCode } = transact(row.id, () => {
          const code = codeText === undefined ? null : q.codeByText.get(row.id, codeText.trim().toUpperCase());
          if (codeText !== undefined && code?.status !== 'issued') {
            throw Object.assign(new Error('code refused'), { refusal: !code
              ? { status: 404, code: 'unknown_code', message: 'no such code for this customer' }
              : { status: 409, code: `code_${code.status}`, message: `the code was already ${code.status}` } });
          }
          const placed = decide(row.id, order, () => q.addEvent.run(order.id, row.id, JSON.stringify(order)).lastInsertRowid);
          if (code) {
            q.closeCode.run('used', order.date, order.id, code.code);
            return { earned: placed, usedCode: code };
          }
          if (!redemption) return { earned: placed };
          const applied = decide(row.id, redemption, (decided) => (accepted(decided)
            ? q.addEvent.run(redemption.id, row.id, JSON.stringify(redemption)).lastInsertRowid : null));
          // All or nothing: the order is not placed with a reward it cannot have.
          if (!accepted(applied.entry)) throw Object.assign(new Error('reward refused'), { refusal: applied.entry ?? {} });
          return { earned: placed, redeemed: applied };
        }));
      } catch (failure) {
        if (!failure.refusal) throw failure;
        const code = failure.refusal.code ?? 'rejected';
        return error(reply, failure.refusal.status ?? refusalStatus(code), code, failure.refusal.message ?? 'the reward was refused');
      }
      const balance = redeemed?.balance ?? earned.balance;
      const discount = usedCode ? codeDiscount(usedCode.discount, subtotal) : (redeemed?.entry.discount ?? '0.00');
      return reply.code(201).send({ order: order.id, points: earned.entry?.points ?? 0, subtotal, discount,
        reward: redemption ? redemption.reward : (usedCode?.reward ?? null), code: usedCode?.code ?? null,
        available: balance.available, pending: balance.pending });
    });

    // Demo sign-in (a real shop signs tokens for its own logged-in customers).
    app.get('/demo/customers', async () => q.customers.all());
    app.post('/demo/login', async (request, reply) => {
      const row = q.customer.get(String(request.body?.customer ?? ''));
      if (!row) return error(reply, 404, 'unknown_customer', 'no such demo customer');
      return { token: await tokens.sign(row.id) };
    });
  }

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
      ledgers.drop(customer);
    },
    /** Whether the customer's ledger is open (kept between requests). */
    hasOpenLedger: (customer) => ledgers.isOpen(customer),
    async close() {
      await app.close();
      ledgers.close();
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
