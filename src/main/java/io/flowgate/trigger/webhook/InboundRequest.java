package io.flowgate.trigger.webhook;

import java.util.List;
import java.util.Map;

/**
 * One inbound HTTP request as the intake sees it, free of any HTTP framework type.
 *
 * @param subPath     what follows {@code /hooks/{hookId}/} (empty for the bare hook URL)
 * @param query       decoded query parameters, in order
 * @param headers     header names lower-cased
 * @param body        the body bytes (already within the size limit)
 * @param contentType the Content-Type header, or null
 */
public record InboundRequest(String method, String path, String subPath, Map<String, List<String>> query,
                             Map<String, List<String>> headers, byte[] body, String contentType) {

    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
