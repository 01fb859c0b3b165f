-- Every disclosure of a subject's personal information to a recipient, as allowed when it was made:
-- which categories, for which purpose, to which country under which transfer mechanism, under which
-- policy version, by whom and when. No personal value: categories are names, the subject an opaque id.
-- Kept after the subject's erasure, like the audit log, as the record of what was shared.
CREATE TABLE disclosure (
    id              TEXT PRIMARY KEY,
    subject_id      TEXT NOT NULL REFERENCES subject (id),
    recipient       TEXT NOT NULL,
    recipient_kind  TEXT NOT NULL,
    categories      TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    country         TEXT NOT NULL,
    mechanism       TEXT NOT NULL,
    jurisdiction    TEXT NOT NULL,
    policy_version  TEXT NOT NULL,
    disclosed_by    TEXT NOT NULL,
    disclosed_at    INTEGER NOT NULL
);
CREATE INDEX disclosure_by_subject ON disclosure (subject_id, disclosed_at);
CREATE INDEX disclosure_by_recipient ON disclosure (recipient, disclosed_at);
