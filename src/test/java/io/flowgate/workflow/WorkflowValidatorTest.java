package io.flowgate.workflow;

import static io.flowgate.workflow.WorkflowParserTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.core.Problem;
import io.flowgate.trigger.TriggerValidation;
import io.flowgate.workflow.WorkflowParser.Format;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;


class WorkflowValidatorTest {
    private final WorkflowParser parser = new WorkflowParser(new FakeStepCatalog(), TriggerValidation.all());

    private WorkflowDefinition parse(String yaml) {
        return parser.parse(yaml, Format.YAML);
    }

    private List<Problem> problems(String yaml) {
        return problemsOf(() -> parse(yaml));
    }

    private static List<String> paths(List<Problem> problems) {
        return problems.stream().map(Problem::path).toList();
    }

    @Test
    void lists_every_problem_of_the_document_at_once() {
        List<Problem> problems = problems("""
                id: Bad Id
                team: "no spaces"
                colour: blue
                triggers:
                  webhook: "yes"
                  poll: {}
                steps:
                  - id: a
                    type: teleport
                  - type: log
                    when: "a = "
                  - id: c
                    type: http
                    retry: { max: three }
                    timeout: soon
                """);
        assertThat(paths(problems)).containsExactlyInAnyOrder(
                "colour", "id", "team", "triggers.poll", "triggers.webhook",
                "steps[0].type", "steps[1].id", "steps[1].when", "steps[2].retry.max", "steps[2].timeout");
    }

    @Test
    void unknown_top_level_fields_are_problems() {
        assertThat(problems("id: x\nsteps: [{id: a, type: log}]\nstpes: []\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("stpes");
                    assertThat(p.message()).contains("Unknown field 'stpes'").contains("steps");
                });
    }

    @Test
    void id_is_a_required_slug_and_name_and_team_have_defaults() {
        assertThat(problems("steps: [{id: a, type: log}]\n")).containsExactly(Problem.at("id", "Is required"));
        assertThat(paths(problems("id: -starts-with-dash\nsteps: [{id: a, type: log}]\n"))).containsExactly("id");
        assertThat(paths(problems("id: " + "a".repeat(64) + "\nsteps: [{id: a, type: log}]\n"))).containsExactly("id");
        assertThat(paths(problems("id: [x]\nsteps: [{id: a, type: log}]\n"))).containsExactly("id");

        WorkflowDefinition wf = parse("id: my_flow-2\nsteps: [{id: a, type: log}]\n");
        assertThat(wf.name()).isEqualTo("my_flow-2");
        assertThat(wf.team()).isEqualTo("default");
        assertThat(wf.description()).isNull();
        assertThat(parse("id: x\nteam: ops\nsteps: [{id: a, type: log}]\n").team()).isEqualTo("ops");
    }

    @Test
    void steps_must_be_a_non_empty_list_of_objects() {
        assertThat(problems("id: x\n")).containsExactly(Problem.at("steps", "Is required: a list of at least one step"));
        assertThat(problems("id: x\nsteps: \"x\"\n")).containsExactly(Problem.at("steps", "Must be a list of steps, not a string"));
        assertThat(problems("id: x\nsteps: []\n")).containsExactly(Problem.at("steps", "Must contain at least one step"));
        assertThat(problems("id: x\nsteps: [hello]\n")).containsExactly(Problem.at("steps[0]", "A step must be an object, not a string"));
    }

    @Test
    void step_ids_are_required_slugs_and_unique() {
        List<Problem> problems = problems("""
                id: x
                steps:
                  - { id: a, type: log }
                  - { id: a, type: log }
                  - { type: log }
                  - { id: "B!", type: log }
                """);
        assertThat(problems).contains(
                Problem.at("steps[1].id", "Duplicate step id 'a' (also used by steps[0])"),
                Problem.at("steps[2].id", "Is required"));
        assertThat(paths(problems)).containsExactly("steps[1].id", "steps[2].id", "steps[3].id");
    }

    @Test
    void an_unknown_step_type_lists_the_known_ones() {
        assertThat(problems("id: x\nsteps: [{id: a, type: teleport}]\n")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("steps[0].type");
            assertThat(p.message()).isEqualTo("Unknown step type 'teleport'; known types: approval, emit-event, fail, "
                    + "http, log, respond, run-workflow, sleep, transform, wait-for-event");
        });
        assertThat(problems("id: x\nsteps: [{id: a}]\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("Is required; known types: approval"));
    }

    @Test
    void type_specific_fields_go_to_config_and_the_catalog_checks_them() {
        assertThat(problems("id: x\nsteps: [{id: a, type: transform}]\n"))
                .containsExactly(Problem.at("steps[0].output", "Is required"));
        StepDefinition step = parse("""
                id: x
                steps:
                  - id: a
                    name: Say hi
                    type: log
                    message: "hi"
                    level: info
                    when: "true"
                """).steps().getFirst();
        assertThat(step.config()).isEqualTo(Json.read("{\"message\": \"hi\", \"level\": \"info\"}"));
        assertThat(step.when()).isEqualTo("true");
        assertThat(step.name()).isEqualTo("Say hi");
    }

    @Test
    void templates_in_step_fields_must_compile() {
        assertThat(problems("id: x\nsteps: [{id: a, type: http, request: {url: \"https://x/{{ trigger.( }}\"}}]\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("steps[0].request.url");
                    assertThat(p.message()).contains("trigger.(").contains("invalid");
                });
    }

    @Test
    void when_must_compile_as_jsonata_and_says_why_not() {
        assertThat(problems("id: x\nsteps: [{id: a, type: log, when: \"(1 + \"}]\n")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("steps[0].when");
            assertThat(p.message()).contains("at position 5").contains("Expected \")\"");
        });
        assertThat(parse("id: x\nsteps: [{id: a, type: log, when: false}]\n").steps().getFirst().when()).isEqualTo("false");
    }

    @Test
    void retry_is_read_with_defaults_and_every_field_checked() {
        RetryPolicy retry = parse("""
                id: x
                steps:
                  - { id: a, type: log, retry: { max: 5, backoff: 500ms, factor: 3, maxBackoff: PT1M, jitter: 0 } }
                """).steps().getFirst().retry();
        assertThat(retry).isEqualTo(new RetryPolicy(5, Duration.ofMillis(500), 3.0, Duration.ofMinutes(1), 0.0));

        assertThat(parse("id: x\nsteps: [{id: a, type: log, retry: 2}]\n").steps().getFirst().retry())
                .isEqualTo(new RetryPolicy(2, RetryPolicy.DEFAULT_BACKOFF, RetryPolicy.DEFAULT_FACTOR,
                        RetryPolicy.DEFAULT_MAX_BACKOFF, RetryPolicy.DEFAULT_JITTER));
        assertThat(parse("id: x\nsteps: [{id: a, type: log, retry: {max: 1, backoff: 1h}}]\n").steps().getFirst()
                .retry().maxBackoff()).isEqualTo(Duration.ofHours(1));

        List<Problem> problems = problems("""
                id: x
                steps:
                  - { id: a, type: log, retry: { max: 101, backoff: soon, factor: 0.5, jitter: 2, tries: 1 } }
                  - { id: b, type: log, retry: { backoff: PT1M, maxBackoff: PT1S } }
                  - { id: c, type: log, retry: "often" }
                """);
        assertThat(paths(problems)).containsExactlyInAnyOrder(
                "steps[0].retry.tries", "steps[0].retry.max", "steps[0].retry.backoff", "steps[0].retry.factor",
                "steps[0].retry.jitter", "steps[1].retry.max", "steps[1].retry.maxBackoff", "steps[2].retry");
    }

    @Test
    void timeouts_are_positive_durations() {
        assertThat(parse("id: x\nsteps: [{id: a, type: log, timeout: 2s}]\n").steps().getFirst().timeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(problems("id: x\nsteps: [{id: a, type: log, timeout: PT0S}]\n"))
                .containsExactly(Problem.at("steps[0].timeout", "Must be longer than zero"));
        assertThat(problems("id: x\nsteps: [{id: a, type: log, timeout: 10}]\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not a bare number"));
        assertThat(problems("id: x\nsteps: [{id: a, type: log, timeout: -PT1S}]\n"))
                .containsExactly(Problem.at("steps[0].timeout", "Must not be negative"));
    }

    @Test
    void step_webhooks_need_url_and_known_events_and_keep_other_fields() {
        StepWebhook hook = parse("""
                id: x
                steps:
                  - id: a
                    type: log
                    webhooks:
                      - { on: created, url: "https://h.example/{{ execution.id }}", retry: [PT1S, PT1M] }
                """).steps().getFirst().webhooks().getFirst();
        assertThat(hook.on()).containsExactly("created");
        assertThat(hook.name()).isNull();
        assertThat(hook.config()).isEqualTo(Json.read("{\"retry\": [\"PT1S\", \"PT1M\"]}"));

        List<Problem> problems = problems("""
                id: x
                steps:
                  - id: a
                    type: log
                    webhooks:
                      - { on: [finished], url: "https://h.example" }
                      - { on: [completed] }
                      - "https://h.example"
                      - { url: "https://h.example", auth: { password: "{{ secrets. }}" } }
                """);
        assertThat(paths(problems)).containsExactly("steps[0].webhooks[0].on[0]", "steps[0].webhooks[1].url",
                "steps[0].webhooks[2]", "steps[0].webhooks[3].on", "steps[0].webhooks[3].auth.type",
                "steps[0].webhooks[3].auth.password");
        assertThat(problems("id: x\nsteps: [{id: a, type: log, webhooks: {url: x}}]\n"))
                .containsExactly(Problem.at("steps[0].webhooks", "Must be a list, not an object"));
    }

    @Test
    void webhook_auth_is_refused_at_save_time_when_unknown_incomplete_or_too_long() {
        String longSecret = "s".repeat(251);
        String longUser = "u".repeat(101);
        List<Problem> problems = problems("""
                id: x
                steps:
                  - id: a
                    type: log
                    webhooks:
                      - { on: completed, url: "https://h.example", auth: { type: client-secret, secret: %s } }
                      - { on: completed, url: "https://h.example", auth: { type: basic, username: %s, password: p } }
                      - { on: completed, url: "https://h.example", auth: { type: oauth } }
                      - { on: completed, url: "https://h.example", auth: basic }
                      - { on: completed, url: "https://h.example", auth: { type: bearer } }
                      - { on: completed, url: "https://h.example", retry: { schedule: [soon] }, timeout: 5 }
                      - { on: completed, url: "https://h.example", auth: none, color: red }
                """.formatted(longSecret, longUser));
        assertThat(paths(problems)).containsExactly("steps[0].webhooks[0].auth.secret",
                "steps[0].webhooks[1].auth.username", "steps[0].webhooks[2].auth.type", "steps[0].webhooks[3].auth",
                "steps[0].webhooks[4].auth.token", "steps[0].webhooks[5].retry.schedule[0]",
                "steps[0].webhooks[5].timeout", "steps[0].webhooks[6].color");
        assertThat(problems.getFirst().message()).contains("251").contains("250");

        assertThat(parse("""
                id: x
                steps:
                  - id: a
                    type: log
                    webhooks:
                      - { on: completed, url: "https://h.example", auth: { type: client-secret, secret: %s } }
                      - { on: completed, url: "https://h.example", auth: { type: basic, username: %s, password: p } }
                """.formatted("s".repeat(250), "u".repeat(100))).steps().getFirst().webhooks()).hasSize(2);
    }

    @Test
    void workflow_level_webhooks_subscribe_to_execution_events() {
        WorkflowDefinition wf = parse("""
                id: x
                steps: [{id: a, type: log}]
                webhooks:
                  - { name: ops, on: [execution.failed], url: "https://ops.example/hook", auth: { type: bearer, token: "{{ secrets.OPS }}" } }
                """);
        assertThat(wf.webhooks()).singleElement().satisfies(h -> {
            assertThat(h.on()).containsExactly("execution.failed");
            assertThat(h.config().get("auth").get("type").textValue()).isEqualTo("bearer");
        });
        assertThat(paths(problems("id: x\nsteps: [{id: a, type: log}]\nwebhooks: [{on: [completed], url: u}]\n")))
                .containsExactly("webhooks[0].on[0]");
    }

    @Test
    void triggers_absent_means_manual_only() {
        assertThat(parse("id: x\nsteps: [{id: a, type: log}]\n").triggers()).isEqualTo(Triggers.manualOnly());
    }

    @Test
    void manual_flag_follows_the_document() {
        assertThat(parse("id: x\ntriggers: {manual: true}\nsteps: [{id: a, type: log}]\n").triggers().manual()).isTrue();
        assertThat(parse("id: x\ntriggers: {manual: {}}\nsteps: [{id: a, type: log}]\n").triggers().manual()).isTrue();
        assertThat(parse("id: x\ntriggers: {manual: false}\nsteps: [{id: a, type: log}]\n").triggers().manual()).isFalse();
        assertThat(parse("id: x\ntriggers: {webhook: {}}\nsteps: [{id: a, type: log}]\n").triggers().manual()).isFalse();
        assertThat(problems("id: x\ntriggers: {manual: 3}\nsteps: [{id: a, type: log}]\n"))
                .containsExactly(Problem.at("triggers.manual", "Must be {} or true/false, not a number"));
    }

    @Test
    void trigger_kinds_are_checked_for_shape() {
        Triggers triggers = parse("""
                id: x
                triggers:
                  schedule: { cron: "0 9 * * *" }
                  events: [{ type: com.example.a, filter: "data.n > 1" }]
                steps: [{id: a, type: log}]
                """).triggers();
        assertThat(triggers.schedule()).isEqualTo(Json.read("[{\"cron\": \"0 9 * * *\"}]"));
        assertThat(triggers.events().get(0).get("type").textValue()).isEqualTo("com.example.a");
        assertThat(triggers.webhook()).isNull();

        List<Problem> problems = problems("""
                id: x
                triggers:
                  webhook: { condition: "body.x = " }
                  schedule: ["0 9 * * *"]
                  events: { type: a, filter: "data.(" }
                steps: [{id: a, type: log}]
                """);
        assertThat(paths(problems)).containsExactly("triggers.webhook.condition", "triggers.schedule[0]",
                "triggers.events[0].filter");
        assertThat(problems("id: x\ntriggers: []\nsteps: [{id: a, type: log}]\n")).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("triggers"));
    }

    @Test
    void steps_without_needs_wait_for_the_step_listed_before() {
        WorkflowDefinition wf = parse("""
                id: x
                steps:
                  - { id: a, type: log }
                  - { id: b, type: log }
                  - { id: c, type: log, needs: [a] }
                  - { id: d, type: log, needs: [] }
                  - { id: e, type: log, needs: [b, c, b] }
                  - { id: f, type: log, needs: a }
                  - { id: g, type: log }
                """);
        assertThat(wf.steps()).extracting(StepDefinition::needs).containsExactly(
                List.of(), List.of("a"), List.of("a"), List.of(), List.of("b", "c"), List.of("a"), List.of("f"));
    }

    @Test
    void a_step_may_need_one_listed_later_when_there_is_no_cycle() {
        WorkflowDefinition wf = parse("""
                id: x
                steps:
                  - { id: a, type: log, needs: [b] }
                  - { id: b, type: log, needs: [] }
                """);
        assertThat(wf.step("a").orElseThrow().needs()).containsExactly("b");
    }

    @Test
    void needs_must_name_other_existing_steps() {
        List<Problem> problems = problems("""
                id: x
                steps:
                  - { id: a, type: log, needs: [a] }
                  - { id: b, type: log, needs: [a, zzz, 3, null] }
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                Problem.at("steps[0].needs[0]", "A step cannot need itself"),
                Problem.at("steps[1].needs[2]", "Must be a string, not a number"),
                Problem.at("steps[1].needs[3]", "Must be a step id"),
                Problem.at("steps[1].needs[1]", "No step has the id 'zzz'; steps are: a, b"));
    }

    @Test
    void cycles_are_reported_with_their_path() {
        assertThat(problems("""
                id: x
                steps:
                  - { id: a, type: log, needs: [b] }
                  - { id: b, type: log, needs: [a] }
                """)).containsExactly(Problem.at("steps[0].needs",
                        "Steps need each other in a cycle (each needs the next): a -> b -> a"));
        assertThat(problems("""
                id: x
                steps:
                  - { id: start, type: log }
                  - { id: a, type: log, needs: [c] }
                  - { id: b, type: log }
                  - { id: c, type: log }
                """)).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("steps[1].needs");
                    assertThat(p.message()).endsWith("a -> c -> b -> a");
                });
    }
}
