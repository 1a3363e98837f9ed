// Random hex for the ids and codes the kit makes. Node's randomBytes cost
// about 8 us a call on this machine, and a redemption makes two (its event
// id and its code); here the bytes come from one draw of the same CSPRNG,
// 4 KB at a time, and each byte is handed out once (Node's randomUUID keeps
// such a cache too).
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let at = 0;

/** `bytes` random bytes as lowercase hex (2 characters a byte). */
export function randomHex(bytes) {
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new RangeError(`randomHex: bytes must be a positive whole number, got ${bytes}`);
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('hex');
  if (at + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    at = 0;
  }
  const text = pool.toString('hex', at, at + bytes);
  at += bytes;
  return text;
}
