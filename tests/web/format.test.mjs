import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxRedeemablePoints, multiplyDecimal, rewardState, ruleLabel } from '../../web/widget/format.js';
import { createI18n } from '../../web/widget/i18n.js';

test('decimal times whole number is exact', () => {
  assert.equal(multiplyDecimal('1.00', 3), '3.00');
  assert.equal(multiplyDecimal('0.10', 3), '0.30');  // not 0.30000000000000004
  assert.equal(multiplyDecimal('19.99', 100), '1999.00');
  assert.equal(multiplyDecimal('5', 7), '35');
  assert.equal(multiplyDecimal('92233720368547758.07', 2), '184467440737095516.14');
});

const info = { tiers: { levels: [{ id: 'bronze' }, { id: 'silver' }, { id: 'gold' }] },
  earn: [{ id: 'base', description: '1 point per $1' }] };

test('reward state: affordable, locked by points, or by tier', () => {
  const balance = { available: 600, tier: { id: 'silver' } };
  assert.equal(rewardState({ cost: 500 }, balance, info), 'affordable');
  assert.equal(rewardState({ cost: 700 }, balance, info), 'locked');
  assert.equal(rewardState({ cost: 100, min_tier: 'gold' }, balance, info), 'tier');
  assert.equal(rewardState({ cost: 100, min_tier: 'silver' }, balance, info), 'affordable');
});

test('points-to-discount takes whole steps within its maximum', () => {
  assert.equal(maxRedeemablePoints({ cost: 100, max_points: 1000 }, 1146), 1000);
  assert.equal(maxRedeemablePoints({ cost: 100 }, 1146), 1100);
  assert.equal(maxRedeemablePoints({ cost: 100 }, 99), 0);
});

test('breakdown rules read as the program describes them', () => {
  const i18n = createI18n('en');
  assert.equal(ruleLabel('base', info, i18n), '1 point per $1');
  assert.equal(ruleLabel('tier:gold', { tiers: { levels: [{ id: 'gold', name: 'Gold' }] } }, i18n), 'Gold bonus');
  assert.equal(ruleLabel('unknown', info, i18n), 'unknown');
});
