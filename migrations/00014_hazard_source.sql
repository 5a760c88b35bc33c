-- +goose Up
-- Where a hazard comes from (issue 12, point 4): every inspection has one of the kinds the national
-- campaigns count (自查 vs 检查), and every hazard keeps its source, who found it and which of the
-- 10 creation standards failed.
--
-- Today's six kinds are already among the nine and keep their names (SELF_CHECK 自查, DEPARTMENT
-- 部门检查, COUNTY 县级检查, SUPERVISION 督导, UNANNOUNCED 明查暗访, EXPERT 专家会诊); the new ones
-- are GRID_PATROL 网格巡查, TOWN 乡镇检查 and PUBLIC_REPORT 群众举报.
ALTER TABLE inspections DROP CONSTRAINT inspections_kind_check;
ALTER TABLE inspections ADD CONSTRAINT inspections_kind_check CHECK (kind IN ('SELF_CHECK', 'GRID_PATROL', 'TOWN', 'COUNTY',
    'DEPARTMENT', 'SUPERVISION', 'UNANNOUNCED', 'EXPERT', 'PUBLIC_REPORT'));

-- the new columns do not change what the summaries of 00006 hold: skip their triggers
SELECT set_config('zeroaccident.stat_deferred', 'on', true);
ALTER TABLE hazards
    ADD COLUMN source        text DEFAULT 'COUNTY',
    ADD COLUMN found_by      bigint REFERENCES users (id),
    ADD COLUMN standard_code text REFERENCES creation_standards (code);
UPDATE hazards h SET source = i.kind, found_by = i.inspector_id FROM inspections i WHERE i.id = h.inspection_id;
-- a hazard recorded without an inspection was typed in by a county office
UPDATE hazards SET source = 'COUNTY' WHERE source IS NULL;
-- the one failed standard of its inspection, where there was exactly one
UPDATE hazards h SET standard_code = r.standard_code
FROM (SELECT inspection_id, min(standard_code) AS standard_code FROM inspection_results
      WHERE result = 'NOT_MET' GROUP BY inspection_id HAVING count(*) = 1) r
WHERE r.inspection_id = h.inspection_id;
ALTER TABLE hazards ALTER COLUMN source SET NOT NULL;
ALTER TABLE hazards ADD CONSTRAINT hazards_source_check CHECK (source IN ('SELF_CHECK', 'GRID_PATROL', 'TOWN', 'COUNTY',
    'DEPARTMENT', 'SUPERVISION', 'UNANNOUNCED', 'EXPERT', 'PUBLIC_REPORT'));
SELECT set_config('zeroaccident.stat_deferred', 'off', true);

-- +goose Down
ALTER TABLE hazards DROP COLUMN standard_code, DROP COLUMN found_by, DROP COLUMN source;
-- the kinds 00004 did not know become the nearest it did
UPDATE inspections SET kind = CASE kind WHEN 'GRID_PATROL' THEN 'SELF_CHECK' ELSE 'COUNTY' END
WHERE kind IN ('GRID_PATROL', 'TOWN', 'PUBLIC_REPORT');
ALTER TABLE inspections DROP CONSTRAINT inspections_kind_check;
ALTER TABLE inspections ADD CONSTRAINT inspections_kind_check CHECK (kind IN ('SELF_CHECK', 'DEPARTMENT', 'COUNTY', 'SUPERVISION', 'UNANNOUNCED', 'EXPERT'));
