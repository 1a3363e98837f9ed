// The loyalty engine for JavaScript: one engine computes every number in the
// browser, in workers and in Node. Inputs are JS objects, JSON text, CSV text
// or UTF-8 bytes; results are plain objects; failures throw LoyaltyError.
// Shared by both builds: loyalty-engine.mjs (everything) and
// loyalty-engine-widget.mjs (the storefront's calls only, a smaller wasm).

/** An engine failure with a stable `code`, a `message` and the `path` of the offending input. */
export class LoyaltyError extends Error {
  constructor(code, message, path = '') {
    super(path ? `${path}: ${message}` : message);
    this.name = 'LoyaltyError';
    this.code = code;
    this.path = path;
  }
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

function fail(code, message, path = '') {
  throw new LoyaltyError(code, message, path);
}

function unwrap(envelope) {
  const result = JSON.parse(envelope);
  if (result.ok) return result.value;
  const { code, message, where } = result.error;
  throw new LoyaltyError(code, message, where);
}

// Calls into the module and unwraps its answer. The widget's build has no
// C++ exceptions (a smaller wasm), so running out of memory there traps
// instead of answering out_of_memory: the trap stops that module for good,
// and every later call says so rather than run on a half-changed state.
const stoppedModules = new WeakSet();
const stopped = () => fail('out_of_memory', 'the engine ran out of memory and stopped; create a new engine');

// Frees a handle whose call failed; a stopped module may trap again here,
// which must not hide the error being reported.
function release(handle) {
  try {
    handle.delete();
  } catch {
    /* the module stopped */
  }
}

function call(module, body) {
  if (stoppedModules.has(module)) stopped();
  let envelope;
  try {
    envelope = body();
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    stoppedModules.add(module);
    stopped();
  }
  return unwrap(envelope);
}

// A batch call on bytes (the full build's statement): the bytes are set
// into wasm memory in one step and the answer is decoded straight from it,
// where embind's std::string would walk every byte of both in JavaScript.
const bulkDecoder = /* @__PURE__ */ new TextDecoder();
// An all-ASCII answer reads the same as windows-1252, whose decoder gives
// Chromium one-byte text: its JSON.parse of a million-row statement took a
// third less time. Node's windows-1252 decoder is slower than its UTF-8 one.
const asciiDecoder = isNode ? bulkDecoder : /* @__PURE__ */ new TextDecoder('windows-1252');

function bulkCall(module, bytes, body) {
  if (stoppedModules.has(module)) stopped();
  let envelope;
  try {
    const at = module._malloc(Math.max(bytes.length, 1));
    if (!at) fail('out_of_memory', 'the input is too large for the memory available');
    try {
      module.HEAPU8.set(bytes, at);
      const length = body(at, bytes.length);
      const address = module.bulkAnswerAddress();
      // HEAPU8 is read again: the call may have grown the memory.
      envelope = (module.bulkAnswerIsAscii() ? asciiDecoder : bulkDecoder).decode(module.HEAPU8.subarray(address, address + length));
    } finally {
      module._free(at);
      module.releaseBulkAnswer();
    }
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    stoppedModules.add(module);
    stopped();
  }
  return unwrap(envelope);
}

// A document for the engine: text and bytes go as they are (bytes are the
// bulk path: copied into wasm memory in one step, never turned into JS
// strings); objects and arrays become JSON.
function documentArg(value, name) {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return fail('invalid_argument', `${name} must be an object, an array, JSON or CSV text, or UTF-8 bytes; got ${typeof value}`, name);
}

function textArg(value, name) {
  if (typeof value !== 'string' || value === '') {
    return fail('invalid_argument', `${name} must be a non-empty string; got ${value === '' ? 'an empty string' : typeof value}`, name);
  }
  return value;
}

// The shop's calendar: an instant as the date and wall-clock time it is in
// the program's time zone. The engine works on dates as written, so this is
// the one place where "now" becomes the shop's day (a shopper in Tokyo on the
// morning of 27 November is still on 26 November in a New York shop).
const zoneFormats = new Map();

function zoneFormat(timeZone) {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

function knownTimeZone(timeZone) {
  try {
    zoneFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

const lastSeconds = new Map();  // time zone -> { second, calendar }

/** `{date: "YYYY-MM-DD", time: "HH:MM:SS", offset: "+09:00" | "Z"}` of an instant in `timeZone`. */
export function shopCalendar(instant, timeZone = 'UTC') {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (!Number.isFinite(ms)) fail('invalid_argument', 'the instant is not a valid time', 'instant');
  // The answer has whole seconds, and a server asks for the same second
  // several times a request (its day, then a stamp for what it records):
  // each zone keeps its last second's answer. Intl's formatToParts was the
  // costliest step of a redemption after the engine and the database.
  const second = Math.floor(ms / 1000);
  const last = lastSeconds.get(timeZone);
  if (last?.second === second) return { ...last.calendar };
  const parts = {};
  for (const { type, value } of zoneFormat(timeZone).formatToParts(new Date(ms))) parts[type] = value;
  const year = String(parts.year).padStart(4, '0');
  const offset = parts.timeZoneName.replace('GMT', '').replace(/^(\+00:00)?$/, 'Z');  // "GMT", "GMT+00:00": UTC
  const calendar = { date: `${year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}`, offset };
  lastSeconds.set(timeZone, { second, calendar });
  return { ...calendar };
}

// Dates as the engine reads them: "YYYY-MM-DD", a Date (the shop's day of
// that instant), or nothing (the shop's day now). A bare number is refused:
// 20260101 is far likelier a mistaken date than an instant in 1970.
function dateArg(value, name, calendar) {
  if (value === undefined || value === null) return calendar.today();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('invalid_argument', `${name} is an invalid Date`, name);
    return calendar.today(value);
  }
  return textArg(value, name);
}

// An options argument: an object (each option is checked where it is read).
function checkOptions(options) {
  if (options === null || typeof options !== 'object') fail('invalid_argument', 'options must be an object', 'options');
}

// An optional cart: none is the empty document.
function cartArg(value) {
  return value === undefined || value === null ? '' : documentArg(value, 'cart');
}

// Points picked for a points-for-money reward: a positive safe integer, or none (0).
function pointsArg(value) {
  if (value === undefined || value === null) return 0;
  if (!Number.isSafeInteger(value) || value <= 0) return fail('invalid_argument', 'points must be a positive whole number', 'points');
  return value;
}

function monthArg(value, name) {
  if (value === undefined || value === null) return '';
  return textArg(value, name);
}

// A column mapping for a shop's own export, as the engine's mapping document:
// {columns: "id=InvoiceNo,..." or {id: 'InvoiceNo', ...}, dateFormat,
// preset, returns, cancellationPrefix}; none of them: '' (a plain log, or a
// header the engine recognises).
function mappingArg(options) {
  const { columns, dateFormat, preset, returns, cancellationPrefix } = options;
  const document = {};
  if (columns !== undefined && columns !== null) {
    const valid = typeof columns === 'string' ||
      (typeof columns === 'object' && !Array.isArray(columns) && Object.values(columns).every((v) => typeof v === 'string'));
    if (!valid) fail('invalid_argument', 'columns must be "field=Column,..." or an object of column names', 'columns');
    document.columns = columns;
  }
  for (const [value, key, name] of [[dateFormat, 'date_format', 'dateFormat'], [preset, 'preset', 'preset'],
    [returns, 'returns', 'returns'], [cancellationPrefix, 'cancellation_prefix', 'cancellationPrefix']]) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') fail('invalid_argument', `${name} must be a string`, name);
    document[key] = value;
  }
  return Object.keys(document).length === 0 ? '' : JSON.stringify(document);
}

// The full build's batch calls, each given the program's handle, its module
// and the program (the calendar for dates), then the call's own arguments.
// loyalty-engine.mjs passes them to engineFactory; the widget's bundle,
// which never imports them, leaves them and the helpers above that only
// they use out.
export const batchCalls = {
  statement(handle, module, calendar, transactions, options) {
    checkOptions(options);
    const document = documentArg(transactions, 'transactions');
    const rest = [monthArg(options.from, 'from'), monthArg(options.to, 'to'), mappingArg(options)];
    if (document instanceof Uint8Array) {
      return bulkCall(module, document, (at, length) => handle.statementAt(at, length, ...rest));
    }
    return call(module, () => handle.statement(document, ...rest));
  },

  previewExport(handle, module, calendar, transactions, options) {
    checkOptions(options);
    const rows = options.rows ?? 10;
    if (!Number.isSafeInteger(rows) || rows < 0 || rows > 1000) fail('invalid_argument', 'rows must be a whole number from 0 to 1000', 'rows');
    return call(module, () => handle.exportPreview(documentArg(transactions, 'transactions'), mappingArg(options), rows));
  },

  events(handle, module, calendar, log, options) {
    checkOptions(options);
    const customer = options.customer === undefined ? '' : textArg(options.customer, 'customer');
    return call(module, () => handle.events(documentArg(log, 'log'), customer, mappingArg(options)));
  },

  metrics(handle, module, calendar, transactions, options) {
    checkOptions(options);
    const asOf = options.asOf === undefined ? '' : dateArg(options.asOf, 'asOf', calendar);
    return call(module, () => handle.metrics(documentArg(transactions, 'transactions'), asOf));
  },
};

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => { try { handle.delete(); } catch { /* already gone */ } })
  : null;

/** One customer's ledger kept open: the history is folded once, then only what is appended. */
class CustomerLedger {
  #handle;
  #calendar;
  #module;

  constructor(handle, calendar, module) {
    this.#handle = handle;
    this.#calendar = calendar;
    this.#module = module;
    registry?.register(this, handle, this);
  }

  #live() {
    if (!this.#handle) fail('disposed', 'this ledger was disposed');
    return this.#handle;
  }

  /** Applies events after everything the ledger holds; returns their entries and warnings. */
  append(events) {
    return call(this.#module, () => this.#live().append(documentArg(events, 'events')));
  }

  balance(asOf, options = {}) {
    checkOptions(options);
    return call(this.#module, () => this.#live().balance(dateArg(asOf, 'asOf', this.#calendar), options.entries === true));
  }

  /** What buying `cart` on `asOf` would earn, as Program.simulate over the whole history, without replaying it. */
  simulate(cart, asOf) {
    return call(this.#module, () => this.#live().simulate(documentArg(cart, 'cart'), dateArg(asOf, 'asOf', this.#calendar)));
  }

  /** Every reward's state as of `asOf` (the engine decides; see Program.rewards). */
  rewards(options = {}) {
    checkOptions(options);
    return call(this.#module, () => this.#live().rewards(cartArg(options.cart), pointsArg(options.points), dateArg(options.asOf, 'asOf', this.#calendar)));
  }

  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }
}

/** A validated program, reused for many calls. */
class Program {
  #handle;
  #info;
  #module;
  #now;
  #batchCalls;

  constructor(handle, info, module, now, batch) {
    this.#handle = handle;
    this.#info = info;
    this.#module = module;
    this.#now = now;
    this.#batchCalls = batch;
    registry?.register(this, handle, this);
  }

  #live() {
    if (!this.#handle) fail('disposed', 'this program was disposed');
    return this.#handle;
  }

  /** The program's id, name and currency. */
  get id() { return this.#info.program; }
  get name() { return this.#info.name; }
  get currency() { return this.#info.currency; }
  /** The shop's IANA time zone (the program's `time_zone`, default "UTC"). */
  get timeZone() { return this.#info.time_zone; }

  /** The shop's calendar day ("YYYY-MM-DD") of an instant (a Date or epoch ms), by default now on the engine's clock. */
  today(instant = this.#now()) {
    return shopCalendar(instant, this.#info.time_zone).date;
  }

  /** An RFC 3339 timestamp of an instant in the shop's time zone ("2026-11-26T23:30:00-05:00"), for recording events. */
  timestamp(instant = this.#now()) {
    const { date, time, offset } = shopCalendar(instant, this.#info.time_zone);
    return `${date}T${time}${offset}`;
  }

  // Batch work: the calls of batchCalls (above), which loyalty-engine.mjs
  // gives its engines; the widget's engine leaves them out.
  #batch(name, ...args) {
    const work = this.#batchCalls?.[name];
    if (!work) fail('unsupported', `${name} is not in the widget's engine (loyalty-engine-widget.mjs); use loyalty-engine.mjs`);
    return work(this.#live(), this.#module, this, ...args);
  }

  statement(transactions, options = {}) { return this.#batch('statement', transactions, options); }

  /** The header, the mapping and the first `rows` rows of a shop's export as the statement would read them. */
  previewExport(transactions, options = {}) { return this.#batch('previewExport', transactions, options); }

  balance(events, customer, asOf) {
    return call(this.#module, () => this.#live().balance(documentArg(events, 'events'), textArg(customer, 'customer'), dateArg(asOf, 'asOf', this)));
  }

  simulate(events, customer, cart, asOf) {
    return call(this.#module, () => this.#live().simulate(documentArg(events, 'events'), textArg(customer, 'customer'),
      documentArg(cart, 'cart'), dateArg(asOf, 'asOf', this)));
  }

  /**
   * Every reward of the catalog for the customer: redeemable or the reason
   * why not, the points range of a points-for-money reward, and what it gives
   * on `cart` (the order that decides minimums and percentages).
   */
  rewards(events, customer, options = {}) {
    checkOptions(options);
    return call(this.#module, () => this.#live().rewards(documentArg(events, 'events'), textArg(customer, 'customer'),
      cartArg(options.cart), pointsArg(options.points), dateArg(options.asOf, 'asOf', this)));
  }

  /** The events of a log (JSON or CSV) as the engine reads them, optionally one customer's. */
  events(log, options = {}) { return this.#batch('events', log, options); }

  waysToEarn() {
    return call(this.#module, () => this.#live().waysToEarn());
  }

  metrics(transactions, options = {}) { return this.#batch('metrics', transactions, options); }

  /** One customer's ledger kept open (it keeps the program alive, even past dispose()). */
  openLedger(customer) {
    const handle = new this.#module.LedgerHandle();
    try {
      call(this.#module, () => handle.open(this.#live(), textArg(customer, 'customer')));
      return new CustomerLedger(handle, this, this.#module);
    } catch (error) {
      release(handle);
      throw error;
    }
  }

  /** Frees the program's memory now rather than when it is garbage-collected. */
  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }
}

class Engine {
  #module;
  #now;
  #batch;

  constructor(module, now, batch) {
    this.#module = module;
    this.#now = now;
    this.#batch = batch;
  }

  get version() { return this.#module.engineVersion(); }

  /** Parses and validates a program (an object or JSON text); throws LoyaltyError naming the field. */
  loadProgram(program) {
    const handle = new this.#module.ProgramHandle();
    try {
      const info = call(this.#module, () => handle.load(documentArg(program, 'program')));
      if (!knownTimeZone(info.time_zone)) {
        fail('invalid_value', `"${info.time_zone}" is not a time zone this runtime knows`, 'program: time_zone');
      }
      return new Program(handle, info, this.#module, this.#now, this.#batch);
    } catch (error) {
      release(handle);
      throw error;
    }
  }

  /** Linear memory size and bytes in use, for leak checks. */
  memory() {
    return { heap: this.#module.heapBytes(), allocated: this.#module.allocatedBytes() };
  }
}

/**
 * The createEngine of a build: `createModule` (its Emscripten glue), the
 * name of its wasm and the URL it sits beside. createEngine's options:
 * `wasmBinary` (bytes of the wasm), `locateFile(name, prefix)` (where to
 * fetch it from), or neither: next to the module in browsers, read from
 * disk in Node. `now` (a function giving epoch milliseconds, default
 * Date.now) is the clock that every "today" of the engine's programs reads:
 * inject it to pin the date. `batch`: the build's batch calls (batchCalls,
 * or none: those calls throw `unsupported`).
 */
export function engineFactory(createModule, wasmFile, baseUrl, batch = null) {
  return async function createEngine(options = {}) {
    const { now = Date.now, ...settings } = options;
    if (typeof now !== 'function') fail('invalid_argument', 'now must be a function returning epoch milliseconds', 'now');
    const userLocate = options.locateFile;
    settings.locateFile = (path, prefix) => {
      const name = path.endsWith('.wasm') ? wasmFile : path;
      if (userLocate) return userLocate(name, prefix);
      return new URL(name, baseUrl).href;
    };
    if (!settings.wasmBinary && !settings.instantiateWasm && isNode && !userLocate) {
      const { readFile } = await import('node:fs/promises');
      settings.wasmBinary = await readFile(new URL(wasmFile, baseUrl));
    }
    settings.printErr ??= () => {};
    const module = await createModule(settings);
    return new Engine(module, now, batch);
  };
}
