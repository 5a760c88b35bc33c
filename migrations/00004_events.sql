-- +goose Up
-- The campaign's working cycle: inspections, the hazard closed loop, incidents and certifications.
CREATE TABLE inspections (
    id                bigserial PRIMARY KEY,
    unit_id           bigint NOT NULL REFERENCES units (id),
    county_code       text   NOT NULL REFERENCES counties (code),
    inspected_on      date   NOT NULL,
    kind              text   NOT NULL CHECK (kind IN ('SELF_CHECK', 'DEPARTMENT', 'COUNTY', 'SUPERVISION', 'UNANNOUNCED', 'EXPERT')),
    inspector_id      bigint REFERENCES users (id),
    inspector_name    text   NOT NULL CHECK (length(inspector_name) BETWEEN 1 AND 100),
    inspecting_body   text   NOT NULL DEFAULT '',
    summary           text   NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    created_at        timestamptz NOT NULL DEFAULT now(),
    version           int NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX inspections_unit_idx ON inspections (unit_id, inspected_on DESC);
CREATE INDEX inspections_county_idx ON inspections (county_code, inspected_on);

CREATE TABLE inspection_results (
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    standard_code text   NOT NULL REFERENCES creation_standards (code),
    county_code   text   NOT NULL REFERENCES counties (code),
    result        text   NOT NULL CHECK (result IN ('MET', 'NOT_MET', 'NOT_APPLICABLE')),
    remark        text   NOT NULL DEFAULT '' CHECK (length(remark) <= 500),
    PRIMARY KEY (inspection_id, standard_code)
);

CREATE TABLE hazards (
    id                 bigserial PRIMARY KEY,
    unit_id            bigint NOT NULL REFERENCES units (id),
    county_code        text   NOT NULL REFERENCES counties (code),
    inspection_id      bigint REFERENCES inspections (id),
    level              text   NOT NULL CHECK (level IN ('GENERAL', 'MAJOR')),
    state              text   NOT NULL DEFAULT 'FOUND' CHECK (state IN ('FOUND', 'RECTIFYING', 'VERIFIED', 'CLOSED')),
    description        text   NOT NULL CHECK (length(description) BETWEEN 2 AND 2000),
    category           text   NOT NULL DEFAULT '',
    found_on           date   NOT NULL,
    deadline           date,
    responsible_person text,
    rectification_plan text,
    rectified_by       bigint REFERENCES users (id),
    verified_by        bigint REFERENCES users (id),
    closed_on          date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            int NOT NULL DEFAULT 1 CHECK (version > 0),
    CHECK (deadline IS NULL OR deadline >= found_on),
    -- a major hazard cannot leave FOUND without a plan, a responsible person and a deadline (限期整改)
    CHECK (level <> 'MAJOR' OR state = 'FOUND'
           OR (rectification_plan IS NOT NULL AND responsible_person IS NOT NULL AND deadline IS NOT NULL)),
    CHECK ((state = 'CLOSED') = (closed_on IS NOT NULL)),
    CHECK (verified_by IS NULL OR rectified_by IS NULL OR verified_by <> rectified_by)
);
CREATE INDEX hazards_unit_idx ON hazards (unit_id, state);
CREATE INDEX hazards_county_state_idx ON hazards (county_code, state, level);
CREATE INDEX hazards_open_deadline_idx ON hazards (deadline) WHERE state <> 'CLOSED';
CREATE INDEX hazards_inspection_idx ON hazards (inspection_id);

CREATE TABLE hazard_transitions (
    id          bigserial PRIMARY KEY,
    hazard_id   bigint NOT NULL REFERENCES hazards (id),
    county_code text   NOT NULL REFERENCES counties (code),
    from_state  text   CHECK (from_state IN ('FOUND', 'RECTIFYING', 'VERIFIED', 'CLOSED')),
    to_state    text   NOT NULL CHECK (to_state IN ('FOUND', 'RECTIFYING', 'VERIFIED', 'CLOSED')),
    reopened    boolean NOT NULL DEFAULT false,
    actor_id    bigint REFERENCES users (id),
    actor_name  text   NOT NULL,
    note        text   NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hazard_transitions_hazard_idx ON hazard_transitions (hazard_id, at);

CREATE TABLE incidents (
    id                bigserial PRIMARY KEY,
    unit_id           bigint NOT NULL REFERENCES units (id),
    county_code       text   NOT NULL REFERENCES counties (code),
    sector_number     smallint NOT NULL REFERENCES sectors (number),
    occurred_at       timestamptz NOT NULL,
    -- the calendar year in China Standard Time, which is what the veto (一票否决) counts by
    occurred_year     int NOT NULL CHECK (occurred_year BETWEEN 2000 AND 2100),
    kind              text   NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
    deaths            int    NOT NULL DEFAULT 0 CHECK (deaths >= 0),
    serious_injuries  int    NOT NULL DEFAULT 0 CHECK (serious_injuries >= 0),
    injuries          int    NOT NULL DEFAULT 0 CHECK (injuries >= 0),
    direct_loss_wan   numeric(14, 2) NOT NULL DEFAULT 0 CHECK (direct_loss_wan >= 0),
    severity          text   NOT NULL CHECK (severity IN ('GENERAL', 'LARGER', 'MAJOR', 'EXTRAORDINARY')),
    description       text   NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    reported_by       bigint REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           int NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX incidents_unit_year_idx ON incidents (unit_id, occurred_year);
CREATE INDEX incidents_county_year_idx ON incidents (county_code, occurred_year);

-- 认定: the responsible authority confirms a unit's zero-accident year.
CREATE TABLE certifications (
    id                bigserial PRIMARY KEY,
    unit_id           bigint NOT NULL REFERENCES units (id),
    county_code       text   NOT NULL REFERENCES counties (code),
    year              int    NOT NULL CHECK (year BETWEEN 2020 AND 2100),
    certified_by      bigint REFERENCES users (id),
    certified_by_name text   NOT NULL,
    certified_at      timestamptz NOT NULL DEFAULT now(),
    withdrawn_at      timestamptz,
    withdrawn_reason  text,
    CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
CREATE UNIQUE INDEX certifications_active_idx ON certifications (unit_id, year) WHERE withdrawn_at IS NULL;
CREATE INDEX certifications_county_year_idx ON certifications (county_code, year);

-- +goose Down
DROP TABLE certifications;
DROP TABLE incidents;
DROP TABLE hazard_transitions;
DROP TABLE hazards;
DROP TABLE inspection_results;
DROP TABLE inspections;
