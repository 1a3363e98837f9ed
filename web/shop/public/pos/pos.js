// The demo shop's counter page: staff scan or type a member's card code and
// record an in-store sale, which earns like any other order. A real shop's
// till does the same through the same routes (web/kit/counter.mjs).
//
// Sales are kept on this till (localStorage) from the moment they are made,
// each with its own id and time, and sent until the shop answers: offline
// they wait, and a sale sent twice (a lost answer, two tabs) counts once,
// because the endpoint records an order id once and answers a replay with
// the first answer.
const $ = (id) => document.getElementById(id);
const API = '/loyalty/api';
const STAFF_KEY = 'loyalty-counter-staff';
const SALES_KEY = 'loyalty-counter-sales';
const PROGRAM_KEY = 'loyalty-counter-program';
const OFFLINE = 'Offline: sales wait on this till and are sent when the connection is back.';

let staffToken = localStorage.getItem(STAFF_KEY);
let member = null;  // { code, name, tier, available } of the last card looked up, or { code } offline
let flushing = false;
let program = JSON.parse(localStorage.getItem(PROGRAM_KEY) ?? 'null');

const sales = () => JSON.parse(localStorage.getItem(SALES_KEY) ?? '[]');
const saveSales = (list) => localStorage.setItem(SALES_KEY, JSON.stringify(list));
const number = (n) => new Intl.NumberFormat('en').format(n);
const money = (amount) => new Intl.NumberFormat('en', { style: 'currency', currency: program?.currency ?? 'USD' }).format(amount);
const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

function showConnection(offline, text) {
  $('connection').classList.toggle('offline', offline);
  $('connection').textContent = text;
}

function showStaff() {
  $('staff-status').textContent = staffToken ? 'Signed in: demo staff' : 'Not signed in';
  $('staff-sign-in').hidden = Boolean(staffToken);
  $('staff-sign-out').hidden = !staffToken;
}

// By hand, or because the shop no longer accepts the staff token (401).
function signOut() {
  staffToken = null;
  localStorage.removeItem(STAFF_KEY);
  showStaff();
}

function showMember() {
  const box = $('member');
  box.replaceChildren();
  if (!member) return;
  if (member.error) {
    box.append(element('p', member.error, 'error'));
    return;
  }
  if (!member.name) {
    box.append(element('p', 'Offline: the code is checked when the sale is sent.', 'hint'));
    return;
  }
  const line = element('p');
  line.append(element('strong', member.name), ` · ${member.tier ? `${member.tier.name} · ` : ''}${number(member.available)} points`);
  line.dataset.test = 'member';
  box.append(line);
}

function showSales() {
  const list = $('sales');
  list.replaceChildren(...sales().slice().reverse().map((sale) => {
    const item = element('li');
    item.dataset.sale = sale.body.id;
    item.dataset.status = sale.status;
    const what = element('span', `${money(sale.body.amount)} · ${sale.name ?? 'member'} · ${new Date(sale.body.made_at).toLocaleTimeString('en')}`);
    const status = sale.status === 'recorded' ? `Recorded: +${number(sale.points)} points`
      : sale.status === 'refused' ? `Refused: ${sale.error}` : 'Waiting to send';
    item.append(what, element('span', status, sale.status));
    return item;
  }));
  if (!list.children.length) list.append(element('li', 'No sales yet.', 'hint'));
}

async function call(path, body) {
  const response = await fetch(`${API}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json',
    Authorization: `Bearer ${staffToken}` }, body: JSON.stringify(body) });
  return { status: response.status, answer: await response.json().catch(() => null) };
}

// Sends each waiting sale in the order it was made. Stops at the first that
// cannot be sent now (offline, signed out, the shop busy); the rest wait.
async function flush() {
  if (flushing || !staffToken) return;
  flushing = true;
  try {
    for (const sale of sales().filter((s) => s.status === 'waiting')) {
      let result;
      try {
        result = await call('/counter/orders', sale.body);
      } catch {
        showConnection(true, OFFLINE);
        return;
      }
      const { status, answer } = result;
      if (status === 401) {
        signOut();
        showConnection(true, 'Signed out: sign in again to send the waiting sales.');
        return;
      }
      if (status === 429 || status >= 500 || answer?.error?.code === 'conflict') {
        showConnection(true, 'The shop is busy: waiting sales are sent again shortly.');
        return;
      }
      // Stored as the shop answered: recorded, or refused with its reason.
      saveSales(sales().map((s) => (s.body.id !== sale.body.id ? s : status < 300
        ? { ...s, status: 'recorded', points: answer.points, name: answer.name }
        : { ...s, status: 'refused', error: answer?.error?.message ?? `error ${status}` })));
      showSales();
    }
    showConnection(false, 'Online: every sale on this till has reached the shop.');
  } finally {
    flushing = false;
  }
}

async function lookUp(event) {
  event.preventDefault();
  const code = $('member-code').value.replace(/\s+/g, '');
  if (!code) return;
  if (!staffToken) {
    member = { code, error: 'Sign in first.' };
    showMember();
    return;
  }
  try {
    const { status, answer } = await call('/counter/members', { code });
    member = status < 300 ? { code, ...answer } : { code, error: answer?.error?.message ?? `error ${status}` };
    if (status === 401) signOut();
  } catch {
    member = { code };  // offline: the sale carries the code, checked when it arrives
  }
  showMember();
  if (!member.error) $('amount').focus();
}

function recordSale(event) {
  event.preventDefault();
  $('sale-error').textContent = '';
  const amount = $('amount').value.trim();
  if (!member?.code || member.error) {
    $('sale-error').textContent = 'Look up a member\'s card first.';
    return;
  }
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) {
    $('sale-error').textContent = 'Enter the amount paid, such as 120.00.';
    return;
  }
  // The id and time are fixed now, before anything is sent: whatever
  // happens to the connection, this sale is this one order.
  const sale = { status: 'waiting', name: member.name ?? null,
    body: { id: `pos-${crypto.randomUUID()}`, member_code: member.code, made_at: new Date().toISOString(), amount } };
  saveSales([...sales(), sale]);
  $('amount').value = '';
  $('member-code').value = '';
  member = null;
  showMember();
  showSales();
  $('member-code').focus();
  flush();
}

// Camera scanning where the browser can read QR codes itself; elsewhere a
// hand scanner (which types into the field) or typing does the same.
async function scan() {
  const video = $('camera');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const detector = new globalThis.BarcodeDetector({ formats: ['qr_code'] });
  const stop = () => {
    for (const track of stream.getTracks()) track.stop();
    video.hidden = true;
  };
  for (let tries = 0; tries < 300; ++tries) {
    const [found] = await detector.detect(video).catch(() => []);
    if (found?.rawValue) {
      stop();
      $('member-code').value = found.rawValue;
      $('member-form').requestSubmit();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
}

async function loadProgram() {
  try {
    const response = await fetch(`${API}/program`);
    if (response.ok) {
      program = await response.json();
      localStorage.setItem(PROGRAM_KEY, JSON.stringify({ currency: program.currency }));
    }
  } catch {
    /* offline: the till keeps the currency it saw last */
  }
  $('currency').textContent = program?.currency ?? 'USD';
  showSales();
}

$('staff-sign-in').addEventListener('click', async () => {
  const response = await fetch('/demo/staff-login', { method: 'POST' });
  if (!response.ok) return;
  staffToken = (await response.json()).token;
  localStorage.setItem(STAFF_KEY, staffToken);
  showStaff();
  flush();
});
$('staff-sign-out').addEventListener('click', signOut);
$('member-form').addEventListener('submit', lookUp);
$('sale-form').addEventListener('submit', recordSale);
if ('BarcodeDetector' in globalThis && navigator.mediaDevices?.getUserMedia) {
  $('scan').hidden = false;
  $('scan').addEventListener('click', () => scan().catch(() => { $('camera').hidden = true; }));
}
addEventListener('online', () => flush());
addEventListener('offline', () => showConnection(true, OFFLINE));
setInterval(() => flush(), 15000);

showStaff();
showSales();
showConnection(!navigator.onLine, navigator.onLine ? 'Online.' : OFFLINE);
loadProgram().then(() => flush());
