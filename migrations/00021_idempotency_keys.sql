-- +goose Up
-- Idempotency keys of mutations (the Idempotency-Key header): the key is written in the same
-- transaction as the mutation it guards, so a retry after a lost answer (a database restart, a
-- dropped connection, a phone offline) finds it and gets the first answer instead of writing
-- again, on any replica. Keys are per user and kept 8 days (phones may be offline for a week).
CREATE TABLE idempotency_keys (
    user_id      bigint NOT NULL REFERENCES users (id),
    key          text   NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash text   NOT NULL,
    -- the first answer, stored once it is complete; NULL while it is being written (or when the
    -- server died between the commit and storing it)
    response     bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
