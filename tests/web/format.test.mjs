import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSomeMoney, ruleLabel } from '../../web/widget/format.js';
import { createI18n } from '../../web/widget/i18n.js';

const info = { earn: [{ id: 'base', description: '1 point per $1' }] };

test('breakdown rules read as the program describes them', () => {
  const i18n = createI18n('en');
  assert.equal(ruleLabel('base', info, i18n), '1 point per $1');
  assert.equal(ruleLabel('tier:gold', { tiers: { levels: [{ id: 'gold', name: 'Gold' }] } }, i18n), 'Gold bonus');
  assert.equal(ruleLabel('unknown', info, i18n), 'unknown');
});

test('isSomeMoney tells a real amount from none and from zero in any scale', () => {
  for (const zero of ['0', '0.00', '0.000', '.0', undefined, null, 0]) assert.equal(isSomeMoney(zero), false, String(zero));
  for (const some of ['0.01', '5.00', '10', '0.001']) assert.equal(isSomeMoney(some), true, some);
});
