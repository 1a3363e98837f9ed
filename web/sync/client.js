// The widget's client for the shop's loyalty endpoint (web/contract/). No
// DOM: fetch with a timeout, Bearer tokens, typed failures.

export class EndpointError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'EndpointError';
    this.status = status;  // 0 when the network failed or timed out
    this.code = code;
  }
}

export class EndpointClient {
  #endpoint;
  #fetch;
  #timeoutMs;

  constructor({ endpoint, fetch = globalThis.fetch?.bind(globalThis), timeoutMs = 8000 }) {
    this.#endpoint = String(endpoint).replace(/\/+$/, '');
    this.#fetch = fetch;
    this.#timeoutMs = timeoutMs;
  }

  async #request(path, { token, method = 'GET', body, headers = {} } = {}) {
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
      });
    } catch (error) {
      throw new EndpointError(0, 'network', error?.name === 'AbortError' ? 'the request timed out' : 'the network is unavailable');
    } finally {
      clearTimeout(timer);
    }
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      if (response.ok) throw new EndpointError(response.status, 'bad_response', 'the endpoint did not answer with JSON');
    }
    if (!response.ok) {
      throw new EndpointError(response.status, payload?.error?.code ?? 'http_error',
        payload?.error?.message ?? `the endpoint answered ${response.status}`);
    }
    return payload;
  }

  /** The program document (JSON text, as the engine takes it). */
  async program() {
    return JSON.stringify(await this.#request('/program'));
  }

  /** The signed-in customer: { customer: { id, name, ... }, events: [...] }. */
  customer(token) {
    return this.#request('/customer', { token });
  }

  /** Redeems a reward; the same idempotency key always gives the same redemption. */
  redeem(token, body, idempotencyKey) {
    return this.#request('/redemptions', { token, method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
  }
}
