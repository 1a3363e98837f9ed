// The routes the shop's own backend calls (server to server), authenticated
// by the shop secret as a Bearer token, never by a customer token:
//   POST /loyalty/api/orders, /refunds, /events      ingestion (ingestion.mjs)
//   GET /loyalty/api/admin/customers/:id/export, DELETE of it   privacy.mjs
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken, sendError as error } from './http.mjs';
import { ingestion } from './ingestion.mjs';
import { privacy } from './privacy.mjs';
import { contractSchema, schemaRefusal } from './contract-schemas.mjs';

const validate = { order: contractSchema('order.schema.json'), refund: contractSchema('refund.schema.json'),
  event: contractSchema('event.schema.json') };

export const MIN_SHOP_SECRET_BYTES = 32;

// Compared as digests in constant time: neither the secret's content nor
// its length leaks through timing.
const digest = (text) => createHash('sha256').update(text).digest();

/**
 * Ingestion as a function (for a checkout in the same process): order,
 * refund and event, each checking the body against its schema first and
 * answering { status, body } as the routes do.
 */
export function checkedIngestion(service) {
  const ingest = ingestion(service);
  const checked = {};
  for (const kind of ['order', 'refund', 'event']) {
    checked[kind] = async (body) => {
      if (!validate[kind](body)) {
        const refusal = schemaRefusal(validate[kind]);
        return { status: refusal.status, body: { error: { code: refusal.code, message: refusal.message } } };
      }
      return ingest[kind](body);
    };
  }
  return checked;
}

export async function backendRoutes(app, { service, ingest, shopSecret, bodyLimit = 256 * 1024 }) {
  const expected = shopSecret ? digest(shopSecret) : null;
  function authorised(request, reply) {
    if (!expected) {
      error(reply, 401, 'unauthorized', 'this endpoint has no shop secret configured (LOYALTY_SHOP_SECRET)');
      return false;
    }
    const token = bearerToken(request);
    if (!token || !timingSafeEqual(digest(token), expected)) {
      error(reply, 401, 'unauthorized', 'send the shop secret as a Bearer token');
      return false;
    }
    return true;
  }
  const { exportCustomer, eraseCustomer } = privacy(service);

  for (const kind of ['order', 'refund', 'event']) {
    app.post(`/loyalty/api/${kind}s`, { bodyLimit }, async (request, reply) => {
      if (!authorised(request, reply)) return reply;
      const answer = await ingest[kind](request.body);
      return reply.code(answer.status).send(answer.body);
    });
  }

  const customerId = (request) => String(request.params.id ?? '');
  app.get('/loyalty/api/admin/customers/:id/export', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const data = await exportCustomer(customerId(request));
    if (!data) return error(reply, 404, 'unknown_customer', 'no such customer');
    reply.header('Cache-Control', 'no-store');
    return data;
  });
  // Erasure: DELETE of the export's address (as the contract names it) or
  // of the customer's own.
  const erase = async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const kept = await eraseCustomer(customerId(request));
    if (kept === null) return error(reply, 404, 'unknown_customer', 'no such customer');
    return { erased: true, events_kept_pseudonymised: kept };
  };
  app.delete('/loyalty/api/admin/customers/:id/export', erase);
  app.delete('/loyalty/api/admin/customers/:id', erase);
}
