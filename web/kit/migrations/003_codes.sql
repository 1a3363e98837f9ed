-- The discount code each redemption gives: the customer's until it is used
-- at checkout or cancelled (a cancellation event then brings its points back,
-- once). Redemptions recorded before this migration have no code row and
-- cannot be cancelled.
CREATE TABLE codes (
  code TEXT PRIMARY KEY,
  customer TEXT NOT NULL REFERENCES customers(id),
  redemption TEXT NOT NULL UNIQUE,  -- the redemption event's id
  reward TEXT NOT NULL,
  points BIGINT NOT NULL,
  discount TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'used', 'cancelled')),
  closed_at TEXT,                   -- when it was used or cancelled
  order_id TEXT                     -- the order it was used on
);
CREATE INDEX codes_by_customer ON codes(customer, status);
