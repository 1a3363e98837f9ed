// The demo shop's own script: sign-in and sign-out without a reload, and a cart.
const cart = [];
const who = () => document.getElementById('who');

async function widget() {
  while (!globalThis.LoyaltyWidget) await new Promise((r) => setTimeout(r, 20));
  return globalThis.LoyaltyWidget.ready();
}

document.addEventListener('click', async (event) => {
  const target = event.target.closest('button');
  if (!target) return;
  if (target.id === 'sign-in') {
    who().textContent = 'Ada';
    await (await widget()).setCustomerToken('demo-token-ada');
  } else if (target.id === 'sign-out') {
    who().textContent = 'Guest';
    await (await widget()).setCustomerToken(null);
  } else if (target.dataset.add) {
    cart.push({ ...JSON.parse(target.dataset.add), quantity: 1 });
    document.getElementById('cart-count').textContent = String(cart.length);
    (await widget()).setCart({ items: cart });
  }
});
