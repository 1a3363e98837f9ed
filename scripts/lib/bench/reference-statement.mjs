// What a developer would write instead of the engine: the classic statement
// in plain JavaScript (parseFloat, Math.floor, Maps). Kept beside the engine
// in the benchmark and checked for identical output on every run.
export function classicStatementJs(csvText) {
  const byCustomer = new Map();
  const lines = csvText.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const [, customer, date, amount] = line.split(',');
    const dollars = Math.floor(parseFloat(amount));
    const points = dollars > 100 ? 2 * (dollars - 100) + 50 : dollars > 50 ? dollars - 50 : 0;
    const month = date.slice(0, 7);
    let months = byCustomer.get(customer);
    if (!months) byCustomer.set(customer, (months = new Map()));
    months.set(month, (months.get(month) ?? 0) + points);
  }
  return [...byCustomer.keys()].sort().map((customer) => {
    const months = [...byCustomer.get(customer).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    return { customer, months: months.map(([month, points]) => ({ month, points })), total: months.reduce((s, [, p]) => s + p, 0) };
  });
}

/** The engine's statement reduced to what the other implementations compute. */
export function essentials(statement) {
  return statement.customers.map((c) => ({ customer: c.customer, months: c.months.map(({ month, points }) => ({ month, points })), total: c.total }));
}

// The same statement in DuckDB's SQL (bands of the classic program, amounts
// truncated to whole dollars).
export function classicStatementSql(csvPath) {
  return `SELECT customer, substr(date, 1, 7) AS month,
      SUM(CASE WHEN d > 100 THEN 2 * (d - 100) + 50 WHEN d > 50 THEN d - 50 ELSE 0 END)::BIGINT AS points
    FROM (SELECT customer, date, floor(CAST(amount AS DECIMAL(18, 2)))::BIGINT AS d
          FROM read_csv('${csvPath}', header = true, columns = {'id': 'VARCHAR', 'customer': 'VARCHAR', 'date': 'VARCHAR', 'amount': 'VARCHAR'}))
    GROUP BY customer, month ORDER BY customer, month`;
}
