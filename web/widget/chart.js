import { html, svg } from 'lit';

const COLORS = { earned: '#1d5c46', redeemed: '#2f5fa8', expired: '#9a3b12' };
const SERIES = ['earned', 'redeemed', 'expired'];

/** Monthly earned / redeemed / expired points: an inline SVG chart with the same figures as a table. */
export function monthlyChart(history, i18n) {
  const months = history.slice(-12);
  const width = 320;
  const height = 140;
  const max = Math.max(1, ...months.flatMap((m) => SERIES.map((s) => m[s])));
  const group = width / Math.max(months.length, 1);
  const bar = Math.max(2, Math.min(10, (group - 6) / 3));
  return html`
    <figure class="chart">
      <svg viewBox="0 0 ${width} ${height + 18}" role="img" aria-labelledby="chart-title" part="chart">
        <title id="chart-title">${i18n.t('chartTitle')}</title>
        ${months.map((m, i) => SERIES.map((s, k) => {
          const h = Math.round((m[s] / max) * height);
          const x = i18n.dir === 'rtl' ? width - (i + 1) * group + 3 + k * bar : i * group + 3 + k * bar;
          return svg`<rect x=${x} y=${height - h} width=${bar - 1} height=${h} fill=${COLORS[s]}></rect>`;
        }))}
        ${months.map((m, i) => svg`<text x=${i18n.dir === 'rtl' ? width - i * group - group / 2 : i * group + group / 2}
          y=${height + 14} font-size="9" text-anchor="middle" fill="#4d5753">${m.month.slice(5)}</text>`)}
      </svg>
      <figcaption class="legend">
        ${SERIES.map((s) => html`<span><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">${svg`<rect width="10" height="10" rx="2" fill=${COLORS[s]}></rect>`}</svg>${i18n.t(s)}</span>`)}
      </figcaption>
    </figure>
    <table class="sr-only">
      <caption>${i18n.t('chartTitle')}</caption>
      <thead><tr><th scope="col">${i18n.t('month')}</th>${SERIES.map((s) => html`<th scope="col">${i18n.t(s)}</th>`)}</tr></thead>
      <tbody>${months.map((m) => html`<tr><th scope="row">${i18n.month(m.month)}</th>${SERIES.map((s) => html`<td>${i18n.number(m[s])}</td>`)}</tr>`)}</tbody>
    </table>`;
}
