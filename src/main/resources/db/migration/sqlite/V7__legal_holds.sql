-- Legal holds an officer places on a subject: a named reason, the categories it covers ('*' for all)
-- and an optional end. While a hold is active its records sit under the hold's own key (key class
-- 'legal.' || id), out of reach of every deletion; legal_hold_record remembers the class each came from
-- so releasing the hold puts it back, or deletes it when that class has been destroyed meanwhile.
CREATE TABLE legal_hold (
    id              TEXT PRIMARY KEY,
    subject_id      TEXT NOT NULL REFERENCES subject (id),
    reason          TEXT NOT NULL,
    categories      TEXT NOT NULL,
    placed_by       TEXT NOT NULL,
    placed_at       TEXT NOT NULL,
    ends_at         TEXT,
    released_at     TEXT,
    released_by     TEXT
);
CREATE INDEX legal_hold_by_subject ON legal_hold (subject_id);

CREATE TABLE legal_hold_record (
    hold_id         TEXT NOT NULL REFERENCES legal_hold (id),
    subject_id      TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    original_class  TEXT NOT NULL,
    PRIMARY KEY (hold_id, record_id)
);
