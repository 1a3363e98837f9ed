// Customer tokens: HS256 JWTs the shop's server signs (sub = customer id,
// short expiry) and the loyalty endpoint verifies. The widget never sees the
// secret; it only carries the token.
//
// Secrets come from the environment or a file only the server's user can
// read, never from the database; the current one signs, and the previous
// one (named by `kid`) still verifies, so keys rotate without signing anyone
// out. A token must carry `sub` and `exp`, may live at most
// `maxLifetimeSeconds`, and is judged on the shop's clock with 60 s of skew.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';

export const MIN_SECRET_BYTES = 32;

/** A secret's key id: a short digest, so a token names its key without revealing it. */
export const keyId = (secret) => createHash('sha256').update(secret).digest('base64url').slice(0, 12);

/**
 * The signing secrets from the environment: LOYALTY_JWT_SECRET or
 * LOYALTY_JWT_SECRET_FILE (mode 0600 or stricter), and optionally
 * LOYALTY_JWT_PREVIOUS_SECRET(_FILE) while keys rotate. Throws with a message
 * for people when none is configured or one is too short.
 */
export function secretsFromEnvironment(env = process.env) {
  const read = (name) => {
    if (env[name]) return env[name];
    const file = env[`${name}_FILE`];
    if (!file) return null;
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) throw new Error(`${name}_FILE: ${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
    return readFileSync(file, 'utf8').trim();
  };
  const current = read('LOYALTY_JWT_SECRET');
  if (!current) throw new Error('set LOYALTY_JWT_SECRET or LOYALTY_JWT_SECRET_FILE to a secret of at least 32 bytes');
  const previous = read('LOYALTY_JWT_PREVIOUS_SECRET');
  return previous ? [current, previous] : [current];
}

// `secrets`: the current secret first, then a previous one still accepted.
export function tokenService(secrets, { lifetimeSeconds = 15 * 60, maxLifetimeSeconds = 24 * 3600, issuer = null,
  audience = null, clockToleranceSeconds = 60, now = Date.now, rememberTokens = 10000 } = {}) {
  const list = [].concat(secrets ?? []).filter((s) => s !== null && s !== undefined);
  if (list.length === 0) throw new Error('tokenService needs a secret');
  for (const secret of list) {
    if (Buffer.byteLength(String(secret)) < MIN_SECRET_BYTES) {
      throw new Error(`the token secret must be at least ${MIN_SECRET_BYTES} bytes (got ${Buffer.byteLength(String(secret))})`);
    }
  }
  // Each secret imported once as a CryptoKey: handing jose raw bytes makes it
  // import the key again on every request (a fifth of GET /customer's time).
  const keys = new Map(list.map((secret) => [keyId(secret), globalThis.crypto.subtle.importKey('raw',
    new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])]));
  const [currentKid] = keys.keys();
  // A widget sends the same token on every request until it expires, and
  // checking its HMAC was a sixth of GET /customer's time. A token whose
  // signature verified is remembered by its exact text; its time claims are
  // judged again on every use, so a remembered token expires as it would.
  // Only verified tokens are kept (a flood of forgeries fills nothing), and
  // at most `rememberTokens`, oldest dropped first.
  const remembered = new Map();  // token -> { sub, exp, nbf }
  const timely = ({ exp, nbf }, nowSeconds) => nowSeconds < exp + clockToleranceSeconds
    && (nbf === undefined || nbf <= nowSeconds + clockToleranceSeconds);
  return {
    sign(customerId, { expiresIn = lifetimeSeconds, notBefore } = {}) {
      const issued = Math.floor(now() / 1000);
      const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: currentKid }).setSubject(customerId)
        .setIssuedAt(issued).setExpirationTime(issued + expiresIn);
      if (issuer) jwt.setIssuer(issuer);
      if (audience) jwt.setAudience(audience);
      if (notBefore !== undefined) jwt.setNotBefore(notBefore);
      return keys.get(currentKid).then((key) => jwt.sign(key));
    },
    /** The customer id the token was signed for, or null for a missing, expired, forged, overlong or alien token. */
    async verify(token) {
      if (!token) return null;
      const known = remembered.get(token);
      if (known) return timely(known, Math.floor(now() / 1000)) ? known.sub : null;
      try {
        const { kid } = decodeProtectedHeader(token);
        // A token without kid predates rotation: only the current key may verify it.
        const key = keys.get(kid ?? currentKid);
        if (!key) return null;
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          requiredClaims: ['sub', 'exp'],
          clockTolerance: clockToleranceSeconds,
          currentDate: new Date(now()),
          ...(issuer ? { issuer } : {}),
          ...(audience ? { audience } : {}),
        });
        const nowSeconds = Math.floor(now() / 1000);
        const start = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
        if (payload.exp - start > maxLifetimeSeconds) return null;  // a ten-year token is refused
        if (typeof payload.sub !== 'string' || !payload.sub) return null;
        if (rememberTokens > 0) {
          if (remembered.size >= rememberTokens) remembered.delete(remembered.keys().next().value);
          remembered.set(token, { sub: payload.sub, exp: payload.exp, nbf: payload.nbf });
        }
        return payload.sub;
      } catch {
        return null;
      }
    },
  };
}
