-- What the server kit adds: customers known by e-mail (guest orders are
-- claimed by it), the answer given to each ingested order, refund or event
-- (ingestion is idempotent by id), guest orders waiting for their shopper,
-- the webhook outbox, and which expiry warnings went out. (And the demo
-- catalog's order, which SQLite kept by rowid and PostgreSQL has no word for.)
ALTER TABLE customers ADD COLUMN email TEXT;
ALTER TABLE customers ADD COLUMN erased_at TEXT;
CREATE UNIQUE INDEX customers_by_email ON customers(email);

CREATE TABLE ingested (
  id TEXT PRIMARY KEY,        -- the order's, refund's or event's id
  request TEXT NOT NULL,      -- the body as received (a different body under the same id is refused)
  status INTEGER NOT NULL,
  response TEXT NOT NULL
);

-- Orders placed with an e-mail and no account: kept with their own dates
-- and claimed once, when a customer signs up with that e-mail.
CREATE TABLE guest_orders (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  body TEXT NOT NULL,         -- the purchase event, without a customer
  received_at TEXT NOT NULL,
  claimed_by TEXT             -- the customer who claimed it
);
CREATE INDEX guest_orders_by_email ON guest_orders(email, claimed_by);

-- Webhooks: written in the same transaction as the change they report, so
-- none is lost, and delivered at least once (with its id for de-duplication)
-- by whichever instance claims the row first.
CREATE TABLE webhook_outbox (
  seq {{serial_key}},
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0,
  delivered_at BIGINT,
  last_error TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, next_attempt_at);

-- One points_expiring warning per customer and expiry date.
CREATE TABLE expiry_notices (
  customer TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  PRIMARY KEY (customer, expires_on)
);

ALTER TABLE products ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
