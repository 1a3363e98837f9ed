// A worker the loader starts (see warmIntl in loader.js). It makes the
// shopper's first number, money, date and plural formats, so ICU loads its
// data on this thread rather than in a main-thread task; then it answers,
// whatever happened, and the loader ends it.
globalThis.onmessage = ({ data: tag }) => {
  try {
    new Intl.PluralRules(tag).select(2);
    new Intl.NumberFormat(tag).format(1234.5);
    new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD' }).format('12.50');
    new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(0);
  } catch {
    // A tag Intl refuses: the main thread resolves the language as always.
  }
  globalThis.postMessage('warm');
};
