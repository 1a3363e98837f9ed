// The demo storefront's own routes: a catalog, a checkout that records
// orders (with a reward or a code from the widget) and sign-in as any demo
// customer. A real shop has its own; these exist only with demo on.
import { sendError as error } from './http.mjs';
import { accepted, refusalStatus } from './service.mjs';

// Money as this shop computes it: exact decimal arithmetic (BigInt) on
// decimal strings such as "24.00", never floating point.
const scaleOf = (amounts) => Math.max(0, ...amounts.map((amount) => (amount.split('.')[1] ?? '').length));
const toMinor = (amount, scale) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(scale, '0'));
};
const fromMinor = (minor, scale) => {
  const digits = minor.toString().padStart(scale + 1, '0');
  return scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
};

// The order's total as this shop prices it from its catalog.
function orderTotal(items) {
  const scale = scaleOf(items.map((item) => item.price));
  return fromMinor(items.reduce((sum, item) => sum + toMinor(item.price, scale) * BigInt(item.quantity), 0n), scale);
}

// What a code takes off an order: its discount, but never more than the order.
function codeDiscount(discount, subtotal) {
  const scale = scaleOf([discount, subtotal]);
  const off = toMinor(discount, scale);
  const total = toMinor(subtotal, scale);
  return fromMinor(off < total ? off : total, scale);
}

export function demoStorefront(app, { service, tokens, authenticate }) {
  const { q, stamp, eventId, decide, transact } = service;
  // The demo storefront's routes: sign-in as anyone and a checkout that
  // records orders. A real shop has its own; they exist only with demo on
  // (LOYALTY_DEMO=1, which scripts/demo sets) and otherwise answer 404.
  // Checkout applies a reward to the order it prices itself (the browser
  // names the reward, never an amount): the engine decides it on that order.
  // Or it takes a code from an earlier redemption, which must be the
  // customer's and unused; it comes off the order (never more than the
  // order) and is used up with it. One reward or code an order.
  app.get('/shop/products', async () => q.products.all());
  app.post('/shop/checkout', async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    const lines = request.body?.items;
    const reward = request.body?.reward;
    const codeText = request.body?.code;
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > 50 ||
        (reward !== undefined && (typeof reward?.id !== 'string' || !reward.id || reward.id.length > 100 ||
          (reward.points !== undefined && (!Number.isSafeInteger(reward.points) || reward.points <= 0)))) ||
        (codeText !== undefined && (typeof codeText !== 'string' || !codeText || codeText.length > 100)) ||
        (reward !== undefined && codeText !== undefined)) {
      return error(reply, 400, 'invalid_request', 'the body is {"items": [{"sku", "quantity"}], "reward"?: {"id", "points"?}} or {"items", "code"?}');
    }
    const items = [];
    for (const line of lines) {
      const product = q.product.get(String(line?.sku ?? ''));
      const quantity = line?.quantity ?? 1;
      if (!product || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > 100) {
        return error(reply, 400, 'invalid_item', `unknown product or quantity: ${String(line?.sku ?? '').slice(0, 40)}`);
      }
      items.push({ sku: product.sku, price: product.price, category: product.category, quantity });
    }
    const order = { id: eventId('order'), customer: row.id, date: stamp(), items };
    const subtotal = orderTotal(items);
    const redemption = reward ? { id: eventId('red'), type: 'redemption', customer: row.id, date: order.date,
      reward: reward.id, order_amount: subtotal, ...(reward.points !== undefined ? { points: reward.points } : {}) } : null;
    let earned;
    let redeemed;
    let usedCode = null;
    try {
      ({ earned, redeemed, usedCode } = transact(row.id, () => {
        const code = codeText === undefined ? null : q.codeByText.get(row.id, codeText.trim().toUpperCase());
        if (codeText !== undefined && code?.status !== 'issued') {
          throw Object.assign(new Error('code refused'), { refusal: !code
            ? { status: 404, code: 'unknown_code', message: 'no such code for this customer' }
            : { status: 409, code: `code_${code.status}`, message: `the code was already ${code.status}` } });
        }
        const placed = decide(row.id, order, () => q.addEvent.run(order.id, row.id, JSON.stringify(order)).lastInsertRowid);
        if (code) {
          q.closeCode.run('used', order.date, order.id, code.code);
          return { earned: placed, usedCode: code };
        }
        if (!redemption) return { earned: placed };
        const applied = decide(row.id, redemption, (decided) => (accepted(decided)
          ? q.addEvent.run(redemption.id, row.id, JSON.stringify(redemption)).lastInsertRowid : null));
        // All or nothing: the order is not placed with a reward it cannot have.
        if (!accepted(applied.entry)) throw Object.assign(new Error('reward refused'), { refusal: applied.entry ?? {} });
        return { earned: placed, redeemed: applied };
      }));
    } catch (failure) {
      if (!failure.refusal) throw failure;
      const code = failure.refusal.code ?? 'rejected';
      return error(reply, failure.refusal.status ?? refusalStatus(code), code, failure.refusal.message ?? 'the reward was refused');
    }
    const balance = redeemed?.balance ?? earned.balance;
    const discount = usedCode ? codeDiscount(usedCode.discount, subtotal) : (redeemed?.entry.discount ?? '0.00');
    return reply.code(201).send({ order: order.id, points: earned.entry?.points ?? 0, subtotal, discount,
      reward: redemption ? redemption.reward : (usedCode?.reward ?? null), code: usedCode?.code ?? null,
      available: balance.available, pending: balance.pending });
  });

  // Demo sign-in (a real shop signs tokens for its own logged-in customers).
  app.get('/demo/customers', async () => q.customers.all());
  app.post('/demo/login', async (request, reply) => {
    const row = q.customer.get(String(request.body?.customer ?? ''));
    if (!row) return error(reply, 404, 'unknown_customer', 'no such demo customer');
    return { token: await tokens.sign(row.id) };
  });

}
