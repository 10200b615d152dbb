package com.uberpopug.ates.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventJson;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

/**
 * What a Keycloak event means for accounts: one account was created, changed or deleted; or the members of a group
 * (and of its subgroups), or everyone who holds a role, may have a new business role. Keycloak events that say
 * nothing about an account map to nothing.
 * <p>
 * A change of role mappings or composites names the roles it granted or took ({@code roleIds}, from the admin
 * event's representation); the listener writes events only when one of them is, or carries, a business role. An
 * empty {@code roleIds} means the event does not say, or the change is not one of roles: the accounts are written.
 */
public sealed interface AccountChange {

    enum Kind {
        CREATED,
        UPDATED,
        DELETED
    }

    /** One account: the user itself changed, or its own role mappings or groups. */
    record Account(Kind kind, String userId, Set<String> roleIds) implements AccountChange {
        public Account {
            roleIds = Set.copyOf(roleIds);
        }

        public Account(Kind kind, String userId) {
            this(kind, userId, Set.of());
        }
    }

    /** The members of a group and of all its subgroups, which inherit its roles. */
    record GroupMembers(String groupId, Set<String> roleIds) implements AccountChange {
        public GroupMembers {
            roleIds = Set.copyOf(roleIds);
        }
    }

    /**
     * Everyone who holds a role whose composites changed: directly, through a group, or through another composite
     * role. The role is named by id ({@code roles-by-id}), or by name in the realm ({@code clientId} null) or in a
     * client (its id, not its clientId).
     */
    record RoleHolders(String roleId, String clientId, String roleName, Set<String> roleIds) implements AccountChange {
        public RoleHolders {
            roleIds = Set.copyOf(roleIds);
        }

        static RoleHolders byId(String roleId, Set<String> roleIds) {
            return new RoleHolders(roleId, null, null, roleIds);
        }

        static RoleHolders byName(String clientId, String roleName, Set<String> roleIds) {
            return new RoleHolders(null, clientId, roleName, roleIds);
        }
    }

    /** {@code users/<id>}: the user itself. */
    Pattern USER = Pattern.compile("users/([^/]+)");
    /** {@code users/<id>/role-mappings/realm} or {@code .../clients/<client id>}: the user's own roles. */
    Pattern USER_ROLES = Pattern.compile("users/([^/]+)/role-mappings/(?:realm|clients/[^/]+)");
    /** {@code users/<id>/groups/<group id>}: a group (and so the roles it carries) joined or left. */
    Pattern USER_GROUP = Pattern.compile("users/([^/]+)/groups/[^/]+");
    /** {@code groups/<id>/role-mappings/realm} or {@code .../clients/<client id>}: roles of a group. */
    Pattern GROUP_ROLES = Pattern.compile("groups/([^/]+)/role-mappings/(?:realm|clients/[^/]+)");
    /** {@code groups/<parent id>/children} (under a group) or {@code groups} (to the top): a group moved. */
    Pattern GROUP_MOVE = Pattern.compile("groups(?:/[^/]+/children)?");
    /** {@code roles-by-id/<id>/composites}: composites of a realm or client role, by id. */
    Pattern ROLE_BY_ID_COMPOSITES = Pattern.compile("roles-by-id/([^/]+)/composites");
    /** {@code roles/<name>/composites}: composites of a realm role, by name. */
    Pattern REALM_ROLE_COMPOSITES = Pattern.compile("roles/(.+)/composites");
    /** {@code clients/<client id>/roles/<name>/composites}: composites of a client role, by name. */
    Pattern CLIENT_ROLE_COMPOSITES = Pattern.compile("clients/([^/]+)/roles/(.+)/composites");

    /** A change made through the admin API or console. */
    static Optional<AccountChange> of(AdminEvent event) {
        if (event.getResourceType() == null
                || event.getOperationType() == null
                || event.getResourcePath() == null
                || event.getError() != null) {
            return Optional.empty();
        }
        String path = event.getResourcePath();
        OperationType operation = event.getOperationType();
        boolean grantOrRevoke = operation == OperationType.CREATE || operation == OperationType.DELETE;
        return switch (event.getResourceType()) {
            case USER ->
                group(USER, path, 1).flatMap(id -> switch (operation) {
                    case CREATE -> Optional.of(new Account(Kind.CREATED, id));
                    case UPDATE -> Optional.of(new Account(Kind.UPDATED, id));
                    case DELETE -> Optional.of(new Account(Kind.DELETED, id));
                    default -> Optional.empty(); // ACTION: a password reset, a logout, ...
                });
            case REALM_ROLE_MAPPING, CLIENT_ROLE_MAPPING -> {
                if (!grantOrRevoke) {
                    yield Optional.empty();
                }
                Optional<AccountChange> user = group(USER_ROLES, path, 1)
                        .map(id -> new Account(Kind.UPDATED, id, roleIds(event.getRepresentation())));
                yield user.or(() -> group(GROUP_ROLES, path, 1)
                        .map(id -> new GroupMembers(id, roleIds(event.getRepresentation()))));
            }
            case GROUP_MEMBERSHIP ->
                grantOrRevoke ? group(USER_GROUP, path, 1).map(id -> new Account(Kind.UPDATED, id)) : Optional.empty();
            // a group created under another has no members yet; a moved one keeps its id, in the representation
            case GROUP ->
                operation == OperationType.UPDATE && GROUP_MOVE.matcher(path).matches()
                        ? id(event.getRepresentation()).map(id -> new GroupMembers(id, Set.of()))
                        : Optional.empty();
            case REALM_ROLE, CLIENT_ROLE ->
                grantOrRevoke ? composites(path, roleIds(event.getRepresentation())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A change the user made themselves (registration, account console), or a lockout made for them. */
    static Optional<AccountChange> of(Event event) {
        if (event.getType() == null || event.getUserId() == null || event.getError() != null) {
            return Optional.empty();
        }
        String id = event.getUserId();
        return switch (event.getType()) {
            case REGISTER -> Optional.of(new Account(Kind.CREATED, id));
            // a permanent lockout disables the user; a temporary one leaves it enabled
            case UPDATE_PROFILE, UPDATE_EMAIL, USER_DISABLED_BY_PERMANENT_LOCKOUT ->
                Optional.of(new Account(Kind.UPDATED, id));
            case DELETE_ACCOUNT -> Optional.of(new Account(Kind.DELETED, id));
            default -> Optional.empty();
        };
    }

    private static Optional<AccountChange> composites(String path, Set<String> roleIds) {
        Matcher byId = ROLE_BY_ID_COMPOSITES.matcher(path);
        if (byId.matches()) {
            return Optional.of(RoleHolders.byId(byId.group(1), roleIds));
        }
        Matcher client = CLIENT_ROLE_COMPOSITES.matcher(path);
        if (client.matches()) {
            return Optional.of(RoleHolders.byName(client.group(1), client.group(2), roleIds));
        }
        Matcher realm = REALM_ROLE_COMPOSITES.matcher(path);
        if (realm.matches()) {
            return Optional.of(RoleHolders.byName(null, realm.group(1), roleIds));
        }
        return Optional.empty(); // a role created, renamed or described
    }

    private static Optional<String> group(Pattern pattern, String path, int group) {
        Matcher matcher = pattern.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(group)) : Optional.empty();
    }

    /** The ids of the roles in a representation (a list of roles); empty when it names none or cannot be read. */
    static Set<String> roleIds(String representation) {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode roles = json(representation);
        if (roles != null && roles.isArray()) {
            for (JsonNode role : roles) {
                String id = role.path("id").asText("");
                if (id.isEmpty()) {
                    return Set.of(); // a role without its id: cannot tell which, so any may matter
                }
                ids.add(id);
            }
        }
        return ids;
    }

    /** The id of the one object in a representation (a moved group). */
    private static Optional<String> id(String representation) {
        JsonNode object = json(representation);
        String id = object == null ? "" : object.path("id").asText("");
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    private static JsonNode json(String representation) {
        if (representation == null || representation.isBlank()) {
            return null;
        }
        try {
            return EventJson.mapper().readTree(representation);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
