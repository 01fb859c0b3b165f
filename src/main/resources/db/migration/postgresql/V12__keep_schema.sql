-- What a restore must not roll back lives in a schema of its own beside Steward's ("<schema>_keep"):
-- Steward's backups copy only its own schema, and an operator's pg_dump can leave this one out
-- (--exclude-schema) or copy it apart. Every node shares it, so no node's disk holds it.

CREATE SCHEMA IF NOT EXISTS "${flyway:defaultSchema}_keep";

-- The erasure journal's name, one row; the main schema's erasure_journal_ref says which journal a
-- database (or a backup of it) belongs to.
CREATE TABLE "${flyway:defaultSchema}_keep".journal_name (
    only_row    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    journal_id  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- Every erased subject, destroyed key class, deleted record and placed or released hold, in order;
-- opaque ids and times only (kind: v1 erased, r1 record deleted, h1 hold placed, h0 hold released).
-- Written in the transaction of the deletion, so an entry exists exactly when the deletion committed.
CREATE TABLE "${flyway:defaultSchema}_keep".erasure_journal (
    seq         BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('v1', 'r1', 'h1', 'h0')),
    subject_id  TEXT NOT NULL,
    target      TEXT NOT NULL,
    categories  TEXT,
    until       TIMESTAMPTZ,
    at          TIMESTAMPTZ NOT NULL
);

-- Mail waiting to be handed to the mail directory (or SMTP): queued when sent (after the commit of what
-- sends it), claimed by one node for a while (a node that dies holding a claim lets it lapse), deleted
-- once handed over; an erasure deletes its subject's messages.
CREATE TABLE "${flyway:defaultSchema}_keep".outbox_message (
    id             TEXT PRIMARY KEY,
    subject_id     TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    message        BYTEA NOT NULL,
    claimed_by     TEXT,
    claimed_until  TIMESTAMPTZ
);
CREATE INDEX outbox_message_subject ON "${flyway:defaultSchema}_keep".outbox_message (subject_id);
