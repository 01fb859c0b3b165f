-- The erasure journal this database belongs to. A database restored next to another journal, or none,
-- would let erasures made after its backup come back: Steward refuses to run on it (embedded database).
CREATE TABLE erasure_journal_ref (
    journal_id  TEXT PRIMARY KEY,
    bound_at    TEXT NOT NULL
);
