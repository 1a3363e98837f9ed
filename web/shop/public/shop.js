// The demo shop's own script (a real shop has its own): demo sign-in through
// /demo/login, a cart, and checkout. The session token lives in
// sessionStorage, as a shop's session would; the widget gets it through
// LoyaltyWidget.setCustomerToken, and a fresh one through its tokenProvider.
const $ = (id) => document.getElementById(id);
// The catalog in the shopper's currency, as the shop's server prices it.
let PRICES = { 'JKT-WAX': ['180.00', 'outerwear'], 'KNIT-CREW': ['96.00', 'knitwear'], 'SOCK-3': ['24.00', 'accessories'], 'GIFT-50': ['50.00', 'gift_card'] };
let currency = 'USD';
const cart = [];
let appliedReward = null;  // chosen in the widget; this checkout sends it, the server prices it
const number = (n) => new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);
const money = (decimal, code = 'USD') => new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency: code }).format(decimal);
const cartForWidget = () => (cart.length ? { items: cart, ...(currency !== 'USD' ? { currency } : {}) } : null);

// Another currency: the shop's prices in it, on the page and in each product's
// points placeholder (the widget's engine converts them at the program's rate).
async function showCurrency(code) {
  const response = await fetch(`/shop/products?currency=${encodeURIComponent(code)}`);
  if (!response.ok) return;
  const list = await response.json();
  currency = list.currency;
  PRICES = Object.fromEntries(list.products.map((product) => [product.sku, [product.price, product.category]]));
  sessionStorage.setItem('shop-currency', currency);
  if ($('currency')) $('currency').value = currency;
  for (const button of document.querySelectorAll('[data-add]')) {
    const product = button.closest('.product');
    const [price] = PRICES[button.dataset.add] ?? [];
    if (!product || !price) continue;
    product.querySelector('.price').textContent = money(price, currency);
    const placeholder = product.querySelector('[data-loyalty-points-for]');
    placeholder.dataset.loyaltyCurrency = currency;
    placeholder.dataset.loyaltyPointsFor = price;
  }
  // A cart priced in the old currency is repriced in the new one.
  for (const line of cart) line.price = PRICES[line.sku][0];
  (await widget()).setCart(cartForWidget());
}

async function widget() {
  while (!globalThis.LoyaltyWidget) await new Promise((resolve) => setTimeout(resolve, 20));
  return globalThis.LoyaltyWidget.ready();
}

async function login(customer) {
  const response = await fetch('/demo/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customer }) });
  if (!response.ok) return null;
  const { token } = await response.json();
  sessionStorage.setItem('shop-customer', customer);
  sessionStorage.setItem('shop-token', token);
  return token;
}

async function signIn(customer) {
  const token = customer ? await login(customer) : null;
  if (!customer) {
    sessionStorage.removeItem('shop-customer');
    sessionStorage.removeItem('shop-token');
  }
  if ($('customer')) $('customer').value = customer ?? '';
  updateCart();
  await (await widget()).setCustomerToken(token);
}

function updateCart() {
  if (!$('cart-count')) return;
  $('cart-count').textContent = String(cart.reduce((n, item) => n + item.quantity, 0));
  $('checkout').disabled = cart.length === 0 || !sessionStorage.getItem('shop-token');
}

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button');
  if (!button) return;
  if (button.id === 'sign-in') await signIn($('customer').value || 'ada');
  if (button.id === 'sign-out') await signIn(null);
  if (button.dataset.add) {
    const [price, category] = PRICES[button.dataset.add];
    const line = cart.find((item) => item.sku === button.dataset.add);
    if (line) line.quantity += 1;
    else cart.push({ sku: button.dataset.add, price, category, quantity: 1 });
    updateCart();
    (await widget()).setCart(cartForWidget());
  }
  if (button.id === 'checkout') {
    // A reward applied from the widget, else a code from an earlier redemption.
    const code = $('discount-code').value.trim();
    const response = await fetch('/shop/checkout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionStorage.getItem('shop-token')}` },
      body: JSON.stringify({ items: cart.map(({ sku, quantity }) => ({ sku, quantity })), currency,
        ...(appliedReward ? { reward: { id: appliedReward } } : code ? { code } : {}) }),
    });
    const result = await response.json();
    $('order-status').textContent = response.ok
      ? `Order ${result.order} placed: ${number(result.points)} points earned.${result.reward ? ` Reward: ${money(result.discount)} off.` : ''}`
      : result.error.message;
    if (response.ok) {
      appliedReward = null;
      $('discount-code').value = '';
      $('applied-reward').hidden = true;
      cart.length = 0;
      updateCart();
      const api = await widget();
      api.setCart(null);
      await api.refresh();
    }
  }
});

// The widget offers rewards that come off an order; the checkout sends the
// chosen one and this shop's server applies it to the cart it prices.
document.addEventListener('loyalty:apply-reward', (event) => {
  appliedReward = event.detail.reward;
  $('applied-reward').hidden = false;
  $('applied-reward').textContent = `Reward applied at checkout: ${event.detail.name ?? appliedReward}`;
});

(async () => {
  $('currency')?.addEventListener('change', (event) => showCurrency(event.target.value));
  const chosen = sessionStorage.getItem('shop-currency');
  if (chosen && chosen !== 'USD') await showCurrency(chosen);
  const select = $('customer');
  if (select) {
    for (const { id, name } of await (await fetch('/demo/customers')).json()) select.append(new Option(name, id));
  }
  const api = await widget();
  api.setTokenProvider(async () => {
    const customer = sessionStorage.getItem('shop-customer');
    return customer ? login(customer) : null;
  });
  const customer = sessionStorage.getItem('shop-customer');
  if (customer) await signIn(customer);
})();
