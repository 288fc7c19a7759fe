package io.flowgate.workflow;

/**
 * The {@link TriggerCheck} for each kind of trigger a workflow may declare. A new kind of trigger adds a
 * component here and its check in {@code io.flowgate.trigger.TriggerValidation}.
 *
 * @param webhook  the {@code triggers.webhook} object
 * @param schedule each entry of {@code triggers.schedule}
 * @param events   each entry of {@code triggers.events} (beyond its {@code filter}, which is checked here)
 */
public record TriggerChecks(TriggerCheck webhook, TriggerCheck schedule, TriggerCheck events) {}
