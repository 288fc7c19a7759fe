package io.flowgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.trigger.webhook.WebhookForm;
import io.flowgate.trigger.webhook.WebhookForm.Field;

/**
 * The server-rendered pages of a public form ({@code /forms/{hookId}}): the form itself, a thank-you
 * page carrying the activity id, and the trigger's reply otherwise. Every value from a workflow or a
 * reply is HTML-escaped; the pages need no script.
 */
public final class FormPage {
    private FormPage() {}

    public static String form(WebhookForm form, String action) {
        StringBuilder html = head(form.title());
        html.append("<main class=\"form-page\"><h1>").append(esc(form.title())).append("</h1>\n");
        if (form.description() != null) {
            html.append("<p>").append(esc(form.description())).append("</p>\n");
        }
        html.append("<form method=\"post\" action=\"").append(esc(action)).append("\">\n");
        int i = 0;
        for (Field f : form.fields()) {
            String id = "f" + i++;
            html.append("<div class=\"field\">");
            if (f.type().equals("boolean")) {
                html.append("<input type=\"checkbox\" id=\"").append(id).append("\" name=\"").append(esc(f.name()))
                        .append("\"> <label for=\"").append(id).append("\">").append(esc(f.label())).append("</label>");
            } else {
                html.append("<label for=\"").append(id).append("\">").append(esc(f.label()));
                if (f.required()) {
                    html.append(" <span class=\"required\" aria-hidden=\"true\">*</span>");
                }
                html.append("</label>");
                html.append(input(f, id));
            }
            html.append("</div>\n");
        }
        html.append("<p class=\"hint\"><span aria-hidden=\"true\">*</span> required</p>\n");
        html.append("<button type=\"submit\">Submit</button>\n</form></main></body></html>\n");
        return html.toString();
    }

    /** After the workflow started (or answered): a thank-you with the activity id, else the reply as text. */
    public static String reply(String title, int status, JsonNode body) {
        StringBuilder html = head(title);
        html.append("<main class=\"form-page\"><h1>").append(esc(title)).append("</h1>\n");
        String activityId = body != null && body.path("activityId").isTextual() ? body.get("activityId").asText() : null;
        if (status < 300 && activityId != null) {
            html.append("<p role=\"status\">Thank you — your submission was received.</p>\n")
                    .append("<p>Activity id: <code>").append(esc(activityId)).append("</code></p>\n");
        } else {
            html.append(status < 300 ? "<p role=\"status\">Thank you — your submission was received.</p>\n"
                    : "<p role=\"alert\">The submission was not accepted.</p>\n");
            if (body != null && !body.isNull()) {
                html.append("<pre>").append(esc(body.isTextual() ? body.asText() : pretty(body))).append("</pre>\n");
            }
            if (status >= 300) {
                html.append("<p><a href=\"\">Back to the form</a></p>\n");
            }
        }
        html.append("</main></body></html>\n");
        return html.toString();
    }

    private static String input(Field f, String id) {
        String required = f.required() ? " required aria-required=\"true\"" : "";
        String name = " id=\"" + id + "\" name=\"" + esc(f.name()) + "\"" + required;
        return switch (f.type()) {
            case "integer" -> "<input type=\"number\" step=\"1\"" + name + ">";
            case "number" -> "<input type=\"number\" step=\"any\"" + name + ">";
            case "object", "array" -> "<textarea rows=\"4\"" + name + " placeholder=\"JSON\"></textarea>";
            default -> "<input type=\"text\"" + name + ">";
        };
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>").append(esc(title)).append("</title>"
                + "<link rel=\"stylesheet\" href=\"/ui/console.css\"></head><body>\n");
    }

    private static String pretty(JsonNode body) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return body.toString();
        }
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
