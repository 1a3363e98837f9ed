// The form for a program's common rules (earn rate, spend bands, tiers,
// expiry, rewards). The JSON document stays the single truth: the form reads
// it, writes each edit back into it, and names every input by the JSON path
// the engine uses in its errors, so an error lands on the input it is about.
// DOM methods and textContent only: program text never becomes markup.

const REWARD_TYPES = {
  amount_off: { label: 'Amount off', field: 'value', what: 'amount off' },
  percent_off: { label: 'Percent off', field: 'percent', what: 'percent' },
  free_shipping: { label: 'Free shipping', field: null, what: '' },
  free_product: { label: 'Free product', field: 'sku', what: 'product SKU' },
  points_to_discount: { label: 'Points as cash', field: 'value', what: 'cash per step' },
  donation: { label: 'Donation to a cause', field: 'value', what: 'money given' },
};
// Whole numbers in the format; everything else the form edits is a decimal
// kept as the merchant typed it (a string), so nothing is rounded on the way.
const INTEGER_FIELDS = new Set(['cost', 'days', 'grace_years', 'percent', 'points', 'max_points']);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

// "tiers.levels[1].threshold" -> ['tiers', 'levels', 1, 'threshold']
function segments(path) {
  return path.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

function typed(key, text) {
  if (INTEGER_FIELDS.has(key) && /^-?\d{1,15}$/.test(text.trim())) return Number(text.trim());
  return text;  // the engine says what is wrong with anything else, at this field
}

export function createProgramForm(root, { onEdit }) {
  let program = null;

  function write(path, text, { optional = false } = {}) {
    const keys = segments(path);
    const last = keys.pop();
    const parent = keys.reduce((node, key) => node[key], program);
    if (optional && text.trim() === '') delete parent[last];
    else parent[last] = typed(last, text);
    onEdit(program);
  }

  function structural(change, focusPath) {
    change();
    onEdit(program);
    render(program);
    const target = focusPath && root.querySelector(`[data-path="${CSS.escape(focusPath)}"]`);
    target?.focus();
  }

  // `label` names an input that has no <label> of its own (a table cell).
  function input(path, label, value, { optional = false, inputmode = 'decimal', id } = {}) {
    const node = element('input', { type: 'text', inputmode, 'data-path': path, 'aria-label': label || null, id,
      autocomplete: 'off', size: 8 });
    node.value = value ?? '';
    node.addEventListener('input', () => write(path, node.value, { optional }));
    return node;
  }

  function select(path, label, value, options, onChange, id) {
    const node = element('select', { 'data-path': path, 'aria-label': label || null, id });
    for (const [optionValue, text] of options) {
      node.append(element('option', { value: optionValue, selected: optionValue === value }, text));
    }
    node.addEventListener('change', () => onChange(node.value));
    return node;
  }

  function button(text, label, onClick) {
    // A label, when given, starts with the visible text (WCAG 2.5.3).
    const node = element('button', { type: 'button', 'aria-label': label }, text);
    node.addEventListener('click', onClick);
    return node;
  }

  function grid(caption, header, rows) {
    const table = element('table', { class: 'form-table' }, element('caption', {}, caption));
    table.createTHead().insertRow().append(...header.map((h) => element('th', { scope: 'col' }, h)));
    const body = table.createTBody();
    for (const cells of rows) body.insertRow().append(...cells.map((c) => element('td', {}, c)));
    return table;
  }

  function earning() {
    const set = element('fieldset', {}, element('legend', {}, 'Earning'));
    const earn = program.earn ?? [];
    const rateAt = earn.findIndex((rule) => rule.type === 'per_unit');
    if (rateAt >= 0) {
      set.append(element('label', { for: 'rate' }, `Points per currency unit (rule "${earn[rateAt].id}")`),
        input(`earn[${rateAt}].points_per_unit`, '', earn[rateAt].points_per_unit, { id: 'rate' }));
    } else {
      set.append(button('Add a points-per-unit rate', null, () => structural(() => {
        program.earn = [...earn, { type: 'per_unit', id: uniqueId(earn, 'base'), points_per_unit: 1 }];
      }, `earn[${earn.length}].points_per_unit`)));
    }
    const bandsAt = earn.findIndex((rule) => rule.type === 'spend_bands');
    if (bandsAt >= 0) {
      const bands = earn[bandsAt].bands ?? [];
      const path = (i, key) => `earn[${bandsAt}].bands[${i}].${key}`;
      set.append(grid(`Spend bands (rule "${earn[bandsAt].id}"): each band's rate applies to the part of a purchase above it`,
        ['above', 'points per unit', ''],
        bands.map((band, i) => [
          input(path(i, 'above'), `Band ${i + 1}: above this amount`, band.above),
          input(path(i, 'points_per_unit'), `Band ${i + 1}: points per unit`, band.points_per_unit),
          button('Remove', `Remove band ${i + 1}`, () => structural(() => bands.splice(i, 1))),
        ])));
      set.append(button('Add a band', null, () => structural(() => {
        const last = bands.at(-1);
        bands.push({ above: last ? String(Number(last.above ?? 0) + 50) : '0', points_per_unit: 1 });
        earn[bandsAt].bands = bands;
      }, path(bands.length, 'above'))));
    } else {
      set.append(' ', button('Add spend bands', null, () => structural(() => {
        program.earn = [...earn, { type: 'spend_bands', id: uniqueId(earn, 'bands'), bands: [{ above: '50.00', points_per_unit: 1 }] }];
      }, `earn[${earn.length}].bands[0].above`)));
    }
    return set;
  }

  function tiers() {
    const set = element('fieldset', {}, element('legend', {}, 'Tiers'));
    const program_tiers = program.tiers;
    if (!program_tiers) {
      set.append(button('Add tiers', null, () => structural(() => {
        program.tiers = { basis: 'spend', window: 'rolling_12_months', downgrade: 'end_of_window',
          levels: [{ id: 'member', name: 'Member', threshold: '0' }, { id: 'gold', name: 'Gold', threshold: '500.00', multiplier: '1.5' }] };
      }, 'tiers.levels[1].threshold')));
      return set;
    }
    const levels = program_tiers.levels ?? [];
    const setting = (key, label, options, fallback) => {
      const id = `form-tiers-${key}`;
      return element('span', { class: 'inline' }, element('label', { for: id }, label),
        select(`tiers.${key}`, '', program_tiers[key] ?? fallback, options,
          (value) => structural(() => { program_tiers[key] = value; }, `tiers.${key}`), id));
    };
    set.append(
      setting('basis', 'Qualify by', [['spend', 'spend'], ['points', 'points']], 'spend'),
      setting('window', 'over', [['lifetime', 'a lifetime'], ['calendar_year', 'the calendar year'], ['rolling_12_months', 'the last 12 months']], 'lifetime'),
      setting('downgrade', 'downgrade', [['never', 'never'], ['end_of_window', 'at the end of the window']], 'never'));
    const path = (i, key) => `tiers.levels[${i}].${key}`;
    set.append(grid('Levels, lowest first (the first starts at 0)', ['id', 'name', 'threshold', 'retention', 'multiplier', ''],
      levels.map((level, i) => [
        input(path(i, 'id'), `Level ${i + 1}: id`, level.id, { inputmode: 'text' }),
        input(path(i, 'name'), `Level ${i + 1}: name`, level.name, { inputmode: 'text', optional: true }),
        level.invitation_only ? element('span', { 'data-path': path(i, 'threshold') }, 'by invitation')
          : input(path(i, 'threshold'), `Level ${i + 1}: threshold`, level.threshold),
        level.invitation_only ? '' : input(path(i, 'retention'), `Level ${i + 1}: retention (empty: the threshold)`, level.retention, { optional: true }),
        input(path(i, 'multiplier'), `Level ${i + 1}: points multiplier (empty: 1)`, level.multiplier, { optional: true }),
        i === 0 ? '' : button('Remove', `Remove level ${i + 1}`, () => structural(() => levels.splice(i, 1))),
      ])));
    // A new level goes below the invitation-only ones, which stay on top.
    const firstInvited = levels.findIndex((l) => l.invitation_only);
    const newAt = firstInvited < 0 ? levels.length : firstInvited;
    set.append(button('Add a level', null, () => structural(() => {
      const top = levels.slice(0, newAt).at(-1);
      levels.splice(newAt, 0, { id: uniqueId(levels, 'level'), name: `Level ${levels.length + 1}`,
        threshold: String(Number(top?.threshold ?? 0) * 2 || 100) });
    }, path(newAt, 'threshold'))),
    ' ', button('Remove tiers', null, () => structural(() => { delete program.tiers; })));
    return set;
  }

  function expiry() {
    const set = element('fieldset', {}, element('legend', {}, 'Expiry'));
    const current = program.expiry ?? { policy: 'never' };
    const defaults = { never: {}, after_days: { days: 365 }, inactivity_days: { days: 365 }, end_of_year: { grace_years: 1 } };
    set.append(element('label', { for: 'expiry-policy' }, 'Points expire'),
      select('expiry.policy', '', current.policy, [['never', 'never'], ['after_days', 'a number of days after they are earned'],
        ['inactivity_days', 'after days without activity'], ['end_of_year', 'at the end of the year they were earned, plus grace years']],
      (policy) => structural(() => { program.expiry = { policy, ...defaults[policy] }; }, 'expiry.policy'), 'expiry-policy'));
    if (current.policy === 'after_days' || current.policy === 'inactivity_days') {
      set.append(element('label', { for: 'expiry-days' }, 'Days'), input('expiry.days', '', current.days,
        { inputmode: 'numeric', id: 'expiry-days' }));
    } else if (current.policy === 'end_of_year') {
      set.append(element('label', { for: 'expiry-grace' }, 'Grace years'), input('expiry.grace_years', '', current.grace_years,
        { inputmode: 'numeric', id: 'expiry-grace' }));
    }
    return set;
  }

  function rewards() {
    const set = element('fieldset', {}, element('legend', {}, 'Rewards'));
    const list = program.rewards ?? [];
    const path = (i, key) => `rewards[${i}].${key}`;
    set.append(grid('Rewards catalog', ['id', 'name', 'type', 'cost (points)', 'value', ''],
      list.map((reward, i) => {
        const kind = REWARD_TYPES[reward.type];
        return [
          input(path(i, 'id'), `Reward ${i + 1}: id`, reward.id, { inputmode: 'text' }),
          input(path(i, 'name'), `Reward ${i + 1}: name`, reward.name, { inputmode: 'text', optional: true }),
          select(path(i, 'type'), `Reward ${i + 1}: type`, reward.type,
            Object.entries(REWARD_TYPES).map(([value, { label }]) => [value, label]),
            (type) => structural(() => {
              for (const key of ['value', 'percent', 'sku', 'max_points']) delete reward[key];
              reward.type = type;
              if (type === 'percent_off') reward.percent = 10;
              else if (type === 'free_product') reward.sku = 'SKU';
              else if (type !== 'free_shipping') reward.value = '5.00';
            }, path(i, 'type'))),
          input(path(i, 'cost'), `Reward ${i + 1}: cost in points`, reward.cost, { inputmode: 'numeric' }),
          kind?.field ? input(path(i, kind.field), `Reward ${i + 1}: ${kind.what}`, reward[kind.field],
            { inputmode: kind.field === 'sku' ? 'text' : 'decimal' }) : '',
          button('Remove', `Remove reward ${i + 1}`, () => structural(() => list.splice(i, 1))),
        ];
      })));
    set.append(button('Add a reward', null, () => structural(() => {
      program.rewards = [...list, { id: uniqueId(list, 'reward'), name: '$5 off', type: 'amount_off', cost: 500, value: '5.00' }];
    }, path(list.length, 'id'))));
    return set;
  }

  function render(next) {
    program = next;
    if (!program || typeof program !== 'object' || Array.isArray(program)) {
      root.replaceChildren(element('p', {}, 'The form needs a JSON object; fix the JSON to use it.'));
      return;
    }
    try {
      root.replaceChildren(earning(), tiers(), expiry(), rewards());
    } catch {
      // A document the form cannot walk (levels that are not an array, say):
      // the engine's message beside the JSON says what is wrong.
      root.replaceChildren(element('p', {}, 'The form cannot show this document; the JSON editor can.'));
    }
  }

  // Marks the input the engine's error is about (or its closest ancestor in
  // the form) and puts the message beside it; returns whether one was found.
  function showError(path, message) {
    clearError();
    if (!path) return false;
    for (let at = path; at; at = at.replace(/(\.[^.[]+|\[\d+\])$/, '')) {
      const target = root.querySelector(`[data-path="${CSS.escape(at)}"]`);
      if (target) {
        const note = element('span', { class: 'field-error', id: 'form-field-error', role: 'alert' }, message);
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', 'form-field-error');
        target.after(note);
        return true;
      }
      if (!/(\.[^.[]+|\[\d+\])$/.test(at)) break;
    }
    return false;
  }

  function clearError() {
    root.querySelector('#form-field-error')?.remove();
    for (const marked of root.querySelectorAll('[aria-invalid="true"]')) {
      marked.removeAttribute('aria-invalid');
      marked.removeAttribute('aria-describedby');
    }
  }

  return { render, showError, clearError };
}

function uniqueId(list, stem) {
  const taken = new Set(list.map((item) => item.id));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}
