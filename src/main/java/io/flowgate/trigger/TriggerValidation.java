package io.flowgate.trigger;

import io.flowgate.trigger.event.EventTrigger;
import io.flowgate.trigger.schedule.ScheduleSpec;
import io.flowgate.trigger.webhook.WebhookTrigger;
import io.flowgate.workflow.TriggerChecks;

/** The checks of every trigger package, for the {@link io.flowgate.workflow.WorkflowParser} to run. */
public final class TriggerValidation {
    private TriggerValidation() {}

    public static TriggerChecks all() {
        return new TriggerChecks(
                (entry, at) -> WebhookTrigger.parse(entry, at).problems(),
                ScheduleSpec::problems,
                EventTrigger::problems);
    }
}
