// The widget's state, without DOM: what to show, computed by the engine from
// the endpoint's program and the customer's events, with the last good state
// cached so the widget renders at once and works offline. Views subscribe to
// it; they compute nothing themselves.
import { EndpointClient, EndpointError } from '../sync/client.js';
import { Outbox, memoryStore } from '../sync/outbox.js';
import { Cache } from './cache.js';
import { yieldToMain } from './yield.js';

// Whose token this is, to key the cached customer by (a shared device must
// never show one shopper's figures to another): a JWT's `sub`, read without
// verifying (the server verifies; this only picks the cache). An opaque
// token has no subject, so nothing cached is shown for it before the server
// answers.
export function tokenSubject(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  } catch {
    return null;
  }
}

export class Controller {
  // `now` is the widget's one clock (epoch ms): every "today" is the shop's
  // day of it, in the program's time zone, never the shopper's.
  constructor({ endpoint, token = null, storage = null, loadEngine, fetch, now = Date.now, namespace,
    tokenProvider = null, outboxStore = null, timeoutMs, retries, backoffMs }) {
    this.client = new EndpointClient({ endpoint, fetch, timeoutMs, retries, backoffMs });
    this.cache = new Cache(storage, namespace ?? endpoint);
    this.outbox = new Outbox(outboxStore ?? memoryStore());
    this.tokenProvider = tokenProvider;
    this.loadEngine = loadEngine;
    this.now = now;
    this.token = token;
    this.listeners = new Set();
    this.engine = null;
    this.program = null;        // the engine's Program
    this.ledger = null;         // the signed-in customer's open ledger: { ledger, program, events, customer }
    this.state = {
      phase: 'starting',        // starting | cached | ready
      guest: !token,
      info: null,               // waysToEarn(): program summary, rules, rewards, tiers
      customer: null,           // { id, name, referral_url, ... }
      events: [],
      balance: null,            // the engine's balance
      rewards: null,            // the engine's rewards report: each reward redeemable or why not
      codes: [],                // the server's unused codes from redemptions
      cart: null,
      cartSimulation: null,
      syncedAt: null,
      offline: false,
      error: null,
      pendingRedemptions: [],   // made offline, waiting for the endpoint
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
    const customer = this.#cachedCustomer();
    if (program) {
      this.#set({
        phase: 'cached',
        info: program.value.info,
        customer: customer?.value.customer ?? null,
        events: customer?.value.events ?? [],
        balance: customer?.value.balance ?? null,
        codes: customer?.value.codes ?? [],
        syncedAt: customer?.savedAt ?? program.savedAt,
      });
    }
    // The requests in a task after the cached figures (on a browser's first
    // page, compiling the client's code made the two one long task).
    await yieldToMain();
    await this.#revalidate(false, { program, customer });
    this.#emit('ready', {});
  }

  // The cached customer, only when it belongs to the current token's subject.
  #cachedCustomer() {
    if (!this.token) return null;
    const cached = this.cache.read('customer');
    const subject = tokenSubject(this.token);
    return cached && subject && cached.value.subject === subject ? cached : null;
  }

  // The shop's day on the widget's clock.
  #today() {
    return this.program.today(this.now());
  }

  // `warm`: the first calls the engine will get (see engine-loader.js).
  async #ensureEngine(warm = null) {
    if (!this.engine) this.engine = await this.loadEngine(warm);
    return this.engine;
  }

  // Fetches what changed (a conditional GET for the program, only newer
  // events for the customer), falling back to the cache when offline.
  // `cached`: the cache's entries when the caller has just read them (a
  // read is a parse of the whole program and history).
  async #revalidate(tokenRefreshed = false, cached = null) {
    this.#set({ error: null });
    const cachedProgram = cached ? cached.program : this.cache.read('program');
    const cachedCustomer = cached ? cached.customer : this.#cachedCustomer();
    let programText = null;
    let customerData = null;
    let offline = false;
    try {
      const [program, customer] = await Promise.all([
        this.client.program(cachedProgram?.value.etag ?? null),
        this.token ? this.#fetchCustomer(cachedCustomer?.value ?? null) : Promise.resolve(null),
      ]);
      programText = program.notModified ? cachedProgram.value.text : program.text;
      this.programEtag = program.notModified ? cachedProgram.value.etag : program.etag;
      customerData = customer;
    } catch (error) {
      if (error instanceof EndpointError && error.status === 401) {
        // Ask the page once for a fresh token; otherwise show the guest view.
        const fresh = !tokenRefreshed && this.tokenProvider ? await this.#askForToken() : null;
        this.token = fresh;
        if (!fresh) {
          this.cache.remove('customer');
          this.#emit('error', { code: 'unauthorized', message: error.message });
        }
        return this.#revalidate(true);
      }
      offline = true;
      this.#emit('error', { code: error.code ?? 'network', message: error.message });
      programText = cachedProgram?.value.text ?? null;
      this.programEtag = cachedProgram?.value.etag ?? null;
      customerData = cachedCustomer?.value ?? null;
    }
    if (!programText) {
      this.#set({ offline, error: 'unavailable' });
      return;
    }
    const engine = await this.#ensureEngine({ program: programText, events: customerData?.events ?? [],
      customer: customerData?.customer ? String(customerData.customer.id) : '__guest__' });
    // Reading a program is the engine's longest call: it gets a task of its
    // own (and the check is made again after, another revalidation may have
    // loaded the program meanwhile).
    if (!this.program || this.programText !== programText) await yieldToMain();
    if (!this.program || this.programText !== programText) {
      this.ledger?.ledger.dispose();
      this.ledger = null;
      this.program?.dispose();
      this.program = engine.loadProgram(programText);
      this.programText = programText;
    }
    const info = this.program.waysToEarn();
    const syncedAt = offline ? (cachedCustomer?.savedAt ?? cachedProgram?.savedAt ?? null) : this.now();
    if (!offline) this.cache.write('program', { text: programText, info, etag: this.programEtag }, syncedAt);
    this.#applyCustomer(customerData, { info, offline, syncedAt, save: !offline });
    if (!offline && this.token) await this.flushOutbox();
    await this.#loadPending();
  }

  async #askForToken() {
    try {
      return (await this.tokenProvider()) || null;
    } catch {
      return null;
    }
  }

  // Only events after the cached cursor, merged into the cached history; the
  // whole history when the cache is for someone else or the server says so.
  async #fetchCustomer(cached) {
    const since = cached?.cursor ?? null;
    let data = await this.#fetchPages(since);
    if (since && data.customer.id !== cached.customer.id) data = await this.#fetchPages(null);
    if (data.complete || !since || data.customer.id !== cached.customer.id) return data;
    const known = new Set(cached.events.map((e) => e.id));
    return { ...data, events: [...cached.events, ...data.events.filter((e) => !known.has(e.id))] };
  }

  // Every page after `since` (the endpoint pages a long history): the last
  // page's cursor and figures, with all the pages' events.
  async #fetchPages(since) {
    let data = await this.client.customer(this.token, since);
    const events = [...data.events];
    for (let pages = 1; data.more && pages < 1000; pages++) {
      const next = await this.client.customer(this.token, data.cursor);
      if (next.customer.id !== data.customer.id) break;
      events.push(...next.events);
      data = { ...next, complete: data.complete };
    }
    return { ...data, events };
  }

  async #loadPending() {
    const customer = this.state.customer?.id;
    const pending = customer ? await this.outbox.list(String(customer)) : [];
    this.#set({ pendingRedemptions: pending });
  }

  /** Sends queued redemptions in order; stops at the first that cannot reach the endpoint. */
  async flushOutbox() {
    if (this.flushing || !this.token) return;
    this.flushing = true;
    let sent = 0;
    try {
      for (const entry of await this.outbox.list(this.state.customer?.id ? String(this.state.customer.id) : undefined)) {
        try {
          const result = await this.client.redeem(this.token, entry.body, entry.key);
          sent += 1;
          await this.outbox.remove(entry.key);
          this.#emit('redeemed', { ...result.redemption, queued: true });
        } catch (error) {
          if (error instanceof EndpointError && error.transient) break;
          await this.outbox.remove(entry.key);  // refused for good: tell the shopper, never retry
          this.#emit('error', { code: error.code ?? 'redeem_failed', message: error.message, reward: entry.body.reward });
        }
      }
    } finally {
      this.flushing = false;
    }
    // Only when something was sent is there anything new to fetch.
    if (sent > 0 && this.program && this.token) {
      try {
        const data = await this.#fetchPages(null);
        this.#applyCustomer(data, { save: true, syncedAt: this.now(), offline: false });
      } catch {
        /* the next revalidation catches up */
      }
    }
    await this.#loadPending();
  }

  #applyCustomer(data, { info = this.state.info, offline = this.state.offline, syncedAt = this.state.syncedAt, save }) {
    const previous = this.state.balance;
    let balance = null;
    if (data?.customer) {
      balance = this.program.balance(data.events ?? [], String(data.customer.id), this.#today());
      // The server has the last word on the figures it sends; the engine here
      // serves the history, simulation, placeholders and the offline view.
      if (data.balance) {
        balance = { ...balance, available: data.balance.available, pending: data.balance.pending,
          lifetime_earned: data.balance.lifetime_earned };
      }
      if (save) {
        this.cache.write('customer', { subject: tokenSubject(this.token), customer: data.customer, events: data.events ?? [],
          cursor: data.cursor ?? null, balance, codes: data.codes ?? [] }, syncedAt);  // offline, the last figures shown
      }
    }
    const patch = {
      phase: 'ready', info, offline, syncedAt, guest: !data?.customer,
      customer: data?.customer ?? null, events: data?.events ?? [], balance,
      codes: data?.customer ? (data.codes ?? []) : [],
    };
    this.#set(patch);
    this.#evaluateRewards();
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
    if (this.program) this.#evaluateRewards();
    if (cart && this.program) this.#simulateCart();
  }

  // The engine decides every reward for the signed-in shopper (against the
  // page's cart when there is one: it says what an order still needs).
  #rewardsFor(options = {}) {
    const cart = this.state.cart?.items?.length || this.state.cart?.amount ? this.state.cart : undefined;
    const asOf = this.#today();
    return this.#withLedger((ledger) => ledger.rewards({ asOf, cart, ...options }),
      () => this.program.rewards(this.state.events, String(this.state.customer.id), { asOf, cart, ...options }));
  }

  // The customer's history folded once into an open ledger, so each slider
  // move, cart change or product line costs one purchase, not a replay. A new
  // history (a refresh, a redemption) or program opens a new one; a clock
  // that went back (the ledger refuses a day before one it gave) too; a
  // history dated after today (another clock's midnight) is replayed instead.
  #withLedger(use, replay) {
    const customer = String(this.state.customer.id);
    const current = this.ledger;
    if (!current || current.program !== this.program || current.events !== this.state.events || current.customer !== customer) {
      this.#openLedger(customer);
    }
    try {
      return use(this.ledger.ledger);
    } catch (error) {
      if (error.code !== 'out_of_order') throw error;
      this.#openLedger(customer);
      try {
        return use(this.ledger.ledger);
      } catch (again) {
        if (again.code !== 'out_of_order') throw again;
        return replay();
      }
    }
  }

  #openLedger(customer) {
    this.ledger?.ledger.dispose();
    this.ledger = null;
    const ledger = this.program.openLedger(customer);
    try {
      ledger.append(this.state.events);
    } catch (error) {
      ledger.dispose();
      throw error;
    }
    this.ledger = { ledger, program: this.program, events: this.state.events, customer };
  }

  #evaluateRewards() {
    if (!this.state.customer || !this.program) {
      if (this.state.rewards) this.#set({ rewards: null });
      return;
    }
    try {
      this.#set({ rewards: this.#rewardsFor() });
    } catch (error) {
      this.#set({ rewards: null });
      this.#emit('error', { code: error.code ?? 'internal', message: error.message });
    }
  }

  /** The engine's state of one reward if the shopper puts `points` into it (points-for-money rewards). */
  rewardQuote(rewardId, points) {
    if (!this.state.customer || !this.program) return null;
    return this.#rewardsFor({ points }).rewards.find((reward) => reward.id === rewardId) ?? null;
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
    if (!this.state.customer) return this.program.simulate([], '__guest__', cart, this.#today());
    const asOf = this.#today();
    return this.#withLedger((ledger) => ledger.simulate(cart, asOf),
      () => this.program.simulate(this.state.events, String(this.state.customer.id), cart, asOf));
  }

  /** The engine's simulation of `cart` for this shopper (a guest gets a new member's figures). */
  async simulate(cart) {
    await this.#whenProgram();
    return this.#simulate(cart);
  }

  /**
   * Points a product line earns for this shopper today: the engine's
   * simulation of a cart of just that line (its SKU, category and quantity,
   * so SKU rules and exclusions count), priced in `currency` (default the program's).
   */
  async pointsFor({ price, sku, category, quantity, currency }) {
    const count = quantity === undefined || quantity === '' ? 1 : Number(quantity);
    const item = { sku: sku || 'product', price: String(price), ...(category ? { category } : {}),
      ...(Number.isSafeInteger(count) && count > 0 ? { quantity: count } : { quantity: String(quantity) }) };
    // A price in the shopper's currency: the engine converts it at the program's rate.
    const result = await this.simulate({ items: [item], ...(currency ? { currency } : {}) });
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

  /**
   * Redeems a reward through the endpoint, then refreshes from the server's
   * answer. Offline, the redemption waits in the outbox (persisted, with its
   * idempotency key) and { pending: true } is returned.
   */
  async redeem(rewardId, points, cause) {
    if (!this.token) throw new EndpointError(401, 'unauthorized', 'sign in to redeem');
    const random = globalThis.crypto?.randomUUID?.() ?? `${this.now()}-${Math.random().toString(36).slice(2)}`;
    const entry = { key: `redeem-${random}`, customer: String(this.state.customer?.id ?? ''), createdAt: this.now(),
      body: { reward: rewardId, ...(points ? { points } : {}), ...(cause ? { cause } : {}) } };
    let result;
    try {
      result = await this.client.redeem(this.token, entry.body, entry.key);
    } catch (error) {
      if (!(error instanceof EndpointError) || !error.transient) throw error;
      await this.outbox.add(entry);
      await this.#loadPending();
      this.#set({ offline: true });
      return { pending: true, reward: rewardId, key: entry.key };
    }
    this.#emit('redeemed', result.redemption);
    await this.#revalidate();
    return result.redemption;
  }

  /**
   * Sends the customer's survey answer (score 0-10, optional comment); the
   * server's engine decides whether it counts and what it earns. Needs the
   * endpoint: offline it throws.
   */
  async answerSurvey(score, comment) {
    if (!this.token) throw new EndpointError(401, 'unauthorized', 'sign in to answer');
    const result = await this.client.answerSurvey(this.token, { score, ...(comment ? { comment } : {}) });
    this.#emit('survey-answered', { ...result.survey, points: result.points });
    await this.#revalidate();
    return result;
  }

  /**
   * Cancels an unused code from a redemption: the server records the
   * cancellation and its engine gives the points back (once). Needs the
   * endpoint: offline it throws, and the code stays as it was.
   */
  async cancelRedemption(redemptionId) {
    if (!this.token) throw new EndpointError(401, 'unauthorized', 'sign in to cancel a code');
    const result = await this.client.cancelRedemption(this.token, redemptionId);
    this.#emit('redemption-cancelled', result.redemption);
    await this.#revalidate();
    return result.redemption;
  }

  /**
   * A fresh member code for the card the shopper shows at the shop's counter
   * ({ code, expires_at }): signed by the server, good for a few minutes.
   * Needs the endpoint: offline it throws.
   */
  async memberCode() {
    if (!this.token) throw new EndpointError(401, 'unauthorized', 'sign in to show your card');
    return this.client.memberCode(this.token);
  }
}
