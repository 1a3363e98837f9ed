// Words, numbers, money and dates in the shopper's language. Numbers, money
// and dates go through Intl; plurals through Intl.PluralRules. Money arrives
// from the engine as exact decimal strings and is formatted from the string.
// English is built in; another language's sentences are added once its file
// has loaded (addMessages), and until then every key falls back to English
// but the launcher's label and the direction, which are the language's own.

import { directionOf, launcherLabels, resolveLocale } from './languages.js';
import en from './messages/en.js';

export { resolveLocale };

const messages = { en };

export const supportedLocales = Object.keys(launcherLabels);

/** Adds a language's sentences (the default export of messages/<language>.js). */
export function addMessages(language, table) {
  if (Object.hasOwn(launcherLabels, language)) messages[language] = table;
}

/** Whether `language`'s sentences are here (English always is). */
export const hasMessages = (language) => Object.hasOwn(messages, language);

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

export function createI18n(requested, currency = 'USD') {
  const { tag, language } = resolveLocale(requested);
  const table = hasMessages(language) ? messages[language] : { open: launcherLabels[language] };
  const plural = new Intl.PluralRules(tag);
  const number = new Intl.NumberFormat(tag);
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency });
  const moneyWhole = new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat(tag, { timeStyle: 'short' });

  const t = (key, params = {}) => {
    const entry = (Object.hasOwn(table, key) ? table[key] : null) ?? (Object.hasOwn(messages.en, key) ? messages.en[key] : null) ?? key;
    return fill(typeof entry === 'string' ? entry : entry.other, params);
  };
  const formatNumber = (value) => number.format(value);
  const points = (n) => {
    const forms = table.points ?? en.points;
    const form = forms[plural.select(n)] ?? forms.other;
    return fill(form, { n: formatNumber(n) });
  };
  return {
    locale: tag,
    language,
    // False until the language's sentences have loaded (see addMessages).
    complete: hasMessages(language),
    dir: directionOf(language),
    t,
    points,
    number: formatNumber,
    // Money strings ("1234.50") are formatted exactly: Intl accepts decimal strings.
    money: (decimal) => money.format(String(decimal)),
    moneyWhole: (decimal) => moneyWhole.format(String(decimal)),
    date: (isoDate) => date.format(new Date(`${isoDate}T00:00:00Z`)),
    month: (yearMonth) => monthFormat.format(new Date(`${yearMonth}-01T00:00:00Z`)),
    time: (epochMs) => time.format(new Date(epochMs)),
    clock: (epochMs) => clock.format(new Date(epochMs)),
  };
}
