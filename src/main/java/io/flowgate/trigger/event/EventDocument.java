package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.flowgate.core.Json;

/**
 * One CloudEvent as Flowgate keeps it and shows it to expressions ({@code trigger.event}, the
 * {@code event} of a correlation, a wait-for-event step's outputs): {@code {id, type, source, subject,
 * time, data}}, absent attributes left out.
 */
public record EventDocument(String id, String type, String source, String subject, String time, JsonNode data) {

    static EventDocument of(CloudEvent e) {
        return new EventDocument(e.getId(), e.getType(), e.getSource().toString(), e.getSubject(),
                e.getTime() == null ? null : e.getTime().toInstant().toString(), CloudEventReader.data(e));
    }

    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("type", type);
        out.put("source", source);
        if (subject != null) {
            out.put("subject", subject);
        }
        if (time != null) {
            out.put("time", time);
        }
        if (data != null) {
            out.set("data", data);
        }
        return out;
    }

    /** With the time it was received when the sender gave none. */
    EventDocument withTimeIfAbsent(java.time.Instant received) {
        return time != null ? this : new EventDocument(id, type, source, subject, received.toString(), data);
    }
}
