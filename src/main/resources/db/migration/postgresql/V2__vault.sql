-- The vault. Every table that holds personal data is keyed by subject id first, so that a subject's
-- rows sit together and the schema can be sharded by subject. Personal values are stored only as
-- ciphertext under the subject's own keys; lookups go through keyed blind indexes.

-- Keys that belong to the installation (the blind-index key), each wrapped by the master key.
CREATE TABLE system_key (
    name        TEXT PRIMARY KEY,
    keyset      BYTEA NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE subject (
    id              TEXT PRIMARY KEY,
    jurisdiction    TEXT NOT NULL,
    customer        BOOLEAN NOT NULL,
    birth_date_ct   BYTEA,
    guardian_id     TEXT REFERENCES subject (id),
    status          TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    closed_at       TEXT,
    policy_version  TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

-- One Tink keyset per subject and retention class ('default', or a legal hold such as
-- 'tax_accounting'), wrapped by the master key. Destroying a row makes that data unreadable.
CREATE TABLE subject_key (
    subject_id  TEXT NOT NULL REFERENCES subject (id),
    key_class   TEXT NOT NULL,
    keyset      BYTEA NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (subject_id, key_class)
);

CREATE TABLE identity (
    subject_id   TEXT NOT NULL REFERENCES subject (id),
    kind         TEXT NOT NULL,
    blind_index  TEXT NOT NULL,
    value_ct     BYTEA NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (subject_id, kind, blind_index)
);
CREATE UNIQUE INDEX identity_lookup ON identity (kind, blind_index);

CREATE TABLE personal_record (
    subject_id      TEXT NOT NULL REFERENCES subject (id),
    id              TEXT NOT NULL,
    category        TEXT NOT NULL,
    key_class       TEXT NOT NULL,
    value_ct        BYTEA NOT NULL,
    source          TEXT NOT NULL,
    purposes        TEXT NOT NULL,
    jurisdiction    TEXT NOT NULL,
    collected_at    TEXT NOT NULL,
    policy_version  TEXT NOT NULL,
    version         INTEGER NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (subject_id, id)
);

-- Prior versions kept when the policy's archive rule covers the category.
CREATE TABLE record_archive (
    subject_id   TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    category     TEXT NOT NULL,
    key_class    TEXT NOT NULL,
    value_ct     BYTEA NOT NULL,
    archived_at  TEXT NOT NULL,
    PRIMARY KEY (subject_id, record_id, version)
);

-- The audit log: append-only, hash-chained. Never holds a personal value.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject_id  TEXT,
    purpose     TEXT,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log (subject_id, seq);

-- The head of the chain, so that a removed tail is detected too.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
