// Small exact helpers for what the widget displays beside engine figures.

/** "1.00" x 3 -> "3.00": a decimal string times a whole number, exactly (BigInt). */
export function multiplyDecimal(decimal, times) {
  const [whole, fraction = ''] = String(decimal).split('.');
  const scale = fraction.length;
  const units = BigInt(whole + fraction) * BigInt(times);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** The rank of a tier level id in the program's level list (-1 when absent). */
export function tierRank(info, id) {
  return info?.tiers?.levels?.findIndex((level) => level.id === id) ?? -1;
}

/** A reward's state for this shopper: 'affordable', 'locked' (points) or 'tier' (level too low). */
export function rewardState(reward, balance, info) {
  if (reward.min_tier && tierRank(info, balance?.tier?.id) < tierRank(info, reward.min_tier)) return 'tier';
  const available = balance?.available ?? 0;
  return available >= reward.cost ? 'affordable' : 'locked';
}

/** Highest points a points_to_discount reward can take now: whole steps, within max_points. */
export function maxRedeemablePoints(reward, available) {
  const cap = reward.max_points ? Math.min(reward.max_points, available) : available;
  return Math.max(0, cap - (cap % reward.cost));
}

/** A rule id from a breakdown as the shopper reads it. */
export function ruleLabel(rule, info, i18n) {
  if (rule.startsWith('tier:')) {
    const level = info?.tiers?.levels?.find((l) => l.id === rule.slice(5));
    return i18n.t('tierRule', { tier: level?.name ?? rule.slice(5) });
  }
  return info?.earn?.find((r) => r.id === rule)?.description ?? rule;
}
