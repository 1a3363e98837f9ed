// The shop's SQLite database: opened in WAL mode, migrated in order, and
// seeded once with the demo program, customers, products and three months
// of history ending on the day of seeding.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

export const DEMO_CUSTOMERS = [
  { id: 'ada', name: 'Ada Lovelace' },
  { id: 'bruno', name: 'Bruno Díaz' },
  { id: 'chen', name: 'Chen Wei' },
  { id: 'dalia', name: 'Dalia Haddad' },
  { id: 'emeka', name: 'Emeka Obi' },
];

export const PRODUCTS = [
  { sku: 'JKT-WAX', name: 'Waxed field jacket', price: '180.00', category: 'outerwear' },
  { sku: 'KNIT-CREW', name: 'Lambswool crew knit', price: '96.00', category: 'knitwear' },
  { sku: 'SOCK-3', name: 'Merino socks, 3 pairs', price: '24.00', category: 'accessories' },
  { sku: 'TOTE-CANVAS', name: 'Canvas tote bag', price: '35.00', category: 'accessories' },
  { sku: 'GIFT-50', name: 'Gift card', price: '50.00', category: 'gift_card' },
];

function migrate(db) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all());
  const files = readdirSync(join(here, 'migrations')).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  for (const file of files) {
    const version = Number(file.split('_')[0]);
    if (applied.has(version)) continue;
    db.transaction(() => {
      db.exec(readFileSync(join(here, 'migrations', file), 'utf8'));
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(version);
    })();
  }
}

// Deterministic history: the same seed day gives the same demo data.
function* history(today) {
  let state = 20261126n;
  const next = () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(state >> 33n);
  };
  const day = (offset) => new Date(Date.parse(today) - offset * 86400000).toISOString().slice(0, 10);
  let order = 1000;
  for (const [index, customer] of DEMO_CUSTOMERS.entries()) {
    yield { id: `signup-${customer.id}`, type: 'signup', customer: customer.id, date: day(92 - index) };
    const orders = 3 + (next() % 5);
    for (let n = 0; n < orders; n++) {
      const items = [];
      for (let k = 1 + (next() % 2); k > 0; k--) {
        const product = PRODUCTS[next() % 4];
        items.push({ sku: product.sku, price: product.price, category: product.category, quantity: 1 + (next() % 2) });
      }
      yield { id: `order-${order++}`, customer: customer.id, date: `${day(90 - Math.floor((n * 88) / orders) - (next() % 3))}T1${next() % 10}:15:00Z`, items };
    }
  }
  yield { id: 'review-ada-1', type: 'review', customer: 'ada', date: day(40) };
  yield { id: 'referral-ada-bruno', type: 'referral', customer: 'ada', date: day(60) };
  yield { id: 'referred-bruno', type: 'referred', customer: 'bruno', date: day(60) };
  yield { id: 'invite-chen', type: 'tier_invitation', customer: 'chen', date: day(80), level: 'evergreen' };
}

function seed(db, today, program) {
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    put.run('program', program);
    put.run('program_etag', `"${createHash('sha256').update(program).digest('base64url').slice(0, 27)}"`);
    put.run('seeded_on', today);
    const customer = db.prepare('INSERT INTO customers (id, name, referral_code) VALUES (?, ?, ?)');
    for (const c of DEMO_CUSTOMERS) customer.run(c.id, c.name, `${c.id.toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase()}`);
    const product = db.prepare('INSERT INTO products (sku, name, price, category) VALUES (?, ?, ?, ?)');
    for (const p of PRODUCTS) product.run(p.sku, p.name, p.price, p.category);
    const event = db.prepare('INSERT INTO events (id, customer, body) VALUES (?, ?, ?)');
    const events = [...history(today)].sort((a, b) => a.date.localeCompare(b.date));
    for (const e of events) event.run(e.id, e.customer, JSON.stringify(e));
  })();
}

// The program a new shop database is seeded with.
export const DEMO_PROGRAM = readFileSync(join(root, 'core/programs/demo.json'), 'utf8');

// `today` ("YYYY-MM-DD", the shop's day on the caller's clock) is where a
// new database's demo history ends, and `program` (JSON text) the program it
// is seeded with; an existing database needs neither.
export function openDatabase(path, { today, program = DEMO_PROGRAM } = {}) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');  // an acknowledged redemption survives a crash
  db.pragma('foreign_keys = ON');
  migrate(db);
  if (!db.prepare("SELECT value FROM meta WHERE key = 'program'").get()) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today ?? '')) throw new Error('openDatabase: seeding a new database needs today as YYYY-MM-DD');
    seed(db, today, program);
  }
  return db;
}
