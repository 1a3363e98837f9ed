// window.LoyaltyWidget: configuration, the shared controller, the elements on
// the page, product-page placeholders, DOM events and the deep link.
import { Controller } from './controller.js';
import { engineLoader } from './engine-loader.js';
import { qrLoader } from './qr-loader.js';
import { indexedDbStore, memoryStore } from '../sync/outbox.js';
import { addMessages, createI18n, hasMessages, resolveLocale } from './i18n.js';
import { yieldToMain } from './yield.js';
import './element.js';

const PLACEHOLDER = '[data-loyalty-points-for]';

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;  // storage disabled (privacy settings): no offline cache
  }
}

export function createLoyaltyWidget({ baseUrl }) {
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  const elements = new Set();
  let controller = null;
  let listening = false;  // the page-wide listeners, added by the first init() only
  let launcher = null;
  let openOnPlacing = null;  // a view asked for before the launcher was placed
  let observer = null;
  let i18nCache = null;
  const languageLoads = new Map();  // language -> its file's import

  // Another language's sentences, fetched once from beside the widget's own
  // file; every element then renders again in it. A failed fetch leaves
  // English until the page loads again (no retry storm from every render).
  function loadLanguage(language) {
    if (hasMessages(language)) return Promise.resolve();
    if (!languageLoads.has(language)) {
      const url = new URL(`loyalty-i18n-${language}.mjs`, baseUrl).href;
      languageLoads.set(language, import(/* webpackIgnore: true */ url).then((module) => {
        addMessages(language, module.default);
        i18nCache = null;
        for (const element of elements) element.requestUpdate();
      }, () => {}));
    }
    return languageLoads.get(language);
  }
  const pageLocale = () => runtime.config.locale || document.documentElement.lang || navigator.language;

  const runtime = {
    config: {},
    get controller() { return controller; },
    /** Resolves once init() has placed its launcher and it has rendered (the loader's stand-in goes then). */
    placed: Promise.resolve(),
    /** The QR encoder (qr.js), loaded on first use. */
    loadQr: qrLoader(baseUrl),
    i18n() {
      const locale = pageLocale();
      const currency = controller?.state.info?.currency ?? 'USD';
      if (!i18nCache || i18nCache.key !== `${locale}|${currency}`) {
        i18nCache = { key: `${locale}|${currency}`, value: createI18n(locale, currency) };
        if (!i18nCache.value.complete) loadLanguage(i18nCache.value.language);
      }
      return i18nCache.value;
    },
    attach(element) {
      elements.add(element);
      element.widget = runtime;  // elements upgraded before the runtime existed
      if (runtime.config.position) element.position = runtime.config.position;
      if (controller) element.refreshFrom(controller.state);
    },
    detach(element) { elements.delete(element); },
    // On the document (one listener for the page) and on each widget element
    // (not bubbling, so document listeners hear it once).
    dispatch(type, detail) {
      document.dispatchEvent(new CustomEvent(`loyalty:${type}`, { detail, bubbles: true }));
      for (const element of elements) element.dispatchEvent(new CustomEvent(`loyalty:${type}`, { detail }));
    },
  };

  // Runs an operation that fills the page's product lines once it ends
  // (init, a sign-in); meanwhile a tier change it causes does not fill them
  // as well (each fill is an engine simulation per product line).
  let fillsAfter = 0;
  async function thenFill(operation) {
    fillsAfter += 1;
    try {
      await operation();
    } finally {
      fillsAfter -= 1;
    }
    await fillPlaceholders();
  }

  async function fillPlaceholders(root = document) {
    if (!controller) return;
    await yieldToMain();  // after the state change that asked for it has rendered
    const nodes = root.querySelectorAll ? [...root.querySelectorAll(PLACEHOLDER)] : [];
    if (root.matches?.(PLACEHOLDER)) nodes.push(root);
    const i18n = runtime.i18n();
    await Promise.all(nodes.map(async (node) => {
      try {
        const { loyaltyPointsFor: price, loyaltySku: sku, loyaltyCategory: category, loyaltyQuantity: quantity } = node.dataset;
        const currency = node.dataset.loyaltyCurrency || runtime.config.currency;
        const points = await controller.pointsFor({ price, sku, category, quantity, currency });
        node.textContent = points > 0 ? i18n.t('earnFor', { points: i18n.points(points) }) : '';
        node.dataset.loyaltyPoints = String(points);
      } catch {
        node.textContent = '';  // an unreadable price shows nothing rather than a wrong figure
      }
    }));
  }

  function watchPlaceholders() {
    observer?.disconnect();
    observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') fillPlaceholders(record.target);
        for (const node of record.addedNodes) if (node.nodeType === 1) fillPlaceholders(node);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true,
      attributeFilter: ['data-loyalty-points-for', 'data-loyalty-sku', 'data-loyalty-category', 'data-loyalty-quantity',
        'data-loyalty-currency'] });
  }

  const api = {
    _runtime: runtime,
    ready: () => ready,

    /**
     * Options: endpoint, token, locale, position, accent, joinUrl, currency (the shopper's:
     * product prices on the page are in it, converted by the program's exchange_rates), launcher
     * (false: inline elements only), now (the clock, epoch ms), tokenProvider (async () => a fresh token
     * or null, asked once when the endpoint refuses the current one).
     */
    async init(options = {}) {
      runtime.config = { ...runtime.config, ...options };
      const { config } = runtime;
      if (!config.endpoint) throw new Error('LoyaltyWidget.init needs an endpoint');
      controller = new Controller({
        endpoint: config.endpoint, token: config.token ?? null, storage: storage(),
        loadEngine: engineLoader(baseUrl), namespace: config.endpoint,
        outboxStore: globalThis.indexedDB ? indexedDbStore(`loyalty-outbox:${config.endpoint}`) : memoryStore(),
        tokenProvider: async () => {
          runtime.dispatch('token-expired', {});
          return config.tokenProvider ? config.tokenProvider() : null;
        },
        timeoutMs: config.timeoutMs, retries: config.retries, backoffMs: config.backoffMs,
        ...(config.now ? { now: config.now } : {}),  // a page (or test) may pin the widget's clock
        fetch: config.fetch,  // a page can answer for the endpoint itself (the studio's preview)
      });
      if (!listening) {
        listening = true;
        // Back online: send what waited, then catch up (with whichever controller is current).
        globalThis.addEventListener?.('online', () => controller?.refresh());
        // Widget elements added later ask for the runtime.
        document.addEventListener('loyalty-runtime-request', (event) => runtime.attach(event.composedPath()[0]));
      }
      let lastTier = null;
      controller.subscribe((state, previous, event) => {
        for (const element of elements) element.refreshFrom(state);
        if (event) runtime.dispatch(event.type, event.detail);
        const tier = state.balance?.tier?.id ?? null;
        if (state.phase === 'ready' && (state.balance !== previous.balance)) {
          if (tier !== lastTier && fillsAfter === 0) fillPlaceholders();
          lastTier = tier;
        }
      });
      // The cached figures first (elements attached below get them), then
      // the requests; the page's language loads beside them, so the
      // panel's first words are already in it.
      const started = Promise.all([controller.start(), loadLanguage(resolveLocale(pageLocale()).language)]);
      // The launcher in a task of its own: with the start's first storage
      // reads and requests it was one long task. Its first render takes
      // another (see the element's scheduleUpdate).
      runtime.placed = (async () => {
        await yieldToMain();
        if (config.launcher !== false && !launcher) {
          launcher = document.createElement('loyalty-widget');
          launcher.mode = 'launcher';
          if (config.position) launcher.position = config.position;
          if (config.accent) launcher.style.setProperty('--loyalty-accent', config.accent);
          document.body.append(launcher);
        }
        for (const element of document.querySelectorAll('loyalty-widget')) runtime.attach(element);
        if (openOnPlacing) api.open(openOnPlacing);
        openOnPlacing = null;
        await launcher?.updateComplete;
      })();
      await thenFill(() => Promise.all([started, runtime.placed]));
      watchPlaceholders();
      const deepLink = new URLSearchParams(location.search).get('loyalty');
      if (deepLink) api.open(deepLink);
      resolveReady(api);
      return api;
    },

    open(view = 'home') {
      const element = launcher ?? [...elements][0];
      if (element) element.show(view);
      else openOnPlacing = view;  // init() is placing the launcher
    },
    close() {
      launcher?.hide();
    },
    async setCustomerToken(token) {
      await thenFill(() => controller.setToken(token));
    },
    setCart(cart) {
      controller.setCart(cart);
    },
    /** An async function giving a fresh customer token (or null) when the endpoint refuses the current one. */
    setTokenProvider(provider) {
      runtime.config.tokenProvider = provider;
    },
    simulate(cart) {
      return controller.simulate(cart);
    },
    refresh() {
      return controller.refresh();
    },
  };
  return api;
}
