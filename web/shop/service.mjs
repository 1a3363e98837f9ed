// The shop's side of every loyalty decision, whatever asks for it (the
// contract endpoint, the demo storefront, a shop's own checkout): its
// records (SQLite), its clock and day, and the engine that decides each
// event through the customer's open ledger. No HTTP here.
import { randomBytes } from 'node:crypto';
import { ledgerCache } from './ledgers.mjs';

// `now` is the shop's one clock (epoch ms); `openLedgers: false` always
// replays (the benchmark's baseline).
export function loyaltyService({ db, program, now, openLedgers = true }) {
  const q = {
    customer: db.prepare('SELECT id, name, referral_code FROM customers WHERE id = ?'),
    customers: db.prepare('SELECT id, name FROM customers ORDER BY id'),
    events: db.prepare('SELECT seq, body FROM events WHERE customer = ? AND seq > ? ORDER BY seq'),
    eventPage: db.prepare('SELECT seq, body FROM events WHERE customer = ? AND seq > ? ORDER BY seq LIMIT ?'),
    addEvent: db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)'),
    redemption: db.prepare('SELECT request, status, response FROM redemptions WHERE customer = ? AND idempotency_key = ? AND expires_at > ?'),
    addRedemption: db.prepare(`INSERT INTO redemptions (customer, idempotency_key, request, status, response, created_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer, idempotency_key) DO UPDATE SET request = excluded.request,
      status = excluded.status, response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`),
    expireRedemptions: db.prepare('DELETE FROM redemptions WHERE expires_at <= ?'),
    addCode: db.prepare(`INSERT INTO codes (code, customer, redemption, reward, points, discount, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    codeOfRedemption: db.prepare('SELECT * FROM codes WHERE customer = ? AND redemption = ?'),
    codeByText: db.prepare('SELECT * FROM codes WHERE customer = ? AND code = ?'),
    codeTaken: db.prepare('SELECT 1 FROM codes WHERE code = ?'),
    openCodes: db.prepare(`SELECT redemption AS id, code, reward, points, discount, created_at FROM codes
      WHERE customer = ? AND status = 'issued' ORDER BY created_at, redemption`),
    closeCode: db.prepare(`UPDATE codes SET status = ?, closed_at = ?, order_id = ? WHERE code = ? AND status = 'issued'`),
    product: db.prepare('SELECT sku, name, price, category FROM products WHERE sku = ?'),
    products: db.prepare('SELECT sku, name, price, category FROM products ORDER BY rowid'),
  };
  const eventsOf = (customer, since = 0) => q.events.all(customer, since).map((row) => JSON.parse(row.body));
  const ledgers = ledgerCache({ program, eventsSince: (customer, seq) => q.events.all(customer, seq) });
  // Decides `event` for the customer: through their open ledger, or by a
  // replay of the whole history when the ledger cannot take it (events dated
  // after today). `record(entry)` stores it or not and returns its seq.
  // (`openLedgers: false` always replays: the benchmark's baseline.)
  function decide(customer, event, record) {
    try {
      if (openLedgers) return ledgers.apply(customer, event, today(), record);
    } catch (error) {
      if (error?.code !== 'out_of_order') throw error;
    }
    const after = program.balance([...eventsOf(customer), event], customer, today());
    const entry = after.entries.find((e) => e.event === event.id);
    record(entry);
    return { entry, balance: after };
  }
  // The customer's balance today: from the open ledger, or by a replay when
  // the history holds events dated after today.
  function balanceOf(customer) {
    try {
      if (openLedgers) return ledgers.balance(customer, today());
    } catch (error) {
      if (error?.code !== 'out_of_order') throw error;
    }
    return program.balance(eventsOf(customer), customer, today());
  }

  // Runs `body` in one transaction; a rollback also takes back whatever the
  // customer's open ledger applied meanwhile, so that ledger is dropped.
  function transact(customer, body) {
    try {
      return db.transaction(body)();
    } catch (error) {
      if (!error?.ledgerUnchanged) ledgers.drop(customer);
      throw error;
    }
  }
  // The shop's day, and instants written in the shop's offset: the engine
  // takes the date as written, so an order at 23:30 in New York is that day's.
  const today = () => program.today();
  const stamp = () => program.timestamp();
  // Event ids that sort in the order this server records them: events in the
  // same second apply by id, and an open ledger takes only what comes after
  // what it holds (else it replays). The random tail keeps ids unguessable.
  let idMillis = 0;
  let idCounter = 0;
  const eventId = (prefix) => {
    const millis = now();
    idCounter = millis === idMillis ? idCounter + 1 : 0;
    idMillis = millis;
    return `${prefix}-${String(millis).padStart(14, '0')}${String(idCounter).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  };
  return { db, program, now, q, today, stamp, eventId, eventsOf, decide, balanceOf, transact, ledgers };
}

// An engine entry that took effect (not a rejection), and the status a
// rejection answers with: not enough points is a conflict, the rest 422.
export const accepted = (entry) => Boolean(entry) && entry.kind !== 'rejected';
export const refusalStatus = (code) => (code === 'insufficient_points' ? 409 : 422);
