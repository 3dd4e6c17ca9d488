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
-- trigrams: each issue carries its distinct characters and character pairs, and a
-- GIN index over them finds candidates that a LIKE then confirms.
CREATE FUNCTION hr_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(s, i, n)), '{}')
    FROM (SELECT regexp_replace(lower(t), '[[:space:][:punct:]，。、；：？！“”‘’（）《》【】〔〕—…·]', '', 'g') AS s) x,
         generate_series(1, 2) AS n,
         generate_series(1, greatest(length(s) - n + 1, 0)) AS i
$$;

ALTER TABLE issues ADD COLUMN grams text[] NOT NULL DEFAULT '{}';
UPDATE issues SET grams = hr_grams(text);
CREATE INDEX issues_grams ON issues USING gin (grams);
DROP INDEX issues_text_trgm;

-- Series across regions for one indicator, newest report first within a year.
CREATE INDEX observations_series_report ON observations (indicator_key, kind, year, region_code)
    WHERE indicator_key IS NOT NULL;
