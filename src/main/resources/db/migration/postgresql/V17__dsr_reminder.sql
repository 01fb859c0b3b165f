-- Deadline reminders sent for a request: one per stage ('due_soon', 'overdue'), claimed by inserting
-- the row before the message goes out, so two runs (or two nodes) never send the same reminder twice.
CREATE TABLE dsr_reminder (
    request_id  TEXT NOT NULL REFERENCES dsr_request (id),
    stage       TEXT NOT NULL,
    sent_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, stage)
);
