// Member codes: what the widget's member card shows as a QR code and what
// staff at the shop's counter scan or type to recognise a member. A code is
// short-lived and signed (HMAC-SHA256 under a key derived from the token
// secret), so it proves who the member is without a database row, and a
// screenshot of it stops working within minutes.
//
//   <customer id, hex>.<expiry, unix seconds in base 36>.<signature, 20 hex>
//
// Hex and base 36 read the same in any case, so a code typed at the till in
// capitals, or sent by a barcode scanner that upper-cases, still verifies.
// The previous token secret still verifies while keys rotate.
import { createHmac, timingSafeEqual } from 'node:crypto';

const CONTEXT = 'loyalty member code v1';  // keeps these signatures apart from the tokens' under the same secret
const MAC_HEX = 20;                        // 80 bits: far beyond guessing within a code's minutes
const SHAPE = /^([0-9a-f]{2,200})\.([0-9a-z]{1,10})\.([0-9a-f]{20})$/;

export function memberCodes(secrets, { lifetimeSeconds = 5 * 60, now = Date.now } = {}) {
  const keys = [].concat(secrets ?? []).filter(Boolean).map((secret) => createHmac('sha256', secret).update(CONTEXT).digest());
  if (!keys.length) throw new Error('memberCodes needs the token secret');
  const mac = (key, payload) => createHmac('sha256', key).update(payload).digest('hex').slice(0, MAC_HEX);

  return {
    lifetimeSeconds,
    /** A fresh code for `customer`, valid for `lifetimeSeconds` from now. */
    issue(customer) {
      const expires = Math.floor(now() / 1000) + lifetimeSeconds;
      const payload = `${Buffer.from(customer, 'utf8').toString('hex')}.${expires.toString(36)}`;
      return { code: `${payload}.${mac(keys[0], payload)}`, expires_at: new Date(expires * 1000).toISOString() };
    },
    /**
     * Whose code this is: { customer, expiresAt (ms) }, or { error } with
     * code_invalid (not a code, or a forged or altered one). Expiry is the
     * caller's to judge, against the time the code was shown.
     */
    read(text) {
      const normal = String(text ?? '').replace(/\s+/g, '').toLowerCase();
      const parts = SHAPE.exec(normal);
      if (!parts) return { error: 'code_invalid' };
      const payload = `${parts[1]}.${parts[2]}`;
      const given = Buffer.from(parts[3]);
      if (!keys.some((key) => timingSafeEqual(Buffer.from(mac(key, payload)), given))) return { error: 'code_invalid' };
      return { customer: Buffer.from(parts[1], 'hex').toString('utf8'), expiresAt: parseInt(parts[2], 36) * 1000 };
    },
  };
}
