-- A schedule's next slot becomes a durable timer of the engine: a waiting execution, not yet started,
-- whose wake_at is the slot (the same timer as sleep steps and retry back-offs). armed_id names that
-- execution; the scheduler's own claim columns and due index are no longer needed.
ALTER TABLE schedules ADD COLUMN armed_id TEXT;
CREATE UNIQUE INDEX schedules_armed ON schedules (armed_id) WHERE armed_id IS NOT NULL;
DROP INDEX schedules_due;
ALTER TABLE schedules DROP COLUMN owner;
ALTER TABLE schedules DROP COLUMN claim_until;
