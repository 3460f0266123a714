-- A history row written by the cluster's storage sink names the Kafka record it came from (topic/partition/offset):
-- a record delivered again (the sink commits its offsets after its rows) finds its row there and adds none.
-- Rows a single hub writes have none, and a partial index costs them nothing.
ALTER TABLE history ADD COLUMN event_key VARCHAR(300);
CREATE UNIQUE INDEX history_by_event ON history (event_key) WHERE event_key IS NOT NULL;
