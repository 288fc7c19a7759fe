-- Retention (docs/operations.md#retention): the pruner picks the oldest finished executions and final
-- deliveries first; these indexes make each pick a short range scan instead of a table scan.
CREATE INDEX executions_ended ON executions (ended_at);
CREATE INDEX deliveries_updated ON deliveries (updated_at);
