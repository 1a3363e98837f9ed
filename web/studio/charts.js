// Grouped bar charts in SVG for the comparison: labelled axes, a legend, and
// each bar's figure on hover. Every chart is a <figure> whose caption points
// at the table that follows it, which holds the same figures for screen
// readers and for copying.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 220;
const PLOT = { left: 64, right: 12, top: 28, bottom: 36 };
export const SERIES_COLORS = ['#1d5c46', '#c2541b'];  // current, draft: distinct in hue and lightness

function svgElement(tag, attributes, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// 1, 2 or 5 times a power of ten, so the axis reads in round figures.
function niceStep(max, ticks) {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

// Axis ticks in short form ("5M"); the bars' own titles and the tables give
// the exact figures.
const compact = new Intl.NumberFormat(document.documentElement.lang || 'en', { notation: 'compact' });

let chartCount = 0;

/**
 * @param {object} spec
 * @param {string} spec.title        the caption
 * @param {string[]} spec.categories x-axis labels (months, tiers)
 * @param {{name: string, values: number[]}[]} spec.series
 * @param {(n: number) => string} spec.format
 */
export function barChart({ title, categories, series, format }) {
  const id = `chart-${++chartCount}`;
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.id = id;
  caption.textContent = `${title} (the table below has the figures)`;
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': id });
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (value) => PLOT.top + plotHeight - (value / top) * plotHeight;

  for (let tick = 0; tick <= top; tick += step) {
    svg.append(svgElement('line', { x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(tick), y2: y(tick), class: 'grid' }));
    svg.append(svgElement('text', { x: PLOT.left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick' }, compact.format(tick)));
  }
  const band = plotWidth / Math.max(categories.length, 1);
  const barWidth = Math.max(2, (band * 0.8) / series.length);
  // Label every category when they fit, else every k-th.
  const labelEvery = Math.max(1, Math.ceil(categories.length / Math.floor(plotWidth / 56)));
  categories.forEach((category, i) => {
    const start = PLOT.left + i * band + band * 0.1;
    series.forEach((s, k) => {
      const value = s.values[i] ?? 0;
      const rect = svgElement('rect', { x: start + k * barWidth, y: y(value), width: Math.max(1, barWidth - 1),
        height: Math.max(0, y(0) - y(value)), fill: SERIES_COLORS[k % SERIES_COLORS.length] });
      rect.append(svgElement('title', {}, `${category}, ${s.name}: ${format(value)}`));
      svg.append(rect);
    });
    if (i % labelEvery === 0) {
      svg.append(svgElement('text', { x: PLOT.left + i * band + band / 2, y: HEIGHT - PLOT.bottom + 16, 'text-anchor': 'middle',
        class: 'tick' }, category));
    }
  });
  svg.append(svgElement('line', { x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(0), y2: y(0), class: 'axis' }));
  series.forEach((s, k) => {
    const x = PLOT.left + k * 120;
    svg.append(svgElement('rect', { x, y: 8, width: 12, height: 12, fill: SERIES_COLORS[k % SERIES_COLORS.length] }));
    svg.append(svgElement('text', { x: x + 18, y: 18, class: 'legend' }, s.name));
  });
  figure.append(caption, svg);
  return figure;
}
