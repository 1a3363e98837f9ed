// Orders, refunds and events from the shop's backend (server to server):
// each decided by the engine and recorded once, by its id. The bodies arrive
// validated against the contract's schemas (order, refund, event); each
// function answers { status, body } in the contract's shape.
//
// Ids are the shop's own, kept apart by kind in the ledger (an order #1001
// is "order:1001", its refund #1001 "refund:1001"), so a shop's order and
// refund numbers may overlap. Replaying a request answers what the first one
// did; another body under a used id is 409 id_reused.
//
// Guest orders (an e-mail and no customer yet) are kept aside, with their
// own dates, and claimed once by the customer who signs up with that e-mail.
import { randomHex } from './random.mjs';
import { itemsTotal, smallerAmount } from './money.mjs';
import { accepted, refusalStatus } from './service.mjs';

const SQL = {
  ingested: 'SELECT request, status, response FROM ingested WHERE id = $1',
  addIngested: 'INSERT INTO ingested (id, request, status, response) VALUES ($1, $2, $3, $4)',
  eventOwner: 'SELECT customer FROM events WHERE id = $1',
  customer: 'SELECT id, name, email, erased_at FROM customers WHERE id = $1',
  customerByEmail: 'SELECT id FROM customers WHERE email = $1',
  addCustomer: 'INSERT INTO customers (id, name, referral_code, email) VALUES ($1, $2, $3, $4)',
  setEmail: 'UPDATE customers SET email = $1 WHERE id = $2',
  setName: 'UPDATE customers SET name = $1 WHERE id = $2',
  guest: 'SELECT id, email, claimed_by FROM guest_orders WHERE id = $1',
  guestRows: 'SELECT id, body FROM guest_orders WHERE email = $1 AND claimed_by IS NULL ORDER BY received_at, id',
  addGuest: 'INSERT INTO guest_orders (id, email, body, received_at) VALUES ($1, $2, $3, $4)',
  claim: 'UPDATE guest_orders SET claimed_by = $1 WHERE id = $2',
  codeByText: 'SELECT * FROM codes WHERE customer = $1 AND code = $2',
  closeCode: `UPDATE codes SET status = $1, closed_at = $2, order_id = $3 WHERE code = $4 AND status = 'issued'`,
};

// E-mail addresses compare without case (how shoppers type them varies).
const normalEmail = (email) => email.trim().toLowerCase();
const refusal = (status, code, message) => ({ status, body: { error: { code, message } } });
// A refusal thrown inside a transaction rolls back everything it did.
class Refused extends Error {
  constructor(answer) {
    super(answer.body.error.message);
    this.answer = answer;
  }
}

export function ingestion(service) {
  const { store, stamp } = service;

  // Runs `decide(tx)` once per id: a replay answers the stored answer, another
  // body under the id is refused. Successful answers are stored with it.
  async function once(tx, key, body, decide) {
    const request = JSON.stringify(body);
    const earlier = await tx.get(SQL.ingested, [key]);
    if (earlier) {
      if (earlier.request !== request) return refusal(409, 'id_reused', `${key} was recorded with a different body`);
      return { status: earlier.status, body: JSON.parse(earlier.response) };
    }
    if (await tx.get(SQL.eventOwner, [key]) || await tx.get(SQL.guest, [key])) {
      return refusal(409, 'id_reused', `${key} is already recorded`);
    }
    const answer = await decide();
    if (answer.status < 300) await tx.run(SQL.addIngested, [key, request, answer.status, JSON.stringify(answer.body)]);
    return answer;
  }

  // The customer's row, created on first sight (the shop's backend knows its
  // customers; the loyalty store learns them as they arrive).
  async function ensureCustomer(tx, id, { name, email } = {}) {
    const row = await tx.get(SQL.customer, [id]);
    if (row?.erased_at) throw new Refused(refusal(410, 'customer_erased', `customer ${id} was erased`));
    if (!row) {
      const taken = email ? await tx.get(SQL.customerByEmail, [email]) : null;
      const code = `${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 12).toUpperCase() || 'MEMBER'}-${randomHex(3).toUpperCase()}`;
      await tx.run(SQL.addCustomer, [id, name ?? id, code, taken ? null : (email ?? null)]);
      return { id, name: name ?? id, email: taken ? null : email };
    }
    if (name && name !== row.name) await tx.run(SQL.setName, [name, id]);
    return row;
  }

  const figures = (balance) => ({ available: balance.available, pending: balance.pending,
    tier: balance.tier ? { id: balance.tier.id, name: balance.tier.name } : null });

  function purchaseOf(body, customer) {
    return { id: `order:${body.id}`, customer, date: body.date ?? stamp(),
      ...(body.channel === 'store' ? { channel: 'store' } : {}), ...(body.currency ? { currency: body.currency } : {}),
      ...(body.amount !== undefined ? { amount: body.amount } : {}), ...(body.items ? { items: body.items } : {}) };
  }

  async function customerOrder(body, customer) {
    return service.write(customer, (tx) => once(tx, `order:${body.id}`, body, async () => {
      await ensureCustomer(tx, customer, { name: body.name, email: body.email && normalEmail(body.email) });
      const purchase = purchaseOf(body, customer);
      let code = null;
      if (body.code !== undefined) {
        code = await tx.get(SQL.codeByText, [customer, body.code.trim().toUpperCase()]);
        if (!code) throw new Refused(refusal(404, 'unknown_code', 'no such code for this customer'));
        if (code.status !== 'issued') throw new Refused(refusal(409, `code_${code.status}`, `the code was already ${code.status}`));
      }
      const placed = await tx.apply(purchase, { keepRejected: true });
      if (!accepted(placed.entry)) {
        throw new Refused(refusal(refusalStatus(placed.entry?.code), placed.entry?.code ?? 'rejected', placed.entry?.message ?? 'the order was rejected'));
      }
      const total = body.amount ?? (body.items ? itemsTotal(body.items) : '0');
      let answer = { order: body.id, customer, points: placed.entry.points ?? 0, ...figures(placed.balance), redemption: null, code: null };
      if (code) {
        await tx.run(SQL.closeCode, ['used', purchase.date, purchase.id, code.code]);
        await tx.emit('reward_code_used', { code: code.code, reward: code.reward, order: body.id, redemption: code.redemption });
        // A discount is in the program's currency: it is capped at the order's total only when that is too.
        const discount = body.currency ? code.discount : smallerAmount(code.discount, total);
        answer.code = { code: code.code, reward: code.reward, discount };
      } else if (body.reward) {
        const redemption = { id: (await tx.newEvent('red')).id, type: 'redemption', customer, date: purchase.date, reward: body.reward.id,
          order_amount: total, ...(body.currency ? { currency: body.currency } : {}),
          ...(body.reward.points !== undefined ? { points: body.reward.points } : {}) };
        const applied = await tx.apply(redemption);
        // All or nothing: the order is not placed with a reward it cannot have.
        if (!accepted(applied.entry)) {
          const reason = applied.entry?.code ?? 'rejected';
          throw new Refused(refusal(refusalStatus(reason), reason, applied.entry?.message ?? 'the reward was refused'));
        }
        answer = { ...answer, ...figures(applied.balance),
          redemption: { id: redemption.id, reward: redemption.reward, points: -applied.entry.points, discount: applied.entry.discount } };
      }
      return { status: 201, body: answer };
    }));
  }

  // A guest order: kept under its e-mail, unless a customer holds that e-mail
  // by the time the lock is ours (then it is theirs at once).
  async function guestOrder(body, email) {
    return service.write(`guest:${email}`, async (tx) => {
      const owner = await tx.get(SQL.customerByEmail, [email]);
      if (owner) return { owner: owner.id };
      if (body.reward || body.code) return refusal(422, 'customer_required', 'a guest order cannot redeem rewards or codes');
      return once(tx, `order:${body.id}`, body, async () => {
        await tx.run(SQL.addGuest, [`order:${body.id}`, email, JSON.stringify(purchaseOf(body, null)), stamp()]);
        return { status: 202, body: { order: body.id, customer: null, guest: true, points: 0 } };
      });
    });
  }

  // Claims the guest orders (and refunds) kept under `email` for `customer`,
  // in the order they arrived, each with its own date.
  async function claimGuestOrders(tx, customer, email) {
    const claimed = [];
    for (const row of await tx.all(SQL.guestRows, [email])) {
      const event = { ...JSON.parse(row.body), customer };
      const { entry } = await tx.apply(event, { keepRejected: true });
      await tx.run(SQL.claim, [customer, row.id]);
      claimed.push({ [event.type === 'refund' ? 'refund' : 'order']: row.id.replace(/^(order|refund):/, ''), points: entry?.points ?? 0 });
    }
    return claimed;
  }

  const settle = async (work) => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Refused) return error.answer;
      throw error;
    }
  };

  return {
    /** POST /orders */
    order: (body) => settle(async () => {
      if (body.customer) return customerOrder(body, body.customer);
      const email = normalEmail(body.email);
      const owner = await store.get(SQL.customerByEmail, [email]);
      if (owner) return customerOrder(body, owner.id);
      const answer = await guestOrder(body, email);
      return answer.owner ? customerOrder(body, answer.owner) : answer;
    }),

    /** POST /refunds */
    refund: (body) => settle(async () => {
      const purchase = `order:${body.order}`;
      const refundOf = (customer) => ({ id: `refund:${body.id}`, type: 'refund', customer, date: body.date ?? stamp(), purchase,
        ...(body.currency ? { currency: body.currency } : {}), ...(body.amount !== undefined ? { amount: body.amount } : {}) });
      const owner = await store.get(SQL.eventOwner, [purchase]);
      if (!owner) {
        const guest = await store.get(SQL.guest, [purchase]);
        if (!guest) return refusal(404, 'unknown_order', `no order ${body.order} was recorded`);
        if (!guest.claimed_by) {
          // Refunded before anyone claimed it: kept beside it, claimed with
          // it, unless a signup claimed it by the time the lock is ours.
          const answer = await service.write(`guest:${guest.email}`, async (tx) => {
            const now = await tx.get(SQL.guest, [purchase]);
            if (now.claimed_by) return { owner: now.claimed_by };
            return once(tx, `refund:${body.id}`, body, async () => {
              await tx.run(SQL.addGuest, [`refund:${body.id}`, guest.email, JSON.stringify(refundOf(null)), stamp()]);
              return { status: 202, body: { refund: body.id, order: body.order, customer: null, guest: true, points: 0 } };
            });
          });
          if (!answer.owner) return answer;
        }
      }
      const customer = owner?.customer ?? (await store.get(SQL.guest, [purchase])).claimed_by;
      return service.write(customer, (tx) => once(tx, `refund:${body.id}`, body, async () => {
        const { entry, balance } = await tx.apply(refundOf(customer));
        if (!accepted(entry)) {
          const reason = entry?.code ?? 'rejected';
          return refusal(refusalStatus(reason), reason, entry?.message ?? 'the refund was rejected');
        }
        return { status: 201, body: { refund: body.id, order: body.order, customer, points: entry.points ?? 0, ...figures(balance) } };
      }));
    }),

    /** POST /events */
    event: (body) => settle(() => service.write(body.customer, (tx) => once(tx, `event:${body.id}`, body, async () => {
      const email = body.email ? normalEmail(body.email) : null;
      // Guest orders under this e-mail arrive under its lock: hold it, so none
      // lands between the claim and the e-mail becoming this customer's.
      if (email) await tx.lock(`guest:${email}`);
      const row = await ensureCustomer(tx, body.customer, { name: body.customer_name, email });
      if (email && row.email !== email) {
        const holder = await tx.get(SQL.customerByEmail, [email]);
        if (holder && holder.id !== body.customer) throw new Refused(refusal(409, 'email_taken', 'another customer has this e-mail'));
        await tx.run(SQL.setEmail, [email, body.customer]);
      }
      const { id, type, customer, date, name, level, points, qualifying, reason, score, comment } = body;
      const event = { id: `event:${id}`, type, customer, date: date ?? stamp(),
        ...Object.fromEntries(Object.entries({ name, level, points, qualifying, reason, score, comment }).filter(([, v]) => v !== undefined)) };
      const { entry, balance } = await tx.apply(event);
      if (!accepted(entry)) {
        const code = entry?.code ?? 'rejected';
        throw new Refused(refusal(refusalStatus(code), code, entry?.message ?? 'the event was rejected'));
      }
      // Guest orders wait for the signup that names their e-mail.
      const claimed = type === 'signup' && email ? await claimGuestOrders(tx, customer, email) : [];
      const after = claimed.length ? await tx.balance() : balance;
      return { status: 201, body: { event: id, customer, points: entry.points ?? 0, ...figures(after), claimed } };
    }))),
  };
}
