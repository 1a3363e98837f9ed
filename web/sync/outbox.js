// Redemptions made while offline wait here, each with its idempotency key,
// until the endpoint answers. Persisted (IndexedDB in browsers) so a reload
// loses nothing; replayed in order; the key makes a replay that already
// reached the server harmless.

/** An outbox store over IndexedDB (one object store keyed by idempotency key). */
export function indexedDbStore(name = 'loyalty-outbox') {
  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('outbox', { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = async (mode, action) => {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('outbox', mode);
        const request = action(tx.objectStore('outbox'));
        tx.oncomplete = () => resolve(request?.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  };
  return {
    all: () => run('readonly', (store) => store.getAll()),
    put: (entry) => run('readwrite', (store) => store.put(entry)),
    delete: (key) => run('readwrite', (store) => store.delete(key)),
  };
}

/** An in-memory store with the same methods (tests; browsers without IndexedDB). */
export function memoryStore() {
  const entries = new Map();
  return {
    all: async () => [...entries.values()],
    put: async (entry) => { entries.set(entry.key, structuredClone(entry)); },
    delete: async (key) => { entries.delete(key); },
  };
}

export class Outbox {
  #store;
  #sequence = 0;

  constructor(store) {
    this.#store = store;
  }

  async add(entry) {
    const all = await this.#store.all();
    this.#sequence = Math.max(this.#sequence, ...all.map((e) => e.sequence), 0) + 1;
    await this.#store.put({ ...entry, sequence: this.#sequence });
  }

  /** Waiting entries, oldest first; for one customer when given. */
  async list(customer) {
    const all = await this.#store.all();
    return all.filter((e) => !customer || e.customer === customer).sort((a, b) => a.sequence - b.sequence);
  }

  remove(key) {
    return this.#store.delete(key);
  }
}
