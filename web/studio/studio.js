// The studio page: reads the log (with progress), keeps both programs
// validated by the engine in the worker, and shows the comparison. All
// computing happens in worker.js; this thread only reads files and renders
// (with textContent and DOM methods only).
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const state = { loaded: false, valid: { current: false, draft: false }, results: null };
const number = new Intl.NumberFormat(document.documentElement.lang || 'en');

function setProgress(percent, text) {
  $('progress').value = percent;
  if (text) $('log-status').textContent = text;
}

async function readWithProgress(file) {
  const chunks = [];
  let read = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    read += value.byteLength;
    setProgress(Math.round((read / Math.max(file.size, 1)) * 50), `Reading ${file.name}: ${number.format(read)} of ${number.format(file.size)} bytes`);
  }
  const bytes = new Uint8Array(read);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function loadFile(file) {
  state.loaded = false;
  const bytes = await readWithProgress(file);
  worker.postMessage({ type: 'load', bytes }, [bytes.buffer]);
}

function validate(slot) {
  worker.postMessage({ type: 'program', slot, text: $(slot).value });
}

function compare() {
  if (state.loaded && state.valid.current && state.valid.draft) {
    setProgress(50, 'Computing…');
    worker.postMessage({ type: 'compare' });
  }
}

function cell(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

function table(caption, header, rows) {
  const t = document.createElement('table');
  t.append(cell('caption', caption));
  const head = t.createTHead().insertRow();
  for (const h of header) {
    const th = cell('th', h);
    th.scope = 'col';
    head.append(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((value, i) => {
      const c = cell(i === 0 ? 'th' : 'td', value);
      if (i === 0) c.scope = 'row';
      tr.append(c);
    });
  }
  return t;
}

function chart(months) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 600 160');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Points issued per month, current (dark) and draft (light); the table below has the figures');
  const max = Math.max(1, ...months.flatMap((m) => [m.current, m.draft]));
  const width = 600 / Math.max(months.length, 1);
  months.forEach((m, i) => {
    for (const [k, key, color] of [[0, 'current', '#1d5c46'], [1, 'draft', '#7fb89e']]) {
      const rect = document.createElementNS(ns, 'rect');
      const h = Math.round((m[key] / max) * 140);
      rect.setAttribute('x', String(i * width + 4 + k * (width / 2 - 4)));
      rect.setAttribute('y', String(140 - h));
      rect.setAttribute('width', String(Math.max(2, width / 2 - 6)));
      rect.setAttribute('height', String(h));
      rect.setAttribute('fill', color);
      svg.append(rect);
    }
  });
  return svg;
}

function render() {
  const { current, draft } = state.results;
  const out = $('results');
  out.replaceChildren();
  const delta = (a, b) => `${b - a >= 0 ? '+' : ''}${number.format(b - a)}`;
  out.append(table('Summary', ['', 'current', 'draft', 'change'], [
    ['Points issued', number.format(current.summary.total), number.format(draft.summary.total), delta(current.summary.total, draft.summary.total)],
    ['Customers', number.format(current.summary.customers), number.format(draft.summary.customers), ''],
    ['Points outstanding', number.format(current.metrics.points_outstanding), number.format(draft.metrics.points_outstanding),
      delta(current.metrics.points_outstanding, draft.metrics.points_outstanding)],
    ['Liability', current.metrics.points_liability, draft.metrics.points_liability, ''],
    ['Points expired (breakage)', `${current.metrics.breakage.percent}%`, `${draft.metrics.breakage.percent}%`, ''],
    ['Repeat-purchase rate', `${current.metrics.repeat_purchase_rate.percent}%`, `${draft.metrics.repeat_purchase_rate.percent}%`, ''],
    ['Average customer lifetime value', current.metrics.average_customer_lifetime_value, draft.metrics.average_customer_lifetime_value, ''],
  ]));
  const months = current.summary.months.map((m) => ({ month: m.month, current: m.points,
    draft: draft.summary.months.find((d) => d.month === m.month)?.points ?? 0 }));
  out.append(chart(months));
  out.append(table('Points issued per month', ['month', 'current', 'draft'],
    months.map((m) => [m.month, number.format(m.current), number.format(m.draft)])));
  out.append(table('Retention (customers who bought the month before and again)', ['month', 'current'],
    current.metrics.retention.map((r) => [r.month, `${r.percent}%`])));
  if (draft.metrics.tiers.length) {
    out.append(table('Customers per tier at the end of the log', ['tier', 'current', 'draft'],
      draft.metrics.tiers.map((tier) => [tier.name, number.format(current.metrics.tiers.find((t) => t.id === tier.id)?.customers ?? 0),
        number.format(tier.customers)])));
  }
  out.append(table('Top customers under the draft', ['customer', 'points'],
    draft.summary.top.map((c) => [c.customer, number.format(c.total)])));
  out.dataset.draftTotal = String(draft.summary.total);
  if (!$('preview-customer').value && draft.summary.top[0]) $('preview-customer').value = draft.summary.top[0].customer;
  $('preview').disabled = false;
  out.dataset.currentTotal = String(current.summary.total);
  $('download').disabled = false;
}

worker.onmessage = ({ data }) => {
  if (data.type === 'loaded') {
    state.loaded = true;
    setProgress(50, `Loaded ${number.format(data.bytes)} bytes.`);
    compare();
  } else if (data.type === 'program') {
    const area = $(data.slot);
    state.valid[data.slot] = data.ok;
    area.setAttribute('aria-invalid', data.ok ? 'false' : 'true');
    $(`${data.slot}-error`).textContent = data.ok ? '' : `${data.error.path ? `${data.error.path}: ` : ''}${data.error.message}`;
    $(`${data.slot}-error`).dataset.path = data.ok ? '' : data.error.path;
    compare();
  } else if (data.type === 'progress') {
    setProgress(data.percent, `Computing the ${data.phase}…`);
  } else if (data.type === 'compared') {
    state.results = data.results;
    setProgress(100, `Done: ${number.format(data.results.draft.summary.transactions)} transactions.`);
    render();
  } else if (data.type === 'customer') {
    showPreview(data.id, data.events);
  } else if (data.type === 'csv') {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([data.text], { type: 'text/csv' }));
    link.download = 'draft-statement.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  } else if (data.type === 'error') {
    setProgress(0, `${data.error.path ? `${data.error.path}: ` : ''}${data.error.message}`);
  }
};

// Quick edits write into the draft JSON, which stays the single truth.
function applyQuickEdits() {
  let draft;
  try {
    draft = JSON.parse($('draft').value);
  } catch {
    return;  // the JSON's own error is already shown
  }
  const base = draft.earn?.find((rule) => rule.id === 'base');
  if (base && $('rate').value) base.points_per_unit = $('rate').value;
  if ($('expiry-days').value) draft.expiry = { policy: 'inactivity_days', days: Number($('expiry-days').value) };
  $('draft').value = JSON.stringify(draft, null, 2);
  validate('draft');
}

let timer = null;
for (const slot of ['current', 'draft']) {
  $(slot).addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => validate(slot), 250);
  });
}
$('rate').addEventListener('change', applyQuickEdits);
$('expiry-days').addEventListener('change', applyQuickEdits);
$('log').addEventListener('change', () => $('log').files[0] && loadFile($('log').files[0]));
$('drop').addEventListener('dragover', (event) => { event.preventDefault(); $('drop').classList.add('over'); });
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', (event) => {
  event.preventDefault();
  $('drop').classList.remove('over');
  if (event.dataTransfer.files[0]) loadFile(event.dataTransfer.files[0]);
});
$('download').addEventListener('click', () => worker.postMessage({ type: 'csv' }));
$('export').addEventListener('click', () => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([$('draft').value], { type: 'application/json' }));
  link.download = 'draft-program.json';
  link.click();
});
$('share').addEventListener('click', (event) => {
  event.preventDefault();
  location.hash = `draft=${encodeURIComponent($('draft').value)}`;
});

// The shopper's widget, inline, answering for the endpoint from the page:
// the draft program and the chosen customer's rows of the log.
let preview = null;
async function showPreview(customer, events) {
  preview = { customer, events };
  const { LoyaltyWidget } = await import(new URL('../dist/loyalty-widget.mjs', import.meta.url).href);
  const answer = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  const fetchPreview = async (url) => (String(url).endsWith('/program')
    ? answer(JSON.parse($('draft').value))
    : answer({ customer: { id: preview.customer, name: preview.customer }, events: preview.events, cursor: '0', complete: true }));
  $('preview-widget').hidden = false;
  if (!showPreview.started) {
    showPreview.started = true;
    await LoyaltyWidget.init({ endpoint: 'studio-preview', token: 'preview', launcher: false, fetch: fetchPreview, retries: 0 });
  } else {
    await LoyaltyWidget.refresh();
  }
}
$('preview').addEventListener('click', () => worker.postMessage({ type: 'customer', id: $('preview-customer').value }));

// Offline once loaded: a service worker keeps the page and the engine.
navigator.serviceWorker?.register(new URL('./sw.js', import.meta.url), { scope: './' }).catch(() => {});

// Start from the shipped demo program, or a draft carried in the URL hash.
const programText = await (await fetch(new URL('../dist/programs/demo.json', import.meta.url))).text();
$('current').value = programText;
const carried = new URLSearchParams(location.hash.slice(1)).get('draft');
$('draft').value = carried ?? programText;
validate('current');
validate('draft');
