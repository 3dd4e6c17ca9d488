-- The analyst's corrections (issue 14): stored apart from the extraction, one row per
-- change, and applied to the extraction rows in the transaction that records them.
-- Rows keep whether a correction touched them (corrected) and whether an analyst
-- rejected them (rejected: left out of every read unless asked for). A re-parse writes
-- new rows and applies each correction again, found by its anchor (the text span it
-- was made on); a correction whose anchor text is gone is kept, marked orphaned.
ALTER TABLE observations ADD COLUMN corrected boolean NOT NULL DEFAULT false,
    ADD COLUMN rejected boolean NOT NULL DEFAULT false;
ALTER TABLE issues ADD COLUMN corrected boolean NOT NULL DEFAULT false,
    ADD COLUMN rejected boolean NOT NULL DEFAULT false;
ALTER TABLE plans ADD COLUMN corrected boolean NOT NULL DEFAULT false,
    ADD COLUMN rejected boolean NOT NULL DEFAULT false;

CREATE TABLE corrections (
    id           bigserial PRIMARY KEY,
    report_id    uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    target_kind  text NOT NULL CHECK (target_kind IN ('observation', 'issue', 'plan')),
    -- the row the correction applies to now (a re-parse gives rows new ids)
    target_id    bigint,
    action       text NOT NULL CHECK (action IN ('edit', 'reject', 'add')),
    -- the span of the text the correction was made on, and its characters
    anchor_start integer NOT NULL,
    anchor_end   integer NOT NULL,
    anchor_text  text NOT NULL,
    -- {"field": {"before": …, "after": …}, …}
    changes      jsonb NOT NULL,
    actor        text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    status       text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'orphaned'))
);
CREATE INDEX corrections_report ON corrections (report_id, id);
