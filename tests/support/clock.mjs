// The one clock of the JavaScript test suites. Every test pins "now" to this
// instant (the shop's server, the widget's controller, the engine, and
// Chromium through playwright's page clock), so no figure depends on the day
// or the time zone the suite runs in. scripts/test runs the suites a second
// time under faketime, inside the demo program's promotion, to prove it.

/** Noon in New York (the demo shop's time zone) on an ordinary Monday. */
export const TEST_NOW = Date.parse('2026-06-15T16:00:00Z');

/** The shop's day of TEST_NOW, written out by hand (the oracle, not the code under test). */
export const TEST_DAY = '2026-06-15';

export const testClock = () => TEST_NOW;

/** The figure as the widget shows it in `locale` (grouping included: "1,155"). */
export const formatNumber = (value, locale = 'en-US') => new Intl.NumberFormat(locale).format(value);
