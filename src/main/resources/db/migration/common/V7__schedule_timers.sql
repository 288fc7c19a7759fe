-- A schedule's next slot becomes a durable timer of the engine: a waiting execution, not yet started,
-- whose wake_at is the slot (the same timer as sleep steps and retry back-offs). armed_id names that
-- execution; the scheduler's own claim columns and due index are no longer needed.
ALTER TABLE schedules ADD COLUMN armed_id TEXT;
CREATE UNIQUE INDEX schedules_armed ON schedules (armed_id) WHERE armed_id IS NOT NULL;
DROP INDEX schedules_due;
ALTER TABLE schedules DROP COLUMN owner;
ALTER TABLE schedules DROP COLUMN claim_until;

-- The engine's timer index, now also holding every schedule's next slot: (status, wake_at) lets the claim
-- search due timers as a range and the timer loop read the earliest one first (SQLite's planner preferred
-- the claim index over the partial one and walked every waiting row).
DROP INDEX executions_wake;
CREATE INDEX executions_wake ON executions (status, wake_at);
-- (status, wake_at) also serves every lookup by status, so the (status, lease_until) index only cost upkeep:
-- every claim, lease renewal and status change rewrote an entry of it.
DROP INDEX executions_claim;
