// The demo storefront's own routes: a catalog, a checkout that records
// orders (with a reward or a code from the widget), sign-in as any demo
// customer and as demo staff for the counter page (public/pos/). A real shop has its own; these exist only with demo on.
import { sendError as error } from '../kit/http.mjs';
import { itemsTotal } from '../kit/money.mjs';

// The shop's own prices in the other currencies it sells in, set by the
// merchant as shops do (rounded, not converted): the loyalty program, in
// USD, converts them at its exchange_rates to decide the points.
const PRICE_LISTS = {
  EUR: { 'JKT-WAX': '169.00', 'KNIT-CREW': '89.00', 'SOCK-3': '22.00', 'GIFT-50': '46.00' },
  GBP: { 'JKT-WAX': '145.00', 'KNIT-CREW': '76.00', 'SOCK-3': '19.00', 'GIFT-50': '40.00' },
};
const currencyOf = (value) => (value === undefined || value === 'USD' ? 'USD'
  : typeof value === 'string' && Object.hasOwn(PRICE_LISTS, value) ? value : null);
const priced = (product, currency) => (currency === 'USD' ? product : { ...product, price: PRICE_LISTS[currency][product.sku] ?? product.price });

export function demoStorefront(app, { kit }) {
  const { store, eventId } = kit.service;
  const authenticate = (request, reply) => kit.authenticate(request, reply);
  // The demo storefront's routes: sign-in as anyone and a checkout that
  // records orders. A real shop has its own; they exist only with demo on
  // (LOYALTY_DEMO=1, which scripts/demo sets) and otherwise answer 404.
  // Checkout prices the order from the catalog (the browser names the
  // reward or code, never an amount) and hands it to the kit's ingestion,
  // as a shop's backend would POST it to /loyalty/api/orders: the engine
  // decides the points, the reward on that order, or the code's use.
  app.get('/shop/products', async (request, reply) => {
    const currency = currencyOf(request.query?.currency);
    if (!currency) return error(reply, 400, 'invalid_currency', 'the shop sells in USD, EUR and GBP');
    const products = await store.all('SELECT sku, name, price, category FROM products ORDER BY position, sku');
    return { currency, products: products.map((product) => priced(product, currency)) };
  });
  app.post('/shop/checkout', async (request, reply) => {
    const row = await authenticate(request, reply);
    if (!row) return reply;
    const lines = request.body?.items;
    const reward = request.body?.reward;
    const codeText = request.body?.code;
    const currency = currencyOf(request.body?.currency);
    if (!currency || !Array.isArray(lines) || lines.length === 0 || lines.length > 50 ||
        (reward !== undefined && (typeof reward?.id !== 'string' || !reward.id || reward.id.length > 100 ||
          (reward.points !== undefined && (!Number.isSafeInteger(reward.points) || reward.points <= 0)))) ||
        (codeText !== undefined && (typeof codeText !== 'string' || !codeText || codeText.length > 100)) ||
        (reward !== undefined && codeText !== undefined)) {
      return error(reply, 400, 'invalid_request', 'the body is {"items": [{"sku", "quantity"}], "reward"?: {"id", "points"?}} or {"items", "code"?}, and "currency"?: USD, EUR or GBP');
    }
    const items = [];
    for (const line of lines) {
      const product = await store.get('SELECT sku, name, price, category FROM products WHERE sku = $1', [String(line?.sku ?? '')]);
      const quantity = line?.quantity ?? 1;
      if (!product || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > 100) {
        return error(reply, 400, 'invalid_item', `unknown product or quantity: ${String(line?.sku ?? '').slice(0, 40)}`);
      }
      items.push({ sku: product.sku, price: priced(product, currency).price, category: product.category, quantity });
    }
    const id = eventId('order');
    const answer = await kit.ingest.order({ id, customer: row.id, items, ...(currency !== 'USD' ? { currency } : {}),
      ...(reward ? { reward } : {}), ...(codeText !== undefined ? { code: codeText } : {}) });
    if (answer.status >= 300) return error(reply, answer.status, answer.body.error.code, answer.body.error.message);
    const placed = answer.body;
    return reply.code(201).send({ order: id, points: placed.points, currency, subtotal: itemsTotal(items),
      discount: placed.code?.discount ?? placed.redemption?.discount ?? '0.00',
      reward: placed.redemption?.reward ?? placed.code?.reward ?? null, code: placed.code?.code ?? null,
      available: placed.available, pending: placed.pending });
  });

  // Demo sign-in (a real shop signs tokens for its own logged-in customers).
  app.get('/demo/customers', async () => store.all('SELECT id, name FROM customers WHERE erased_at IS NULL ORDER BY id'));
  app.post('/demo/login', async (request, reply) => {
    const row = await store.get('SELECT id FROM customers WHERE id = $1 AND erased_at IS NULL', [String(request.body?.customer ?? '')]);
    if (!row) return error(reply, 404, 'unknown_customer', 'no such demo customer');
    return { token: await kit.tokens.sign(row.id) };
  });
  // Demo staff sign-in for the counter page (/pos/): a real shop signs staff
  // tokens (kit.staffTokens.sign) for its own signed-in staff.
  app.post('/demo/staff-login', async (request, reply) => {
    if (!kit.staffTokens) return error(reply, 404, 'counter_off', 'the counter needs the token secrets');
    return { token: await kit.staffTokens.sign('demo-staff') };
  });
}
