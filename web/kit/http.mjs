// What every response of the reference shop has in common: the security
// headers, the contract's error shape, and errors fastify or a handler raise
// turned into that shape (no client input gets a 5xx).
import Fastify from 'fastify';

// No inline script or style, no eval: only the wasm compile the engine needs.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export const secure = (reply) => reply.header('Content-Security-Policy', CSP).header('X-Content-Type-Options', 'nosniff')
  .header('Referrer-Policy', 'same-origin');
/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(request) {
  const header = request.headers.authorization ?? '';
  return /^Bearer\s+\S/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
}

/** Sends `{error: {code, message}}` with `status` and the security headers. */
export const sendError = (reply, status, code, message) => secure(reply).code(status).send({ error: { code, message } });

// The contract's error shape and security headers for every route of
// `app`'s context (the kit's routes, wherever they are mounted).
export function answerInContractShape(app) {
  app.addHook('onSend', async (request, reply, payload) => {
    secure(reply);
    return payload;
  });
  app.setErrorHandler((err, request, reply) => {
    if (err.statusCode === 429 && err.error?.code) return reply.code(429).send({ error: err.error });
    if (err.statusCode === 413) return sendError(reply, 413, 'too_large', 'the request body is too large');
    if (err.statusCode && err.statusCode < 500) return sendError(reply, err.statusCode, 'bad_request', err.message);
    // The engine refusing client input is the client's error, with the engine's code.
    if (err.name === 'LoyaltyError' && !['internal', 'overflow', 'out_of_order'].includes(err.code)) {
      return sendError(reply, 422, err.code, err.message);
    }
    // Two requests racing to record the same id: the loser is told so.
    if (err.code === '23505' || /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(err.code ?? '')) {
      return sendError(reply, 409, 'conflict', 'a request with the same id was recorded meanwhile; retry to see its answer');
    }
    request.log.error(err);
    return sendError(reply, 500, 'internal', 'internal error');
  });
}

export function createApp({ logger = false } = {}) {
  const app = Fastify({
    logger,
    bodyLimit: 16 * 1024,
    // Requests fastify refuses before routing (a malformed URL such as
    // /dist/%ZZ, a bad content type) answer in the contract's shape too.
    frameworkErrors: (failure, request, reply) => sendError(reply, 400, 'bad_request', 'the request is malformed'),
  });
  answerInContractShape(app);
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', 'no such resource'));
  return app;
}
