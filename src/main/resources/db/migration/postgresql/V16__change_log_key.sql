-- The change log is compacted: a change goes once a later one of the same key (subject, kind, name) is
-- older than the compaction window, and every change of a subject goes once its erasure is. This index
-- finds a change's predecessors of the same key, or of the same subject.
CREATE INDEX change_log_key ON change_log (subject_id, kind, name);
