// The loyalty endpoint of web/contract/ as a fastify plugin a shop mounts:
// GET /program, GET /customer, POST /redemptions and their cancellation,
// each answered by the shop's loyalty service (service.mjs). Requests are
// verified (customer tokens), validated (the contract's schemas), rate
// limited per verified customer and answered in the contract's shape.
import fastifyRateLimit from '@fastify/rate-limit';
import { randomHex } from './random.mjs';
import { bearerToken, sendError as error } from './http.mjs';
import { limitPerIdentity } from './limits.mjs';
import { contractSchema, schemaRefusal } from './contract-schemas.mjs';
import { accepted, refusalStatus } from './service.mjs';

const SQL = {
  customer: 'SELECT id, name, referral_code FROM customers WHERE id = $1 AND erased_at IS NULL',
  eventPage: 'SELECT seq, body FROM events WHERE customer = $1 AND seq > $2 ORDER BY seq LIMIT $3',
  openCodes: `SELECT redemption AS id, code, reward, points, discount, created_at FROM codes
    WHERE customer = $1 AND status = 'issued' ORDER BY created_at, redemption`,
  redemption: 'SELECT request, status, response FROM redemptions WHERE customer = $1 AND idempotency_key = $2 AND expires_at > $3',
  addRedemption: `INSERT INTO redemptions (customer, idempotency_key, request, status, response, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (customer, idempotency_key) DO UPDATE SET request = excluded.request,
    status = excluded.status, response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  expireRedemptions: 'DELETE FROM redemptions WHERE expires_at <= $1',
  addCode: `INSERT INTO codes (code, customer, redemption, reward, points, discount, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  codeOfRedemption: 'SELECT * FROM codes WHERE customer = $1 AND redemption = $2',
  codeTaken: 'SELECT 1 AS taken FROM codes WHERE code = $1',
  closeCode: `UPDATE codes SET status = $1, closed_at = $2, order_id = $3 WHERE code = $4 AND status = 'issued'`,
};

const MAX_KEY = 200;
const PAGE = 500;        // events per GET /customer page unless ?limit= says fewer
const MAX_PAGE = 5000;

// Request bodies are checked against the contract's own schemas before the
// engine sees them: a shape error is 400 invalid_request, a value out of
// range 422 invalid_value, each naming the field.
const validateRedemption = contractSchema('redemption-request.schema.json');
const validateSurvey = contractSchema('survey-request.schema.json');
/**
 * Mounts the endpoint's routes under /loyalty/api. Returns `authenticate`
 * (the signed-in customer of a request, or a 401 sent) for the shop's own
 * routes, and `verifiedCustomer` (the request's customer row or null,
 * verified once per request) for other routes' rate limits. `programText`/`programEtag`: the program as served.
 */
export async function loyaltyEndpoint(app, { service, tokens, programText, programEtag, redemptionsPerMinute = 30,
  idempotencyHours = 24 }) {
  const { store, now, stamp, balanceOf, write } = service;
  const profile = (row) => ({ id: row.id, name: row.name, referral_url: `/join.html?ref=${row.referral_code}` });
  // Expired idempotency keys go, at most once a minute (an indexed delete).
  const keyLifetimeMs = idempotencyHours * 3600 * 1000;
  let purgedAt = -Infinity;
  async function purgeExpiredKeys() {
    if (now() - purgedAt < 60000) return;
    purgedAt = now();
    await store.run(SQL.expireRedemptions, [purgedAt]);
  }

  // The customer a request's Bearer token verifies as, or null; verified
  // once per request (rate limits key on it before the handler runs).
  const verified = new WeakMap();  // request -> customer row or null
  async function verifiedCustomer(request) {
    if (verified.has(request)) return verified.get(request);
    const id = await tokens.verify(bearerToken(request));
    const row = (id ? await store.get(SQL.customer, [id]) : null) ?? null;
    verified.set(request, row);
    return row;
  }

  // The signed-in customer from the Bearer token, or a 401 already sent.
  async function authenticate(request, reply) {
    const row = await verifiedCustomer(request);
    if (!row) {
      error(reply, 401, 'unauthorized', bearerToken(request) ? 'the customer token is invalid or expired' : 'a customer token is required');
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
    const figures = await balanceOf(row.id);
    // One page of the history at a time: a long-standing customer's years of
    // events are fetched in pages, each with the current figures.
    const size = limit === undefined ? PAGE : Number(limit);
    const page = await store.all(SQL.eventPage, [row.id, since === undefined ? 0 : Number(since), size + 1]);
    const more = page.length > size;
    if (more) page.pop();
    return {
      customer: profile(row),
      // The server's figures, from the customer's open ledger: the widget shows these.
      balance: { as_of: figures.as_of, available: figures.available, pending: figures.pending,
        lifetime_earned: figures.lifetime_earned, tier: figures.tier ? { id: figures.tier.id, name: figures.tier.name } : null,
        survey: figures.survey ?? null, giving: figures.giving ?? null },
      // Codes from redemptions, not yet used or cancelled: the widget lists them.
      codes: await store.all(SQL.openCodes, [row.id]),
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
  // `max` requests a minute in one budget (`groupId`) per verified customer.
  const limitPerCustomer = (groupId, max, what) => limitPerIdentity({ groupId, max, what, verify: verifiedCustomer,
    identity: (request) => (verified.get(request) ? `customer:${verified.get(request).id}` : null) });
  const perCustomerLimit = limitPerCustomer('redemptions', redemptionsPerMinute, 'redemptions');
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
    const request_ = JSON.stringify({ reward: body.reward, points: body.points ?? null, ...(body.cause ? { cause: body.cause } : {}) });
    // One transaction holding the customer's lock: concurrent requests with
    // the same key (on any instance) cannot interleave, so one redemption is
    // recorded.
    await purgeExpiredKeys();
    const result = await write(row.id, async (tx) => {
      const earlier = await tx.get(SQL.redemption, [row.id, key, now()]);
      if (earlier) {
        if (earlier.request !== request_) return { status: 422, body: { error: { code: 'idempotency_key_reused', message: 'this Idempotency-Key was used for a different redemption' } } };
        return { status: earlier.status, body: JSON.parse(earlier.response) };
      }
      const event = { ...await tx.newEvent('red'), type: 'redemption', customer: row.id, reward: body.reward,
        ...(body.points !== undefined ? { points: body.points } : {}), ...(body.cause ? { cause: body.cause } : {}) };
      const { entry, balance } = await tx.apply(event);
      let result;
      if (!accepted(entry)) {
        const code = entry?.code ?? 'rejected';
        result = { status: refusalStatus(code), body: { error: { code, message: entry?.message ?? 'the redemption was rejected' } } };
      } else if (entry.cause) {
        // A donation: the engine says which cause; there is no code to use at checkout.
        result = { status: 201, body: { redemption: { id: event.id, reward: event.reward, points: -entry.points, discount: entry.discount,
          cause: entry.cause, code: null, created_at: event.date }, available: balance.available } };
      } else {
        // Codes are unique across the shop (a checkout finds one by its text).
        let code;
        do code = `LOYAL-${randomHex(5).toUpperCase()}`; while (await tx.get(SQL.codeTaken, [code]));
        await tx.run(SQL.addCode, [code, row.id, event.id, event.reward, -entry.points, entry.discount, event.date]);
        result = { status: 201, body: { redemption: { id: event.id, reward: event.reward, points: -entry.points, discount: entry.discount,
          code, created_at: event.date }, available: balance.available } };
      }
      await tx.run(SQL.addRedemption, [row.id, key, request_, result.status, JSON.stringify(result.body), stamp(), now() + keyLifetimeMs]);
      return result;
    });
    return reply.code(result.status).send(result.body);
  });

  // The Net Promoter Score question, answered by the signed-in customer. The
  // engine decides whether an answer counts (once per the program's period)
  // and what it earns; a refusal is the engine's code and message.
  const perCustomerSurveys = limitPerCustomer('surveys', 10, 'answers');
  app.post('/loyalty/api/surveys', perCustomerSurveys, async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    const body = request.body;
    if (!validateSurvey(body)) {
      const refusal = schemaRefusal(validateSurvey);
      return error(reply, refusal.status, refusal.code, refusal.message);
    }
    const result = await write(row.id, async (tx) => {
      if (!(await tx.balance()).survey) {
        return { status: 404, body: { error: { code: 'surveys_off', message: 'this shop does not ask for surveys' } } };
      }
      const event = { ...await tx.newEvent('survey'), type: 'survey', customer: row.id, score: body.score,
        ...(body.comment ? { comment: body.comment } : {}) };
      const { entry, balance } = await tx.apply(event);
      if (!accepted(entry)) {
        const code = entry?.code ?? 'rejected';
        return { status: refusalStatus(code), body: { error: { code, message: entry?.message ?? 'the answer was not accepted' } } };
      }
      return { status: 201, body: { survey: { id: event.id, score: event.score, date: event.date }, points: entry.points ?? 0,
        available: balance.available, next: balance.survey?.next ?? null } };
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
    const result = await write(row.id, async (tx) => {
      const code = id.length <= MAX_KEY ? await tx.get(SQL.codeOfRedemption, [row.id, id]) : undefined;
      if (!code) return { status: 404, body: { error: { code: 'unknown_redemption', message: 'this customer has no such redemption code' } } };
      if (code.status === 'used') return { status: 409, body: { error: { code: 'code_used', message: 'the code was used on an order; its points are spent' } } };
      if (code.status === 'cancelled') return { status: 200, body: answer(code, (await tx.balance()).available) };
      const event = { ...await tx.newEvent('cancel'), type: 'cancellation', customer: row.id, redemption: code.redemption };
      const { entry, balance } = await tx.apply(event);
      if (!accepted(entry)) {
        const refusal = entry?.code ?? 'rejected';
        return { status: refusalStatus(refusal), body: { error: { code: refusal, message: entry?.message ?? 'the cancellation was rejected' } } };
      }
      await tx.run(SQL.closeCode, ['cancelled', event.date, null, code.code]);
      return { status: 200, body: answer(code, balance.available) };
    });
    return reply.code(result.status).send(result.body);
  });

  return { authenticate, verifiedCustomer };
}
