package io.flowgate.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.core.ValidationException;
import io.flowgate.trigger.TriggerValidation;
import io.flowgate.workflow.WorkflowParser.Format;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;


class WorkflowParserTest {
    static final String FULL_EXAMPLE = """
            id: order-intake              # slug, unique within its team
            name: Order intake
            team: sales                   # optional; default "default"
            description: Accept orders from the shop and notify fulfilment
            triggers:
              manual: {}                  # present = enabled
              webhook:
                path: orders/{region}     # optional sub-path with path parameters
                methods: [POST]           # default [POST]; GET allowed (Ziwo default)
                auth: bearer
                params:                   # declared inputs; required ones are enforced
                  - { name: order.id, in: body, type: string, required: true }
                  - { name: region,   in: path,  type: string }
                condition: "body.CityName = 'Paris'"    # JSONata; false -> request acknowledged, no run
                response: { mode: async }                # async | sync | static   (section 4.5)
                idempotency: { header: Idempotency-Key, ttl: PT24H }
              schedule:
                - cron: "0 9 * * MON-FRI"   # 5-field Unix, or 6/7-field with seconds (Quartz style)
                  timezone: Europe/Paris
                  input: { report: daily }
                - at: 2026-12-24T18:00:00Z  # one-off date/time
              events:
                - type: com.example.order.created    # CloudEvents type; source/subject optional
                  filter: "data.amount > 100"        # JSONata
            steps:
              - id: total
                name: Compute total
                type: transform
                output: '{ "total": $sum(trigger.body.items.price) }'
              - id: notify
                type: http
                request: { method: POST, url: "https://example.org/orders", body: "{{ steps.total.outputs }}" }
                retry: { max: 3, backoff: PT2S }
                timeout: PT10S
                webhooks:                          # outbound step webhooks (section 6)
                  - name: Send customer data
                    on: [completed]                # created | completed
                    url: https://hooks.example.org/flowgate
                    auth: { type: basic, username: svc, password: "{{ secrets.HOOK_PW }}" }
              - id: pause
                type: sleep
                duration: PT1S
            """;

    private final WorkflowParser parser = new WorkflowParser(new FakeStepCatalog(), TriggerValidation.all());

    static List<Problem> problemsOf(Runnable parse) {
        try {
            parse.run();
        } catch (ValidationException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ValidationException");
    }

    @Test
    void parses_the_spec_example() {
        WorkflowDefinition wf = parser.parse(FULL_EXAMPLE, Format.YAML);

        assertThat(wf.id()).isEqualTo("order-intake");
        assertThat(wf.name()).isEqualTo("Order intake");
        assertThat(wf.team()).isEqualTo("sales");
        assertThat(wf.description()).startsWith("Accept orders");
        assertThat(wf.triggers().manual()).isTrue();
        assertThat(wf.triggers().webhook().get("path").textValue()).isEqualTo("orders/{region}");
        assertThat(wf.triggers().schedule()).hasSize(2);
        assertThat(wf.triggers().events().get(0).get("type").textValue()).isEqualTo("com.example.order.created");

        assertThat(wf.steps()).extracting(StepDefinition::id).containsExactly("total", "notify", "pause");
        StepDefinition total = wf.steps().get(0);
        assertThat(total.type()).isEqualTo("transform");
        assertThat(total.displayName()).isEqualTo("Compute total");
        assertThat(total.needs()).isEmpty();
        assertThat(total.config()).isEqualTo(Json.read("{\"output\": \"{ \\\"total\\\": $sum(trigger.body.items.price) }\"}"));

        StepDefinition notify = wf.step("notify").orElseThrow();
        assertThat(notify.needs()).containsExactly("total");
        assertThat(notify.retry().max()).isEqualTo(3);
        assertThat(notify.retry().backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(notify.retry().factor()).isEqualTo(RetryPolicy.DEFAULT_FACTOR);
        assertThat(notify.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(notify.config().get("request").get("method").textValue()).isEqualTo("POST");
        assertThat(notify.config().has("retry")).isFalse();
        assertThat(notify.webhooks()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("Send customer data");
            assertThat(h.on()).containsExactly("completed");
            assertThat(h.url()).isEqualTo("https://hooks.example.org/flowgate");
            assertThat(h.config().get("auth").get("password").textValue()).isEqualTo("{{ secrets.HOOK_PW }}");
        });

        StepDefinition pause = wf.steps().get(2);
        assertThat(pause.needs()).containsExactly("notify");
        assertThat(pause.retry()).isEqualTo(RetryPolicy.NONE);
        assertThat(pause.timeout()).isNull();
        assertThat(pause.config().get("duration").textValue()).isEqualTo("PT1S");
    }

    @Test
    void parses_the_same_structure_as_json() {
        String json = """
                {"id": "hello", "steps": [
                  {"id": "a", "type": "log", "message": "hi {{ trigger.body.name }}"},
                  {"id": "b", "type": "fail", "message": "no"}]}
                """;
        WorkflowDefinition wf = parser.parse(json, Format.JSON);
        assertThat(wf.name()).isEqualTo("hello");
        assertThat(wf.team()).isEqualTo(WorkflowDefinition.DEFAULT_TEAM);
        assertThat(wf.triggers()).isEqualTo(Triggers.manualOnly());
        assertThat(wf.steps().get(1).needs()).containsExactly("a");
        assertThat(parser.parse(json, "application/json")).isEqualTo(wf);
    }

    @Test
    void detects_the_format_from_content_type_or_first_character() {
        assertThat(Format.detect("application/json; charset=utf-8", "id: x")).isEqualTo(Format.JSON);
        assertThat(Format.detect("application/yaml", "{}")).isEqualTo(Format.YAML);
        assertThat(Format.detect("text/x-yaml", "{}")).isEqualTo(Format.YAML);
        assertThat(Format.detect(null, "  \n {\"id\": 1}")).isEqualTo(Format.JSON);
        assertThat(Format.detect("text/plain", "id: x")).isEqualTo(Format.YAML);
        assertThat(Format.detect(null, null)).isEqualTo(Format.YAML);
    }

    @Test
    void malformed_yaml_is_one_problem_at_its_line_and_column() {
        String text = """
                id: broken
                steps:
                  - id: a
                    type: [log
                """;
        List<Problem> problems = problemsOf(() -> parser.parse(text, Format.YAML));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).matches("line 4, column \\d+");
            assertThat(p.message()).isEqualTo("while parsing a flow sequence: expected ',' or ']', but got <stream end>");
        });
    }

    @Test
    void malformed_json_is_one_problem_at_its_line_and_column() {
        List<Problem> problems = problemsOf(() -> parser.parse("{\"id\": \"x\",\n \"steps\": [}", Format.JSON));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("line 2, column 12");
            assertThat(p.message()).contains("Unexpected close marker");
            assertThat(p.message()).doesNotContain("Source");
        });
    }

    @Test
    void duplicate_keys_are_rejected_in_yaml_and_json() {
        assertThat(problemsOf(() -> parser.parse("id: a\nid: b\nsteps: []\n", Format.YAML)))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).startsWith("line 2");
                    assertThat(p.message()).contains("Duplicate field 'id'");
                });
        assertThat(problemsOf(() -> parser.parse("{\"id\": \"a\", \"id\": \"b\"}", Format.JSON)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("Duplicate field 'id'"));
    }

    @Test
    void an_alias_bomb_is_rejected_quickly() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = c;
        }
        assertThat(problemsOf(() -> parser.parse(bomb.toString(), Format.YAML)))
                .singleElement().satisfies(p -> assertThat(p.message()).containsIgnoringCase("alias"));
    }

    @Test
    void yaml_anchors_aliases_and_merge_keys_are_expanded() {
        String text = """
                id: shared
                steps:
                  - &base
                    id: a
                    type: http
                    request: &req { method: POST, url: "https://example.org" }
                    retry: { max: 2 }
                  - <<: *base
                    id: b
                    request: { <<: *req, method: PUT }
                """;
        WorkflowDefinition wf = parser.parse(text, Format.YAML);
        StepDefinition b = wf.step("b").orElseThrow();
        assertThat(b.type()).isEqualTo("http");
        assertThat(b.retry().max()).isEqualTo(2);
        assertThat(b.config().get("request")).isEqualTo(Json.read("{\"method\": \"PUT\", \"url\": \"https://example.org\"}"));
        assertThat(wf.step("a").orElseThrow().config().get("request").get("method").textValue()).isEqualTo("POST");
    }

    @Test
    void an_unknown_alias_is_a_problem_not_a_string() {
        assertThat(problemsOf(() -> parser.parse("id: x\nsteps: *nothing\n", Format.YAML)))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).startsWith("line 2");
                    assertThat(p.message()).contains("Unknown alias '*nothing'");
                });
    }

    @Test
    void a_doubling_alias_bomb_under_the_alias_limit_is_stopped_by_the_size_limit() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i <= 24; i++) {
            bomb.append("a").append(i).append(": &a").append(i)
                    .append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        assertThat(problemsOf(() -> parser.parse(bomb.toString(), Format.YAML)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("expands to more than"));
    }

    @Test
    void deep_nesting_is_rejected() {
        String deep = "id: x\nsteps: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThat(problemsOf(() -> parser.parse(deep, Format.YAML))).singleElement()
                .satisfies(p -> assertThat(p.message()).containsIgnoringCase("depth"));
        String deepJson = "{\"id\": " + "[".repeat(200) + "]".repeat(200) + "}";
        assertThat(problemsOf(() -> parser.parse(deepJson, Format.JSON))).singleElement()
                .satisfies(p -> assertThat(p.message()).containsIgnoringCase("depth"));
    }

    @Test
    void a_document_over_one_mebibyte_is_rejected_before_parsing() {
        String huge = "id: x\ndescription: \"" + "x".repeat(WorkflowParser.MAX_BYTES) + "\"\n";
        assertThat(problemsOf(() -> parser.parse(huge, Format.YAML)))
                .containsExactly(Problem.at("$", "The document is larger than 1 MiB"));
    }

    @Test
    void empty_documents_and_non_objects_are_rejected() {
        assertThat(problemsOf(() -> parser.parse("  \n", Format.YAML)))
                .containsExactly(Problem.at("$", "The document is empty"));
        assertThat(problemsOf(() -> parser.parse("# only a comment\n", Format.YAML)))
                .containsExactly(Problem.at("$", "The document is empty"));
        assertThat(problemsOf(() -> parser.parse("- a\n- b\n", Format.YAML)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("must be an object"));
    }

    @Test
    void more_than_one_yaml_document_is_rejected() {
        String two = "id: a\nsteps: [{id: s, type: log}]\n---\nid: b\n";
        assertThat(problemsOf(() -> parser.parse(two, Format.YAML)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("Only one document"));
    }

    @Test
    void a_parsed_definition_round_trips_through_the_json_mapper() throws Exception {
        WorkflowDefinition wf = parser.parse(FULL_EXAMPLE + "webhooks: [{on: execution.failed, url: \"https://ops.example\"}]\n",
                Format.YAML);
        String json = Json.write(wf);
        assertThat(Json.MAPPER.readValue(json, WorkflowDefinition.class)).isEqualTo(wf);
    }
}
