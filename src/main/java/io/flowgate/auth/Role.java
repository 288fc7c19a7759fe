package io.flowgate.auth;

import io.flowgate.core.BadRequestException;
import java.util.Locale;

/** API key roles, each including every role below it: admin ⊃ editor ⊃ operator ⊃ viewer. */
public enum Role {
    VIEWER,
    OPERATOR,
    EDITOR,
    ADMIN;

    /** True when a key with this role may do what {@code required} may do. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.wire().equalsIgnoreCase(s.trim())) {
                    return r;
                }
            }
        }
        throw new BadRequestException("invalid_role", "Role must be one of admin, editor, operator, viewer");
    }
}
