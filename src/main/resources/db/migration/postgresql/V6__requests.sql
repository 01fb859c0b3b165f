-- Data-subject requests. The requester's identity is kept only as a keyed blind index (to recognise
-- duplicates); the verification code only as a salted hash; results hold no personal values.
CREATE TABLE dsr_request (
    id                  TEXT PRIMARY KEY,
    subject_id          TEXT REFERENCES subject (id),
    type                TEXT NOT NULL,
    jurisdiction        TEXT NOT NULL,
    language            TEXT NOT NULL,
    status              TEXT NOT NULL,
    identity_kind       TEXT NOT NULL,
    identity_index      TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    due_at              TEXT NOT NULL,
    acknowledge_by      TEXT,
    extended_reason     TEXT,
    denied_reason       TEXT,
    details             TEXT NOT NULL,
    code_hash           TEXT,
    code_salt           TEXT,
    code_expires_at     TEXT,
    code_attempts       INTEGER NOT NULL,
    result              TEXT,
    completed_at        TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX dsr_by_status ON dsr_request (status, due_at);
CREATE INDEX dsr_by_identity ON dsr_request (identity_index, type);

-- When the subject's data was erased (only what a legal hold keeps remains).
ALTER TABLE subject ADD COLUMN erased_at TEXT;
