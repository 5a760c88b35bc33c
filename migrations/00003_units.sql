-- +goose Up
-- The register of units (创建单位) and their safety officers (安全员).
CREATE TABLE units (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
    category_code   text NOT NULL REFERENCES unit_categories (code),
    sector_number   smallint NOT NULL REFERENCES sectors (number),
    county_code     text NOT NULL REFERENCES counties (code),
    town_code       text NOT NULL,
    -- the GB/T 2260 village code for villages and communities taken from the division list
    division_code   text UNIQUE CHECK (division_code ~ '^[0-9]{12}$'),
    address         text NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    longitude       numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    latitude        numeric(8, 6) CHECK (latitude BETWEEN -90 AND 90),
    -- 统一社会信用代码 (GB 32100-2015); the check character is verified by the application
    credit_code     text CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
    principal_name  text NOT NULL DEFAULT '' CHECK (length(principal_name) <= 50),
    principal_phone text NOT NULL DEFAULT '' CHECK (principal_phone = '' OR principal_phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})$'),
    city_level      boolean NOT NULL DEFAULT false,
    enrolled_on     date NOT NULL,
    archived_on     date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         int NOT NULL DEFAULT 1 CHECK (version > 0),
    FOREIGN KEY (town_code, county_code) REFERENCES towns (code, county_code),
    CHECK (archived_on IS NULL OR archived_on >= enrolled_on),
    CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE UNIQUE INDEX units_active_credit_code_idx ON units (credit_code) WHERE credit_code IS NOT NULL AND archived_on IS NULL;
CREATE INDEX units_county_idx ON units (county_code, id);
CREATE INDEX units_town_idx ON units (town_code, id);
CREATE INDEX units_sector_idx ON units (sector_number, county_code, id);
CREATE INDEX units_category_idx ON units (category_code, county_code);
CREATE INDEX units_name_trgm_idx ON units USING gin (name gin_trgm_ops);
CREATE INDEX units_address_trgm_idx ON units USING gin (address gin_trgm_ops);
CREATE INDEX units_credit_code_trgm_idx ON units USING gin (credit_code gin_trgm_ops);

CREATE TABLE safety_officers (
    id          bigserial PRIMARY KEY,
    unit_id     bigint NOT NULL REFERENCES units (id),
    county_code text   NOT NULL REFERENCES counties (code),
    name        text   NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    phone       text   NOT NULL CHECK (phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})$'),
    full_time   boolean NOT NULL,
    position    smallint NOT NULL DEFAULT 0 CHECK (position >= 0)
);
CREATE INDEX safety_officers_unit_idx ON safety_officers (unit_id, position);

-- 黑名单: serious violators, with who decided and, once lifted, why.
CREATE TABLE blacklist_entries (
    id              bigserial PRIMARY KEY,
    unit_id         bigint NOT NULL REFERENCES units (id),
    county_code     text   NOT NULL REFERENCES counties (code),
    reason          text   NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
    listed_on       date   NOT NULL,
    decided_by      bigint REFERENCES users (id),
    decided_by_name text   NOT NULL,
    removed_on      date,
    removed_reason  text,
    removed_by      bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         int NOT NULL DEFAULT 1 CHECK (version > 0),
    CHECK ((removed_on IS NULL) = (removed_reason IS NULL)),
    CHECK (removed_on IS NULL OR removed_on >= listed_on)
);
CREATE INDEX blacklist_entries_unit_idx ON blacklist_entries (unit_id);
-- a unit is on the list at most once at a time
CREATE UNIQUE INDEX blacklist_entries_active_idx ON blacklist_entries (unit_id) WHERE removed_on IS NULL;

-- +goose Down
DROP TABLE blacklist_entries;
DROP TABLE safety_officers;
DROP TABLE units;
