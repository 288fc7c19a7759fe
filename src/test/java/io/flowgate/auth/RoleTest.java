package io.flowgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void each_role_allows_itself_and_every_role_below_it_only() {
        assertThat(Role.ADMIN.allows(Role.EDITOR)).isTrue();
        assertThat(Role.ADMIN.allows(Role.ADMIN)).isTrue();
        assertThat(Role.EDITOR.allows(Role.OPERATOR)).isTrue();
        assertThat(Role.EDITOR.allows(Role.ADMIN)).isFalse();
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.allows(Role.EDITOR)).isFalse();
        assertThat(Role.VIEWER.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }

    @Test
    void roles_read_from_their_wire_names() {
        assertThat(Role.fromWire("operator")).isEqualTo(Role.OPERATOR);
        assertThat(Role.fromWire(" Admin ")).isEqualTo(Role.ADMIN);
        assertThat(Role.EDITOR.wire()).isEqualTo("editor");
        assertThatThrownBy(() -> Role.fromWire("root")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> Role.fromWire(null)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void a_principal_without_teams_sees_every_team() {
        assertThat(new Principal("k", "n", Role.VIEWER, List.of()).canSee("any")).isTrue();
        Principal red = new Principal("k", "n", Role.VIEWER, List.of("red"));
        assertThat(red.canSee("red")).isTrue();
        assertThat(red.canSee("blue")).isFalse();
        assertThat(red.allTeams()).isFalse();
    }
}
