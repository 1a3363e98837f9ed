// Light checks of endpoint responses against web/contract/ (the full JSON
// Schemas are checked with ajv in the contract tests; the widget carries only
// what it needs to refuse a response it cannot use).
import { EndpointError } from './errors.js';

function fail(what) {
  throw new EndpointError(502, 'contract_violation', `the endpoint's response does not match the contract: ${what}`);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export function checkProgram(payload) {
  if (!isObject(payload)) fail('the program is not an object');
  if (typeof payload.id !== 'string' || typeof payload.currency === 'undefined' || !Array.isArray(payload.earn)) {
    fail('the program needs id, currency and earn');
  }
}

export function checkCustomer(payload) {
  if (!isObject(payload) || !isObject(payload.customer)) fail('customer is missing');
  if (typeof payload.customer.id !== 'string' || !payload.customer.id) fail('customer.id is not a string');
  if (!Array.isArray(payload.events)) fail('events is not an array');
  for (const [index, event] of payload.events.entries()) {
    if (!isObject(event) || typeof event.id !== 'string' || typeof event.date !== 'string') fail(`events[${index}] lacks id or date`);
    if (event.customer !== payload.customer.id) fail(`events[${index}] belongs to another customer`);
  }
  if (typeof payload.cursor !== 'string') fail('cursor is not a string');
  if (payload.codes !== undefined && (!Array.isArray(payload.codes) ||
      payload.codes.some((c) => !isObject(c) || typeof c.id !== 'string' || typeof c.code !== 'string' || typeof c.reward !== 'string' ||
        !Number.isSafeInteger(c.points) || typeof c.discount !== 'string'))) {
    fail('codes needs id, code, reward, points and discount');
  }
  if (payload.balance !== undefined) {
    const b = payload.balance;
    if (!isObject(b) || !Number.isSafeInteger(b.available) || !Number.isSafeInteger(b.pending) || !Number.isSafeInteger(b.lifetime_earned)) {
      fail('balance needs integer available, pending and lifetime_earned');
    }
  }
}

export function checkRedemption(payload) {
  if (!isObject(payload) || !isObject(payload.redemption)) fail('redemption is missing');
  const r = payload.redemption;
  // A donation has its cause instead of a code to use at checkout.
  const codeOrCause = typeof r.code === 'string' || (r.code === null && typeof r.cause === 'string');
  if (!codeOrCause || typeof r.reward !== 'string' || !Number.isInteger(r.points)) fail('redemption lacks code, reward or points');
}

export function checkSurvey(payload) {
  if (!isObject(payload) || !isObject(payload.survey)) fail('the survey answer is missing');
  if (!Number.isSafeInteger(payload.points) || !Number.isSafeInteger(payload.available)) fail('points or available is not an integer');
}

export function checkCancellation(payload) {
  if (!isObject(payload) || !isObject(payload.redemption) || payload.redemption.status !== 'cancelled') fail('the cancellation is missing');
  if (!Number.isSafeInteger(payload.available)) fail('available is not an integer');
}

export function checkMemberCode(payload) {
  if (!isObject(payload) || typeof payload.code !== 'string' || !payload.code) fail('the member code is missing');
  if (typeof payload.expires_at !== 'string' || !Number.isFinite(Date.parse(payload.expires_at))) fail('expires_at is not a time');
}
