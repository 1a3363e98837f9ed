// Money as the kit adds it up: exact decimal arithmetic (BigInt) on decimal
// strings such as "24.00", never floating point.
const scaleOf = (amounts) => Math.max(0, ...amounts.map((amount) => (amount.split('.')[1] ?? '').length));
const toMinor = (amount, scale) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(scale, '0'));
};
const fromMinor = (minor, scale) => {
  const digits = minor.toString().padStart(scale + 1, '0');
  return scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
};

/** The exact total of `items` ([{price, quantity}]). */
export function itemsTotal(items) {
  const scale = scaleOf(items.map((item) => item.price));
  return fromMinor(items.reduce((sum, item) => sum + toMinor(item.price, scale) * BigInt(item.quantity ?? 1), 0n), scale);
}

/** The smaller of two amounts (what a code takes off an order: never more than the order). */
export function smallerAmount(a, b) {
  const scale = scaleOf([a, b]);
  const x = toMinor(a, scale);
  const y = toMinor(b, scale);
  return fromMinor(x < y ? x : y, scale);
}
