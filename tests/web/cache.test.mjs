import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cache, memoryStorage } from '../../web/widget/cache.js';

test('writes and reads values with the time they were saved', () => {
  const cache = new Cache(memoryStorage(), 'shop');
  assert.equal(cache.read('program'), null);
  cache.write('program', { text: '{}' }, 1000);
  assert.deepEqual(cache.read('program'), { value: { text: '{}' }, savedAt: 1000 });
  cache.remove('program');
  assert.equal(cache.read('program'), null);
});

test('namespaces keep two shops apart', () => {
  const storage = memoryStorage();
  new Cache(storage, 'a').write('program', 1, 1);
  assert.equal(new Cache(storage, 'b').read('program'), null);
});

test('corrupt entries and refusing storage are ignored', () => {
  const storage = memoryStorage();
  storage.setItem('loyalty:shop:program', '{not json');
  const cache = new Cache(storage, 'shop');
  assert.equal(cache.read('program'), null);
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
  assert.equal(new Cache(full, 'shop').write('program', 1), false);
  assert.equal(new Cache(null, 'shop').read('program'), null);
});
