-- +goose Up
-- Reference data of the plan (朔安办发〔2020〕16号) and the GB/T 2260 divisions of Shuozhou.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE counties (
    code       text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 2 AND 50),
    -- synthetic counties of the province-sized benchmark set are flagged so reports can leave them out
    synthetic  boolean NOT NULL DEFAULT false
);

CREATE TABLE towns (
    code        text PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
    county_code text NOT NULL REFERENCES counties (code),
    name        text NOT NULL CHECK (length(name) BETWEEN 2 AND 50),
    CHECK (left(code, 6) = county_code),
    -- lets units reference (town, county) together, so a unit's town always lies in its county
    UNIQUE (code, county_code)
);
CREATE INDEX towns_county_idx ON towns (county_code);

CREATE TABLE departments (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,39}$'),
    name       text NOT NULL UNIQUE,
    note       text,
    sort_order int  NOT NULL
);

CREATE TABLE sectors (
    number smallint PRIMARY KEY CHECK (number BETWEEN 1 AND 99),
    name   text NOT NULL,
    note   text
);

CREATE TABLE sector_lead_departments (
    sector_number   smallint NOT NULL REFERENCES sectors (number),
    department_code text     NOT NULL REFERENCES departments (code),
    PRIMARY KEY (sector_number, department_code)
);
CREATE INDEX sector_lead_departments_department_idx ON sector_lead_departments (department_code);

CREATE TABLE unit_categories (
    code         text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
    name         text NOT NULL UNIQUE,
    target_group text NOT NULL CHECK (target_group IN ('village', 'enterprise')),
    sort_order   int  NOT NULL
);

CREATE TABLE targets (
    year       int PRIMARY KEY CHECK (year BETWEEN 2020 AND 2100),
    village    numeric(5, 4) NOT NULL CHECK (village BETWEEN 0 AND 1),
    enterprise numeric(5, 4) NOT NULL CHECK (enterprise BETWEEN 0 AND 1),
    version    int NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE creation_standards (
    code       text PRIMARY KEY CHECK (code ~ '^[0-9]+\.[0-9]+$'),
    group_name text NOT NULL,
    text       text NOT NULL,
    sort_order int  NOT NULL
);

-- A row with a year is a one-off date (the 2020 launch reports); a row without a year recurs every year.
CREATE TABLE reporting_deadlines (
    id    serial PRIMARY KEY,
    year  int CHECK (year BETWEEN 2020 AND 2100),
    month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
    day   smallint NOT NULL CHECK (day BETWEEN 1 AND 31),
    what  text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (year, month, day)
);

-- +goose Down
DROP TABLE reporting_deadlines;
DROP TABLE creation_standards;
DROP TABLE targets;
DROP TABLE unit_categories;
DROP TABLE sector_lead_departments;
DROP TABLE sectors;
DROP TABLE departments;
DROP TABLE towns;
DROP TABLE counties;
