// The demo shop's data: the kit's store (SQLite or PostgreSQL, web/kit/)
// seeded once with the demo program, customers, products and three months
// of history ending on the day of seeding.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../kit/store.mjs';

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

async function seed(tx, today, program) {
  {
    const put = 'INSERT INTO meta (key, value) VALUES ($1, $2)';
    await tx.run(put, ['program', program]);
    await tx.run(put, ['program_etag', `"${createHash('sha256').update(program).digest('base64url').slice(0, 27)}"`]);
    await tx.run(put, ['seeded_on', today]);
    for (const c of DEMO_CUSTOMERS) {
      await tx.run('INSERT INTO customers (id, name, referral_code, email) VALUES ($1, $2, $3, $4)',
        [c.id, c.name, `${c.id.toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase()}`, `${c.id}@example.com`]);
    }
    for (const [position, p] of PRODUCTS.entries()) {
      await tx.run('INSERT INTO products (sku, name, price, category, position) VALUES ($1, $2, $3, $4, $5)',
        [p.sku, p.name, p.price, p.category, position]);
    }
    const events = [...history(today)].sort((a, b) => a.date.localeCompare(b.date));
    for (const e of events) await tx.run('INSERT INTO events (id, customer, body) VALUES ($1, $2, $3)', [e.id, e.customer, JSON.stringify(e)]);
  }
}

// The program a new shop database is seeded with.
export const DEMO_PROGRAM = readFileSync(join(root, 'core/programs/demo.json'), 'utf8');

// Opens the store at `location` (a SQLite path or a postgres:// URL); a new
// one is seeded with `program` (JSON text) and demo history ending on
// `today` ("YYYY-MM-DD", the shop's day on the caller's clock).
export async function openDemoStore(location, { today, program = DEMO_PROGRAM } = {}) {
  const store = await openStore(location);
  // Under a lock: instances starting together seed once.
  await store.transaction('demo-seed', async (tx) => {
    if (await tx.get("SELECT value FROM meta WHERE key = 'program'")) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today ?? '')) throw new Error('openDemoStore: seeding a new store needs today as YYYY-MM-DD');
    await seed(tx, today, program);
  });
  return store;
}
