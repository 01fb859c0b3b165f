-- Every change a node's caches depend on (choices, account status, erasures, holds, policy activation),
-- written in the transaction that makes it. Nodes follow it in (txid, seq) order, reading only rows of
-- transactions older than every transaction still running (pg_snapshot_xmin), so a row that commits
-- late under a lower seq is never skipped. No personal values: opaque subject ids, choice names.
CREATE TABLE change_log (
    seq         BIGSERIAL PRIMARY KEY,
    txid        BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    at          TIMESTAMPTZ NOT NULL,
    node        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject_id  TEXT,
    name        TEXT,
    value       TEXT
);
CREATE INDEX change_log_order ON change_log (txid, seq);

-- Scheduled work (retention sweeps, compaction) runs under a lease: one holder at a time, taken over
-- when it expires (a holder that died).
CREATE TABLE job_lease (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
