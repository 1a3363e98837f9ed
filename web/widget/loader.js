// The script-tag entry: <script src=".../loyalty-widget.js" data-endpoint="/loyalty/api"
// data-customer-token="..." data-locale="de" data-position="bottom-left"
// data-accent="#7a1f5c" data-join-url="/account/register" data-timeout-ms="8000"
// data-currency="EUR" (the shopper's, when prices on the page are not in the program's) async></script>
//
// Kept small on purpose: it paints the launcher at once and loads the widget
// (loyalty-widget.mjs beside it: lit, the panel, the controller) and then
// the engine, without holding up the page. window.LoyaltyWidget exists from
// the start; calls made before the widget has loaded wait for it.
import { paintLauncher } from './first-paint.js';
import { resolveLocale } from './languages.js';
import { warmInWorker } from './warm-worker.js';
import { yieldToMain } from './yield.js';

// Marks for the benchmark's page-cost figures (scripts/bench).
globalThis.performance?.mark?.('loyalty:script-start');

const script = document.currentScript;
const baseUrl = script?.src || location.href;
const data = script?.dataset ?? {};

// Until the widget module is here: each call waits for the real widget.
function pendingWidget() {
  let arrive;
  const arrived = new Promise((resolve) => { arrive = resolve; });
  const later = (name) => (...args) => arrived.then((widget) => widget[name](...args));
  const methods = ['init', 'ready', 'open', 'close', 'setCustomerToken', 'setCart', 'setTokenProvider', 'simulate', 'refresh'];
  return { ...Object.fromEntries(methods.map((name) => [name, later(name)])), arrive };
}

// The first Intl number or date format a page makes costs one main-thread
// task of 40-80 ms (ICU loading its data; 200-300 ms at 4x CPU throttling),
// however small the format. ICU's data is shared by the page's threads, so
// the widget's first formats are made in a worker (intl-warmup.js) while its
// module loads; the main thread's then take well under a millisecond. A
// worker refused, or silent for a second, is passed over.
const warmIntl = (tag) => warmInWorker(new URL('loyalty-intl-warmup.js', baseUrl), tag, { timeoutMs: 1000 })
  .then((release) => release());

const fail = (code, error) => document.dispatchEvent(new CustomEvent('loyalty:error', { detail: { code, message: error.message } }));

if (!globalThis.LoyaltyWidget) {
  const pending = pendingWidget();
  globalThis.LoyaltyWidget = pending;
  const start = () => {
    let firstPaint = null;
    let openWhenReady = false;
    // The page's language, resolved once for the first paint and the Intl warm-up.
    const page = resolveLocale([data.locale, document.documentElement.lang, navigator.language]);
    if (data.endpoint && data.launcher !== 'false') {
      firstPaint = paintLauncher({ language: page.language, position: data.position, accent: data.accent,
        onClick: () => { openWhenReady = true; } });
    }
    // The launcher is painted in this task; asking for the module and
    // starting the Intl worker each get a task of their own. On a browser's
    // first page they are first-time costs (the module loader, a worker's
    // thread, message serialization: 30-60 ms at 4x throttling), and in
    // one task with the paint they made a long task.
    // (The import's promise is wrapped so that the worker's task need not
    // wait for the module to arrive.)
    const asked = yieldToMain().then(() => ({ module: import(new URL('loyalty-widget.mjs', baseUrl).href) }));
    const warm = asked.then(yieldToMain).then(() => warmIntl(page.tag));
    Promise.all([asked.then(({ module }) => module), warm]).then(async ([{ LoyaltyWidget: widget }]) => {
      // init() starts in a task of its own, not in the one that delivered
      // the worker's answer: on a first page the two made one long task.
      await yieldToMain();
      if (data.endpoint) {
        widget.init({
          endpoint: data.endpoint,
          token: data.customerToken || null,
          locale: data.locale,
          position: data.position,
          accent: data.accent,
          joinUrl: data.joinUrl,
          ...(data.currency ? { currency: data.currency } : {}),
          launcher: data.launcher !== 'false',
          timeoutMs: data.timeoutMs ? Number(data.timeoutMs) : undefined,
        }).catch((error) => fail('init', error));
      }
      // The stand-in stays until init() has placed the widget's own
      // launcher and it has rendered (each in a task of its own).
      return widget._runtime.placed.then(() => {
        firstPaint?.remove();
        pending.arrive(widget);
        if (openWhenReady) widget.open();
      });
    }).catch((error) => {
      firstPaint?.remove();
      fail('load', error);
    });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
