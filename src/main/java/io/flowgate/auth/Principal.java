package io.flowgate.auth;

import java.util.List;

/**
 * Who is calling: the API key's id and name, its role, and the teams it is scoped to
 * (empty = every team).
 */
public record Principal(String keyId, String name, Role role, List<String> teams) {
    public Principal {
        teams = List.copyOf(teams);
    }

    public boolean canSee(String team) {
        return teams.isEmpty() || teams.contains(team);
    }

    public boolean allTeams() {
        return teams.isEmpty();
    }

    public boolean has(Role required) {
        return role.allows(required);
    }
}
