// The launcher painted at once, before lit, the panel and the engine load:
// the same look (launcher-style.js), the shop's language and position. A
// click before the widget is ready is remembered and opens the panel when it
// is. The real launcher takes its place without moving a pixel.
import { directionOf, launcherLabels } from './languages.js';
import { launcherCss, themeCss } from './launcher-style.js';

/**
 * Paints the launcher in `language` (the page's, as resolveLocale gives it);
 * returns it (remove() it when the widget's own launcher is in place).
 */
export function paintLauncher({ language: lang, position, accent, onClick }) {
  const host = document.createElement('loyalty-first-paint');
  if (position) host.setAttribute('position', position);
  if (accent) host.style.setProperty('--loyalty-accent', accent);
  host.setAttribute('dir', directionOf(lang));
  host.setAttribute('lang', lang);
  const root = host.attachShadow({ mode: 'open' });
  // A constructed sheet, as lit uses: a <style> element would need 'unsafe-inline' under the shop's CSP.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(themeCss + launcherCss);
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  button.className = 'launcher';
  button.setAttribute('part', 'launcher');
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  const label = document.createElement('span');
  label.textContent = launcherLabels[lang];
  button.append(label);
  button.addEventListener('click', onClick, { once: true });
  root.append(button);
  document.body.append(host);
  requestAnimationFrame(() => performance.mark('loyalty:launcher-painted'));
  return host;
}
