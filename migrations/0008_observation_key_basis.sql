-- Why a figure has its catalogue key (the words that matched the entry), and why it may be
-- wrong (a share over 100 %, a year after the report's …): parser version 3 writes both.
-- Series leave suspect figures out unless asked (include_suspect=true).
ALTER TABLE observations ADD COLUMN key_basis text, ADD COLUMN suspect text;
