// The kit's random hex comes from a pool of CSPRNG bytes: each byte is handed
// out once, across refills of the pool, so no two codes share their bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomHex } from '../../web/kit/random.mjs';

test('randomHex: the asked length in lowercase hex, never repeated across many pool refills', () => {
  const seen = new Set();
  for (let i = 0; i < 20000; i++) {  // 20,000 x 5 bytes: about 24 pools of 4 KB
    const hex = randomHex(5);
    assert.match(hex, /^[0-9a-f]{10}$/);
    seen.add(hex);
  }
  assert.equal(seen.size, 20000, 'a repeat among 2^40 values would mean bytes handed out twice');
  assert.match(randomHex(12), /^[0-9a-f]{24}$/);
  assert.match(randomHex(5000), /^[0-9a-f]{10000}$/, 'more than a pool holds');
  for (const bad of [0, -1, 1.5, '4', undefined]) assert.throws(() => randomHex(bad), RangeError);
});

test('randomHex: every byte value occurs, in about equal shares', () => {
  const counts = new Array(256).fill(0);
  const text = Array.from({ length: 4096 }, () => randomHex(16)).join('');
  for (let i = 0; i < text.length; i += 2) counts[parseInt(text.slice(i, i + 2), 16)] += 1;
  // 65,536 bytes: 256 each on average; a draw outside 150-380 is odds of
  // well under one in a billion for a fair source.
  assert.ok(Math.min(...counts) > 150 && Math.max(...counts) < 380, `${Math.min(...counts)}..${Math.max(...counts)}`);
});
