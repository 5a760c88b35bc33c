-- +goose Up
-- The rows a unit owns keep a copy of its county (incidents also of its sector) because the
-- lists' scopes filter on it with an index. When a unit moves to another county or sector, the
-- copies follow in the same statement, so no scope ever reads a row where its unit no longer is:
-- the old county loses the unit's inspections, hazards, incidents, officers, blacklist entries and
-- certifications with the unit, the new county gains them. The statistics were already counted
-- by the unit's current place (stat_*_contrib join units), so a past event counts for the county
-- and sector the unit is in now (docs/data.md). The audit log keeps the county of the time: it is
-- what happened.

-- copies made before this migration that a move left behind
UPDATE inspections e SET county_code = u.county_code FROM units u WHERE u.id = e.unit_id AND e.county_code <> u.county_code;
UPDATE inspection_results r SET county_code = i.county_code FROM inspections i WHERE i.id = r.inspection_id AND r.county_code <> i.county_code;
UPDATE hazards e SET county_code = u.county_code FROM units u WHERE u.id = e.unit_id AND e.county_code <> u.county_code;
UPDATE hazard_transitions t SET county_code = h.county_code FROM hazards h WHERE h.id = t.hazard_id AND t.county_code <> h.county_code;
UPDATE incidents e SET county_code = u.county_code, sector_number = u.sector_number FROM units u
WHERE u.id = e.unit_id AND (e.county_code, e.sector_number) <> (u.county_code, u.sector_number);
UPDATE certifications e SET county_code = u.county_code FROM units u WHERE u.id = e.unit_id AND e.county_code <> u.county_code;
UPDATE safety_officers e SET county_code = u.county_code FROM units u WHERE u.id = e.unit_id AND e.county_code <> u.county_code;
UPDATE blacklist_entries e SET county_code = u.county_code FROM units u WHERE u.id = e.unit_id AND e.county_code <> u.county_code;

-- +goose StatementBegin
CREATE FUNCTION unit_owned_rows_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- most updates of a unit (its name, a phone, the version) move nothing
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE (n.county_code, n.sector_number) IS DISTINCT FROM (o.county_code, o.sector_number)) THEN
        RETURN NULL;
    END IF;
    UPDATE inspections e SET county_code = n.county_code FROM new_rows n
    WHERE e.unit_id = n.id AND e.county_code <> n.county_code;
    UPDATE inspection_results r SET county_code = i.county_code FROM inspections i JOIN new_rows n ON n.id = i.unit_id
    WHERE r.inspection_id = i.id AND r.county_code <> i.county_code;
    UPDATE hazards e SET county_code = n.county_code FROM new_rows n
    WHERE e.unit_id = n.id AND e.county_code <> n.county_code;
    UPDATE hazard_transitions t SET county_code = h.county_code FROM hazards h JOIN new_rows n ON n.id = h.unit_id
    WHERE t.hazard_id = h.id AND t.county_code <> h.county_code;
    UPDATE incidents e SET county_code = n.county_code, sector_number = n.sector_number FROM new_rows n
    WHERE e.unit_id = n.id AND (e.county_code, e.sector_number) <> (n.county_code, n.sector_number);
    UPDATE certifications e SET county_code = n.county_code FROM new_rows n
    WHERE e.unit_id = n.id AND e.county_code <> n.county_code;
    UPDATE safety_officers e SET county_code = n.county_code FROM new_rows n
    WHERE e.unit_id = n.id AND e.county_code <> n.county_code;
    UPDATE blacklist_entries e SET county_code = n.county_code FROM new_rows n
    WHERE e.unit_id = n.id AND e.county_code <> n.county_code;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Transition tables rule out a column list (UPDATE OF county_code, …): the function filters.
CREATE TRIGGER units_owned_rows_follow AFTER UPDATE ON units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unit_owned_rows_follow();

-- +goose Down
DROP TRIGGER units_owned_rows_follow ON units;
DROP FUNCTION unit_owned_rows_follow();
