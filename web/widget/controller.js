// The widget's state, without DOM: what to show, computed by the engine from
// the endpoint's program and the customer's events, with the last good state
// cached so the widget renders at once and works offline. Views subscribe to
// it; they compute nothing themselves.
import { EndpointClient, EndpointError } from '../sync/client.js';
import { Cache } from './cache.js';

const today = (now) => new Date(now()).toISOString().slice(0, 10);

export class Controller {
  constructor({ endpoint, token = null, storage = null, loadEngine, fetch, now = Date.now, namespace }) {
    this.client = new EndpointClient({ endpoint, fetch });
    this.cache = new Cache(storage, namespace ?? endpoint);
    this.loadEngine = loadEngine;
    this.now = now;
    this.token = token;
    this.listeners = new Set();
    this.engine = null;
    this.program = null;        // the engine's Program
    this.state = {
      phase: 'starting',        // starting | cached | ready
      guest: !token,
      info: null,               // waysToEarn(): program summary, rules, rewards, tiers
      customer: null,           // { id, name, referral_url, ... }
      events: [],
      balance: null,            // the engine's balance
      cart: null,
      cartSimulation: null,
      syncedAt: null,
      offline: false,
      error: null,
    };
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  #set(patch, event) {
    const previous = this.state;
    this.state = { ...previous, ...patch };
    for (const listener of this.listeners) listener(this.state, previous, event);
  }

  #emit(type, detail) {
    for (const listener of this.listeners) listener(this.state, this.state, { type, detail });
  }

  /** Shows cached figures at once, then loads the engine and revalidates. */
  async start() {
    const program = this.cache.read('program');
    const customer = this.token ? this.cache.read('customer') : null;
    if (program) {
      this.#set({
        phase: 'cached',
        info: program.value.info,
        customer: customer?.value.customer ?? null,
        events: customer?.value.events ?? [],
        balance: customer?.value.balance ?? null,
        syncedAt: customer?.savedAt ?? program.savedAt,
      });
    }
    await this.#revalidate();
    this.#emit('ready', {});
  }

  async #ensureEngine() {
    if (!this.engine) this.engine = await this.loadEngine();
    return this.engine;
  }

  async #revalidate() {
    this.#set({ error: null });
    let programText = null;
    let customerData = null;
    let offline = false;
    try {
      [programText, customerData] = await Promise.all([
        this.client.program(),
        this.token ? this.client.customer(this.token) : Promise.resolve(null),
      ]);
    } catch (error) {
      if (error instanceof EndpointError && error.status === 401) {
        // An expired or forged token: fall back to the guest view.
        this.token = null;
        this.cache.remove('customer');
        this.#emit('error', { code: 'unauthorized', message: error.message });
        return this.#revalidate();
      }
      offline = true;
      this.#emit('error', { code: error.code ?? 'network', message: error.message });
      programText = this.cache.read('program')?.value.text ?? null;
      customerData = this.token ? this.cache.read('customer')?.value ?? null : null;
    }
    if (!programText) {
      this.#set({ offline, error: 'unavailable' });
      return;
    }
    const engine = await this.#ensureEngine();
    if (!this.program || this.programText !== programText) {
      this.program?.dispose();
      this.program = engine.loadProgram(programText);
      this.programText = programText;
    }
    const info = this.program.waysToEarn();
    const syncedAt = offline ? (this.cache.read('program')?.savedAt ?? null) : this.now();
    if (!offline) this.cache.write('program', { text: programText, info }, syncedAt);
    this.#applyCustomer(customerData, { info, offline, syncedAt, save: !offline });
  }

  #applyCustomer(data, { info = this.state.info, offline = this.state.offline, syncedAt = this.state.syncedAt, save }) {
    const previous = this.state.balance;
    let balance = null;
    if (data?.customer) {
      balance = this.program.balance(data.events ?? [], String(data.customer.id), today(this.now));
      if (save) this.cache.write('customer', { customer: data.customer, events: data.events ?? [], balance }, syncedAt);
    }
    const patch = {
      phase: 'ready', info, offline, syncedAt, guest: !data?.customer,
      customer: data?.customer ?? null, events: data?.events ?? [], balance,
    };
    this.#set(patch);
    if (this.state.cart) this.#simulateCart();
    if ((previous?.available ?? null) !== (balance?.available ?? null)) {
      this.#emit('balance-changed', { available: balance?.available ?? null, previous: previous?.available ?? null });
    }
    if ((previous?.tier?.id ?? null) !== (balance?.tier?.id ?? null) && previous) {
      this.#emit('tier-changed', { tier: balance?.tier?.id ?? null, previous: previous?.tier?.id ?? null });
    }
  }

  /** Sign-in (a token) or sign-out (null), without a page reload. */
  async setToken(token) {
    this.token = token || null;
    if (!this.token) {
      this.cache.remove('customer');  // a shared device must not keep the last shopper
      this.#applyCustomer(null, { save: false });
      return;
    }
    await this.#revalidate();
  }

  refresh() {
    return this.#revalidate();
  }

  setCart(cart) {
    this.#set({ cart: cart ?? null, cartSimulation: null });
    if (cart && this.program) this.#simulateCart();
  }

  #simulateCart() {
    try {
      this.#set({ cartSimulation: this.#simulate(this.state.cart) });
    } catch (error) {
      this.#set({ cartSimulation: null });
      this.#emit('error', { code: error.code ?? 'internal', message: error.message });
    }
  }

  #simulate(cart) {
    const customer = this.state.customer ? String(this.state.customer.id) : '__guest__';
    return this.program.simulate(this.state.customer ? this.state.events : [], customer, cart, today(this.now));
  }

  /** The engine's simulation of `cart` for this shopper (a guest gets a new member's figures). */
  async simulate(cart) {
    await this.#whenProgram();
    return this.#simulate(cart);
  }

  /** Points one product earns, as the shopper's cart of just that product would. */
  async pointsFor(price, category) {
    const result = await this.simulate({ items: [{ sku: 'product', price: String(price), category: category || undefined }] });
    return result.points;
  }

  async #whenProgram() {
    if (this.program) return;
    await new Promise((resolve) => {
      const stop = this.subscribe(() => {
        if (this.program) {
          stop();
          resolve();
        }
      });
    });
  }

  /** Redeems a reward through the endpoint, then refreshes the balance from the server's answer. */
  async redeem(rewardId, points) {
    if (!this.token) throw new EndpointError(401, 'unauthorized', 'sign in to redeem');
    const key = `${this.state.customer?.id ?? 'guest'}-${rewardId}-${this.now()}-${Math.random().toString(36).slice(2)}`;
    const result = await this.client.redeem(this.token, { reward: rewardId, ...(points ? { points } : {}) }, key);
    this.#emit('redeemed', result.redemption ?? result);
    await this.#revalidate();
    return result.redemption ?? result;
  }
}
