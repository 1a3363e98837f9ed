// What the ledger awarded an order, as the engine recorded it.

/**
 * An order's points in a balance's ledger, and the part a surprise bonus added
 * (a 1-in-20 draw on the order's id, which no simulation can know beforehand).
 */
export function awardOf(balance, orderId) {
  const entry = balance.entries.find((e) => e.event === orderId && e.kind === 'earn');
  if (!entry) throw new Error(`no earn entry for ${orderId}`);
  const surprise = (entry.breakdown ?? []).filter((line) => line.rule === 'lucky-order').reduce((sum, line) => sum + line.points, 0);
  return { points: entry.points, surprise };
}
