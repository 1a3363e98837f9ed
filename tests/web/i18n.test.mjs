import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMessages, createI18n, resolveLocale, supportedLocales } from '../../web/widget/i18n.js';
import { launcherLabels } from '../../web/widget/languages.js';
import de from '../../web/widget/messages/de.js';
import tr from '../../web/widget/messages/tr.js';
import ar from '../../web/widget/messages/ar.js';

// Only English is built into the widget; another language's sentences come
// from their own file. Until they have, a page in that language gets its own
// launcher label and direction, and English words (this runs first).
test('a language whose file has not loaded: its label and direction, English sentences', () => {
  const early = createI18n('ar');
  assert.equal(early.complete, false);
  assert.equal(early.dir, 'rtl');
  assert.equal(early.t('open'), 'المكافآت');
  assert.equal(early.t('close'), 'Close');
  assert.match(early.points(2), / points$/);
  addMessages('ar', ar);
  addMessages('de', de);
  addMessages('tr', tr);
  addMessages('constructor', { close: 'x' });  // not a language of the widget: ignored
  assert.equal(createI18n('ar').complete, true);
  assert.equal(createI18n('ar').t('close'), 'إغلاق');
});

test('every language file has exactly the English keys', async () => {
  const { default: en } = await import('../../web/widget/messages/en.js');
  for (const [language, table] of Object.entries({ de, tr, ar })) {
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort(), language);
  }
});

test('English, German, Turkish and Arabic are supported; others fall back to English', () => {
  assert.deepEqual(supportedLocales.sort(), ['ar', 'de', 'en', 'tr']);
  // The loader resolves languages from its own small table: the same four.
  assert.deepEqual(Object.keys(launcherLabels).sort(), ['ar', 'de', 'en', 'tr']);
  assert.equal(resolveLocale('de-AT').language, 'de');
  assert.equal(resolveLocale(['xx', 'tr-TR']).language, 'tr');
  assert.equal(resolveLocale('fr').language, 'en');
  assert.equal(resolveLocale(undefined).language, 'en');
});

test('plural rules per language', () => {
  const en = createI18n('en');
  assert.equal(en.points(1), '1 point');
  assert.equal(en.points(2), '2 points');
  assert.equal(en.points(1146), '1,146 points');
  const ar = createI18n('ar');
  assert.equal(ar.points(1), 'نقطة واحدة');
  assert.equal(ar.points(2), 'نقطتان');
  assert.match(ar.points(3), /نقاط/);
  assert.match(ar.points(11), /نقطة/);
  const de = createI18n('de');
  assert.equal(de.points(1), '1 Punkt');
  assert.equal(de.points(1146), '1.146 Punkte');
});

test('money is formatted exactly from decimal strings', () => {
  assert.equal(createI18n('en', 'USD').money('1234.50'), '$1,234.50');
  assert.equal(createI18n('de', 'EUR').money('1234.50').replace(/\s/g, ' '), '1.234,50 €');
  assert.equal(createI18n('en', 'USD').money('92233720368547758.07'), '$92,233,720,368,547,758.07');
  assert.equal(createI18n('en', 'JPY').money('1500'), '¥1,500');
});

test('dates are the calendar day given, whatever the time zone', () => {
  assert.equal(createI18n('en').date('2026-01-31'), 'Jan 31, 2026');
  assert.equal(createI18n('de').date('2026-01-31'), '31.01.2026');
});

test('Arabic is right to left; the others left to right', () => {
  assert.equal(createI18n('ar').dir, 'rtl');
  for (const tag of ['en', 'de', 'tr']) assert.equal(createI18n(tag).dir, 'ltr');
});

test('messages fill their parameters and fall back to English keys', () => {
  const tr = createI18n('tr', 'TRY');
  assert.equal(tr.t('tierProgressSpend', { amount: tr.money('40.00'), tier: 'Altın' }), `Altın için ${tr.money('40.00')} daha harcayın`);
  assert.equal(createI18n('de').t('earnFor', { points: '5 Punkte' }), '5 Punkte sammeln');
});

test('any locale string is accepted without throwing, and falls back to English', () => {
  for (const odd of ['en-', 'constructor', '__proto__', 'toString', '', '   ', '12', 'x'.repeat(300), 'de-', 'ar-EG-u-nu-latn', {}, 42]) {
    const i18n = createI18n(odd);
    assert.equal(typeof i18n.points(1234), 'string', String(odd));
    assert.ok(['en', 'de', 'tr', 'ar'].includes(i18n.language), String(odd));
  }
  assert.equal(resolveLocale('en-').language, 'en');
  assert.equal(resolveLocale('constructor').language, 'en');
  assert.equal(createI18n('constructor').t('redeem'), 'Redeem');
  assert.equal(createI18n('en').t('constructor'), 'constructor');
  assert.equal(resolveLocale('ar-EG').language, 'ar');
});
