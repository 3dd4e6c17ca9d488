-- Per-(indicator, region, year) counts grow to millions of rows at scale (100k
-- reports over 3000 regions), too many to aggregate per catalogue request. Keep
-- small summaries instead, maintained in the write transactions:
--   indicator_year_stats    observations per indicator and year (years: first/last)
--   indicator_region_stats  observations per indicator and region
--   indicator_totals        regions with at least one observation, per indicator
--   issue_year_stats        issues per year and category (unfiltered category counts)
CREATE TABLE indicator_year_stats (
    indicator_key text NOT NULL,
    year          integer NOT NULL,
    n             bigint NOT NULL,
    PRIMARY KEY (indicator_key, year)
);
CREATE TABLE indicator_region_stats (
    indicator_key text NOT NULL,
    region_code   text NOT NULL,
    n             bigint NOT NULL,
    PRIMARY KEY (indicator_key, region_code)
);
CREATE TABLE indicator_totals (
    indicator_key text PRIMARY KEY,
    regions       bigint NOT NULL
);
CREATE TABLE issue_year_stats (
    year     integer NOT NULL,
    category text NOT NULL,
    n        bigint NOT NULL,
    PRIMARY KEY (year, category)
);

INSERT INTO indicator_year_stats SELECT indicator_key, year, sum(n) FROM indicator_stats GROUP BY 1, 2;
INSERT INTO indicator_region_stats SELECT indicator_key, region_code, sum(n) FROM indicator_stats WHERE region_code <> '' GROUP BY 1, 2;
INSERT INTO indicator_totals SELECT indicator_key, count(*) FROM indicator_region_stats WHERE n > 0 GROUP BY 1;
INSERT INTO issue_year_stats SELECT year, category, sum(n) FROM issue_stats GROUP BY 1, 2;
DROP TABLE indicator_stats;

-- Series always name their regions; observations_series serves queries with and
-- without a region (its order is the series order).
DROP INDEX observations_series_report;
