// Words, numbers, money and dates in the shopper's language. Numbers, money
// and dates go through Intl; plurals through Intl.PluralRules. Money arrives
// from the engine as exact decimal strings and is formatted from the string.

import { directionOf, launcherLabels, resolveLocale } from './languages.js';

export { resolveLocale };

const messages = {
  en: {
    pendingSync: 'Waiting to sync — applied when you are back online:', 
    refunded: 'Refund', adjusted: 'Adjustment', 
    open: launcherLabels.en, close: 'Close', dialog: 'Rewards panel',
    points: { one: '{n} point', other: '{n} points' },
    balanceBadge: '{points} points available',
    worth: 'worth {money}',
    pending: '{points} pending',
    tier: 'Tier', tierProgressSpend: 'Spend {amount} more for {tier}', tierProgressPoints: 'Earn {amount} more points for {tier}',
    topTier: 'You are at the top tier',
    expiring: '{points} expire on {date}',
    latest: 'Latest activity', nothingYet: 'Nothing yet — your first order earns points.',
    home: 'Home', earn: 'Ways to earn', rewards: 'Rewards', activity: 'Activity', simulator: 'Your cart', referral: 'Refer a friend',
    redeem: 'Redeem', confirm: 'Confirm', cancel: 'Cancel', locked: 'Needs {points} more',
    needsTier: 'For {tier} members', confirmRedeem: 'Use {points} for {reward}?', yourCode: 'Your code', copy: 'Copy', copied: 'Copied',
    pointsToUse: 'Points to use', discountOf: '{money} off',
    orderShort: 'Add {money} to your order to use this reward', atCheckoutFrom: 'Use it at checkout on an order of {money} or more',
    atCheckout: 'Use it at checkout with your order', applyToOrder: 'Apply to my order', appliedToOrder: 'Applied: it comes off your order at checkout',
    yourCodes: 'Your unused codes', returnPoints: 'Get points back', confirmReturn: 'Cancel this code and get {points} back?', keepCode: 'Keep it',
    pointsBack: '{points} are back in your balance', codeUnavailable: 'This code can no longer be cancelled', codeCancelled: 'Code cancelled',
    rejected: 'This reward could not be redeemed',
    chartTitle: 'Points per month', month: 'Month', earned: 'Earned', redeemed: 'Redeemed', expired: 'Expired',
    cartEarns: 'This cart earns {points}', whatIf: 'What if you spend', earnsOnAmount: '{money} earns {points}',
    breakdown: 'How it adds up', balanceAfter: 'Balance after', tierAfter: 'Tier after', unlocks: 'Unlocks {rewards}',
    emptyCart: 'Your cart is empty.',
    guestTitle: 'Join {program}', guestPerks: 'Members earn points on every order and unlock rewards.',
    join: 'Join now', joinAndEarn: 'Join and earn {points} on this cart',
    referralText: 'Share your link: friends get a welcome bonus and you earn points.',
    lastSynced: 'Last synced {time}', offline: 'Offline — showing saved figures', syncing: 'Updating…',
    earnFor: 'Earn {points}', error: 'Something went wrong. Please try again.', pendingNote: 'Points unlock after {days} days.',
    tierRule: '{tier} bonus',
    surveyQuestion: 'How likely are you to recommend {program} to a friend?', surveyUnlikely: 'Not likely', surveyLikely: 'Very likely',
    surveyComment: 'Anything you would like to tell us? (optional)', surveySend: 'Send', surveyThanks: 'Thank you for your answer.',
    surveyThanksPoints: 'Thank you! You earned {points}.',
    donationGives: 'Gives {money} to a cause you choose', chooseCause: 'Choose a cause', donated: 'Thank you! {money} goes to {cause}.',
    causes: 'Causes we support', youGave: 'You have given {money}', gaveToCause: 'from you: {money}',
    card: 'Member card', cardQr: 'Your member code as a QR code', cardValidUntil: 'Valid until {time}; a new code comes by itself',
    cardHowTo: 'Show this at the counter: staff scan the code, and in-store purchases earn points here too.',
    cardOffline: 'Connect to the internet to show your code', earnedInStore: 'Earned in store',
  },
  de: {
    pendingSync: 'Wartet auf Verbindung — wird online eingelöst:', 
    refunded: 'Erstattung', adjusted: 'Korrektur', 
    open: launcherLabels.de, close: 'Schließen', dialog: 'Prämienbereich',
    points: { one: '{n} Punkt', other: '{n} Punkte' },
    balanceBadge: '{points} Punkte verfügbar', worth: 'im Wert von {money}', pending: '{points} ausstehend',
    tier: 'Stufe', tierProgressSpend: 'Noch {amount} bis {tier}', tierProgressPoints: 'Noch {amount} Punkte bis {tier}',
    topTier: 'Sie haben die höchste Stufe erreicht', expiring: '{points} verfallen am {date}',
    latest: 'Letzte Aktivität', nothingYet: 'Noch nichts — Ihre erste Bestellung bringt Punkte.',
    home: 'Start', earn: 'Punkte sammeln', rewards: 'Prämien', activity: 'Verlauf', simulator: 'Ihr Warenkorb', referral: 'Freunde werben',
    redeem: 'Einlösen', confirm: 'Bestätigen', cancel: 'Abbrechen', locked: 'Noch {points}',
    needsTier: 'Für {tier}-Mitglieder', confirmRedeem: '{points} für {reward} einlösen?', yourCode: 'Ihr Code', copy: 'Kopieren', copied: 'Kopiert',
    pointsToUse: 'Einzulösende Punkte', discountOf: '{money} Rabatt',
    orderShort: 'Fügen Sie {money} hinzu, um diese Prämie zu nutzen', atCheckoutFrom: 'An der Kasse einlösbar ab einem Bestellwert von {money}',
    atCheckout: 'An der Kasse mit Ihrer Bestellung einlösbar', applyToOrder: 'Auf Bestellung anwenden', appliedToOrder: 'Angewendet: wird an der Kasse abgezogen',
    yourCodes: 'Ihre offenen Codes', returnPoints: 'Punkte zurück', confirmReturn: 'Diesen Code stornieren und {points} zurückerhalten?', keepCode: 'Behalten',
    pointsBack: '{points} sind wieder auf Ihrem Konto', codeUnavailable: 'Dieser Code kann nicht mehr storniert werden', codeCancelled: 'Code storniert',
    rejected: 'Diese Prämie konnte nicht eingelöst werden',
    chartTitle: 'Punkte pro Monat', month: 'Monat', earned: 'Gesammelt', redeemed: 'Eingelöst', expired: 'Verfallen',
    cartEarns: 'Dieser Warenkorb bringt {points}', whatIf: 'Wenn Sie ausgeben', earnsOnAmount: '{money} bringt {points}',
    breakdown: 'So setzt es sich zusammen', balanceAfter: 'Guthaben danach', tierAfter: 'Stufe danach', unlocks: 'Schaltet frei: {rewards}',
    emptyCart: 'Ihr Warenkorb ist leer.',
    guestTitle: '{program} beitreten', guestPerks: 'Mitglieder sammeln bei jeder Bestellung Punkte und lösen Prämien ein.',
    join: 'Jetzt beitreten', joinAndEarn: 'Beitreten und {points} mit diesem Warenkorb sammeln',
    referralText: 'Teilen Sie Ihren Link: Freunde erhalten einen Willkommensbonus, Sie erhalten Punkte.',
    lastSynced: 'Zuletzt aktualisiert {time}', offline: 'Offline — gespeicherte Werte', syncing: 'Wird aktualisiert…',
    earnFor: '{points} sammeln', error: 'Etwas ist schiefgelaufen. Bitte erneut versuchen.', pendingNote: 'Punkte werden nach {days} Tagen freigegeben.',
    tierRule: '{tier}-Bonus',
    surveyQuestion: 'Wie wahrscheinlich ist es, dass Sie {program} einem Freund empfehlen?', surveyUnlikely: 'Unwahrscheinlich', surveyLikely: 'Sehr wahrscheinlich',
    surveyComment: 'Möchten Sie uns noch etwas sagen? (optional)', surveySend: 'Senden', surveyThanks: 'Danke für Ihre Antwort.',
    surveyThanksPoints: 'Danke! Sie haben {points} erhalten.',
    donationGives: 'Spendet {money} an einen Zweck Ihrer Wahl', chooseCause: 'Zweck wählen', donated: 'Danke! {money} gehen an {cause}.',
    causes: 'Wofür wir spenden', youGave: 'Sie haben {money} gegeben', gaveToCause: 'von Ihnen: {money}',
    card: 'Kundenkarte', cardQr: 'Ihr Kundencode als QR-Code', cardValidUntil: 'Gültig bis {time}; ein neuer Code kommt von selbst',
    cardHowTo: 'Zeigen Sie ihn an der Kasse: Das Personal scannt den Code, und Einkäufe im Laden bringen hier ebenfalls Punkte.',
    cardOffline: 'Verbinden Sie sich mit dem Internet, um Ihren Code zu zeigen', earnedInStore: 'Im Laden gesammelt',
  },
  tr: {
    pendingSync: 'Eşitleme bekleniyor — çevrimiçi olunca uygulanacak:', 
    refunded: 'İade', adjusted: 'Düzeltme', 
    open: launcherLabels.tr, close: 'Kapat', dialog: 'Ödül paneli',
    points: { one: '{n} puan', other: '{n} puan' },
    balanceBadge: '{points} puan kullanılabilir', worth: '{money} değerinde', pending: '{points} beklemede',
    tier: 'Seviye', tierProgressSpend: '{tier} için {amount} daha harcayın', tierProgressPoints: '{tier} için {amount} puan daha kazanın',
    topTier: 'En üst seviyedesiniz', expiring: '{points} {date} tarihinde sona eriyor',
    latest: 'Son hareketler', nothingYet: 'Henüz yok — ilk siparişiniz puan kazandırır.',
    home: 'Ana sayfa', earn: 'Puan kazanma', rewards: 'Ödüller', activity: 'Hareketler', simulator: 'Sepetiniz', referral: 'Arkadaşını davet et',
    redeem: 'Kullan', confirm: 'Onayla', cancel: 'Vazgeç', locked: '{points} daha gerekli',
    needsTier: '{tier} üyeleri için', confirmRedeem: '{reward} için {points} kullanılsın mı?', yourCode: 'Kodunuz', copy: 'Kopyala', copied: 'Kopyalandı',
    pointsToUse: 'Kullanılacak puan', discountOf: '{money} indirim',
    orderShort: 'Bu ödülü kullanmak için siparişinize {money} ekleyin', atCheckoutFrom: '{money} ve üzeri siparişlerde ödeme adımında kullanılır',
    atCheckout: 'Ödeme adımında siparişinizle kullanılır', applyToOrder: 'Siparişime uygula', appliedToOrder: 'Uygulandı: ödeme adımında siparişinizden düşülür',
    yourCodes: 'Kullanılmamış kodlarınız', returnPoints: 'Puanları geri al', confirmReturn: 'Bu kod iptal edilip {points} geri verilsin mi?', keepCode: 'Kalsın',
    pointsBack: '{points} bakiyenize geri yüklendi', codeUnavailable: 'Bu kod artık iptal edilemez', codeCancelled: 'Kod iptal edildi',
    rejected: 'Bu ödül kullanılamadı',
    chartTitle: 'Aylık puanlar', month: 'Ay', earned: 'Kazanılan', redeemed: 'Kullanılan', expired: 'Süresi dolan',
    cartEarns: 'Bu sepet {points} kazandırır', whatIf: 'Şu kadar harcarsanız', earnsOnAmount: '{money} ile {points}',
    breakdown: 'Hesaplama', balanceAfter: 'Sonraki bakiye', tierAfter: 'Sonraki seviye', unlocks: 'Açılır: {rewards}',
    emptyCart: 'Sepetiniz boş.',
    guestTitle: '{program} programına katılın', guestPerks: 'Üyeler her siparişte puan kazanır ve ödüllerin kilidini açar.',
    join: 'Hemen katıl', joinAndEarn: 'Katılın ve bu sepetle {points} kazanın',
    referralText: 'Bağlantınızı paylaşın: arkadaşlarınız hoş geldin bonusu, siz puan kazanırsınız.',
    lastSynced: 'Son güncelleme {time}', offline: 'Çevrimdışı — kayıtlı bilgiler', syncing: 'Güncelleniyor…',
    earnFor: '{points} kazanın', error: 'Bir hata oluştu. Lütfen tekrar deneyin.', pendingNote: 'Puanlar {days} gün sonra açılır.',
    tierRule: '{tier} bonusu',
    surveyQuestion: '{program} programını bir arkadaşınıza önerme olasılığınız nedir?', surveyUnlikely: 'Düşük', surveyLikely: 'Çok yüksek',
    surveyComment: 'Bize söylemek istediğiniz bir şey var mı? (isteğe bağlı)', surveySend: 'Gönder', surveyThanks: 'Yanıtınız için teşekkürler.',
    surveyThanksPoints: 'Teşekkürler! {points} kazandınız.',
    donationGives: 'Seçtiğiniz bir amaca {money} bağışlar', chooseCause: 'Bir amaç seçin', donated: 'Teşekkürler! {money} {cause} için gidiyor.',
    causes: 'Desteklediğimiz amaçlar', youGave: '{money} bağışladınız', gaveToCause: 'sizden: {money}',
    card: 'Üyelik kartı', cardQr: 'QR kod olarak üye kodunuz', cardValidUntil: '{time} saatine kadar geçerli; yeni kod kendiliğinden gelir',
    cardHowTo: 'Kasada gösterin: personel kodu okutur, mağaza alışverişleriniz de burada puan kazandırır.',
    cardOffline: 'Kodunuzu göstermek için internete bağlanın', earnedInStore: 'Mağazada kazanılan',
  },
  ar: {
    pendingSync: 'بانتظار المزامنة — تُطبق عند عودة الاتصال:', 
    refunded: 'استرداد', adjusted: 'تعديل', 
    open: launcherLabels.ar, close: 'إغلاق', dialog: 'لوحة المكافآت',
    points: { zero: '{n} نقطة', one: 'نقطة واحدة', two: 'نقطتان', few: '{n} نقاط', many: '{n} نقطة', other: '{n} نقطة' },
    balanceBadge: '{points} متاحة', worth: 'بقيمة {money}', pending: '{points} قيد الانتظار',
    tier: 'المستوى', tierProgressSpend: 'أنفق {amount} إضافية للوصول إلى {tier}', tierProgressPoints: 'اكسب {amount} نقطة إضافية للوصول إلى {tier}',
    topTier: 'أنت في أعلى مستوى', expiring: 'تنتهي صلاحية {points} في {date}',
    latest: 'آخر النشاطات', nothingYet: 'لا شيء بعد — طلبك الأول يمنحك نقاطًا.',
    home: 'الرئيسية', earn: 'طرق الكسب', rewards: 'المكافآت', activity: 'النشاط', simulator: 'سلتك', referral: 'ادعُ صديقًا',
    redeem: 'استبدال', confirm: 'تأكيد', cancel: 'إلغاء', locked: 'تحتاج {points} إضافية',
    needsTier: 'لأعضاء {tier}', confirmRedeem: 'استخدام {points} مقابل {reward}؟', yourCode: 'رمزك', copy: 'نسخ', copied: 'تم النسخ',
    pointsToUse: 'النقاط المستخدمة', discountOf: 'خصم {money}',
    orderShort: 'أضف {money} إلى طلبك لاستخدام هذه المكافأة', atCheckoutFrom: 'تُستخدم عند الدفع لطلب بقيمة {money} أو أكثر',
    atCheckout: 'تُستخدم عند الدفع مع طلبك', applyToOrder: 'تطبيق على طلبي', appliedToOrder: 'تم التطبيق: تُخصم من طلبك عند الدفع',
    yourCodes: 'رموزك غير المستخدمة', returnPoints: 'استرداد النقاط', confirmReturn: 'إلغاء هذا الرمز واسترداد {points}؟', keepCode: 'الاحتفاظ به',
    pointsBack: 'عادت {points} إلى رصيدك', codeUnavailable: 'لم يعد بالإمكان إلغاء هذا الرمز', codeCancelled: 'رمز ملغى',
    rejected: 'تعذّر استبدال هذه المكافأة',
    chartTitle: 'النقاط شهريًا', month: 'الشهر', earned: 'المكتسبة', redeemed: 'المستبدلة', expired: 'المنتهية',
    cartEarns: 'تمنحك هذه السلة {points}', whatIf: 'إذا أنفقت', earnsOnAmount: '{money} تمنحك {points}',
    breakdown: 'تفاصيل الحساب', balanceAfter: 'الرصيد بعد', tierAfter: 'المستوى بعد', unlocks: 'تفتح: {rewards}',
    emptyCart: 'سلتك فارغة.',
    guestTitle: 'انضم إلى {program}', guestPerks: 'يكسب الأعضاء نقاطًا مع كل طلب ويفتحون المكافآت.',
    join: 'انضم الآن', joinAndEarn: 'انضم واكسب {points} على هذه السلة',
    referralText: 'شارك رابطك: يحصل أصدقاؤك على مكافأة ترحيب وتكسب أنت نقاطًا.',
    lastSynced: 'آخر تحديث {time}', offline: 'غير متصل — يتم عرض الأرقام المحفوظة', syncing: 'جارٍ التحديث…',
    earnFor: 'اكسب {points}', error: 'حدث خطأ. حاول مرة أخرى.', pendingNote: 'تُفتح النقاط بعد {days} يومًا.',
    tierRule: 'مكافأة {tier}',
    surveyQuestion: 'ما مدى احتمال أن توصي بـ {program} لصديق؟', surveyUnlikely: 'غير مرجح', surveyLikely: 'مرجح جدًا',
    surveyComment: 'هل تود إخبارنا بشيء؟ (اختياري)', surveySend: 'إرسال', surveyThanks: 'شكرًا على إجابتك.',
    surveyThanksPoints: 'شكرًا! لقد كسبت {points}.',
    donationGives: 'يتبرع بـ {money} لقضية تختارها', chooseCause: 'اختر قضية', donated: 'شكرًا! {money} تذهب إلى {cause}.',
    causes: 'قضايا ندعمها', youGave: 'لقد قدّمت {money}', gaveToCause: 'منك: {money}',
    card: 'بطاقة العضوية', cardQr: 'رمز عضويتك كرمز QR', cardValidUntil: 'صالح حتى {time}؛ يصل رمز جديد تلقائيًا',
    cardHowTo: 'اعرضها عند الصندوق: يمسح الموظفون الرمز، وتكسبك مشترياتك في المتجر نقاطًا هنا أيضًا.',
    cardOffline: 'اتصل بالإنترنت لعرض رمزك', earnedInStore: 'مكتسبة في المتجر',
  },
};

export const supportedLocales = Object.keys(messages);

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

export function createI18n(requested, currency = 'USD') {
  const { tag, language } = resolveLocale(requested);
  const table = messages[language];
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
    const forms = table.points;
    const form = forms[plural.select(n)] ?? forms.other;
    return fill(form, { n: formatNumber(n) });
  };
  return {
    locale: tag,
    language,
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
