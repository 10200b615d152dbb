package com.uberpopug.ates.keycloak;

import java.util.Arrays;
import java.util.function.Predicate;

import com.uberpopug.ates.events.account.Role;

/**
 * The one business role an account carries in events: the highest of the realm roles admin, manager, accountant
 * and worker that the user holds (directly, through a group or a composite role); Keycloak's own roles
 * ({@code default-roles-ates}, {@code offline_access}, ...) never count.
 */
public final class BusinessRole {

    private BusinessRole() {
    }

    /**
     * @param holds whether the user holds the realm role of that name
     * @return the highest business role, or null when the user has none
     */
    public static Role of(Predicate<String> holds) {
        // Role lists the roles from the highest down: admin, manager, accountant, worker.
        return Arrays.stream(Role.values()).filter(role -> holds.test(role.value())).findFirst().orElse(null);
    }
}
