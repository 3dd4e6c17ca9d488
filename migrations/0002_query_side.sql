-- Query side: maintained counts for the catalogue and the issue categories, and an
-- index for Chinese substring search on issues.

-- Observations with a catalogue key, counted by region and year. Maintained by the
-- same transaction that writes or deletes a report, so GET /v1/indicators never
-- scans the observations.
CREATE TABLE indicator_stats (
    indicator_key text NOT NULL,
    region_code   text NOT NULL DEFAULT '',
    year          integer NOT NULL DEFAULT 0,
    n             bigint NOT NULL,
    PRIMARY KEY (indicator_key, region_code, year)
);

CREATE TABLE issue_stats (
    region_code text NOT NULL DEFAULT '',
    year        integer NOT NULL DEFAULT 0,
    category    text NOT NULL,
    n           bigint NOT NULL,
    PRIMARY KEY (region_code, year, category)
);

INSERT INTO indicator_stats (indicator_key, region_code, year, n)
SELECT indicator_key, coalesce(region_code, ''), coalesce(year, 0), count(*)
FROM observations WHERE indicator_key IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO issue_stats (region_code, year, category, n)
SELECT coalesce(region_code, ''), coalesce(year, 0), category, count(*) FROM issues GROUP BY 1, 2, 3;

-- Chinese queries are often one or two characters (人才, 财政), too short for
-- trigrams: each issue carries its distinct characters and character pairs
-- (computed by the service, see store::grams), and a GIN index over them finds
-- candidates that a LIKE then confirms.
ALTER TABLE issues ADD COLUMN grams text[] NOT NULL DEFAULT '{}';
CREATE INDEX issues_grams ON issues USING gin (grams);
DROP INDEX issues_text_trgm;

-- Series across regions for one indicator, newest report first within a year.
CREATE INDEX observations_series_report ON observations (indicator_key, kind, year, region_code)
    WHERE indicator_key IS NOT NULL;

-- Report texts and originals are tens of kilobytes: lz4 compresses them several
-- times faster than the default pglz, which otherwise dominates upload cost.
ALTER TABLE reports ALTER COLUMN text SET COMPRESSION lz4;
ALTER TABLE report_originals ALTER COLUMN bytes SET COMPRESSION lz4;
