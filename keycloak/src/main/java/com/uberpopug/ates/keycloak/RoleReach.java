package com.uberpopug.ates.keycloak;

import com.uberpopug.ates.events.account.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Who a change of a group or a role reaches: the members of a group and of its subgroups (they inherit its roles),
 * and everyone who holds a role directly, through a group or through another composite role. Users are read page by
 * page ({@value #PAGE} at a time) and handed on one by one, never the realm's users at once.
 */
final class RoleReach {

    static final int PAGE = 200;

    private final KeycloakSession session;
    private final RealmModel realm;

    RoleReach(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether granting or taking these roles can change a business role: one of them is or carries one. */
    boolean carriesABusinessRole(Set<String> roleIds) {
        if (roleIds.isEmpty()) {
            return true; // the event did not say which roles
        }
        List<RoleModel> business = Stream.of(Role.values())
                .map(role -> realm.getRole(role.value()))
                .filter(role -> role != null)
                .toList();
        for (String id : roleIds) {
            RoleModel role = realm.getRoleById(id);
            if (role == null || business.stream().anyMatch(role::hasRole)) {
                return true;
            }
        }
        return false;
    }

    /** Hands on each member of the group and of all its subgroups. */
    void membersOf(GroupModel group, Consumer<UserModel> member) {
        for (int first = 0; ; first += PAGE) {
            List<UserModel> page = session.users()
                    .getGroupMembersStream(realm, group, first, PAGE)
                    .toList();
            page.forEach(member);
            if (page.size() < PAGE) {
                break;
            }
        }
        List<GroupModel> subgroups = group.getSubGroupsStream().toList();
        subgroups.forEach(subgroup -> membersOf(subgroup, member));
    }

    /**
     * Hands on everyone who effectively holds the role: it, or a composite role that contains it, mapped to the user
     * or to one of the user's groups (or their parents). The composites are found among all roles of the realm and
     * of its clients.
     */
    void holdersOf(RoleModel role, Consumer<UserModel> holder) {
        Set<RoleModel> holding = new LinkedHashSet<>();
        holding.add(role);
        Stream.concat(realm.getRolesStream(), realm.getClientsStream().flatMap(ClientModel::getRolesStream))
                .filter(RoleModel::isComposite)
                .filter(composite -> composite.hasRole(role))
                .forEach(holding::add);
        for (RoleModel held : holding) {
            for (int first = 0; ; first += PAGE) {
                List<UserModel> page = session.users()
                        .getRoleMembersStream(realm, held, first, PAGE)
                        .toList();
                page.forEach(holder);
                if (page.size() < PAGE) {
                    break;
                }
            }
            for (int first = 0; ; first += PAGE) {
                List<GroupModel> groups = session.groups()
                        .getGroupsByRoleStream(realm, held, first, PAGE)
                        .toList();
                groups.forEach(group -> membersOf(group, holder));
                if (groups.size() < PAGE) {
                    break;
                }
            }
        }
    }

    /** The role a change names: by id, or by name in the realm or in a client; null when it is gone. */
    RoleModel role(AccountChange.RoleHolders change) {
        if (change.roleId() != null) {
            return realm.getRoleById(change.roleId());
        }
        if (change.clientId() == null) {
            return realm.getRole(change.roleName());
        }
        ClientModel client = realm.getClientById(change.clientId());
        return client == null ? null : client.getRole(change.roleName());
    }

    /** The ids of the group's own members (its subgroups' not), read page by page. */
    List<String> ownMemberIds(GroupModel group) {
        List<String> ids = new ArrayList<>();
        for (int first = 0; ; first += PAGE) {
            List<UserModel> page = session.users()
                    .getGroupMembersStream(realm, group, first, PAGE)
                    .toList();
            page.forEach(user -> ids.add(user.getId()));
            if (page.size() < PAGE) {
                return ids;
            }
        }
    }
}
