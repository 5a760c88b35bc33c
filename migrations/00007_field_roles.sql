-- +goose Up
-- The field roles of issue 12: town safety offices (乡镇/街道安监站), grid workers (网格员) and the
-- units' own officers (主要负责人或安全员), with the grids (网格) that tie workers to units.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users DROP CONSTRAINT users_check1;
ALTER TABLE users
    ADD COLUMN town_code            text,
    ADD COLUMN unit_id              bigint REFERENCES units (id),
    ADD COLUMN is_principal         boolean NOT NULL DEFAULT false,
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    ADD COLUMN created_by           bigint REFERENCES users (id),
    ADD CONSTRAINT users_role_check CHECK (role IN ('CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST',
                                                    'TOWN_ADMIN', 'GRID_WORKER', 'UNIT_OFFICER')),
    -- a town always lies in the user's county
    ADD CONSTRAINT users_town_fk FOREIGN KEY (town_code, county_code) REFERENCES towns (code, county_code),
    -- the scope matches the role: every role below the city but the departments sits in a county,
    -- the field roles in a town, a unit officer at its unit
    ADD CONSTRAINT users_county_scope CHECK ((role IN ('COUNTY_ADMIN', 'TOWN_ADMIN', 'GRID_WORKER', 'UNIT_OFFICER')) = (county_code IS NOT NULL)),
    ADD CONSTRAINT users_department_scope CHECK ((role = 'DEPARTMENT_USER') = (department_code IS NOT NULL)),
    ADD CONSTRAINT users_town_scope CHECK ((role IN ('TOWN_ADMIN', 'GRID_WORKER', 'UNIT_OFFICER')) = (town_code IS NOT NULL)),
    ADD CONSTRAINT users_unit_scope CHECK ((role = 'UNIT_OFFICER') = (unit_id IS NOT NULL)),
    ADD CONSTRAINT users_principal_scope CHECK (NOT is_principal OR role = 'UNIT_OFFICER');
CREATE INDEX users_county_idx ON users (county_code, id) WHERE county_code IS NOT NULL;
CREATE INDEX users_town_idx ON users (town_code, id) WHERE town_code IS NOT NULL;
CREATE INDEX users_unit_idx ON users (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX users_search_trgm_idx ON users USING gin ((username || ' ' || display_name) gin_trgm_ops);

CREATE TABLE grids (
    id          bigserial PRIMARY KEY,
    county_code text NOT NULL REFERENCES counties (code),
    town_code   text NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     int NOT NULL DEFAULT 1 CHECK (version > 0),
    FOREIGN KEY (town_code, county_code) REFERENCES towns (code, county_code),
    UNIQUE (town_code, name)
);
CREATE INDEX grids_town_idx ON grids (town_code, id);
CREATE INDEX grids_county_idx ON grids (county_code, id);

-- a unit is in at most one grid: the column, not a link table, says so
ALTER TABLE units ADD COLUMN grid_id bigint REFERENCES grids (id) ON DELETE SET NULL;
CREATE INDEX units_grid_idx ON units (grid_id, id) WHERE grid_id IS NOT NULL;

CREATE TABLE grid_workers (
    grid_id bigint NOT NULL REFERENCES grids (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (grid_id, user_id)
);
CREATE INDEX grid_workers_user_idx ON grid_workers (user_id, grid_id);

-- +goose Down
DROP TABLE grid_workers;
ALTER TABLE units DROP COLUMN grid_id;
DROP TABLE grids;
DELETE FROM users WHERE role IN ('TOWN_ADMIN', 'GRID_WORKER', 'UNIT_OFFICER');
ALTER TABLE users
    DROP CONSTRAINT users_principal_scope,
    DROP CONSTRAINT users_unit_scope,
    DROP CONSTRAINT users_town_scope,
    DROP CONSTRAINT users_department_scope,
    DROP CONSTRAINT users_county_scope,
    DROP CONSTRAINT users_town_fk,
    DROP CONSTRAINT users_role_check,
    DROP COLUMN created_by,
    DROP COLUMN must_change_password,
    DROP COLUMN is_principal,
    DROP COLUMN unit_id,
    DROP COLUMN town_code,
    ADD CONSTRAINT users_role_check CHECK (role IN ('CITY_ADMIN', 'COUNTY_ADMIN', 'DEPARTMENT_USER', 'ANALYST')),
    ADD CONSTRAINT users_check CHECK ((role = 'COUNTY_ADMIN') = (county_code IS NOT NULL)),
    ADD CONSTRAINT users_check1 CHECK ((role = 'DEPARTMENT_USER') = (department_code IS NOT NULL));
