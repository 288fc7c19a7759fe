package io.flowgate.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An outbound step webhook subscription (docs/webhooks-outbound.md#subscribing). Parsed and kept here; delivered by the
 * delivery package (a later issue), which reads {@code auth} and {@code retry} from {@link #config()}.
 */
public record StepWebhook(String name, List<String> on, String url, ObjectNode config) {
    public StepWebhook {
        on = List.copyOf(on);
    }
}
