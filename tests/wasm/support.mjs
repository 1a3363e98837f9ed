// Shared by the engine's node:test suites: the built engine, the native CLI
// for parity, fixtures, and a seeded generator of programs and histories.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = join(root, 'web/dist');
export const cliPath = process.env.LOYALTY_CLI ?? join(root, 'build/native/loyalty');
export const { createEngine, LoyaltyError } = await import(join(dist, 'loyalty-engine.mjs'));

export const read = (relative) => readFileSync(join(root, relative), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'loyalty-wasm-'));
let written = 0;
export function writeTemp(name, text) {
  const path = join(scratch, `${written++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Runs the native CLI and returns its parsed JSON (or the failure). */
export function cli(args, input) {
  const result = spawnSync(cliPath, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) return { failed: true, status: result.status, stderr: result.stderr };
  return JSON.parse(result.stdout);
}

/** SplitMix64 over BigInt: the same sequence on every machine. */
export function rng(seed) {
  let state = BigInt(seed);
  const mask = (1n << 64n) - 1n;
  const next = () => {
    state = (state + 0x9E3779B97F4A7C15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & mask;
    return z ^ (z >> 31n);
  };
  const range = (lo, hi) => lo + Number(next() % BigInt(hi - lo + 1));
  return {
    range,
    chance: (percent) => range(1, 100) <= percent,
    pick: (list) => list[range(0, list.length - 1)],
  };
}

const money = (cents) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const day = (offset) => new Date(Date.UTC(2026, 0, 1) + offset * 86400000).toISOString().slice(0, 10);

export function randomProgram(r) {
  const earn = [{ type: 'per_unit', id: 'base', points_per_unit: r.pick(['1', '2', '1.5', '0.5']),
    rounding: r.pick(['truncate_amount', 'round_amount_half_up', 'truncate_points', 'round_points_half_up']) }];
  if (r.chance(40)) earn.push({ type: 'spend_bands', id: 'bands', bands: [{ above: 50, points_per_unit: 1 }, { above: 100, points_per_unit: 2 }] });
  if (r.chance(50)) earn.push({ type: 'per_visit', id: 'visit', points: 10, min_spend: '20.00' });
  if (r.chance(50)) earn.push({ type: 'category_multiplier', id: 'shoes', categories: ['shoes'], multiplier: '1.5' });
  if (r.chance(40)) earn.push({ type: 'per_item', id: 'hats', points: 2, categories: ['hats'] });
  if (r.chance(40)) earn.push({ type: 'promotion', id: 'promo', multiplier: 2, from: '2026-03-01', to: '2026-05-31' });
  if (r.chance(40)) earn.push({ type: 'comeback', id: 'back', points: 40, within_days: 20 });
  if (r.chance(50)) earn.push({ type: 'surprise', id: 'lucky', points: 77, one_in: 3 });
  earn.push({ type: 'event', id: 'bday', event: 'birthday', points: 100 });
  const program = {
    id: 'random', currency: 'USD', seed: String(r.range(0, 999)), point_value: '0.01',
    pending_days: r.chance(50) ? 0 : r.range(1, 15),
    exclusions: { categories: ['gift_card', 'shipping'] },
    earn,
    rewards: [{ id: 'r100', type: 'amount_off', cost: 100, value: '1.00' }, { id: 'cash', type: 'points_to_discount', cost: 50, value: '0.50' }],
  };
  if (r.chance(70)) {
    const spend = r.chance(50);
    program.tiers = {
      basis: spend ? 'spend' : 'points',
      window: r.pick(['lifetime', 'calendar_year', 'rolling_12_months']),
      downgrade: r.pick(['never', 'end_of_window']),
      levels: [{ id: 'base', threshold: 0 },
        { id: 'silver', threshold: spend ? '300.00' : 300, retention: spend ? '150.00' : 150, multiplier: '1.25' },
        { id: 'gold', threshold: spend ? '900.00' : 900, multiplier: '1.5' }],
    };
    if (r.chance(50)) earn.push({ type: 'per_visit', id: 'gold-visit', points: 30, tiers: ['gold'] });
  }
  const expiry = r.pick([null, { policy: 'after_days', days: 60 }, { policy: 'inactivity_days', days: 45 }, { policy: 'end_of_year' }]);
  if (expiry) program.expiry = expiry;
  return program;
}

export function randomPurchaseBody(r) {
  if (r.chance(40)) return { amount: money(r.range(0, 30000)) };
  const items = [];
  for (let i = r.range(1, 4); i > 0; i--) {
    items.push({ sku: `s${r.range(1, 9)}`, category: r.pick(['shoes', 'hats', 'gift_card', 'books']), price: money(r.range(0, 15000)), quantity: r.range(1, 3) });
  }
  return { items };
}

export function randomEvents(r, customers = ['c', 'd']) {
  const events = [];
  const purchases = [];
  for (let i = r.range(5, 50); i > 0; i--) {
    const head = { id: `e${events.length}`, customer: r.pick(customers), date: `${day(r.range(0, 400))}${r.chance(50) ? `T${String(r.range(0, 23)).padStart(2, '0')}:30:00Z` : ''}` };
    const kind = r.range(1, 100);
    if (kind <= 55 || purchases.length === 0) {
      events.push({ ...head, ...randomPurchaseBody(r) });
      purchases.push(head);
    } else if (kind <= 70) {
      const target = r.pick(purchases);
      events.push({ ...head, customer: target.customer, type: 'refund', purchase: target.id, ...(r.chance(50) ? { amount: money(r.range(1, 5000)) } : {}) });
    } else if (kind <= 88) {
      const reward = r.pick(['r100', 'cash']);
      events.push({ ...head, type: 'redemption', reward, ...(reward === 'cash' ? { points: 50 * r.range(1, 4) } : {}) });
    } else if (kind <= 94) {
      events.push({ ...head, type: 'adjustment', points: r.range(1, 300) * (r.chance(50) ? 1 : -1) });
    } else {
      events.push({ ...head, type: 'birthday' });
    }
  }
  return events;
}
