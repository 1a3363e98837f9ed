// Failures talking to the endpoint.
export class EndpointError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'EndpointError';
    this.status = status;  // 0 when the network failed or timed out
    this.code = code;
  }
  /** Worth trying again later: the network, a timeout or a server error. */
  get transient() {
    return this.status === 0 || this.status >= 500;
  }
}
