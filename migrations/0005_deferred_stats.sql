-- The summary counts (indicator_*_stats, issue_*stats) used to be updated inside
-- every upload's transaction. Uploads about the same indicators and year then
-- queued on the same summary rows until each other's commit: under 8 concurrent
-- uploads that wait was most of an upload's time. Uploads now only mark their
-- report as not yet counted; store::fold_stats adds marked reports to the
-- summaries in batches (a background task, and every reader of the summaries
-- before it reads, so counts are exact when read).
ALTER TABLE reports ADD COLUMN stats_applied boolean NOT NULL DEFAULT true;
ALTER TABLE reports ALTER COLUMN stats_applied SET DEFAULT false;
CREATE INDEX reports_stats_pending ON reports (seq) WHERE NOT stats_applied;

-- A foreign key checks every child row against reports with a trigger: for a
-- report with 150 observations and 60 sections that was a third of the upload's
-- database time. Children are written only by store::write_extraction in the
-- transaction that writes or locks their report, and deleted with it by
-- store::delete_report, so the constraint guarded nothing those two do not.
ALTER TABLE sections DROP CONSTRAINT sections_report_id_fkey;
ALTER TABLE observations DROP CONSTRAINT observations_report_id_fkey;
ALTER TABLE issues DROP CONSTRAINT issues_report_id_fkey;
ALTER TABLE plans DROP CONSTRAINT plans_report_id_fkey;
