// The ES-module entry: import { LoyaltyWidget } and call init() yourself.
import { createLoyaltyWidget } from './runtime.js';

export const LoyaltyWidget = globalThis.LoyaltyWidget ?? createLoyaltyWidget({ baseUrl: import.meta.url });
globalThis.LoyaltyWidget = LoyaltyWidget;
export { LoyaltyWidgetElement } from './element.js';
