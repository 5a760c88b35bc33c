-- +goose Up
-- Users, their refresh tokens, failed logins (for the lock-out) and the append-only audit log.
CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    username        text NOT NULL CHECK (username ~ '^[a-z][a-z0-9_.-]{2,63}$'),
    display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    password_hash   text NOT NULL,
    role            text NOT NULL CHECK (role IN ('CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST')),
    county_code     text REFERENCES counties (code),
    department_code text REFERENCES departments (code),
    active          boolean NOT NULL DEFAULT true,
    -- bumped to invalidate every access token of the user at once (password change, deactivation)
    token_version   int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         int NOT NULL DEFAULT 1 CHECK (version > 0),
    -- the scope matches the role: a county for county admins, a department for department users, none otherwise
    CHECK ((role = 'COUNTY_ADMIN') = (county_code IS NOT NULL)),
    CHECK ((role = 'DEPARTMENT_USER') = (department_code IS NOT NULL))
);
CREATE UNIQUE INDEX users_username_idx ON users (username);

CREATE TABLE refresh_tokens (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    -- every rotation stays in its login's family, so reuse of an old token can revoke the whole family
    family_id  uuid   NOT NULL,
    token_hash bytea  NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- Keyed by the name typed, not by user id, so unknown names behave exactly like known ones.
CREATE TABLE login_failures (
    id        bigserial PRIMARY KEY,
    username  text NOT NULL,
    client_ip text NOT NULL DEFAULT '',
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_at_idx ON login_failures (username, at DESC);

CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       bigint REFERENCES users (id),
    actor_username text NOT NULL,
    actor_role     text NOT NULL DEFAULT '',
    action         text NOT NULL CHECK (action ~ '^[a-zA-Z]+$'),
    entity         text NOT NULL,
    entity_id      text NOT NULL DEFAULT '',
    -- county of the changed row, so county admins can read their own county's history
    county_code    text,
    before         jsonb,
    after          jsonb,
    request_id     text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE users;
