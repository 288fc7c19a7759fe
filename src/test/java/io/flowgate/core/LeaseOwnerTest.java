package io.flowgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseOwnerTest {

    @Test
    void a_token_is_the_node_id_and_epoch_and_reads_back_as_the_same_owner() {
        LeaseOwner owner = new LeaseOwner("node-a.eu_1", 7);

        assertThat(owner.toString()).isEqualTo("node-a.eu_1#7");
        assertThat(LeaseOwner.parse("node-a.eu_1#7")).isEqualTo(owner);
        assertThat(owner.next()).isEqualTo(new LeaseOwner("node-a.eu_1", 8));
        assertThat(LeaseOwner.prefixOf("node-a")).isEqualTo("node-a#");
    }

    @Test
    void tokens_of_two_lives_of_one_node_differ() {
        assertThat(new LeaseOwner("a", 1).toString()).isNotEqualTo(new LeaseOwner("a", 2).toString());
        assertThat(new LeaseOwner("a", 12).toString()).doesNotStartWith(new LeaseOwner("a", 1).toString() + "#");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "node-a", "#3", "node-a#", "node-a#x", "node-a#0", "node-a#-1", "a#b#c"})
    void what_is_not_a_token_is_refused(String text) {
        assertThatThrownBy(() -> LeaseOwner.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LeaseOwner.tryParse(text)).isEmpty();
    }

    @Test
    void a_node_id_with_the_separator_is_refused() {
        assertThatThrownBy(() -> new LeaseOwner("a#b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LeaseOwner.tryParse(null)).isEmpty();
    }
}
