-- +goose Up
-- The pivot's SOURCE dimension (自查 vs 检查, per inspection kind), exact and kept like the
-- summaries of 00006: a fourth family, by unit, year, month (0: the year) and source, of the
-- inspections (by their kind), the hazards found, still open, open and major (by the month found)
-- and the hazards closed (by the month closed). The refresh, the rebuild and the drift view of
-- 00006 are wrapped, not copied: each now also covers this family.
CREATE VIEW stat_source_monthly AS
SELECT e.unit_id, e.year, e.month, e.source, u.county_code, u.town_code, u.sector_number, u.category_code,
       sum(e.inspections)::int AS inspections, sum(e.found)::int AS found, sum(e.open)::int AS open,
       sum(e.open_major)::int AS open_major, sum(e.closed)::int AS closed
FROM (
    SELECT s.unit_id, extract(year FROM s.inspected_on)::int AS year, extract(month FROM s.inspected_on)::int AS month,
           s.kind AS source, count(*) AS inspections, 0 AS found, 0 AS open, 0 AS open_major, 0 AS closed
    FROM inspections s GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT h.unit_id, extract(year FROM h.found_on)::int, extract(month FROM h.found_on)::int, h.source, 0, count(*),
           count(*) FILTER (WHERE h.state <> 'CLOSED'), count(*) FILTER (WHERE h.state <> 'CLOSED' AND h.level = 'MAJOR'), 0
    FROM hazards h GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT h.unit_id, extract(year FROM h.closed_on)::int, extract(month FROM h.closed_on)::int, h.source, 0, 0, 0, 0, count(*)
    FROM hazards h WHERE h.closed_on IS NOT NULL GROUP BY 1, 2, 3, 4
) e
JOIN stat_unit_contrib u ON u.unit_id = e.unit_id AND e.year BETWEEN u.enrolled_year AND u.archived_year
GROUP BY e.unit_id, e.year, e.month, e.source, u.county_code, u.town_code, u.sector_number, u.category_code;

CREATE VIEW stat_source_contrib AS
SELECT * FROM stat_source_monthly
UNION ALL
SELECT unit_id, year, 0, source, county_code, town_code, sector_number, category_code, sum(inspections)::int,
       sum(found)::int, sum(open)::int, sum(open_major)::int, sum(closed)::int
FROM stat_source_monthly GROUP BY unit_id, year, source, county_code, town_code, sector_number, category_code;

CREATE TABLE stat_source_ledger (
    unit_id       bigint   NOT NULL,
    year          int      NOT NULL,
    month         int      NOT NULL,
    source        text     NOT NULL,
    county_code   text     NOT NULL,
    town_code     text     NOT NULL,
    sector_number smallint NOT NULL,
    category_code text     NOT NULL,
    inspections   int      NOT NULL,
    found         int      NOT NULL,
    open          int      NOT NULL,
    open_major    int      NOT NULL,
    closed        int      NOT NULL,
    PRIMARY KEY (unit_id, year, month, source)
);

CREATE TABLE stat_source_cells (
    year          int      NOT NULL,
    month         int      NOT NULL,
    source        text     NOT NULL,
    county_code   text     NOT NULL,
    sector_number smallint NOT NULL,
    category_code text     NOT NULL,
    inspections   int      NOT NULL,
    found         int      NOT NULL,
    open          int      NOT NULL,
    open_major    int      NOT NULL,
    closed        int      NOT NULL,
    PRIMARY KEY (year, month, source, county_code, sector_number, category_code)
);

ALTER FUNCTION stat_refresh_units(bigint[]) RENAME TO stat_refresh_units_00006;
ALTER FUNCTION stat_rebuild() RENAME TO stat_rebuild_00006;
ALTER VIEW stat_drift RENAME TO stat_drift_00006;

-- +goose StatementBegin
CREATE FUNCTION stat_refresh_units(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- locks the units (in id order) and refreshes the families of 00006
    PERFORM stat_refresh_units_00006(ids);
    WITH gone AS (
        DELETE FROM stat_source_ledger WHERE unit_id = ANY (ids) RETURNING *
    ), delta AS (
        SELECT year, month, source, county_code, sector_number, category_code, sum(inspections)::int AS inspections,
               sum(found)::int AS found, sum(open)::int AS open, sum(open_major)::int AS open_major, sum(closed)::int AS closed
        FROM (SELECT year, month, source, county_code, sector_number, category_code, -inspections AS inspections,
                     -found AS found, -open AS open, -open_major AS open_major, -closed AS closed
              FROM gone
              UNION ALL
              SELECT year, month, source, county_code, sector_number, category_code, inspections, found, open, open_major, closed
              FROM stat_source_contrib WHERE unit_id = ANY (ids)) d
        GROUP BY 1, 2, 3, 4, 5, 6
    )
    INSERT INTO stat_source_cells AS c (year, month, source, county_code, sector_number, category_code,
                                        inspections, found, open, open_major, closed)
    SELECT * FROM delta
    WHERE (inspections, found, open, open_major, closed) <> (0, 0, 0, 0, 0)
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (year, month, source, county_code, sector_number, category_code) DO UPDATE SET
        inspections = c.inspections + excluded.inspections, found = c.found + excluded.found,
        open = c.open + excluded.open, open_major = c.open_major + excluded.open_major, closed = c.closed + excluded.closed;
    INSERT INTO stat_source_ledger SELECT * FROM stat_source_contrib WHERE unit_id = ANY (ids);
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION stat_rebuild() RETURNS void LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    PERFORM stat_rebuild_00006();
    TRUNCATE stat_source_ledger, stat_source_cells;
    INSERT INTO stat_source_ledger SELECT * FROM stat_source_contrib;
    INSERT INTO stat_source_cells
    SELECT year, month, source, county_code, sector_number, category_code, sum(inspections), sum(found), sum(open),
           sum(open_major), sum(closed)
    FROM stat_source_ledger GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6;
    ANALYZE stat_source_ledger, stat_source_cells;
END
$$;
-- +goose StatementEnd

CREATE VIEW stat_drift AS
SELECT * FROM stat_drift_00006
UNION ALL
SELECT 'stat_source_cells', to_jsonb(f), to_jsonb(c)
FROM (SELECT year, month, source, county_code, sector_number, category_code, sum(inspections)::int AS inspections,
             sum(found)::int AS found, sum(open)::int AS open, sum(open_major)::int AS open_major, sum(closed)::int AS closed
      FROM stat_source_contrib GROUP BY 1, 2, 3, 4, 5, 6) f
FULL JOIN (SELECT * FROM stat_source_cells WHERE (inspections, found, open, open_major, closed) <> (0, 0, 0, 0, 0)) c
    USING (year, month, source, county_code, sector_number, category_code)
WHERE (f.inspections, f.found, f.open, f.open_major, f.closed)
      IS DISTINCT FROM (c.inspections, c.found, c.open, c.open_major, c.closed)
UNION ALL
SELECT 'stat_source_ledger', to_jsonb(f), to_jsonb(l)
FROM stat_source_contrib f FULL JOIN stat_source_ledger l USING (unit_id, year, month, source)
WHERE to_jsonb(f) IS DISTINCT FROM to_jsonb(l);

SELECT stat_rebuild();

-- +goose Down
DROP VIEW stat_drift;
DROP FUNCTION stat_rebuild();
DROP FUNCTION stat_refresh_units(bigint[]);
ALTER VIEW stat_drift_00006 RENAME TO stat_drift;
ALTER FUNCTION stat_rebuild_00006() RENAME TO stat_rebuild;
ALTER FUNCTION stat_refresh_units_00006(bigint[]) RENAME TO stat_refresh_units;
DROP TABLE stat_source_cells;
DROP TABLE stat_source_ledger;
DROP VIEW stat_source_contrib;
DROP VIEW stat_source_monthly;
