-- +goose Up
-- Summaries behind the pivot (stats, targetAttainment, 附表1) and the units list's totals, kept in
-- the same transaction as every change to units, incidents, inspections and hazards, so that a
-- province-sized pivot reads a few thousand cells instead of every unit and event of the year.
--
-- Three families, each a view (what a unit contributes, computed from the tables), a ledger (what
-- each unit contributed when it was last refreshed) and cells (the ledger summed by county,
-- sector, category; the pivot reads these, or the ledgers when it groups by town):
--   units   stat_unit_contrib / stat_unit_ledger / stat_unit_cells: units by enrolment span;
--   events  stat_event_contrib / stat_event_ledger / stat_event_cells: incidents, harm,
--           inspections, hazards found / still open / open and major, by year and month;
--   closes  stat_close_contrib / stat_close_ledger / stat_close_cells: hazards closed by the days
--           they took, by year and month (a histogram: medians do not add up, counts do).
-- Month 0 holds a year's totals, so a pivot without months reads a twelfth of the rows.
--
-- How they stay right: when a statement changes units, incidents, inspections or hazards, a
-- statement-level trigger refreshes the units it touched (stat_refresh_units): it locks them,
-- subtracts their ledger rows from the cells, recomputes their contribution and adds that. The
-- refresh is idempotent, so the order of triggers and repeated units do not matter; the lock (FOR
-- NO KEY UPDATE, which foreign-key checks do not wait for) makes concurrent refreshes of one unit
-- take turns, each seeing what the other committed (READ COMMITTED, the application's level).
-- stat_rebuild() recomputes everything; the view stat_drift lists every row where the summaries
-- and a from-scratch computation disagree, which the tests expect to be empty.
--
-- Not summarised: overdue hazards (they depend on today; the open ones past their deadline are
-- few and have an index).

-- The default units page (active units by name, all or by county) walks these instead of sorting.
CREATE INDEX units_active_name_idx ON units (name, id) WHERE archived_on IS NULL;
CREATE INDEX units_active_county_name_idx ON units (county_code, name, id) WHERE archived_on IS NULL;

-- One row per unit: the attributes the pivot groups and filters by, and the years it is counted
-- in (enrolled_year through archived_year; 9999 while it is not archived).
CREATE VIEW stat_unit_contrib AS
SELECT id AS unit_id, county_code, town_code, sector_number, category_code,
       extract(year FROM enrolled_on)::int AS enrolled_year,
       coalesce(extract(year FROM archived_on)::int, 9999) AS archived_year
FROM units;

-- One row per unit, year and month with events, for the years the unit is counted in: incidents
-- (by occurred_year and the month in China Standard Time, as the veto counts them), their harm,
-- inspections, hazards by the month found (with those still open, and open and major), and
-- first_incident_units = 1 in the month of the unit's first incident of the year (a month's
-- zero-accident count is the year's units less the running sum of it). The incidents are read
-- twice rather than through a CTE, and the year's totals (month 0, stat_event_contrib) are a
-- plain GROUP BY rather than GROUPING SETS, so that a filter on unit_id reaches the tables'
-- indexes: a refresh reads one unit's rows, not the year's.
CREATE VIEW stat_event_monthly AS
SELECT e.unit_id, e.year, e.month, u.county_code, u.town_code, u.sector_number, u.category_code,
       sum(e.incidents)::int AS incidents, sum(e.deaths)::int AS deaths, sum(e.serious)::int AS serious,
       sum(e.loss)::numeric(16, 2) AS loss, sum(e.inspections)::int AS inspections,
       sum(e.first_incident_units)::int AS first_incident_units,
       sum(e.found)::int AS found, sum(e.open)::int AS open, sum(e.open_major)::int AS open_major
FROM (
    SELECT i.unit_id, i.occurred_year AS year, extract(month FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS month,
           count(*) AS incidents, sum(i.deaths) AS deaths, sum(i.serious_injuries) AS serious, sum(i.direct_loss_wan) AS loss,
           0 AS inspections, 0 AS first_incident_units, 0 AS found, 0 AS open, 0 AS open_major
    FROM incidents i GROUP BY 1, 2, 3
    UNION ALL
    SELECT i.unit_id, i.occurred_year, min(extract(month FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai')::int), 0, 0, 0, 0, 0, 1, 0, 0, 0
    FROM incidents i GROUP BY 1, 2
    UNION ALL
    SELECT s.unit_id, extract(year FROM s.inspected_on)::int, extract(month FROM s.inspected_on)::int, 0, 0, 0, 0, count(*), 0, 0, 0, 0
    FROM inspections s GROUP BY 1, 2, 3
    UNION ALL
    SELECT h.unit_id, extract(year FROM h.found_on)::int, extract(month FROM h.found_on)::int, 0, 0, 0, 0, 0, 0, count(*),
           count(*) FILTER (WHERE h.state <> 'CLOSED'), count(*) FILTER (WHERE h.state <> 'CLOSED' AND h.level = 'MAJOR')
    FROM hazards h GROUP BY 1, 2, 3
) e
JOIN stat_unit_contrib u ON u.unit_id = e.unit_id AND e.year BETWEEN u.enrolled_year AND u.archived_year
GROUP BY e.unit_id, e.year, e.month, u.county_code, u.town_code, u.sector_number, u.category_code;

CREATE VIEW stat_event_contrib AS
SELECT * FROM stat_event_monthly
UNION ALL
SELECT unit_id, year, 0, county_code, town_code, sector_number, category_code, sum(incidents)::int, sum(deaths)::int,
       sum(serious)::int, sum(loss)::numeric(16, 2), sum(inspections)::int, sum(first_incident_units)::int,
       sum(found)::int, sum(open)::int, sum(open_major)::int
FROM stat_event_monthly GROUP BY unit_id, year, county_code, town_code, sector_number, category_code;

-- One row per unit, year, month (0: the year) and days from finding to closing, of the hazards
-- closed in that month, for the years the unit is counted in.
CREATE VIEW stat_close_monthly AS
SELECT h.unit_id, h.year, h.month, u.county_code, u.town_code, u.sector_number, u.category_code, h.days, count(*)::int AS n
FROM (SELECT unit_id, extract(year FROM closed_on)::int AS year, extract(month FROM closed_on)::int AS month,
             closed_on - found_on AS days
      FROM hazards WHERE closed_on IS NOT NULL) h
JOIN stat_unit_contrib u ON u.unit_id = h.unit_id AND h.year BETWEEN u.enrolled_year AND u.archived_year
GROUP BY h.unit_id, h.year, h.month, u.county_code, u.town_code, u.sector_number, u.category_code, h.days;

CREATE VIEW stat_close_contrib AS
SELECT * FROM stat_close_monthly
UNION ALL
SELECT unit_id, year, 0, county_code, town_code, sector_number, category_code, days, sum(n)::int
FROM stat_close_monthly GROUP BY unit_id, year, county_code, town_code, sector_number, category_code, days;

CREATE TABLE stat_unit_ledger (
    unit_id       bigint PRIMARY KEY,
    county_code   text     NOT NULL,
    town_code     text     NOT NULL,
    sector_number smallint NOT NULL,
    category_code text     NOT NULL,
    enrolled_year int      NOT NULL,
    archived_year int      NOT NULL
);

CREATE TABLE stat_event_ledger (
    unit_id              bigint   NOT NULL,
    year                 int      NOT NULL,
    month                int      NOT NULL,
    county_code          text     NOT NULL,
    town_code            text     NOT NULL,
    sector_number        smallint NOT NULL,
    category_code        text     NOT NULL,
    incidents            int      NOT NULL,
    deaths               int      NOT NULL,
    serious              int      NOT NULL,
    loss                 numeric(16, 2) NOT NULL,
    inspections          int      NOT NULL,
    first_incident_units int      NOT NULL,
    found                int      NOT NULL,
    open                 int      NOT NULL,
    open_major           int      NOT NULL,
    PRIMARY KEY (unit_id, year, month)
);

CREATE TABLE stat_close_ledger (
    unit_id       bigint   NOT NULL,
    year          int      NOT NULL,
    month         int      NOT NULL,
    county_code   text     NOT NULL,
    town_code     text     NOT NULL,
    sector_number smallint NOT NULL,
    category_code text     NOT NULL,
    days          int      NOT NULL,
    n             int      NOT NULL,
    PRIMARY KEY (unit_id, year, month, days)
);

-- Cells that drop to zero stay (a later change may fill them again); readers skip them. No CHECK
-- (units >= 0): PostgreSQL checks the proposed row of an upsert, a negative delta, before it
-- merges it into the existing one.
CREATE TABLE stat_unit_cells (
    county_code   text     NOT NULL,
    sector_number smallint NOT NULL,
    category_code text     NOT NULL,
    enrolled_year int      NOT NULL,
    archived_year int      NOT NULL,
    units         int      NOT NULL,
    PRIMARY KEY (county_code, sector_number, category_code, enrolled_year, archived_year)
);

CREATE TABLE stat_event_cells (
    year                 int      NOT NULL,
    month                int      NOT NULL,
    county_code          text     NOT NULL,
    sector_number        smallint NOT NULL,
    category_code        text     NOT NULL,
    incidents            int      NOT NULL,
    deaths               int      NOT NULL,
    serious              int      NOT NULL,
    loss                 numeric(16, 2) NOT NULL,
    inspections          int      NOT NULL,
    first_incident_units int      NOT NULL,
    found                int      NOT NULL,
    open                 int      NOT NULL,
    open_major           int      NOT NULL,
    PRIMARY KEY (year, month, county_code, sector_number, category_code)
);

CREATE TABLE stat_close_cells (
    year          int      NOT NULL,
    month         int      NOT NULL,
    county_code   text     NOT NULL,
    sector_number smallint NOT NULL,
    category_code text     NOT NULL,
    days          int      NOT NULL,
    n             int      NOT NULL,
    PRIMARY KEY (year, month, county_code, sector_number, category_code, days)
);

-- +goose StatementBegin
CREATE FUNCTION stat_refresh_units(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
-- "found" is a column here, not PL/pgSQL's FOUND
#variable_conflict use_column
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- in id order, so two transactions refreshing overlapping sets cannot wait for each other
    PERFORM 1 FROM units WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;

    WITH gone AS (
        DELETE FROM stat_unit_ledger WHERE unit_id = ANY (ids) RETURNING *
    ), delta AS (
        SELECT county_code, sector_number, category_code, enrolled_year, archived_year, sum(n)::int AS n
        FROM (SELECT county_code, sector_number, category_code, enrolled_year, archived_year, -1 AS n FROM gone
              UNION ALL
              SELECT county_code, sector_number, category_code, enrolled_year, archived_year, 1
              FROM stat_unit_contrib WHERE unit_id = ANY (ids)) d
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(n) <> 0
    )
    INSERT INTO stat_unit_cells AS c (county_code, sector_number, category_code, enrolled_year, archived_year, units)
    SELECT * FROM delta ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (county_code, sector_number, category_code, enrolled_year, archived_year)
        DO UPDATE SET units = c.units + excluded.units;
    INSERT INTO stat_unit_ledger SELECT * FROM stat_unit_contrib WHERE unit_id = ANY (ids);

    WITH gone AS (
        DELETE FROM stat_event_ledger WHERE unit_id = ANY (ids) RETURNING *
    ), delta AS (
        SELECT year, month, county_code, sector_number, category_code,
               sum(incidents)::int AS incidents, sum(deaths)::int AS deaths, sum(serious)::int AS serious,
               sum(loss) AS loss, sum(inspections)::int AS inspections, sum(first_incident_units)::int AS first_incident_units,
               sum(found)::int AS found, sum(open)::int AS open, sum(open_major)::int AS open_major
        FROM (SELECT year, month, county_code, sector_number, category_code,
                     -incidents AS incidents, -deaths AS deaths, -serious AS serious, -loss AS loss,
                     -inspections AS inspections, -first_incident_units AS first_incident_units,
                     -found AS found, -open AS open, -open_major AS open_major
              FROM gone
              UNION ALL
              SELECT year, month, county_code, sector_number, category_code,
                     incidents, deaths, serious, loss, inspections, first_incident_units, found, open, open_major
              FROM stat_event_contrib WHERE unit_id = ANY (ids)) d
        GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO stat_event_cells AS c (year, month, county_code, sector_number, category_code, incidents, deaths,
                                       serious, loss, inspections, first_incident_units, found, open, open_major)
    SELECT * FROM delta
    WHERE (incidents, deaths, serious, loss, inspections, first_incident_units, found, open, open_major)
          <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (year, month, county_code, sector_number, category_code) DO UPDATE SET
        incidents = c.incidents + excluded.incidents, deaths = c.deaths + excluded.deaths,
        serious = c.serious + excluded.serious, loss = c.loss + excluded.loss,
        inspections = c.inspections + excluded.inspections,
        first_incident_units = c.first_incident_units + excluded.first_incident_units,
        found = c.found + excluded.found, open = c.open + excluded.open, open_major = c.open_major + excluded.open_major;
    INSERT INTO stat_event_ledger SELECT * FROM stat_event_contrib WHERE unit_id = ANY (ids);

    WITH gone AS (
        DELETE FROM stat_close_ledger WHERE unit_id = ANY (ids) RETURNING *
    ), delta AS (
        SELECT year, month, county_code, sector_number, category_code, days, sum(n)::int AS n
        FROM (SELECT year, month, county_code, sector_number, category_code, days, -n AS n FROM gone
              UNION ALL
              SELECT year, month, county_code, sector_number, category_code, days, n
              FROM stat_close_contrib WHERE unit_id = ANY (ids)) d
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(n) <> 0
    )
    INSERT INTO stat_close_cells AS c (year, month, county_code, sector_number, category_code, days, n)
    SELECT * FROM delta ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (year, month, county_code, sector_number, category_code, days) DO UPDATE SET n = c.n + excluded.n;
    INSERT INTO stat_close_ledger SELECT * FROM stat_close_contrib WHERE unit_id = ANY (ids);
END
$$;
-- +goose StatementEnd

-- stat_rebuild recomputes the ledgers and cells from the tables: after a bulk load that set
-- zeroaccident.stat_deferred (below), or to repair drift.
-- +goose StatementBegin
CREATE FUNCTION stat_rebuild() RETURNS void LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    TRUNCATE stat_unit_ledger, stat_event_ledger, stat_close_ledger, stat_unit_cells, stat_event_cells, stat_close_cells;
    INSERT INTO stat_unit_ledger SELECT * FROM stat_unit_contrib;
    INSERT INTO stat_event_ledger SELECT * FROM stat_event_contrib;
    INSERT INTO stat_close_ledger SELECT * FROM stat_close_contrib;
    INSERT INTO stat_unit_cells
    SELECT county_code, sector_number, category_code, enrolled_year, archived_year, count(*)
    FROM stat_unit_ledger GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
    INSERT INTO stat_event_cells
    SELECT year, month, county_code, sector_number, category_code, sum(incidents), sum(deaths), sum(serious), sum(loss),
           sum(inspections), sum(first_incident_units), sum(found), sum(open), sum(open_major)
    FROM stat_event_ledger GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
    INSERT INTO stat_close_cells
    SELECT year, month, county_code, sector_number, category_code, days, sum(n)
    FROM stat_close_ledger GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6;
    ANALYZE stat_unit_ledger, stat_event_ledger, stat_close_ledger, stat_unit_cells, stat_event_cells, stat_close_cells;
END
$$;
-- +goose StatementEnd

-- Every row where the summaries differ from a from-scratch computation (zero cells ignored).
CREATE VIEW stat_drift AS
WITH unit_fresh AS (
    SELECT county_code, sector_number, category_code, enrolled_year, archived_year, count(*)::int AS units
    FROM stat_unit_contrib GROUP BY 1, 2, 3, 4, 5
), event_fresh AS (
    SELECT year, month, county_code, sector_number, category_code, sum(incidents)::int AS incidents,
           sum(deaths)::int AS deaths, sum(serious)::int AS serious, sum(loss) AS loss,
           sum(inspections)::int AS inspections, sum(first_incident_units)::int AS first_incident_units,
           sum(found)::int AS found, sum(open)::int AS open, sum(open_major)::int AS open_major
    FROM stat_event_contrib GROUP BY 1, 2, 3, 4, 5
), close_fresh AS (
    SELECT year, month, county_code, sector_number, category_code, days, sum(n)::int AS n
    FROM stat_close_contrib GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT 'stat_unit_cells' AS summary, to_jsonb(f) AS fresh, to_jsonb(c) AS kept
FROM unit_fresh f
FULL JOIN (SELECT * FROM stat_unit_cells WHERE units <> 0) c
    USING (county_code, sector_number, category_code, enrolled_year, archived_year)
WHERE f.units IS DISTINCT FROM c.units
UNION ALL
SELECT 'stat_event_cells', to_jsonb(f), to_jsonb(c)
FROM event_fresh f
FULL JOIN (SELECT * FROM stat_event_cells
           WHERE (incidents, deaths, serious, loss, inspections, first_incident_units, found, open, open_major)
                 <> (0, 0, 0, 0, 0, 0, 0, 0, 0)) c
    USING (year, month, county_code, sector_number, category_code)
WHERE (f.incidents, f.deaths, f.serious, f.loss, f.inspections, f.first_incident_units, f.found, f.open, f.open_major)
      IS DISTINCT FROM (c.incidents, c.deaths, c.serious, c.loss, c.inspections, c.first_incident_units, c.found, c.open, c.open_major)
UNION ALL
SELECT 'stat_close_cells', to_jsonb(f), to_jsonb(c)
FROM close_fresh f
FULL JOIN (SELECT * FROM stat_close_cells WHERE n <> 0) c
    USING (year, month, county_code, sector_number, category_code, days)
WHERE f.n IS DISTINCT FROM c.n
UNION ALL
SELECT 'stat_unit_ledger', to_jsonb(f), to_jsonb(l)
FROM stat_unit_contrib f FULL JOIN stat_unit_ledger l USING (unit_id)
WHERE to_jsonb(f) IS DISTINCT FROM to_jsonb(l)
UNION ALL
SELECT 'stat_event_ledger', to_jsonb(f), to_jsonb(l)
FROM stat_event_contrib f FULL JOIN stat_event_ledger l USING (unit_id, year, month)
WHERE to_jsonb(f) IS DISTINCT FROM to_jsonb(l)
UNION ALL
SELECT 'stat_close_ledger', to_jsonb(f), to_jsonb(l)
FROM stat_close_contrib f FULL JOIN stat_close_ledger l USING (unit_id, year, month, days)
WHERE to_jsonb(f) IS DISTINCT FROM to_jsonb(l);

-- Statement-level triggers: one refresh per statement, however many rows it wrote (an import's
-- COPY, say). A bulk load may set zeroaccident.stat_deferred = 'on' for its transaction and call
-- stat_rebuild() before it commits instead.
-- +goose StatementBegin
CREATE FUNCTION stat_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('zeroaccident.stat_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM stat_refresh_units(ARRAY(SELECT id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM stat_refresh_units(ARRAY(SELECT id FROM old_rows));
    ELSE
        -- most updates (a name, a phone, the version) leave the summaries as they are
        PERFORM stat_refresh_units(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.county_code, n.town_code, n.sector_number, n.category_code, n.enrolled_on, n.archived_on)
                  IS DISTINCT FROM (o.county_code, o.town_code, o.sector_number, o.category_code, o.enrolled_on, o.archived_on)));
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION stat_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('zeroaccident.stat_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM stat_refresh_units(ARRAY(SELECT DISTINCT unit_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM stat_refresh_units(ARRAY(SELECT DISTINCT unit_id FROM old_rows));
    ELSE
        PERFORM stat_refresh_units(ARRAY(SELECT unit_id FROM new_rows UNION SELECT unit_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER units_stat_insert AFTER INSERT ON units REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_units_changed();
CREATE TRIGGER units_stat_update AFTER UPDATE ON units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_units_changed();
CREATE TRIGGER units_stat_delete AFTER DELETE ON units REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_units_changed();
CREATE TRIGGER incidents_stat_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER incidents_stat_update AFTER UPDATE ON incidents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER incidents_stat_delete AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER inspections_stat_insert AFTER INSERT ON inspections REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER inspections_stat_update AFTER UPDATE ON inspections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER inspections_stat_delete AFTER DELETE ON inspections REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER hazards_stat_insert AFTER INSERT ON hazards REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER hazards_stat_update AFTER UPDATE ON hazards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();
CREATE TRIGGER hazards_stat_delete AFTER DELETE ON hazards REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_events_changed();

SELECT stat_rebuild();

-- +goose Down
DROP TRIGGER hazards_stat_delete ON hazards;
DROP TRIGGER hazards_stat_update ON hazards;
DROP TRIGGER hazards_stat_insert ON hazards;
DROP TRIGGER inspections_stat_delete ON inspections;
DROP TRIGGER inspections_stat_update ON inspections;
DROP TRIGGER inspections_stat_insert ON inspections;
DROP TRIGGER incidents_stat_delete ON incidents;
DROP TRIGGER incidents_stat_update ON incidents;
DROP TRIGGER incidents_stat_insert ON incidents;
DROP TRIGGER units_stat_delete ON units;
DROP TRIGGER units_stat_update ON units;
DROP TRIGGER units_stat_insert ON units;
DROP FUNCTION stat_events_changed();
DROP FUNCTION stat_units_changed();
DROP VIEW stat_drift;
DROP FUNCTION stat_rebuild();
DROP FUNCTION stat_refresh_units(bigint[]);
DROP TABLE stat_close_cells;
DROP TABLE stat_event_cells;
DROP TABLE stat_unit_cells;
DROP TABLE stat_close_ledger;
DROP TABLE stat_event_ledger;
DROP TABLE stat_unit_ledger;
DROP VIEW stat_close_contrib;
DROP VIEW stat_close_monthly;
DROP VIEW stat_event_contrib;
DROP VIEW stat_event_monthly;
DROP VIEW stat_unit_contrib;
DROP INDEX units_active_county_name_idx;
DROP INDEX units_active_name_idx;
