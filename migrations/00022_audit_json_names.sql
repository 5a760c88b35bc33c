-- +goose Up
-- The audit log stored rows as Go marshals them ("CountyCode", "ID"); from now on it stores
-- stable camelCase names ("countyCode", "id"), and the rows of before are renamed the same way
-- (postgres.AuditKey is the same rule in Go). The log is append-only; this one rewrite of names,
-- not of content, lifts the guard for the migration's own transaction only.

-- +goose StatementBegin
CREATE FUNCTION audit_key(k text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    n int := coalesce(length(substring(k FROM '^[A-Z]+')), 0);
BEGIN
    IF n > 1 AND n < length(k) AND substr(k, n + 1, 1) ~ '[a-z]' THEN
        n := n - 1;
    END IF;
    RETURN lower(left(k, n)) || substr(k, n + 1);
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_keys(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    CASE jsonb_typeof(j)
    WHEN 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(audit_key(key), audit_keys(value)), '{}'::jsonb) FROM jsonb_each(j));
    WHEN 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(audit_keys(value) ORDER BY ord), '[]'::jsonb)
                FROM jsonb_array_elements(j) WITH ORDINALITY AS t(value, ord));
    ELSE
        RETURN j;
    END CASE;
END
$$;
-- +goose StatementEnd

ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
UPDATE audit_log SET before = audit_keys(before), after = audit_keys(after)
WHERE before IS NOT NULL OR after IS NOT NULL;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
DROP FUNCTION audit_keys(jsonb);
DROP FUNCTION audit_key(text);

-- +goose Down
-- The old names were Go's, not a format: nothing to go back to.
SELECT 1;
