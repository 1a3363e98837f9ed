-- The reference shop's data: the program, customers, their loyalty events
-- (the ledger the engine folds), redemptions by idempotency key, products.
-- The same files migrate SQLite and PostgreSQL: {{serial_key}} is each
-- one's auto-numbered key (store.mjs), every other type means the same in both.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  referral_code TEXT NOT NULL
);

-- seq orders events as they were recorded and is the sync cursor.
CREATE TABLE events (
  seq {{serial_key}},
  id TEXT NOT NULL UNIQUE,
  customer TEXT NOT NULL REFERENCES customers(id),
  body TEXT NOT NULL
);
CREATE INDEX events_by_customer ON events(customer, seq);

-- One row per (customer, Idempotency-Key): the same key always answers the same.
CREATE TABLE redemptions (
  customer TEXT NOT NULL REFERENCES customers(id),
  idempotency_key TEXT NOT NULL,
  request TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (customer, idempotency_key)
);

CREATE TABLE products (
  sku TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  price TEXT NOT NULL,
  category TEXT NOT NULL
);
