// The studio page: reads the log (with progress), keeps both programs
// validated by the engine in the worker, and shows the comparison. All
// computing happens in worker.js; this thread only reads files and renders
// (with textContent and DOM methods only).
import { createProgramForm } from './form.js';
import { createMappingStep, isPlainLog, savedMapping } from './mapping.js';
import { renderComparison } from './results.js';

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const state = { loaded: false, reading: false, valid: { current: false, draft: false }, results: null, computing: false, stale: false,
  waiting: new Set(), inFlight: { current: 0, draft: 0 } };
const timers = {};
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

// The results say aria-busy while they do not yet reflect the log and the
// programs as they stand (a read, a validation or a computation pending).
function updateBusy() {
  const busy = state.reading || state.computing || state.stale || state.waiting.size > 0
    || state.inFlight.current + state.inFlight.draft > 0;
  $('results').setAttribute('aria-busy', String(busy));
}

async function loadFile(file) {
  state.loaded = false;
  state.reading = true;
  updateBusy();
  try {
    const bytes = await readWithProgress(file);
    worker.postMessage({ type: 'load', bytes }, [bytes.buffer]);
  } catch (error) {
    state.reading = false;
    updateBusy();
    setProgress(0, `${file.name} could not be read: ${error.message}`);
  }
}

function validate(slot) {
  clearTimeout(timers[slot]);
  state.waiting.delete(slot);
  state.inFlight[slot] += 1;
  updateBusy();
  worker.postMessage({ type: 'program', slot, text: $(slot).value });
}

// One comparison at a time: edits made while the worker computes ask for
// one more run when it is done, not one per keystroke.
function compare() {
  if (!(state.loaded && state.valid.current && state.valid.draft)) {
    state.stale = false;
    updateBusy();
    return;
  }
  if (state.computing) {
    state.stale = true;
    return;
  }
  state.computing = true;
  state.stale = false;
  updateBusy();
  setProgress(50, 'Computing…');
  worker.postMessage({ type: 'compare' });
}

function computed() {
  state.computing = false;
  if (state.stale) compare();
  else updateBusy();
}

const describe = (error) => `${error.path ? `${error.path}: ` : ''}${error.message}`;

// Engine errors name the document first ("program: earn[0].rate").
const fieldPath = (path) => path.replace(/^program: /, '');

const form = createProgramForm($('program-form'), {
  onEdit(program) {
    $('draft').value = JSON.stringify(program, null, 2);
    scheduleValidation('draft');
  },
});

// The form follows the JSON whenever the JSON parses.
function formFromDraft() {
  try {
    form.render(JSON.parse($('draft').value));
  } catch {
    form.render(null);
  }
}

function render() {
  renderComparison($('results'), state.results, number);
  if (!$('preview-customer').value && state.results.draft.summary.top[0]) {
    $('preview-customer').value = state.results.draft.summary.top[0].customer;
  }
  $('preview').disabled = false;
  $('download').disabled = false;
}

function showValidity({ slot, ok, error, name }) {
  state.valid[slot] = ok;
  $(slot).setAttribute('aria-invalid', ok ? 'false' : 'true');
  $(`${slot}-error`).textContent = ok ? '' : describe(error);
  $(`${slot}-error`).dataset.path = ok ? '' : error.path;
  if (slot === 'current') $('current-name').textContent = ok ? name : 'has an error';
  if (slot !== 'draft') return;
  if (ok) form.clearError();
  else form.showError(fieldPath(error.path), error.message);
}

// A shop's own export (not the engine's id,customer,date,amount log) gets
// the mapping step; a mapping saved for the same header is used again.
const mappingStep = createMappingStep($('mapping'), {
  onChange(request) {
    worker.postMessage({ type: 'mapping', request });
    compare();
  },
});
function showMapping(preview) {
  const needed = Boolean(preview) && !isPlainLog(preview.header);
  $('mapping').hidden = !needed;
  if (needed) mappingStep.show(preview);
}

worker.onmessage = ({ data }) => {
  if (data.type === 'loaded') {
    state.loaded = true;
    state.reading = false;
    setProgress(50, `Loaded ${number.format(data.bytes)} bytes.`);
    const saved = data.preview && !isPlainLog(data.preview.header) ? savedMapping(data.preview.header) : null;
    if (saved) worker.postMessage({ type: 'mapping', request: saved });
    else showMapping(data.preview);
    compare();
  } else if (data.type === 'previewed') {
    showMapping(data.preview);
  } else if (data.type === 'program') {
    state.inFlight[data.slot] -= 1;
    showValidity(data);
    compare();
  } else if (data.type === 'progress') {
    setProgress(data.percent, `Computing the ${data.phase}…`);
  } else if (data.type === 'compared') {
    state.results = data.results;
    setProgress(100, `Done: ${number.format(data.results.draft.summary.transactions)} transactions.`);
    render();
    computed();
  } else if (data.type === 'customer') {
    showPreview(data.id, data.events);
  } else if (data.type === 'csv') {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([data.text], { type: 'text/csv' }));
    link.download = 'statement-current-and-draft.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  } else if (data.type === 'error') {
    setProgress(0, describe(data.error));
    computed();
  }
};

// Validation waits for a pause in typing.
function scheduleValidation(slot) {
  clearTimeout(timers[slot]);
  state.waiting.add(slot);
  updateBusy();
  timers[slot] = setTimeout(() => validate(slot), 250);
}
$('current').addEventListener('input', () => scheduleValidation('current'));
$('draft').addEventListener('input', () => {
  formFromDraft();
  scheduleValidation('draft');
});
for (const slot of ['current', 'draft']) {
  $(`${slot}-file`).addEventListener('change', async () => {
    const file = $(`${slot}-file`).files[0];
    if (!file) return;
    $(slot).value = await file.text();
    if (slot === 'draft') formFromDraft();
    validate(slot);
  });
}
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
// The link carries the draft compactly (without the editor's indentation).
$('share').addEventListener('click', (event) => {
  event.preventDefault();
  let text = $('draft').value;
  try {
    text = JSON.stringify(JSON.parse(text));
  } catch {
    // an unparsable draft travels as typed, error and all
  }
  history.replaceState(null, '', `#draft=${encodeURIComponent(text)}`);
  $('share').href = location.href;
  navigator.clipboard?.writeText(location.href).catch(() => {});
});

function draftFromHash() {
  const carried = new URLSearchParams(location.hash.slice(1)).get('draft');
  if (carried === null) return false;
  try {
    $('draft').value = JSON.stringify(JSON.parse(carried), null, 2);
  } catch {
    $('draft').value = carried;
  }
  return true;
}
window.addEventListener('hashchange', () => {
  if (!draftFromHash()) return;
  formFromDraft();
  validate('draft');
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
if (!draftFromHash()) $('draft').value = programText;
formFromDraft();
validate('current');
validate('draft');
