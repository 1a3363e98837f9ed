// The ES-module entry: import { LoyaltyWidget } and call init() yourself.
// The script tag's loader (loader.js) imports it too, replacing its stand-in.
import { createLoyaltyWidget } from './runtime.js';

const existing = globalThis.LoyaltyWidget;
export const LoyaltyWidget = existing && !existing.arrive ? existing : createLoyaltyWidget({ baseUrl: import.meta.url });
globalThis.LoyaltyWidget = LoyaltyWidget;
export { LoyaltyWidgetElement } from './element.js';
