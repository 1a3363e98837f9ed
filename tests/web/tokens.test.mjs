// The token service remembers tokens whose signature it verified, so a
// widget's repeated requests skip the HMAC. Remembering must not change a
// single answer: a remembered token still expires on the shop's clock, a
// forgery of a remembered token's claims is still refused, and only tokens
// that verified are kept. The expected answers are the claims' own times,
// written here by hand; the HMAC checks are counted on WebCrypto itself.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { tokenService } from '../../web/kit/tokens.mjs';
import { TEST_NOW } from '../support/clock.mjs';

const SECRET = 'token-cache-test-secret-of-32-bytes!!';
const start = Math.floor(TEST_NOW / 1000);

// Every HMAC verification jose asks WebCrypto for.
let checks = 0;
const subtle = globalThis.crypto.subtle;
const verify = subtle.verify;
subtle.verify = function countedVerify(...args) {
  checks += 1;
  return verify.apply(this, args);
};
afterEach(() => { checks = 0; });

const sign = ({ sub = 'ada', exp = start + 600, nbf, secret = SECRET } = {}) => {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt(start).setExpirationTime(exp);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(new TextEncoder().encode(secret));
};

function clock() {
  let seconds = start;
  return { now: () => seconds * 1000, set: (s) => { seconds = s; } };
}

test('a remembered token answers without another HMAC, and still expires at exp plus 60 s of skew', async () => {
  const time = clock();
  const tokens = tokenService([SECRET], { now: time.now });
  const token = await sign({ exp: start + 600 });
  assert.equal(await tokens.verify(token), 'ada');
  assert.equal(checks, 1);
  assert.equal(await tokens.verify(token), 'ada');
  assert.equal(checks, 1, 'the second use is remembered');
  time.set(start + 659);
  assert.equal(await tokens.verify(token), 'ada', '59 s past exp: within the skew');
  time.set(start + 660);
  assert.equal(await tokens.verify(token), null, '60 s past exp: expired, remembered or not');
  assert.equal(checks, 1);
});

test('a forgery of a remembered token is checked, and refused', async () => {
  const tokens = tokenService([SECRET], { now: clock().now });
  const genuine = await sign();
  const forged = await sign({ secret: 'another-secret-of-at-least-32-bytes!!!' });
  assert.equal(await tokens.verify(genuine), 'ada');
  const [header, payload] = genuine.split('.');
  assert.equal(forged.split('.').slice(0, 2).join('.'), `${header}.${payload}`, 'the same claims, another signature');
  assert.equal(await tokens.verify(forged), null);
  assert.equal(await tokens.verify(forged), null, 'a refused token is not remembered as good');
  assert.equal(checks, 3);
});

test('a token refused for its time is not remembered: not yet valid, then valid', async () => {
  const time = clock();
  const tokens = tokenService([SECRET], { now: time.now });
  const early = await sign({ nbf: start + 120, exp: start + 600 });
  assert.equal(await tokens.verify(early), null, 'nbf 2 minutes ahead');
  time.set(start + 61);
  assert.equal(await tokens.verify(early), 'ada', 'nbf 59 s ahead: within the skew');
  assert.equal(checks, 2);
});

test('at most rememberTokens are kept, the oldest dropped first', async () => {
  const tokens = tokenService([SECRET], { now: clock().now, rememberTokens: 2 });
  const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => sign({ sub })));
  for (const token of [a, b, c]) await tokens.verify(token);
  assert.equal(checks, 3);
  assert.equal(await tokens.verify(c), 'c');
  assert.equal(await tokens.verify(b), 'b');
  assert.equal(checks, 3, 'the two newest are remembered');
  assert.equal(await tokens.verify(a), 'a', 'the oldest was dropped, and verifies again');
  assert.equal(checks, 4);
  const off = tokenService([SECRET], { now: clock().now, rememberTokens: 0 });
  await off.verify(a);
  await off.verify(a);
  assert.equal(checks, 6, 'rememberTokens: 0 checks every time');
});
