// Stale-while-revalidate storage for what the widget shows: the program and
// the signed-in customer's last state survive reloads and offline visits.
// Storage is anything with getItem/setItem/removeItem (localStorage in the
// browser, a Map-backed fake in tests); a full or refusing store is ignored.

export class Cache {
  #storage;
  #prefix;

  constructor(storage, namespace) {
    this.#storage = storage;
    this.#prefix = `loyalty:${namespace}:`;
  }

  /** { value, savedAt } or null. */
  read(key) {
    try {
      const raw = this.#storage?.getItem(this.#prefix + key);
      if (!raw) return null;
      const entry = JSON.parse(raw);
      return entry && typeof entry.savedAt === 'number' ? entry : null;
    } catch {
      return null;
    }
  }

  write(key, value, now = Date.now()) {
    try {
      this.#storage?.setItem(this.#prefix + key, JSON.stringify({ value, savedAt: now }));
      return true;
    } catch {
      return false;  // quota or privacy mode: the widget still works, just not offline
    }
  }

  remove(key) {
    try {
      this.#storage?.removeItem(this.#prefix + key);
    } catch {
      /* nothing to do */
    }
  }
}

/** A Map-backed storage with the Web Storage methods (tests, or no localStorage). */
export function memoryStorage() {
  const map = new Map();
  return {
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => map.set(key, String(value)),
    removeItem: (key) => map.delete(key),
    get size() { return map.size; },
  };
}
