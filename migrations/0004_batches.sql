-- Batches: many reports uploaded at once (a ZIP or many file parts). Each file is
-- an item processed by background workers; an item stays 'pending' until the
-- worker that locked it (FOR UPDATE SKIP LOCKED) commits its outcome, so the work
-- survives a crash or restart.
CREATE TABLE batches (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE batch_items (
    id           bigserial PRIMARY KEY,
    batch_id     uuid NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    filename     text,
    content_type text,
    bytes        bytea,
    overrides    jsonb NOT NULL DEFAULT '{}'::jsonb,
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'duplicate', 'failed')),
    report_id    uuid,
    error        jsonb,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE batch_items ALTER COLUMN bytes SET COMPRESSION lz4;
CREATE INDEX batch_items_batch ON batch_items (batch_id, ordinal);
CREATE INDEX batch_items_pending ON batch_items (id) WHERE status = 'pending';
