-- +goose Up
-- The server keeps the result of each request's session check (the user, its department's sectors,
-- whether the token's session is live) for a few seconds. A change to any row that check reads
-- tells every server at once through NOTIFY za_session (payload: the user's id, or '*' for
-- everyone), and the servers drop what they kept, so a revocation is seen on the next request.
-- A table that the session check starts reading needs the same trigger (its user id column as
-- the argument; no argument means everyone).

-- +goose StatementBegin
CREATE FUNCTION za_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text := '*';
BEGIN
    IF TG_NARGS > 0 AND TG_OP <> 'TRUNCATE' THEN
        IF TG_OP = 'INSERT' THEN
            who := to_jsonb(NEW) ->> TG_ARGV[0];
        ELSE
            who := to_jsonb(OLD) ->> TG_ARGV[0];
        END IF;
    END IF;
    PERFORM pg_notify('za_session', coalesce(who, '*'));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER users_session_changed AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION za_session_changed('id');
-- only a revocation matters: rotations set used_at on every refresh
CREATE TRIGGER refresh_tokens_session_changed AFTER UPDATE OF revoked_at OR DELETE ON refresh_tokens
    FOR EACH ROW EXECUTE FUNCTION za_session_changed('user_id');
CREATE TRIGGER sector_leads_session_changed AFTER INSERT OR UPDATE OR DELETE ON sector_lead_departments
    FOR EACH STATEMENT EXECUTE FUNCTION za_session_changed();
CREATE TRIGGER sector_leads_session_truncated AFTER TRUNCATE ON sector_lead_departments
    FOR EACH STATEMENT EXECUTE FUNCTION za_session_changed();

-- a grid worker's grids are read with the session check too (issue 12, migrations 00007-00012)
-- +goose StatementBegin
DO $$
BEGIN
    IF to_regclass('grid_workers') IS NOT NULL THEN
        CREATE TRIGGER grid_workers_session_changed AFTER INSERT OR UPDATE OR DELETE ON grid_workers
            FOR EACH ROW EXECUTE FUNCTION za_session_changed('user_id');
    END IF;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS grid_workers_session_changed ON grid_workers;
DROP TRIGGER sector_leads_session_truncated ON sector_lead_departments;
DROP TRIGGER sector_leads_session_changed ON sector_lead_departments;
DROP TRIGGER refresh_tokens_session_changed ON refresh_tokens;
DROP TRIGGER users_session_changed ON users;
DROP FUNCTION za_session_changed();
