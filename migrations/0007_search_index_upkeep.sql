-- New issues enter the grams GIN index through its pending list; when the list
-- passes gin_pending_list_limit (4 MB by default) the insert that crossed it
-- merges the whole list into the index, and that upload waits for the merge
-- (60-150 ms: most of the uploads' p99 under load). The service's background
-- task now merges the list about once a second (store::merge_search_index), and
-- this limit is only the backstop for when that task is not running.
ALTER INDEX issues_grams SET (gin_pending_list_limit = 65536);
