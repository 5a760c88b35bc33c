-- +goose Up
-- 附表2 liaisons and analysts' saved queries.
CREATE TABLE liaisons (
    id              bigserial PRIMARY KEY,
    county_code     text REFERENCES counties (code),
    department_code text REFERENCES departments (code),
    -- 分管负责人 (leader in charge) or 具体责任人 (person responsible)
    role            text NOT NULL CHECK (role IN ('LEADER', 'CONTACT')),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    post            text NOT NULL DEFAULT '' CHECK (length(post) <= 100),
    office_phone    text NOT NULL DEFAULT '',
    mobile          text NOT NULL DEFAULT '',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         int NOT NULL DEFAULT 1 CHECK (version > 0),
    CHECK ((county_code IS NULL) <> (department_code IS NULL))
);
CREATE UNIQUE INDEX liaisons_owner_role_idx ON liaisons (coalesce(county_code, ''), coalesce(department_code, ''), role);

CREATE TABLE saved_queries (
    id         bigserial PRIMARY KEY,
    owner_id   bigint NOT NULL REFERENCES users (id),
    name       text   NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    query      text   NOT NULL CHECK (length(query) BETWEEN 1 AND 20000),
    variables  jsonb  NOT NULL DEFAULT '{}'::jsonb,
    shared     boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    int NOT NULL DEFAULT 1 CHECK (version > 0),
    UNIQUE (owner_id, name)
);

-- +goose Down
DROP TABLE saved_queries;
DROP TABLE liaisons;
