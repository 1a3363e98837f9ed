// Rate limits keyed on verified identities: `verify(request)` runs before the
// limiter (preValidation) and `identity(request)` then names who it verified
// ("customer:ada", "staff:sam"), or null, when the address is the key. The
// limiter runs before the handler (preHandler); `max` requests a minute in
// one budget (`groupId`), refused as 429 rate_limited in the contract's shape.
export const limitPerIdentity = ({ groupId, max, what, verify, identity }) => ({
  preValidation: async (request) => { await verify(request); },
  config: {
    rateLimit: {
      max,
      timeWindow: 60000,
      hook: 'preHandler',
      groupId,
      keyGenerator: (request) => identity(request) ?? `address:${request.ip}`,
      errorResponseBuilder: (request, context) => ({ statusCode: 429,
        error: { code: 'rate_limited', message: `too many ${what}; try again in ${Math.ceil(context.ttl / 1000)} s` } }),
    },
  },
});
