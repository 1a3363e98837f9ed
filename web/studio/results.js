// The comparison of the current and the draft program on one log: a summary,
// then charts (each followed by the table of its figures) and tables. Text
// goes in with textContent only.
import { barChart } from './charts.js';

function cell(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

function table(caption, header, rows, name) {
  const t = document.createElement('table');
  if (name) t.dataset.table = name;
  t.append(cell('caption', caption));
  const head = t.createTHead().insertRow();
  for (const h of header) {
    const th = cell('th', h);
    th.scope = 'col';
    head.append(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((value, i) => {
      const c = cell(i === 0 ? 'th' : 'td', value);
      if (i === 0) c.scope = 'row';
      tr.append(c);
    });
  }
  return t;
}

// Months of either program's figures, in order, with 0 where one has none.
function byMonth(current, draft, key) {
  const months = [...new Set([...current, ...draft].map((row) => row.month))].sort();
  const pick = (rows, month) => rows.find((row) => row.month === month)?.[key] ?? 0;
  return months.map((month) => ({ month, current: pick(current, month), draft: pick(draft, month) }));
}

// A money figure as the engine gives it ("347999.40"), grouped for reading
// without passing through a float.
function money(text, number) {
  const [, sign, whole, fraction] = /^(-?)(\d+)(\.\d+)?$/.exec(String(text)) ?? [];
  if (whole === undefined) return String(text);
  return `${sign}${number.format(BigInt(whole))}${fraction ?? ''}`;
}

export function renderComparison(out, { current, draft }, number) {
  const delta = (a, b) => `${b - a >= 0 ? '+' : ''}${number.format(b - a)}`;
  const percentDelta = (a, b) => {
    const points = (Number(b) - Number(a)).toFixed(2);
    return `${points.startsWith('-') ? '' : '+'}${points} pts`;
  };
  const lastQuarter = (m) => m.customer_retention.quarters.at(-1);
  // No customers at a period's start: the rate is not defined (not 0%).
  const rate = (r) => (r.denominator > 0 ? `${r.percent}%` : 'n/a (no customers at the start)');
  const lastHolding = (m) => m.membership.at(-1) ?? { holding_points: 0, holding_percent: '0.00' };
  out.replaceChildren();
  out.append(table('Summary over the whole log', ['', 'current', 'draft', 'change'], [
    ['Points issued', number.format(current.summary.total), number.format(draft.summary.total), delta(current.summary.total, draft.summary.total)],
    ['Customers', number.format(current.summary.customers), number.format(draft.summary.customers), ''],
    ['Points outstanding at the end', number.format(current.metrics.points_outstanding), number.format(draft.metrics.points_outstanding),
      delta(current.metrics.points_outstanding, draft.metrics.points_outstanding)],
    ['Liability (outstanding points at their value)', money(current.metrics.points_liability, number), money(draft.metrics.points_liability, number), ''],
    ['Points expired (breakage)', `${current.metrics.breakage.percent}%`, `${draft.metrics.breakage.percent}%`,
      percentDelta(current.metrics.breakage.percent, draft.metrics.breakage.percent)],
    ['Members still holding points at the end', `${lastHolding(current.metrics).holding_percent}%`, `${lastHolding(draft.metrics).holding_percent}%`,
      percentDelta(lastHolding(current.metrics).holding_percent, lastHolding(draft.metrics).holding_percent)],
    ['Repeat-purchase rate', `${current.metrics.repeat_purchase_rate.percent}%`, `${draft.metrics.repeat_purchase_rate.percent}%`, ''],
    ...(lastQuarter(current.metrics) ? [[`Customer retention rate, ${lastQuarter(current.metrics).period}`,
      rate(lastQuarter(current.metrics).rate), rate(lastQuarter(draft.metrics).rate), '']] : []),
    ['Average customer lifetime value', money(current.metrics.average_customer_lifetime_value, number),
      money(draft.metrics.average_customer_lifetime_value, number), ''],
  ], 'summary'));

  const issued = byMonth(current.summary.months, draft.summary.months, 'points');
  out.append(barChart({ title: 'Points issued per month', categories: issued.map((m) => m.month),
    series: [{ name: 'current', values: issued.map((m) => m.current) }, { name: 'draft', values: issued.map((m) => m.draft) }],
    format: (n) => number.format(n) }));
  out.append(table('Points issued per month', ['month', 'current', 'draft', 'change'],
    issued.map((m) => [m.month, number.format(m.current), number.format(m.draft), delta(m.current, m.draft)]), 'issued'));

  const outstanding = byMonth(current.metrics.membership, draft.metrics.membership, 'points_outstanding');
  const liability = byMonth(current.metrics.membership, draft.metrics.membership, 'points_liability');
  out.append(barChart({ title: 'Points outstanding at each month\'s end (the liability)', categories: outstanding.map((m) => m.month),
    series: [{ name: 'current', values: outstanding.map((m) => m.current) }, { name: 'draft', values: outstanding.map((m) => m.draft) }],
    format: (n) => number.format(n) }));
  out.append(table('Points outstanding and their value at each month\'s end', ['month', 'current points', 'current value', 'draft points', 'draft value'],
    outstanding.map((m, i) => [m.month, number.format(m.current), money(liability[i].current, number), number.format(m.draft), money(liability[i].draft, number)]),
    'outstanding'));

  const holding = byMonth(current.metrics.membership, draft.metrics.membership, 'holding_percent');
  const members = byMonth(current.metrics.membership, draft.metrics.membership, 'members');
  out.append(table('Members still holding points at each month\'s end (expiry empties balances; this differs between programs)',
    ['month', 'members', 'current', 'draft'],
    holding.map((m, i) => [m.month, number.format(members[i].draft), `${m.current}%`, `${m.draft}%`]), 'holding'));

  out.append(table('Purchase retention: customers who bought the month before and again (the shoppers are the same in a replay, so both programs share it)',
    ['month', 'bought the month before', 'bought again', 'retention'],
    current.metrics.retention.map((r) => [r.month, number.format(r.previous_active), number.format(r.retained), `${r.percent}%`]), 'retention'));

  // The customer retention rate depends on who buys, not on the program:
  // both programs share it, as they share purchase retention.
  const rates = current.metrics.customer_retention;
  out.append(table(`Customer retention rate: (customers at the end - new customers) / customers at the start; a customer has bought in the last ${rates.active_days} days`,
    ['period', 'customers at the start', 'new customers', 'customers at the end', 'retention rate'],
    [...rates.quarters, ...rates.months].map((r) => [r.period, number.format(r.customers_at_start), number.format(r.new_customers),
      number.format(r.customers_at_end), rate(r.rate)]), 'customer-retention'));

  const tierIds = [...new Map([...current.metrics.tiers, ...draft.metrics.tiers].map((t) => [t.id, t.name])).entries()];
  if (tierIds.length) {
    const count = (m, id) => m.tiers.find((t) => t.id === id)?.customers ?? 0;
    out.append(barChart({ title: 'Customers per tier at the end of the log', categories: tierIds.map(([, name]) => name),
      series: [{ name: 'current', values: tierIds.map(([id]) => count(current.metrics, id)) },
        { name: 'draft', values: tierIds.map(([id]) => count(draft.metrics, id)) }],
      format: (n) => number.format(n) }));
    out.append(table('Customers per tier at the end of the log', ['tier', 'current', 'draft'],
      tierIds.map(([id, name]) => [name, number.format(count(current.metrics, id)), number.format(count(draft.metrics, id))]), 'tiers'));
  }

  out.append(table('Top customers under the draft', ['customer', 'current points', 'draft points'],
    draft.summary.top.map((c) => [c.customer, number.format(c.current), number.format(c.total)]), 'top'));
  out.dataset.currentTotal = String(current.summary.total);
  out.dataset.draftTotal = String(draft.summary.total);
}
