// The studio's mapping step: how a shop's own export is read. It shows the
// engine's guess (a preset recognised from the header), lets the merchant
// pick the column for each field, the date format and what returns mean, and
// shows the first rows exactly as the engine reads them. The mapping is
// remembered for the next file with the same header. DOM methods and
// textContent only.

const FIELDS = [
  ['id', 'Order or invoice number'],
  ['customer', 'Customer'],
  ['date', 'Date'],
  ['amount', 'Order amount'],
  ['quantity', 'Quantity (line items)'],
  ['price', 'Unit price (line items)'],
  ['sku', 'Product code'],
  ['category', 'Category'],
  ['currency', 'Currency'],
];
const DATE_FORMATS = ['ISO', 'MM/DD/YYYY HH:mm', 'DD/MM/YYYY HH:mm', 'YYYY-MM-DD HH:mm:ss Z', 'MM/DD/YYYY hh:mm A', 'DD.MM.YYYY'];
const KINDS = { order: 'order', line: 'line item', return: 'return', guest: 'guest (skipped)' };
const storageKey = (header) => `loyalty-studio-mapping:${header.join('\u001f')}`;

/** True when the header is the engine's own log (id, customer, date, amount): nothing to map. */
export function isPlainLog(header) {
  return ['id', 'customer', 'date', 'amount'].every((name) => header.includes(name));
}

/** The mapping saved for this header, or null. */
export function savedMapping(header) {
  try {
    const text = localStorage.getItem(storageKey(header));
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * `container` receives the step; `onChange(request)` is called with the
 * mapping the merchant set ({preset, columns, dateFormat, returns}).
 */
export function createMappingStep(container, { onChange }) {
  let header = [];
  let preset = null;
  let timer = null;

  container.replaceChildren();
  const heading = element('h3', { id: 'mapping-heading' }, 'How to read this file');
  const summary = element('p', { id: 'mapping-summary', role: 'status' });
  const fields = element('div', { id: 'mapping-fields', role: 'group', 'aria-labelledby': 'mapping-heading', class: 'mapping-fields' });
  const selects = new Map();
  for (const [field, label] of FIELDS) {
    const id = `mapping-${field}`;
    const wrapper = element('div', { class: 'mapping-field' });
    wrapper.append(element('label', { for: id }, label));
    const select = element('select', { id, 'data-field': field });
    select.addEventListener('change', changed);
    selects.set(field, select);
    wrapper.append(select);
    fields.append(wrapper);
  }
  const dateWrapper = element('div', { class: 'mapping-field' });
  dateWrapper.append(element('label', { for: 'mapping-date-format' }, 'Date format'));
  const dateFormat = element('input', { id: 'mapping-date-format', type: 'text', list: 'mapping-date-formats', autocomplete: 'off',
    'aria-describedby': 'mapping-date-help' });
  const formats = element('datalist', { id: 'mapping-date-formats' });
  for (const format of DATE_FORMATS) formats.append(element('option', { value: format }));
  dateFormat.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(changed, 300);
  });
  dateWrapper.append(dateFormat, formats,
    element('small', { id: 'mapping-date-help' }, 'YYYY MM DD HH mm ss (hh and A for AM/PM, Z for an offset), or ISO'));
  const returnsWrapper = element('div', { class: 'mapping-field' });
  returnsWrapper.append(element('label', { for: 'mapping-returns' }, 'Returns and cancellations'));
  const returns = element('select', { id: 'mapping-returns' });
  returns.append(element('option', { value: 'refund' }, 'take back the points of the latest purchases'),
    element('option', { value: 'ignore' }, 'ignore them'));
  returns.addEventListener('change', changed);
  returnsWrapper.append(returns);
  fields.append(dateWrapper, returnsWrapper);
  const error = element('p', { id: 'mapping-error', class: 'error', role: 'alert' });
  const table = element('table', { id: 'mapping-preview', 'data-table': 'mapping-preview' });
  const scroller = element('div', { class: 'scroll' });
  scroller.append(table);
  container.append(heading, summary, fields, error, scroller);

  function request() {
    const columns = {};
    for (const [field, select] of selects) columns[field] = select.value;
    const out = { columns, dateFormat: dateFormat.value.trim() || 'ISO', returns: returns.value };
    if (preset) out.preset = preset;
    return out;
  }

  function changed() {
    const wanted = request();
    try {
      localStorage.setItem(storageKey(header), JSON.stringify(wanted));
    } catch {
      // private browsing: the mapping is not remembered, nothing else changes
    }
    onChange(wanted);
  }

  function renderRows(preview) {
    const head = element('thead');
    const row = element('tr');
    for (const name of ['Line', 'Read as', 'Order', 'Customer', 'Date', 'Amount']) row.append(element('th', { scope: 'col' }, name));
    head.append(row);
    const body = element('tbody');
    for (const r of preview.rows) {
      const tr = element('tr');
      tr.append(element('td', {}, String(r.line)));
      if (r.error) {
        tr.dataset.error = 'true';
        const cell = element('td', { colspan: '5', class: 'error' }, r.error.message);
        tr.append(element('td', {}, 'error'), cell);
      } else {
        tr.append(element('td', {}, KINDS[r.kind] ?? r.kind), element('td', {}, r.id), element('td', {}, r.customer),
          element('td', {}, r.date ?? ''), element('td', {}, r.amount ?? ''));
      }
      body.append(tr);
    }
    table.replaceChildren(element('caption', {}, 'The first rows as the engine reads them'), head, body);
  }

  return {
    /** Shows the engine's preview of the file (ExportPreview). */
    show(preview) {
      const mapping = preview.mapping;
      // A new file starts from its own guess; the same file keeps the
      // preset while the merchant's edits are being read.
      const sameFile = header.length === preview.header.length && header.every((name, i) => name === preview.header[i]);
      preset = mapping ? mapping.preset : sameFile ? preset : null;
      header = preview.header;
      const label = preview.presets.find((p) => p.name === mapping?.preset)?.label;
      summary.textContent = mapping
        ? (label ? `Read as a ${label}${mapping.guessed ? ', recognised from its header' : ''}.` : 'Read with the columns below.')
        : 'Choose the columns below.';
      for (const [field, select] of selects) {
        const chosen = mapping?.columns[field] ?? select.value ?? '';
        select.replaceChildren(element('option', { value: '' }, '(none)'), ...header.map((name) => element('option', { value: name }, name)));
        select.value = header.includes(chosen) ? chosen : '';
      }
      if (mapping) {
        dateFormat.value = mapping.date_format;
        returns.value = mapping.returns;
      }
      error.textContent = preview.error ? preview.error.message : '';
      renderRows(preview);
    },
  };
}
