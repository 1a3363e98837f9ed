// Small helpers for how the widget words engine figures. No rule is decided
// here: which reward is redeemable, and for how much, is the engine's answer.

/** A rule id from a breakdown as the shopper reads it. */
export function ruleLabel(rule, info, i18n) {
  if (rule.startsWith('tier:')) {
    const level = info?.tiers?.levels?.find((l) => l.id === rule.slice(5));
    return i18n.t('tierRule', { tier: level?.name ?? rule.slice(5) });
  }
  return info?.earn?.find((r) => r.id === rule)?.description ?? rule;
}

/** Whether an engine money string is a real amount (not absent, not "0.00"). */
export function isSomeMoney(money) {
  return typeof money === 'string' && !/^0*(\.0*)?$/.test(money);
}
