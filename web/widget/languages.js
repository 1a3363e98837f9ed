// The widget's languages, which one a page asks for, and its direction:
// small enough for the script tag's loader, which paints the launcher in the
// shop's language before i18n.js (every sentence) has loaded.

// "Rewards" in each of the widget's languages: the launcher's label.
export const launcherLabels = { en: 'Rewards', de: 'Prämien', tr: 'Ödüller', ar: 'المكافآت' };

/** The best supported language for a BCP 47 tag ("de-AT" -> "de"), else English. */
// Any string at all may arrive here (a page's lang attribute, a config
// value): only a tag Intl accepts is used, and only our own languages match
// (never an inherited property such as "constructor").
export function resolveLocale(requested) {
  for (const tag of [].concat(requested ?? []).filter(Boolean)) {
    let canonical;
    try {
      [canonical] = Intl.getCanonicalLocales(String(tag));
    } catch {
      continue;  // "en-", "12", "constructor!": not a language tag
    }
    const base = canonical?.toLowerCase().split('-')[0];
    if (base && Object.hasOwn(launcherLabels, base)) return { tag: canonical, language: base };
  }
  return { tag: 'en', language: 'en' };
}

export const directionOf = (language) => (language === 'ar' ? 'rtl' : 'ltr');
