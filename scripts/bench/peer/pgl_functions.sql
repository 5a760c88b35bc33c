-- The units page's computed fields for PostGraphile, on the copy of the bench database only
-- (scripts/bench-peer.sh). Each mirrors what this server computes: the open hazards, the blacklist
-- and the incidents per year of server/postgres UnitStats, campaign.ZeroAccident, and Archived.
-- STABLE SQL functions taking a units row become fields of Unit in PostGraphile's Amber preset.

CREATE OR REPLACE FUNCTION units_open_hazard_count(u units) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM hazards h WHERE h.unit_id = u.id AND h.state <> 'CLOSED'
$$;

CREATE OR REPLACE FUNCTION units_incident_count(u units, year int) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM incidents i WHERE i.unit_id = u.id AND i.occurred_year = year
$$;

-- enrolled by the end of the year, not archived before it began, and no incident in it (一票否决)
CREATE OR REPLACE FUNCTION units_zero_accident(u units, year int) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT extract(year FROM u.enrolled_on) <= year
     AND (u.archived_on IS NULL OR extract(year FROM u.archived_on) >= year)
     AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.unit_id = u.id AND i.occurred_year = year)
$$;

CREATE OR REPLACE FUNCTION units_blacklisted(u units) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM blacklist_entries b WHERE b.unit_id = u.id AND b.removed_on IS NULL)
$$;

CREATE OR REPLACE FUNCTION units_archived(u units) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT u.archived_on IS NOT NULL
$$;

-- archived_on is indexed only partially, so the preset would not offer it as a condition; the
-- smart tag lets allUnits(condition: {archivedOn: null}) ask for the active units as this server does
COMMENT ON COLUMN units.archived_on IS E'@behavior +filterBy';
