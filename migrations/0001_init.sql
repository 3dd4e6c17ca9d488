-- Reports, their extraction, and the indexes the query endpoints use.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Administrative divisions that reports refer to (GB/T 2260 codes; townships 9 digits).
CREATE TABLE regions (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    level       text NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'township')),
    parent_code text REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent_code);
CREATE INDEX regions_name ON regions (name);

CREATE TABLE reports (
    id              uuid PRIMARY KEY,
    -- insertion order: newest-first paging and a stable cursor
    seq             bigserial UNIQUE NOT NULL,
    sha256          bytea NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    filename        text,
    content_type    text,
    format          text NOT NULL,
    encoding        text NOT NULL,
    byte_size       bigint NOT NULL,
    -- the extracted text every evidence offset points into
    text            text NOT NULL,
    title           text,
    doc_type        text,
    region_name     text,
    region_code     text REFERENCES regions (code),
    region_level    text,
    region_inferred boolean NOT NULL DEFAULT false,
    region_basis    text,
    year            integer,
    year_basis      text,
    period_label    text,
    period_start    date,
    period_end      date,
    overrides       jsonb NOT NULL DEFAULT '{}'::jsonb,
    parser_version  integer NOT NULL,
    body_start      integer NOT NULL,
    body_end        integer NOT NULL
);
CREATE INDEX reports_region_year ON reports (region_code, year, seq DESC);
CREATE INDEX reports_year ON reports (year, seq DESC);
CREATE INDEX reports_parser_version ON reports (parser_version);

-- The uploaded bytes, kept so reports can be re-parsed when the parser improves.
CREATE TABLE report_originals (
    report_id uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    bytes     bytea NOT NULL
);

CREATE TABLE sections (
    report_id    uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    idx          integer NOT NULL,
    parent_idx   integer,
    marker       text NOT NULL,
    ordinal      integer NOT NULL,
    heading      text NOT NULL,
    kind         text NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    PRIMARY KEY (report_id, idx)
);

-- One row per quantity mention. region_code and report_seq are copied from the
-- report so a series is one index range scan.
CREATE TABLE observations (
    id              bigserial PRIMARY KEY,
    report_id       uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    report_seq      bigint NOT NULL,
    ordinal         integer NOT NULL,
    name            text NOT NULL,
    indicator_key   text,
    value           double precision,
    unit            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('value', 'change', 'target')),
    year            integer,
    year_basis      text NOT NULL,
    region_code     text,
    approximate     boolean NOT NULL,
    redacted        boolean NOT NULL,
    comparator      text,
    raw             text NOT NULL,
    section_kind    text NOT NULL,
    ev_start        integer NOT NULL,
    ev_end          integer NOT NULL,
    sentence_start  integer NOT NULL,
    sentence_end    integer NOT NULL,
    evidence        text NOT NULL
);
CREATE INDEX observations_report ON observations (report_id, ordinal);
CREATE INDEX observations_series ON observations (indicator_key, kind, region_code, year)
    WHERE indicator_key IS NOT NULL;

CREATE TABLE issues (
    id            bigserial PRIMARY KEY,
    report_id     uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ordinal       integer NOT NULL,
    kind          text NOT NULL,
    text          text NOT NULL,
    group_heading text,
    category      text NOT NULL,
    region_code   text,
    year          integer,
    start_offset  integer NOT NULL,
    end_offset    integer NOT NULL
);
CREATE INDEX issues_report ON issues (report_id, id);
CREATE INDEX issues_region_year ON issues (region_code, year, id DESC);
CREATE INDEX issues_year ON issues (year, id DESC);
CREATE INDEX issues_category ON issues (category, id DESC);
CREATE INDEX issues_text_trgm ON issues USING gin (text gin_trgm_ops);

CREATE TABLE plans (
    id            bigserial PRIMARY KEY,
    report_id     uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ordinal       integer NOT NULL,
    text          text NOT NULL,
    group_heading text,
    start_offset  integer NOT NULL,
    end_offset    integer NOT NULL
);
CREATE INDEX plans_report ON plans (report_id, id);
