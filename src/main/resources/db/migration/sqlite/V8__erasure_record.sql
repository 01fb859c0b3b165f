-- What each subject's erasure did, whatever caused it (a request, the purge after account closure, a
-- replay after a restore): categories and counts erased and what holds keep, as JSON — never a value.
-- Deletion certificates for erasures without a request are issued from it.
CREATE TABLE erasure_record (
    subject_id      TEXT PRIMARY KEY REFERENCES subject (id),
    erased_at       TEXT NOT NULL,
    erased_by       TEXT NOT NULL,
    result          TEXT NOT NULL
);
