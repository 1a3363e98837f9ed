// The widget's client for the shop's loyalty endpoint (web/contract/). No
// DOM: fetch with a timeout, retries with exponential backoff and jitter for
// idempotent calls, conditional GETs, and responses checked against the
// contract before anyone uses them.
import { checkCancellation, checkCustomer, checkMemberCode, checkProgram, checkRedemption, checkSurvey } from './contract.js';
import { EndpointError } from './errors.js';

export { EndpointError };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class EndpointClient {
  #endpoint;
  #fetch;
  #timeoutMs;
  #retries;
  #backoffMs;
  #random;

  constructor({ endpoint, fetch = globalThis.fetch?.bind(globalThis), timeoutMs = 8000, retries = 2, backoffMs = 300,
    random = Math.random }) {
    this.#endpoint = String(endpoint).replace(/\/+$/, '');
    this.#fetch = fetch;
    this.#timeoutMs = timeoutMs;
    this.#retries = retries;
    this.#backoffMs = backoffMs;
    this.#random = random;
  }

  async #once(path, { token, method = 'GET', body, headers = {} }) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let response;
    try {
      response = await this.#fetch(`${this.#endpoint}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal,
        credentials: 'same-origin',
        cache: 'no-store',  // freshness is ours to decide (ETag below)
      });
      if (response.status === 304) return { status: 304, payload: null, etag: response.headers.get('ETag') };
      let payload = null;
      const text = await response.text();
      try {
        payload = text ? JSON.parse(text) : null;
      } catch {
        throw new EndpointError(response.ok ? 502 : response.status, 'bad_response', 'the endpoint did not answer with JSON');
      }
      if (!response.ok) {
        throw new EndpointError(response.status, payload?.error?.code ?? 'http_error',
          payload?.error?.message ?? `the endpoint answered ${response.status}`);
      }
      return { status: response.status, payload, etag: response.headers.get('ETag') };
    } catch (error) {
      if (error instanceof EndpointError) throw error;
      throw new EndpointError(0, 'network', controller.signal.aborted ? 'the request timed out' : 'the network is unavailable');
    } finally {
      clearTimeout(timer);
    }
  }

  // GETs (and POSTs with an idempotency key) are safe to repeat: transient
  // failures are retried after 1x, 2x, 4x the backoff, each with jitter.
  async #request(path, options = {}) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once(path, options);
      } catch (error) {
        if (!(error instanceof EndpointError) || !error.transient || attempt >= this.#retries) throw error;
        await sleep(this.#backoffMs * 2 ** attempt * (0.5 + this.#random()));
      }
    }
  }

  /** The program: { text, etag }, or { notModified: true } when `etag` is still current. */
  async program(etag = null) {
    const result = await this.#request('/program', { headers: etag ? { 'If-None-Match': etag } : {} });
    if (result.status === 304) return { notModified: true, etag };
    checkProgram(result.payload);
    return { text: JSON.stringify(result.payload), etag: result.etag };
  }

  /** The signed-in customer: { customer, events, cursor, complete }; with `since`, only newer events. */
  async customer(token, since = null) {
    const result = await this.#request(`/customer${since ? `?since=${encodeURIComponent(since)}` : ''}`, { token });
    checkCustomer(result.payload);
    return result.payload;
  }

  /** Redeems a reward; the same idempotency key always gives the same answer, so retrying is safe. */
  async redeem(token, body, idempotencyKey) {
    const result = await this.#request('/redemptions', { token, method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
    checkRedemption(result.payload);
    return result.payload;
  }

  /**
   * Records the customer's answer to the Net Promoter Score question. The
   * engine accepts one per period, so a retry never earns twice (it is
   * refused with survey_already_answered).
   */
  async answerSurvey(token, body) {
    const result = await this.#request('/surveys', { token, method: 'POST', body });
    checkSurvey(result.payload);
    return result.payload;
  }

  /** A fresh signed member code for the customer's card (good for a few minutes). */
  async memberCode(token) {
    const result = await this.#request('/member-code', { token });
    checkMemberCode(result.payload);
    return result.payload;
  }

  /** Cancels an unused redemption code; its points come back once, so retrying is safe. */
  async cancelRedemption(token, redemptionId) {
    const result = await this.#request(`/redemptions/${encodeURIComponent(redemptionId)}/cancel`, { token, method: 'POST', body: {} });
    checkCancellation(result.payload);
    return result.payload;
  }
}
