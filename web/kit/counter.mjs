// The shop counter: a member shows the card in their widget (a QR code of a
// short-lived signed member code, member-codes.mjs) and staff scan or type it
// to record an in-store order, which earns like any other and is recorded
// with "channel": "store".
//
//   GET  /loyalty/api/member-code      the signed-in customer's fresh code (customer token)
//   POST /loyalty/api/counter/members  {code}: whose card it is (staff token)
//   POST /loyalty/api/counter/orders   an in-store order for a card's member (staff token)
//
// Staff tokens are the shop's to sign for its signed-in staff, like customer
// tokens but for another audience (`loyalty-counter`), so a customer's token
// never opens the counter and a staff token never acts as a customer.
//
// The counter works offline: it keeps a sale, with its own id and the time it
// was made, and sends it when the connection is back. The order's id makes
// it count once however often it is sent (ingestion answers a replay with
// the first answer). The card's code must have been valid when the sale was
// made, not when it arrives; a sale may arrive up to `offlineHours` late.
import { bearerToken, sendError as error } from './http.mjs';
import { limitPerIdentity } from './limits.mjs';
import { contractSchema, schemaRefusal } from './contract-schemas.mjs';

const validate = { member: contractSchema('counter-member-request.schema.json'), order: contractSchema('counter-order.schema.json') };

const SKEW_MS = 60 * 1000;  // clocks of the till and the server differ a little
const SQL = { member: 'SELECT id, name FROM customers WHERE id = $1 AND erased_at IS NULL' };

// Mounted after the endpoint (endpoint.mjs), whose rate limiter these routes use.
export async function counterRoutes(app, { service, ingest, memberCodes, staffTokens, verifiedCustomer, authenticate, offlineHours = 72,
  lookupsPerMinute = 120, ordersPerMinute = 120, codesPerMinute = 30 }) {
  const { store, now, program, balanceOf } = service;

  // The staff member a request's token verifies as, once per request (the
  // rate limits key on it before the handler runs).
  const verified = new WeakMap();
  const staffOf = async (request) => {
    if (!verified.has(request)) verified.set(request, await staffTokens.verify(bearerToken(request)));
    return verified.get(request);
  };
  const perStaff = (groupId, max, what) => limitPerIdentity({ groupId, max, what, verify: staffOf,
    identity: (request) => (verified.get(request) ? `staff:${verified.get(request)}` : null) });
  async function staff(request, reply) {
    const id = await staffOf(request);
    if (!id) error(reply, 401, 'unauthorized', bearerToken(request) ? 'the staff token is invalid or expired' : 'a staff token is required');
    return id;
  }
  const checked = (name, request, reply) => {
    if (validate[name](request.body)) return true;
    const refusal = schemaRefusal(validate[name]);
    error(reply, refusal.status, refusal.code, refusal.message);
    return false;
  };

  // The member of a code as it stood at `atMs`, or an error answer.
  async function memberOf(code, atMs) {
    const read = memberCodes.read(code);
    if (read.error) return { status: 422, code: 'code_invalid', message: 'this is not a member code of this shop' };
    if (atMs > read.expiresAt + SKEW_MS) {
      return { status: 422, code: 'code_expired', message: 'the card\'s code had expired; ask the member to open the card again' };
    }
    const row = await store.get(SQL.member, [read.customer]);
    if (!row) return { status: 404, code: 'unknown_member', message: 'no member has this card' };
    return { row, expiresAt: read.expiresAt };
  }

  // Codes per verified customer (else per address): a card asks for one
  // every few minutes, a script asking for thousands is refused.
  // The endpoint's own per-request verification: the token is checked once
  // for the limit and the handler together.
  const customers = new WeakMap();  // request -> customer row or null
  const perCustomer = limitPerIdentity({ groupId: 'member-codes', max: codesPerMinute, what: 'codes',
    verify: async (request) => { customers.set(request, await verifiedCustomer(request)); },
    identity: (request) => (customers.get(request) ? `customer:${customers.get(request).id}` : null) });

  app.get('/loyalty/api/member-code', perCustomer, async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    reply.header('Cache-Control', 'private, no-store');
    return { ...memberCodes.issue(row.id), lifetime_seconds: memberCodes.lifetimeSeconds };
  });

  app.post('/loyalty/api/counter/members', perStaff('counter-lookups', lookupsPerMinute, 'lookups'), async (request, reply) => {
    if (!await staff(request, reply)) return reply;
    if (!checked('member', request, reply)) return reply;
    const found = await memberOf(request.body.code, now());
    if (!found.row) return error(reply, found.status, found.code, found.message);
    const balance = await balanceOf(found.row.id);
    reply.header('Cache-Control', 'private, no-store');
    return { customer: found.row.id, name: found.row.name, tier: balance.tier ? { id: balance.tier.id, name: balance.tier.name } : null,
      available: balance.available, code_expires_at: new Date(found.expiresAt).toISOString() };
  });

  app.post('/loyalty/api/counter/orders', perStaff('counter-orders', ordersPerMinute, 'orders'), async (request, reply) => {
    const staffId = await staff(request, reply);
    if (!staffId) return reply;
    if (!checked('order', request, reply)) return reply;
    const { id, member_code: code, made_at: madeAt, amount, items, currency } = request.body;
    const made = Date.parse(madeAt);
    if (!Number.isFinite(made)) return error(reply, 422, 'invalid_value', 'made_at: not a time');
    if (made > now() + SKEW_MS) return error(reply, 422, 'sale_in_future', 'made_at: the sale is dated after now; check the till\'s clock');
    if (made < now() - offlineHours * 3600 * 1000) {
      return error(reply, 422, 'sale_too_old', `made_at: a sale must reach the shop within ${offlineHours} hours`);
    }
    const found = await memberOf(code, made);
    if (!found.row) return error(reply, found.status, found.code, found.message);
    // The shop's own order, dated in the shop's zone when it was made at the counter.
    const answer = await ingest.order({ id, customer: found.row.id, date: program.timestamp(made), channel: 'store',
      ...(amount !== undefined ? { amount } : {}), ...(items ? { items } : {}), ...(currency ? { currency } : {}) });
    if (answer.status >= 300) return reply.code(answer.status).send(answer.body);
    return reply.code(answer.status).send({ ...answer.body, name: found.row.name, channel: 'store', staff: staffId });
  });
}
