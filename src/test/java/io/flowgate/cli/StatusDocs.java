package io.flowgate.cli;

/** Status documents in the server's shape (docs/api.md#statusdoc) for the fake server to answer with. */
final class StatusDocs {
    private StatusDocs() {}

    static String doc(String id, String status, long duration, String... steps) {
        return "{\"id\":\"" + id + "\",\"creationDate\":\"2026-05-01T10:00:00.000+0000\",\"duration\":" + duration
                + ",\"status\":\"" + status + "\",\"workflowId\":\"order-intake\",\"workflowRevisionid\":\"3\","
                + "\"revision\":3,\"trigger\":\"manual\",\"teamName\":\"sales\",\"steps\":[" + String.join(",", steps)
                + "]}";
    }

    static String step(String id, String taskId, int order, String status, long duration) {
        return "{\"activityId\":\"" + id + "\",\"id\":\"" + id + ":" + taskId + "\",\"taskId\":\"" + taskId
                + "\",\"taskName\":\"" + taskId + "\",\"order\":" + order + ",\"flowTaskStatus\":\"" + status
                + "\",\"startTime\":\"2026-05-01T10:00:00.100+0000\",\"duration\":" + duration
                + ",\"attempt\":1,\"outputs\":{}}";
    }

    static String failedStep(String id, String taskId, int order, String error) {
        return step(id, taskId, order, "failure", 5).replace("\"outputs\":{}", "\"outputs\":{},\"error\":\"" + error + "\"");
    }
}
