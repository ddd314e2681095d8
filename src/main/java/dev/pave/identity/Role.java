package dev.pave.identity;

import java.util.Arrays;
import java.util.Optional;

/** What a person or robot may do. Roles are additive; a user holds any number of them. */
public enum Role {
    /** Publishes and retires templates, manages account settings, users and keys. */
    PLATFORM_ADMIN("platform-admin"),
    /** Deploys and updates environments, services and components. */
    DEVELOPER("developer"),
    /** Approves upgrades that need a second pair of eyes. */
    APPROVER("approver");

    public final String id;

    Role(String id) {
        this.id = id;
    }

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
