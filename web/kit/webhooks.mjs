// Webhooks: what the kit tells the shop's other systems (e-mail, CRM).
// Events are written to the outbox in the same transaction as the change
// they report (service.mjs), then delivered here: at least once, in order of
// recording per attempt, retried with exponential backoff, by whichever
// instance claims a row first. Each body carries an `id` to de-duplicate on.
//
// Signature: `Loyalty-Signature: t=<unix seconds>,v1=<hex>`, where v1 is
// HMAC-SHA256 with the webhook secret over `<t>.<body>`; receivers check it
// (verifyWebhook) and refuse old timestamps (replays).
import { createHmac, timingSafeEqual } from 'node:crypto';

const SQL = {
  // Claims due rows for 60 s; the outer condition is checked again on each
  // row as it is locked, so two instances never claim one row together.
  claim: `UPDATE webhook_outbox SET locked_until = $1 + 60000, attempts = attempts + 1
    WHERE delivered_at IS NULL AND next_attempt_at <= $1 AND locked_until <= $1 AND seq IN (
      SELECT seq FROM webhook_outbox WHERE delivered_at IS NULL AND next_attempt_at <= $1 AND locked_until <= $1 ORDER BY seq LIMIT $2)
    RETURNING seq, id, body, attempts`,
  delivered: 'UPDATE webhook_outbox SET delivered_at = $1, locked_until = 0, last_error = NULL WHERE seq = $2',
  failed: 'UPDATE webhook_outbox SET next_attempt_at = $1, locked_until = 0, last_error = $2 WHERE seq = $3',
  customers: 'SELECT id FROM customers WHERE erased_at IS NULL AND id > $1 ORDER BY id LIMIT $2',
  notice: 'INSERT INTO expiry_notices (customer, expires_on) VALUES ($1, $2) ON CONFLICT DO NOTHING',
};

export const WEBHOOK_TYPES = ['points_earned', 'points_redeemed', 'tier_changed', 'points_expiring', 'reward_code_used'];

/** The Loyalty-Signature header for `body` (a string) at `seconds` since the epoch. */
export function signWebhook(secret, body, seconds) {
  return `t=${seconds},v1=${createHmac('sha256', secret).update(`${seconds}.${body}`).digest('hex')}`;
}

/**
 * Whether `header` signs `body` with `secret` within `toleranceSeconds` of
 * `nowSeconds`: what a receiver checks before trusting a webhook.
 */
export function verifyWebhook(secret, header, body, { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300 } = {}) {
  const parts = Object.fromEntries(String(header ?? '').split(',').map((part) => part.trim().split('=')));
  const seconds = Number(parts.t);
  if (!/^\d{1,12}$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  if (Math.abs(nowSeconds - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, seconds).split('v1=')[1], 'hex');
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

/** Milliseconds before attempt `attempts + 1`: 1 s, 2 s, 4 s ... at most an hour. */
export const backoffMs = (attempts) => Math.min(3600000, 1000 * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers the outbox to `url`. `deliverDue()` sends what is due once (the
 * timer calls it every `intervalMs`); `sweepExpiring()` records a
 * points_expiring event for each customer with points expiring within
 * `expiringDays` of the shop's today, once per customer and expiry date.
 */
export function webhookDeliverer({ service, url, secret, now = Date.now, timeoutMs = 10000, batch = 20, intervalMs = 1000,
  maxAttempts = 30, expiringDays = 7, sweepEveryMs = 3600000, sweepBatch = 200 }) {
  if (!secret || secret.length < 16) throw new Error('webhooks: the webhook secret must be at least 16 characters');
  const { store } = service;
  let timer = null;
  let running = null;

  async function send(row) {
    const seconds = Math.floor(now() / 1000);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, { method: 'POST', signal: controller.signal, redirect: 'manual',
        headers: { 'Content-Type': 'application/json', 'Loyalty-Signature': signWebhook(secret, row.body, seconds),
          'Loyalty-Webhook-Id': row.id },
        body: row.body });
      await response.arrayBuffer().catch(() => {});
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error?.name === 'AbortError' ? `no answer in ${timeoutMs} ms` : String(error?.cause?.code ?? error?.message ?? error);
    } finally {
      clearTimeout(timeout);
    }
  }

  async function deliverDue() {
    let sent = 0;
    for (;;) {
      const rows = await store.all(SQL.claim, [now(), batch]);
      if (rows.length === 0) return sent;
      await store.settled();  // the changes they report are on disk before anyone hears of them
      await Promise.all(rows.map(async (row) => {
        const failure = await send(row);
        if (!failure) {
          sent += 1;
          await store.run(SQL.delivered, [now(), row.seq]);
        } else {
          // After maxAttempts (about a day of retries) the row stays, undelivered, with its last error.
          const next = row.attempts >= maxAttempts ? 8.64e15 : now() + backoffMs(row.attempts);
          await store.run(SQL.failed, [next, failure, row.seq]);
        }
      }));
    }
  }

  // Warns the customers after `cursor` (at most `limit` of them); answers
  // the warnings recorded and where to go on (null at the end).
  async function sweepSome(cursor, limit) {
    const today = service.today();
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + expiringDays * 86400000).toISOString().slice(0, 10);
    const customers = await store.all(SQL.customers, [cursor, limit]);
    let recorded = 0;
    for (const { id } of customers) {
      const balance = await service.balanceOf(id);
      for (const lot of balance.expiring ?? []) {
        if (lot.date > until || lot.points <= 0) continue;
        await service.write(id, async (tx) => {
          if ((await tx.run(SQL.notice, [id, lot.date])).changes === 0) return;
          await tx.emit('points_expiring', { points: lot.points, expires_on: lot.date, available: balance.available });
          recorded += 1;
        });
      }
    }
    return { recorded, next: customers.length === limit ? customers.at(-1).id : null };
  }

  /** One whole pass over the customers; answers the warnings recorded. */
  async function sweepExpiring() {
    let recorded = 0;
    let cursor = '';
    while (cursor !== null) {
      const step = await sweepSome(cursor, 500);
      recorded += step.recorded;
      cursor = step.next;
    }
    return recorded;
  }

  // The timer's pass goes `sweepBatch` customers a tick, so a shop of a
  // hundred thousand customers is never swept in one go, then rests until
  // `sweepEveryMs` after the pass began.
  let sweepCursor = null;  // null: resting between passes
  let passStartedAt = -Infinity;
  async function tick() {
    if (sweepCursor === null && now() - passStartedAt >= sweepEveryMs) {
      passStartedAt = now();
      sweepCursor = '';
    }
    if (sweepCursor !== null) sweepCursor = (await sweepSome(sweepCursor, sweepBatch)).next;
    await deliverDue();
  }

  return {
    deliverDue,
    sweepExpiring,
    start() {
      if (timer) return;
      const loop = () => {
        running = tick().catch(() => {}).finally(() => {
          running = null;
          if (timer) {
            timer = setTimeout(loop, intervalMs);
            timer.unref?.();
          }
        });
      };
      timer = setTimeout(loop, 0);
      timer.unref?.();
    },
    async stop() {
      clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
