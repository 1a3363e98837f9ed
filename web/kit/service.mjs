// The shop's side of every loyalty decision, whatever asks for it (the
// contract endpoint, ingestion from the shop's backend, a demo checkout):
// its records (the store), its clock and day, and the engine that decides
// each event through the customer's open ledger. No HTTP here.
//
// One customer's writes run one at a time: in this process through a queue
// per customer, and across processes through the store's lock on the
// customer (PostgreSQL's advisory lock). Inside that, the open ledger first
// reads the rows other instances recorded since its last use, so it never
// decides on a stale balance.
import { randomHex } from './random.mjs';
import { ledgerCache } from './ledgers.mjs';
import { keyedQueue } from './locks.mjs';

const SQL = {
  eventsSince: 'SELECT seq, body FROM events WHERE customer = $1 AND seq > $2 ORDER BY seq',
  // From the last row an open ledger holds: it must still be the customer's.
  eventsFrom: 'SELECT seq, body FROM events WHERE customer = $1 AND seq >= $2 ORDER BY seq',
  addEvent: 'INSERT INTO events (id, customer, body) VALUES ($1, $2, $3) RETURNING seq',
  // The customer's latest id with a prefix (the index on (customer, seq) walks back from the newest row).
  lastMade: "SELECT id, body FROM events WHERE customer = $1 AND id LIKE $2 ORDER BY seq DESC LIMIT 1",
  addWebhook: `INSERT INTO webhook_outbox (id, type, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)`,
};

// An engine entry that took effect (not a rejection), and the status a
// rejection answers with: not enough points is a conflict, the rest 422.
export const accepted = (entry) => Boolean(entry) && entry.kind !== 'rejected';
// Refusals that depend on the customer's state are conflicts; the rest are values the rules do not allow.
export const refusalStatus = (code) => (code === 'insufficient_points' || code === 'survey_already_answered' ? 409 : 422);

const tierOf = (balance) => (balance?.tier ? { id: balance.tier.id, name: balance.tier.name } : null);

/**
 * `store`: store.mjs. `now`: the shop's one clock (epoch ms). `openLedgers:
 * false` always replays (the benchmark's baseline). `webhooks`: record
 * webhook events in the outbox (webhooks.mjs delivers them). `hooks`: in-
 * process listeners, `{points_earned(body), ..., any(body)}`, each called with
 * the webhook body once the change it reports is committed (a failing hook
 * changes nothing).
 */
export function loyaltyService({ store, program, now, openLedgers = true, webhooks = false, hooks = null }) {
  const reporting = Boolean(webhooks || hooks);
  const eventsOf = async (customer, db = store) => (await db.all(SQL.eventsSince, [customer, 0])).map((row) => JSON.parse(row.body));
  // Another instance may have rewritten what an open ledger holds (an
  // erasure moves rows to a pseudonym): the row at the ledger's bookmark
  // is read again, and a different one sends the ledger back to the start.
  async function eventsSince(customer, seq, db = store) {
    if (seq === 0) return db.all(SQL.eventsSince, [customer, 0]);
    const rows = await db.all(SQL.eventsFrom, [customer, seq]);
    if (rows[0]?.seq !== seq) throw Object.assign(new Error(`${customer}: the ledger's rows moved`), { code: 'ledger_moved' });
    return rows.slice(1);
  }
  const ledgers = ledgerCache({ program, eventsSince });
  const queue = keyedQueue();

  // The shop's day, and instants written in the shop's offset: the engine
  // takes the date as written, so an order at 23:30 in New York is that day's.
  const today = () => program.today();
  const stamp = () => program.timestamp();
  // Ids for the events the kit itself makes (redemptions, cancellations):
  // "<prefix>-<14-digit ms><6-digit counter>-<random>". The engine orders
  // events of one instant by id, so a customer's ids must grow in the order
  // they are recorded, on every instance: inside the customer's lock, a new
  // id follows the last one recorded with its prefix, whichever server's
  // clock wrote that (else a replay could put a later redemption before an
  // earlier one and accept both). The random tail keeps ids unguessable.
  let idMillis = 0;
  let idCounter = 0;
  const eventId = (prefix, after = null) => {
    let millis = now();
    let counter = millis === idMillis ? idCounter + 1 : 0;
    if (millis < idMillis) [millis, counter] = [idMillis, idCounter + 1];
    const last = after ? /^[a-z]+-(\d{14})(\d{6})-/.exec(after) : null;
    if (last) {
      const [lastMillis, lastCounter] = [Number(last[1]), Number(last[2])];
      if (millis < lastMillis || (millis === lastMillis && counter <= lastCounter)) [millis, counter] = [lastMillis, lastCounter + 1];
    }
    [idMillis, idCounter] = [millis, counter];
    return `${prefix}-${String(millis).padStart(14, '0')}${String(counter).padStart(6, '0')}-${randomHex(4)}`;
  };

  // The customer's balance today through `db`: from the open ledger, or by a
  // replay when the history holds events dated after today.
  async function balanceThrough(customer, db) {
    try {
      if (openLedgers) return await ledgers.balance(customer, today(), db);
    } catch (error) {
      if (error?.code !== 'out_of_order') throw error;
    }
    return program.balance(await eventsOf(customer, db), customer, today());
  }

  // Decides `event` for the customer: through their open ledger, or by a
  // replay of the whole history when the ledger cannot take it (events dated
  // after today). `record(entry)` stores it or not and returns its seq.
  async function decide(db, customer, event, record) {
    try {
      if (openLedgers) return await ledgers.apply(customer, event, today(), record, db);
    } catch (error) {
      if (error?.code !== 'out_of_order') throw error;
    }
    const after = program.balance([...await eventsOf(customer, db), event], customer, today());
    const entry = after.entries.find((e) => e.event === event.id);
    await record(entry);
    return { entry, balance: after };
  }

  // `committed` collects what the hooks hear once the transaction commits.
  async function emit(db, type, data, committed = null) {
    if (!reporting) return;
    const id = `wh_${randomHex(12)}`;
    const body = { id, type, created_at: stamp(), data };
    if (webhooks) await db.run(SQL.addWebhook, [id, type, JSON.stringify(body), now()]);
    committed?.push(body);
  }

  function tell(bodies) {
    for (const body of bodies) {
      for (const hook of [hooks[body.type], hooks.any]) {
        if (typeof hook !== 'function') continue;
        try {
          Promise.resolve(hook(body)).catch(() => {});
        } catch {
          // A listener's failure is its own; the change is committed.
        }
      }
    }
  }

  // What one transaction for one customer may do.
  function transactionFor(customer, db, committed) {
    return {
      all: db.all,
      get: db.get,
      run: db.run,
      /** Holds another key's lock too, to the end of the transaction (keys: customer first, then guest e-mail). */
      lock: db.lock,
      /**
       * The id and date of a new event the kit makes (a redemption, a
       * cancellation): after every one of the customer's with the same
       * prefix, in id and in date, whichever instance's clock dated those.
       * Servers' clocks differ a little; the ledger must take these events
       * in the order they were decided, or a replay could put a later
       * redemption first and find room for both.
       */
      async newEvent(prefix) {
        const last = await db.get(SQL.lastMade, [customer, `${prefix}-%`]);
        const lastDate = last ? JSON.parse(last.body).date : null;
        const date = lastDate && Date.parse(lastDate) > Date.parse(stamp()) ? lastDate : stamp();
        return { id: eventId(prefix, last?.id ?? null), date };
      },
      balance: () => balanceThrough(customer, db),
      emit: (type, data) => emit(db, type, { customer, ...data }, committed),
      /**
       * Decides `event` and records it when it took effect (or always, with
       * `keepRejected`). Reports what webhooks listen for. Returns { entry, balance }.
       */
      async apply(event, { keepRejected = false } = {}) {
        const before = reporting ? tierOf(await balanceThrough(customer, db)) : null;
        const result = await decide(db, customer, event, async (entry) => (accepted(entry) || keepRejected
          ? (await db.get(SQL.addEvent, [event.id, customer, JSON.stringify(event)])).seq : null));
        if (reporting && accepted(result.entry)) await reportChange(db, customer, event, result, before, committed);
        return result;
      },
    };
  }

  async function reportChange(db, customer, event, { entry, balance }, tierBefore, committed) {
    const figures = { customer, event: event.id, event_type: event.type ?? 'purchase', points: Math.abs(entry.points ?? 0),
      available: balance.available, pending: balance.pending };
    if (entry.kind === 'redeem') await emit(db, 'points_redeemed', { ...figures, reward: event.reward }, committed);
    else if ((entry.points ?? 0) > 0) await emit(db, 'points_earned', figures, committed);
    const tierAfter = tierOf(balance);
    if ((tierBefore?.id ?? null) !== (tierAfter?.id ?? null)) {
      await emit(db, 'tier_changed', { customer, event: event.id, from: tierBefore, to: tierAfter }, committed);
    }
  }

  return {
    store,
    program,
    now,
    today,
    stamp,
    eventId,
    ledgers,
    /** The customer's balance today (after any write of theirs in flight). */
    balanceOf: (customer) => queue(customer, () => balanceThrough(customer, store)),
    /**
     * Runs `body(tx)` as one transaction holding the customer's lock until
     * it commits, and resolves once the commit is on disk. A rollback also
     * takes back whatever their open ledger applied meanwhile, so that
     * ledger is dropped (unless the error says it stayed unchanged).
     */
    write(customer, body) {
      // The customer's next write may start once this one commits: it is
      // decided on what this one left, and the disk keeps commits in order,
      // so it cannot be kept without this one. Only the answer waits until
      // the commit is on disk (SQLite syncs commits in groups).
      const decided = queue(customer, async () => {
        const committed = [];
        try {
          const { result, durable } = await store.committing(customer, (db) => body(transactionFor(customer, db, committed)));
          return { result, durable, committed };
        } catch (error) {
          if (!error?.ledgerUnchanged) ledgers.drop(customer);
          throw error;
        }
      });
      return decided.then(async ({ result, durable, committed }) => {
        try {
          await durable;
        } catch (error) {
          ledgers.drop(customer);  // the store refuses to go on; nothing of this is known to be kept
          throw error;
        }
        if (hooks) tell(committed);
        return result;
      });
    },
  };
}
