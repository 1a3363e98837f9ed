-- Idempotency keys, and the refused attempts stored under them, expire 24
-- hours after they were first used (as payment APIs' keys do), so a client
-- cannot grow the database without bound. Rows from before this migration
-- expire at once.
ALTER TABLE redemptions ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX redemptions_by_expiry ON redemptions(expires_at);
