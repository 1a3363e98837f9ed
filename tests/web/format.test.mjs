import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleLabel } from '../../web/widget/format.js';
import { createI18n } from '../../web/widget/i18n.js';

const info = { earn: [{ id: 'base', description: '1 point per $1' }] };

test('breakdown rules read as the program describes them', () => {
  const i18n = createI18n('en');
  assert.equal(ruleLabel('base', info, i18n), '1 point per $1');
  assert.equal(ruleLabel('tier:gold', { tiers: { levels: [{ id: 'gold', name: 'Gold' }] } }, i18n), 'Gold bonus');
  assert.equal(ruleLabel('unknown', info, i18n), 'unknown');
});
