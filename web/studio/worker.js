// The studio's Web Worker: the engine runs here, so a million-row log never
// blocks the page. Messages: {load, bytes} | {mapping, request} |
// {program, slot, text} | {compare} | {customer, id} | {csv}.
import { createEngine } from '../dist/loyalty-engine.mjs';
import { isPlainLog } from './mapping.js';

const enginePromise = createEngine({ locateFile: (name) => new URL(`../dist/${name}`, import.meta.url).href });
let log = null;
// A shop's own export is read through a column mapping (null: the engine's
// guess). Its events (purchases and the refunds its returns make) are
// derived once, for the metrics and the widget preview.
let mapping = null;
let exportPreview = null;
let exportEvents = null;
const programs = { current: null, draft: null };
// Each program's statement and figures on the current log, kept until the
// program or the log changes: editing the draft recomputes only the draft.
const computed = { current: null, draft: null };

// What the page shows; the full statements stay here (a million rows would
// be a large message).
function summarize(statement) {
  const months = new Map();
  let total = 0;
  for (const c of statement.customers) {
    total += c.total;
    for (const m of c.months) months.set(m.month, (months.get(m.month) ?? 0) + m.points);
  }
  const top = [...statement.customers].sort((a, b) => b.total - a.total || (a.customer < b.customer ? -1 : 1)).slice(0, 10)
    .map((c) => ({ customer: c.customer, total: c.total }));
  return { customers: statement.customers.length, transactions: statement.transactions_counted, total,
    months: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, points]) => ({ month, points })), top,
    warnings: statement.warnings.length };
}

// One customer's events for the widget preview, read by the engine's own
// readers (quoted and padded CSV cells, JSON), exactly as it compared them.
function eventsOf(customer) {
  return (programs.draft ?? programs.current).events(eventsLog(), { customer });
}

const isExport = () => exportPreview !== null && !isPlainLog(exportPreview.header);

// The log as events: the file itself, or an export's events as the engine
// reads them through the mapping.
function eventsLog() {
  if (!isExport()) return log;
  exportEvents ??= JSON.stringify((programs.current ?? programs.draft).events(log, mapping ?? {}));
  return exportEvents;
}

// The first rows as the engine reads them; null for a JSON log (or before
// any program is valid: the currency decides how amounts read).
function preview() {
  const program = programs.current ?? programs.draft;
  const first = log.find((byte) => byte > 32);
  if (!program || first === 0x5b || first === 0x7b) return null;
  return program.previewExport(log, { ...(mapping ?? {}), rows: 12 });
}

// A customer id as a CSV field: quoted when needed, and never read as a
// formula by a spreadsheet (OWASP's CSV injection advice: a leading ').
function csvField(text) {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function describe(error) {
  return { code: error.code ?? 'internal', message: error.message, path: error.path ?? '' };
}

self.onmessage = async ({ data }) => {
  const engine = await enginePromise;
  try {
    if (data.type === 'load') {
      log = data.bytes;
      mapping = null;
      exportEvents = null;
      computed.current = null;
      computed.draft = null;
      exportPreview = preview();
      self.postMessage({ type: 'loaded', bytes: log.byteLength, preview: exportPreview });
    } else if (data.type === 'mapping') {
      mapping = data.request;
      exportEvents = null;
      computed.current = null;
      computed.draft = null;
      exportPreview = preview();
      self.postMessage({ type: 'previewed', preview: exportPreview });
    } else if (data.type === 'program') {
      try {
        programs[data.slot]?.dispose();
        computed[data.slot] = null;
        programs[data.slot] = engine.loadProgram(data.text);
        self.postMessage({ type: 'program', slot: data.slot, ok: true, name: programs[data.slot].name });
        if (log && exportPreview === null && (exportPreview = preview())) {
          self.postMessage({ type: 'previewed', preview: exportPreview });
        }
      } catch (error) {
        programs[data.slot] = null;
        self.postMessage({ type: 'program', slot: data.slot, ok: false, error: describe(error) });
      }
    } else if (data.type === 'compare') {
      if (!log || !programs.current || !programs.draft) return;
      let step = 0;
      for (const slot of ['current', 'draft']) {
        if (computed[slot]) continue;
        self.postMessage({ type: 'progress', phase: `statement (${slot})`, percent: 50 + 12 * step++ });
        const statement = programs[slot].statement(log, mapping ?? {});
        self.postMessage({ type: 'progress', phase: `metrics (${slot})`, percent: 50 + 12 * step++ });
        computed[slot] = { statement, summary: summarize(statement), metrics: programs[slot].metrics(eventsLog()) };
      }
      const currentTotals = new Map(computed.current.statement.customers.map((c) => [c.customer, c.total]));
      const top = computed.draft.summary.top.map((c) => ({ ...c, current: currentTotals.get(c.customer) ?? 0 }));
      self.postMessage({ type: 'compared', results: {
        current: { summary: computed.current.summary, metrics: computed.current.metrics },
        draft: { summary: { ...computed.draft.summary, top }, metrics: computed.draft.metrics },
      } });
    } else if (data.type === 'customer') {
      self.postMessage({ type: 'customer', id: data.id, events: eventsOf(data.id) });
    } else if (data.type === 'csv') {
      // Both programs' points per customer and month, side by side. The
      // statements list the same customers and months (the log decides them).
      const rows = ['customer,month,current_points,draft_points'];
      const current = new Map();
      for (const c of computed.current?.statement.customers ?? []) {
        for (const m of c.months) current.set(`${c.customer}\u0000${m.month}`, m.points);
      }
      for (const c of computed.draft?.statement.customers ?? []) {
        for (const m of c.months) {
          rows.push(`${csvField(c.customer)},${m.month},${current.get(`${c.customer}\u0000${m.month}`) ?? 0},${m.points}`);
        }
      }
      self.postMessage({ type: 'csv', text: `${rows.join('\n')}\n` });
    }
  } catch (error) {
    self.postMessage({ type: 'error', error: describe(error) });
  }
};
