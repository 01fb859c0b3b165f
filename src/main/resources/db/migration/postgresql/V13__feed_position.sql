-- How far each publisher of the change feed has delivered (the Kafka topic): the cursor of the last
-- change the broker acknowledged. Moved forward by compare-and-set by the holder of the publisher's
-- lease only; a crash between the broker's acknowledgement and this update publishes those changes
-- again (at least once).
CREATE TABLE feed_position (
    name        TEXT PRIMARY KEY,
    position    TEXT NOT NULL
);
