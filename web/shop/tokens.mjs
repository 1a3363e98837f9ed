// Customer tokens: HS256 JWTs the shop's server signs (sub = customer id,
// short expiry) and the loyalty endpoint verifies. The widget never sees the
// secret; it only carries the token.
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'loyalty-reference-shop';
const AUDIENCE = 'loyalty-endpoint';

// `now` is the shop's clock (epoch ms): issue and expiry are judged by it.
export function tokenService(secretText, { lifetimeSeconds = 15 * 60, now = Date.now } = {}) {
  const secret = new TextEncoder().encode(secretText);
  return {
    sign(customerId, { expiresIn = lifetimeSeconds, notBefore } = {}) {
      const issued = Math.floor(now() / 1000);
      const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(customerId)
        .setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(issued).setExpirationTime(issued + expiresIn);
      if (notBefore !== undefined) jwt.setNotBefore(notBefore);
      return jwt.sign(secret);
    },
    /** The customer id the token was signed for, or null for a missing, expired, forged or alien token. */
    async verify(token) {
      if (!token) return null;
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE,
          currentDate: new Date(now()) });
        return typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
