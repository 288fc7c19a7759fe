-- Which teams an event may reach (issue 11 follow-up): an event sent with a team-scoped API key starts and
-- resumes only workflows of the key's teams. JSON array of team names; NULL = every team (an all-teams key,
-- an emit-event step). An event sent with a workflow's token keeps team/workflow_id (that workflow only).
-- Stored with the event because the events table is the outbox processed after a restart.
ALTER TABLE events ADD COLUMN teams TEXT;
