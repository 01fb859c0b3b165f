-- Subjects erased one at a time whose unreadable rows are still to be deleted. The erasing transaction
-- writes the subject here; the compaction that deletes its rows drains it in the same transaction, so a
-- sweep visits only what was erased since the last one instead of every subject ever erased. A batch
-- erasure (the retention sweep's purge) deletes its rows at once and writes nothing here.
CREATE TABLE compaction_pending (
    subject_id  TEXT PRIMARY KEY REFERENCES subject (id)
);

-- Erased before this table existed: each is looked at once more.
INSERT INTO compaction_pending (subject_id) SELECT id FROM subject WHERE erased_at IS NOT NULL;
