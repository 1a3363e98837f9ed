// Each customer's ledger stays open between requests (program.openLedger),
// so deciding a redemption or awarding an order costs the events recorded
// since that customer's last request, not a replay of their whole history.
// The database stays the truth: rows newer than the ledger's last one are
// read before every use, and anything unexpected (a write that failed, an
// event out of order) drops the open ledger so that the next use replays.
//
// `eventsSince(customer, seq, db)` reads the customer's rows after `seq`
// (through `db`, the transaction a write runs in, when there is one), or
// throws an error with code "ledger_moved" when the row at `seq` is no
// longer theirs. The
// caller runs one use of a customer's ledger at a time (service.mjs queues
// them per customer).
//
// A ledger's last balance is kept with the day it was asked for: until an
// event is appended, the same day's balance is the same answer (the widget
// asks on every page view), so it is not asked of the engine again.
export function ledgerCache({ program, eventsSince, size = 1000 }) {
  const open = new Map();  // customer -> { ledger, seq, asOf, balance }; least recently used first

  function drop(customer) {
    open.get(customer)?.ledger.dispose();
    open.delete(customer);
  }

  // The customer's open ledger with every recorded event applied.
  async function current(customer, db) {
    let cached = open.get(customer);
    open.delete(customer);  // re-inserted below as the most recently used
    if (!cached) cached = { ledger: program.openLedger(customer), seq: 0 };
    open.set(customer, cached);
    let rows;
    try {
      rows = await eventsSince(customer, cached.seq, db);
    } catch (error) {
      // The rows the ledger was built from are no longer the customer's (an
      // erasure on another instance): once more from the start.
      if (error?.code !== 'ledger_moved') throw error;
      drop(customer);
      return current(customer, db);
    }
    if (rows.length > 0) {
      cached.balance = null;
      try {
        cached.ledger.append(`[${rows.map((row) => row.body).join(',')}]`);
      } catch (error) {
        drop(customer);
        // A row recorded behind the ledger's back, dated before what it
        // holds: once more from the start.
        if (error?.code === 'out_of_order' && cached.seq > 0) return current(customer, db);
        throw error;
      }
      cached.seq = rows.at(-1).seq;
    }
    while (open.size > size) drop(open.keys().next().value);
    return cached;
  }

  return {
    /**
     * Applies `event` (not yet recorded) after the customer's recorded
     * history; `record(entry, balance)` then keeps it or not and returns its
     * seq (or null when it is not kept). Returns the event's ledger entry and
     * the balance as of `asOf`. Throws LoyaltyError `out_of_order` when the
     * history holds events dated after `asOf` (the caller replays instead).
     */
    async apply(customer, event, asOf, record, db) {
      const cached = await current(customer, db);
      cached.balance = null;
      let entry;
      try {
        entry = cached.ledger.append([event]).entries.find((e) => e.event === event.id);
      } catch (error) {
        // The engine refused the event whole (all or nothing): the ledger is as
        // it was and stays open, unless the refusal was an overflow.
        if (error?.name === 'LoyaltyError' && error.code !== 'overflow') throw Object.assign(error, { ledgerUnchanged: true });
        drop(customer);
        throw error;
      }
      try {
        const balance = cached.ledger.balance(asOf);
        const seq = await record(entry, balance);
        if (seq === null || seq === undefined) {
          // Only a rejected event may stay unrecorded: it changed nothing.
          if (entry?.kind !== 'rejected') drop(customer);
        } else {
          cached.seq = Number(seq);
        }
        return { entry, balance };
      } catch (error) {
        drop(customer);
        throw error;
      }
    },
    /**
     * The customer's balance as of `asOf` from their open ledger (throws
     * `out_of_order` like apply). The same object answers again until the
     * ledger changes: callers read it and do not change it.
     */
    async balance(customer, asOf, db) {
      try {
        const cached = await current(customer, db);
        if (!cached.balance || cached.asOf !== asOf) Object.assign(cached, { asOf, balance: cached.ledger.balance(asOf) });
        return cached.balance;
      } catch (error) {
        drop(customer);
        throw error;
      }
    },
    drop,
    isOpen: (customer) => open.has(customer),
    get size() { return open.size; },
    close() {
      for (const customer of [...open.keys()]) drop(customer);
    },
  };
}
