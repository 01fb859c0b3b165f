-- The embedded database has one process: its erasure journal and outbox stay files in the data
-- directory (erasure-journal.log, outbox/), which a restore of steward.db does not touch. This
-- version keeps the two dialects' schema versions in step.
SELECT 1;
