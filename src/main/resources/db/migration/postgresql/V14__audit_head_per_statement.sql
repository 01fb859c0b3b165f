-- The chain head followed each entry through a row trigger: a batch of n entries in one transaction
-- updated the one head row n times, and each update walks the chain of versions the earlier ones left
-- in the same page, so a batch cost grew with its square. The head now moves once per INSERT statement,
-- to the highest position that statement wrote; AuditLog.appendAll writes a batch as one statement.
DROP TRIGGER audit_head_follows ON audit_log;
DROP FUNCTION audit_head_follow();

CREATE FUNCTION audit_head_follow() RETURNS trigger AS $$
BEGIN
    UPDATE audit_head SET seq = last.seq, hash = last.hash
        FROM (SELECT seq, hash FROM appended ORDER BY seq DESC LIMIT 1) AS last
        WHERE audit_head.id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_follow();
