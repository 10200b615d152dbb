package com.uberpopug.ates.keycloak;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

/**
 * What a Keycloak event means for one account: it was created, changed (name, e-mail or business role) or
 * deleted. Keycloak events that say nothing about an account map to nothing.
 */
public record AccountChange(Kind kind, String userId) {

    public enum Kind {
        CREATED, UPDATED, DELETED
    }

    /** {@code users/<id>}: the user itself. */
    private static final Pattern USER = Pattern.compile("users/([^/]+)");
    /** {@code users/<id>/role-mappings/realm}: the user's own realm roles (not a group's, not a client's). */
    private static final Pattern USER_REALM_ROLES = Pattern.compile("users/([^/]+)/role-mappings/realm");
    /** {@code users/<id>/groups/<group id>}: a group (and so the roles it carries) joined or left. */
    private static final Pattern USER_GROUP = Pattern.compile("users/([^/]+)/groups/[^/]+");

    /** A change made through the admin API or console. */
    public static Optional<AccountChange> of(AdminEvent event) {
        if (event.getResourceType() == null || event.getOperationType() == null || event.getResourcePath() == null
                || event.getError() != null) {
            return Optional.empty();
        }
        String path = event.getResourcePath();
        OperationType operation = event.getOperationType();
        return switch (event.getResourceType()) {
            case USER -> userId(USER, path).flatMap(id -> switch (operation) {
                case CREATE -> Optional.of(new AccountChange(Kind.CREATED, id));
                case UPDATE -> Optional.of(new AccountChange(Kind.UPDATED, id));
                case DELETE -> Optional.of(new AccountChange(Kind.DELETED, id));
                default -> Optional.empty(); // ACTION: a password reset, a logout, ...
            });
            case REALM_ROLE_MAPPING -> roleChange(operation, userId(USER_REALM_ROLES, path));
            case GROUP_MEMBERSHIP -> roleChange(operation, userId(USER_GROUP, path));
            default -> Optional.empty();
        };
    }

    /** A change the user made themselves (registration, account console). */
    public static Optional<AccountChange> of(Event event) {
        if (event.getType() == null || event.getUserId() == null || event.getError() != null) {
            return Optional.empty();
        }
        String id = event.getUserId();
        return switch (event.getType()) {
            case REGISTER -> Optional.of(new AccountChange(Kind.CREATED, id));
            case UPDATE_PROFILE, UPDATE_EMAIL -> Optional.of(new AccountChange(Kind.UPDATED, id));
            case DELETE_ACCOUNT -> Optional.of(new AccountChange(Kind.DELETED, id));
            default -> Optional.empty();
        };
    }

    private static Optional<AccountChange> roleChange(OperationType operation, Optional<String> userId) {
        if (operation != OperationType.CREATE && operation != OperationType.DELETE) {
            return Optional.empty();
        }
        return userId.map(id -> new AccountChange(Kind.UPDATED, id));
    }

    private static Optional<String> userId(Pattern pattern, String path) {
        Matcher matcher = pattern.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
