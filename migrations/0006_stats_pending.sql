-- Reports whose extraction is not yet in the summary counts, as rows of their own
-- instead of reports.stats_applied (migration 0005). Marking a report as counted
-- was an UPDATE of its reports row: a new row version and an entry in each of the
-- table's indexes, for every upload. And the readers' "anything to fold?" probe on
-- the partial index was planned as a sequential scan of reports where statistics
-- were missing (15 ms at 30,000 reports). Now an upload inserts a row here in its
-- statement, store::fold_stats deletes it when it adds the report to the counts,
-- and the probe reads a table of a few rows.
CREATE TABLE stats_pending (
    report_id uuid PRIMARY KEY
);
INSERT INTO stats_pending (report_id) SELECT id FROM reports WHERE NOT stats_applied;
DROP INDEX reports_stats_pending;
ALTER TABLE reports DROP COLUMN stats_applied;
