// The script-tag entry: <script src=".../loyalty-widget.js" data-endpoint="/loyalty/api"
// data-customer-token="..." data-locale="de" data-position="bottom-left"
// data-accent="#7a1f5c" data-join-url="/account/register" data-timeout-ms="8000" async></script>
import { createLoyaltyWidget } from './runtime.js';

// Marks for the benchmark's page-cost figures (scripts/bench).
globalThis.performance?.mark?.('loyalty:script-start');

const script = document.currentScript;
const baseUrl = script?.src || location.href;
const widget = globalThis.LoyaltyWidget ?? createLoyaltyWidget({ baseUrl });
globalThis.LoyaltyWidget = widget;

const data = script?.dataset ?? {};
if (data.endpoint) {
  const start = () => widget.init({
    endpoint: data.endpoint,
    token: data.customerToken || null,
    locale: data.locale,
    position: data.position,
    accent: data.accent,
    joinUrl: data.joinUrl,
    launcher: data.launcher !== 'false',
    timeoutMs: data.timeoutMs ? Number(data.timeoutMs) : undefined,
  }).catch((error) => document.dispatchEvent(new CustomEvent('loyalty:error', { detail: { code: 'init', message: error.message } })));
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
