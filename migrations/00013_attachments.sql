-- +goose Up
-- Photos and documents of inspections, hazard steps (整改前 / 整改后 / 验收) and incidents. The bytes
-- live in PostgreSQL (attachment_blobs) so that replicas, pg_dump and scripts/backup.sh cover them
-- with nothing else to run; server/files keeps them behind one small interface so an object store
-- could take over the blobs while this table keeps the metadata.
CREATE TABLE attachments (
    id               bigserial PRIMARY KEY,
    -- exactly one owner, each a real foreign key
    inspection_id    bigint REFERENCES inspections (id) ON DELETE CASCADE,
    hazard_id        bigint REFERENCES hazards (id) ON DELETE CASCADE,
    incident_id      bigint REFERENCES incidents (id) ON DELETE CASCADE,
    unit_id          bigint NOT NULL REFERENCES units (id),
    county_code      text   NOT NULL REFERENCES counties (code),
    kind             text   NOT NULL CHECK (kind IN ('PHOTO', 'DOCUMENT')),
    stage            text   NOT NULL CHECK (stage IN ('BEFORE', 'AFTER', 'VERIFICATION', 'EVIDENCE')),
    file_name        text   NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    -- sniffed from the bytes, never the client's word
    content_type     text   NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
    size             int    NOT NULL CHECK (size BETWEEN 1 AND 10485760),
    sha256           text   NOT NULL CHECK (length(sha256) = 64),
    width            int,
    height           int,
    has_thumbnail    boolean NOT NULL DEFAULT false,
    uploaded_by      bigint REFERENCES users (id),
    uploaded_by_name text   NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(inspection_id, hazard_id, incident_id) = 1),
    CHECK (kind = 'PHOTO' OR NOT has_thumbnail)
);
CREATE INDEX attachments_inspection_idx ON attachments (inspection_id, id) WHERE inspection_id IS NOT NULL;
CREATE INDEX attachments_hazard_idx ON attachments (hazard_id, id) WHERE hazard_id IS NOT NULL;
CREATE INDEX attachments_incident_idx ON attachments (incident_id, id) WHERE incident_id IS NOT NULL;

CREATE TABLE attachment_blobs (
    attachment_id bigint NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    variant       text   NOT NULL CHECK (variant IN ('ORIGINAL', 'THUMBNAIL')),
    content       bytea  NOT NULL,
    PRIMARY KEY (attachment_id, variant)
);
-- JPEG, PNG, WebP and most PDFs are compressed already: store them out of line without pglz
ALTER TABLE attachment_blobs ALTER COLUMN content SET STORAGE EXTERNAL;

-- +goose Down
DROP TABLE attachment_blobs;
DROP TABLE attachments;
