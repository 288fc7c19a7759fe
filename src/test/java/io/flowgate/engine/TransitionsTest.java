package io.flowgate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.Json;
import io.flowgate.core.TriggerKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;


/**
 * Every from → to pair of execution statuses and of step statuses, against the legal changes written out
 * here a second time: the table and the methods that change a status must both agree with this list.
 */
class TransitionsTest {
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    static final Set<String> LEGAL_EXECUTION = Set.of(
            "notstarted→inProgress", "notstarted→cancelled",
            "inProgress→waiting", "inProgress→completed", "inProgress→failure", "inProgress→cancelled",
            "waiting→inProgress", "waiting→notstarted", "waiting→waiting", "waiting→cancelled",
            "failure→notstarted", "cancelled→notstarted");

    static final Set<String> LEGAL_STEP = Set.of(
            "notstarted→inProgress", "notstarted→skipped", "notstarted→cancelled",
            "inProgress→completed", "inProgress→failure", "inProgress→waiting", "inProgress→cancelled",
            "waiting→inProgress", "waiting→cancelled",
            "completed→notstarted", "failure→notstarted", "skipped→notstarted", "cancelled→notstarted");

    static Stream<Arguments> executionPairs() {
        List<Arguments> out = new ArrayList<>();
        for (ExecutionStatus from : ExecutionStatus.values()) {
            for (ExecutionStatus to : ExecutionStatus.values()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> stepPairs() {
        List<Arguments> out = new ArrayList<>();
        for (StepStatus from : StepStatus.values()) {
            for (StepStatus to : StepStatus.values()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "execution {0} → {1}")
    @MethodSource("executionPairs")
    void an_execution_changes_status_only_as_the_table_allows(ExecutionStatus from, ExecutionStatus to) {
        boolean legal = LEGAL_EXECUTION.contains(from.wire() + "→" + to.wire());
        assertThat(Transitions.allowed(from, to)).isEqualTo(legal);

        Execution before = execution(from);
        UnaryOperator<Execution> change = switch (to) {
            case NOT_STARTED -> Execution::reopened;
            case IN_PROGRESS -> e -> e.started(T);
            case WAITING -> e -> e.waiting(T.plusSeconds(60));
            case COMPLETED, FAILURE, CANCELLED -> e -> e.ended(to, T, null);
        };
        if (legal) {
            assertThat(change.apply(before).status()).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> change.apply(before)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from.wire()).hasMessageContaining(to.wire());
        }
    }

    @ParameterizedTest(name = "step {0} → {1}")
    @MethodSource("stepPairs")
    void a_step_changes_status_only_as_the_table_allows(StepStatus from, StepStatus to) {
        boolean legal = LEGAL_STEP.contains(from.wire() + "→" + to.wire());
        assertThat(Transitions.allowed(from, to)).isEqualTo(legal);

        StepRun before = step(from);
        List<UnaryOperator<StepRun>> changes = switch (to) {
            case NOT_STARTED -> List.of(StepRun::reset);
            case IN_PROGRESS -> List.of(r -> r.startAttempt(T), StepRun::resumed);
            case WAITING -> List.of(r -> r.waitUntil(T.plusSeconds(5), null), r -> r.retryAt(T.plusSeconds(5), "503"));
            case SKIPPED -> List.of(r -> r.skipped(T));
            case COMPLETED, FAILURE, CANCELLED -> List.of(r -> r.with(to, T, Json.object(), null));
        };
        for (UnaryOperator<StepRun> change : changes) {
            if (legal || (from == StepStatus.NOT_STARTED && to == StepStatus.NOT_STARTED)) {
                // Resetting a step that never ran changes nothing, so it is not refused.
                assertThat(change.apply(before).status()).isEqualTo(to);
            } else {
                assertThatThrownBy(() -> change.apply(before)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(from.wire()).hasMessageContaining(to.wire());
            }
        }
    }

    static Execution execution(ExecutionStatus status) {
        return new Execution("e1", "default", "orders", 1, TriggerKind.MANUAL, status, Json.object(), T, null, null,
                null, null, null, 0);
    }

    static StepRun step(StepStatus status) {
        return new StepRun("e1", "a", 1, "a", status, 1, T, null, null, null, null, null);
    }
}
