-- +goose Up
-- The sheets of one-time initial passwords of a bulk account creation, kept until their creator
-- downloads them once or they expire. The sheet is sealed (AES-GCM) with a key derived from the
-- download token, which only the creator got and of which only a hash is kept: the database alone
-- never holds a readable password.
CREATE TABLE password_sheets (
    id         bigserial PRIMARY KEY,
    token_hash bytea  NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_by bigint NOT NULL REFERENCES users (id),
    sealed     bytea  NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX password_sheets_expires_idx ON password_sheets (expires_at);

-- +goose Down
DROP TABLE password_sheets;
