// A customer's data on request: everything held about them (export), and
// erasure. Erasing removes the personal fields (name, e-mail, referral code,
// idempotency records, ingested request bodies, guest orders never claimed,
// webhooks about them, adjustment reasons) and moves the ledger to a random
// pseudonym, with new event ids (a shop's ids may name the person): the
// points stay in the program's liability and metrics, and nothing links them
// back to the person.
import { randomHex } from './random.mjs';

const SQL = {
  customer: 'SELECT id, name, email, referral_code, erased_at FROM customers WHERE id = $1',
  events: 'SELECT body FROM events WHERE customer = $1 ORDER BY seq',
  codes: 'SELECT code, redemption, reward, points, discount, created_at, status, closed_at, order_id FROM codes WHERE customer = $1 ORDER BY created_at, code',
  redemptions: 'SELECT idempotency_key, status, created_at FROM redemptions WHERE customer = $1 ORDER BY created_at',
  guestOrders: 'SELECT id, body, received_at, claimed_by FROM guest_orders WHERE email = $1 ORDER BY received_at, id',
  addPseudonym: 'INSERT INTO customers (id, name, referral_code, email, erased_at) VALUES ($1, $2, $3, NULL, $4)',
  moveEvent: 'UPDATE events SET customer = $1, body = $2, id = $3 WHERE seq = $4',
  moveCode: 'UPDATE codes SET customer = $1, redemption = $2, order_id = $3 WHERE code = $4',
  customerCodes: 'SELECT code, redemption, order_id FROM codes WHERE customer = $1',
  dropIngested: 'DELETE FROM ingested WHERE id = $1',
  dropWebhooks: "DELETE FROM webhook_outbox WHERE body LIKE $1 ESCAPE '!'",
  eventRows: 'SELECT seq, body FROM events WHERE customer = $1 ORDER BY seq',
  moveNotices: 'UPDATE expiry_notices SET customer = $1 WHERE customer = $2',
  dropRedemptions: 'DELETE FROM redemptions WHERE customer = $1',
  unclaimed: 'SELECT id FROM guest_orders WHERE email = $1 AND claimed_by IS NULL',
  dropGuestOrders: 'DELETE FROM guest_orders WHERE email = $1 AND claimed_by IS NULL',
  dropClaimed: 'DELETE FROM guest_orders WHERE claimed_by = $1',
  dropCustomer: 'DELETE FROM customers WHERE id = $1',
};

export function privacy(service) {
  const { store, stamp } = service;
  return {
    /** Everything held about `id`, or null when there is no such customer. */
    async exportCustomer(id) {
      const row = await store.get(SQL.customer, [id]);
      if (!row || row.erased_at) return null;
      return {
        exported_at: stamp(),
        customer: { id: row.id, name: row.name, email: row.email, referral_code: row.referral_code },
        balance: await service.balanceOf(id),
        events: (await store.all(SQL.events, [id])).map((e) => JSON.parse(e.body)),
        codes: await store.all(SQL.codes, [id]),
        redemption_requests: await store.all(SQL.redemptions, [id]),
        guest_orders: row.email ? (await store.all(SQL.guestOrders, [row.email])).map((g) => ({ id: g.id, received_at: g.received_at,
          claimed: g.claimed_by !== null, event: JSON.parse(g.body) })) : [],
      };
    },

    /** Erases `id`; answers the number of ledger events kept under a pseudonym, or null when there is no such customer. */
    async eraseCustomer(id) {
      const kept = await service.write(id, async (tx) => {
        const row = await tx.get(SQL.customer, [id]);
        if (!row || row.erased_at) return null;
        const pseudonym = `erased-${randomHex(9)}`;
        await tx.run(SQL.addPseudonym, [pseudonym, 'erased', `ERASED-${randomHex(6).toUpperCase()}`, stamp()]);
        const rows = (await tx.all(SQL.eventRows, [id])).map((row) => ({ seq: row.seq, event: JSON.parse(row.body) }));
        // New ids in the same order as the old (the engine orders events of
        // one instant by id), so the ledger decides exactly as before.
        const renamed = new Map([...rows.map((row) => row.event.id)].sort().map((old, rank) => [old, `${pseudonym}-${String(rank).padStart(6, '0')}`]));
        const rename = (old) => (old === null || old === undefined ? old : (renamed.get(old) ?? old));
        for (const { seq, event } of rows) {
          const { reason, ...kept } = event;  // an adjustment's reason is free text about the person
          const moved = { ...kept, id: rename(event.id), customer: pseudonym,
            ...(event.purchase !== undefined ? { purchase: rename(event.purchase) } : {}),
            ...(event.redemption !== undefined ? { redemption: rename(event.redemption) } : {}) };
          await tx.run(SQL.moveEvent, [pseudonym, JSON.stringify(moved), moved.id, seq]);
          await tx.run(SQL.dropIngested, [event.id]);
        }
        for (const code of await tx.all(SQL.customerCodes, [id])) {
          await tx.run(SQL.moveCode, [pseudonym, rename(code.redemption), rename(code.order_id), code.code]);
        }
        const likeCustomer = `%${JSON.stringify({ customer: id }).slice(1, -1).replace(/[!%_]/g, '!$&')}%`;
        await tx.run(SQL.dropWebhooks, [likeCustomer]);
        await tx.run(SQL.moveNotices, [pseudonym, id]);
        await tx.run(SQL.dropRedemptions, [id]);
        if (row.email) {
          // Guest orders never claimed: their request bodies carry the e-mail too.
          for (const guest of await tx.all(SQL.unclaimed, [row.email])) await tx.run(SQL.dropIngested, [guest.id]);
          await tx.run(SQL.dropGuestOrders, [row.email]);
        }
        await tx.run(SQL.dropClaimed, [id]);  // their events are in the ledger now
        await tx.run(SQL.dropCustomer, [id]);
        return rows.length;
      });
      service.ledgers.drop(id);
      return kept;
    },
  };
}
