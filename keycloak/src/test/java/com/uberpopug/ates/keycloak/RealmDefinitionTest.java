package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local realm keeps the promises of the README's "Running it locally": its users, clients and roles. */
class RealmDefinitionTest {

    private static final String REALM_RESOURCE = "/realm/ates-realm.json";
    private static final Set<String> BUSINESS_ROLES = Set.of("admin", "manager", "accountant", "worker");
    private static final Map<String, String> SEEDED_USERS = Map.of(
            "admin", "admin",
            "manager", "manager",
            "accountant", "accountant",
            "popug1", "worker",
            "popug2", "worker",
            "popug3", "worker",
            "popug4", "worker",
            "popug5", "worker");

    private static JsonNode realm;

    @BeforeAll
    static void readRealm() throws IOException {
        try (InputStream in = RealmDefinitionTest.class.getResourceAsStream(REALM_RESOURCE)) {
            assertThat(in).as("classpath resource %s", REALM_RESOURCE).isNotNull();
            realm = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void realmIsTheEnabledLocalAtesRealm() {
        assertThat(realm.path("realm").asText()).isEqualTo("ates");
        assertThat(realm.path("enabled").asBoolean()).isTrue();
        assertThat(realm.path("sslRequired").asText()).isEqualTo("none");
        assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(300);
        assertThat(realm.path("loginWithEmailAllowed").asBoolean()).isTrue();
        assertThat(realm.path("registrationAllowed").asBoolean(true)).isFalse();
    }

    @Test
    void theFourBusinessRolesExistWithADescription() {
        List<JsonNode> roles = list(realm.path("roles").path("realm"));
        assertThat(roles)
                .extracting(role -> role.path("name").asText())
                .containsExactlyInAnyOrderElementsOf(BUSINESS_ROLES);
        assertThat(roles)
                .allSatisfy(
                        role -> assertThat(role.path("description").asText()).isNotBlank());
    }

    @Test
    void nobodyIsAWorkerByDefault() {
        assertThat(list(realm.path("defaultRole").path("composites").path("realm")))
                .extracting(JsonNode::asText)
                .doesNotContainAnyElementsOf(BUSINESS_ROLES);
    }

    @Test
    void everySeededUserOfTheDesignExistsWithItsBusinessRole() {
        assertThat(users())
                .extracting(user -> user.path("username").asText())
                .containsExactlyInAnyOrderElementsOf(SEEDED_USERS.keySet());
        for (JsonNode user : users()) {
            String name = user.path("username").asText();
            assertThat(businessRoles(user)).as("business roles of %s", name).containsExactly(SEEDED_USERS.get(name));
        }
    }

    @Test
    void everySeededWorkerHasOnlyTheWorkerRole() {
        List<JsonNode> workers = users().stream()
                .filter(user -> user.path("username").asText().startsWith("popug"))
                .toList();
        assertThat(workers).hasSize(5);
        assertThat(workers).allSatisfy(user -> assertThat(businessRoles(user)).containsExactly("worker"));
    }

    @Test
    void noUserHoldsTwoBusinessRoles() {
        assertThat(users())
                .allSatisfy(user -> assertThat(businessRoles(user))
                        .as("business roles of %s", user.path("username").asText())
                        .hasSize(1));
    }

    @Test
    void managersAndAdminsAreNotWorkers() {
        List<JsonNode> bosses = users().stream()
                .filter(user -> businessRoles(user).contains("manager")
                        || businessRoles(user).contains("admin"))
                .toList();
        assertThat(bosses)
                .extracting(user -> user.path("username").asText())
                .containsExactlyInAnyOrder("admin", "manager");
        assertThat(bosses).allSatisfy(user -> assertThat(businessRoles(user)).doesNotContain("worker"));
    }

    @Test
    void everySeededUserKeepsTheDefaultRolesForTheAccountConsole() {
        assertThat(users())
                .allSatisfy(user -> assertThat(list(user.path("realmRoles")))
                        .extracting(JsonNode::asText)
                        .contains("default-roles-ates"));
    }

    @Test
    void everySeededUserCanLogInWithTheirNameAsAPermanentPassword() {
        assertThat(users()).allSatisfy(user -> {
            String name = user.path("username").asText();
            assertThat(user.path("enabled").asBoolean()).as("%s enabled", name).isTrue();
            List<JsonNode> passwords = list(user.path("credentials")).stream()
                    .filter(credential -> credential.path("type").asText().equals("password"))
                    .toList();
            assertThat(passwords).as("passwords of %s", name).singleElement().satisfies(password -> {
                assertThat(password.path("value").asText()).isEqualTo(name);
                assertThat(password.path("temporary").asBoolean(true)).isFalse();
            });
        });
    }

    @Test
    void everySeededUserHasAVerifiedUberpopugAddressAndAFullName() {
        assertThat(users()).allSatisfy(user -> {
            String name = user.path("username").asText();
            assertThat(user.path("email").asText()).isEqualTo(name + "@uberpopug.test");
            assertThat(user.path("emailVerified").asBoolean())
                    .as("%s e-mail verified", name)
                    .isTrue();
            assertThat(user.path("firstName").asText())
                    .as("%s first name", name)
                    .isNotBlank();
            assertThat(user.path("lastName").asText()).as("%s last name", name).isNotBlank();
        });
    }

    @Test
    void cliClientIsPublicWithDirectAccessGrantsOnly() {
        JsonNode cli = client("ates-cli");
        assertThat(cli.path("publicClient").asBoolean()).isTrue();
        assertThat(cli.path("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(cli.path("standardFlowEnabled").asBoolean(true)).isFalse();
    }

    @Test
    void webClientIsConfidentialWithTheStandardFlowForTheThreeDashboards() {
        JsonNode web = client("ates-web");
        assertThat(web.path("publicClient").asBoolean(true)).isFalse();
        assertThat(web.path("secret").asText()).isEqualTo("ates-web-secret");
        assertThat(web.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(web.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
        assertThat(list(web.path("redirectUris")))
                .extracting(JsonNode::asText)
                .contains("http://localhost:8081/*", "http://localhost:8082/*", "http://localhost:8083/*");
        assertThat(web.path("attributes").path("post.logout.redirect.uris").asText())
                .isEqualTo("+");
    }

    @Test
    void bothClientsPutTheAtesAudienceIntoTheAccessToken() {
        for (String clientId : List.of("ates-cli", "ates-web")) {
            assertThat(list(client(clientId).path("protocolMappers")))
                    .as("mappers of %s", clientId)
                    .anySatisfy(mapper -> {
                        assertThat(mapper.path("protocolMapper").asText()).isEqualTo("oidc-audience-mapper");
                        assertThat(mapper.path("config")
                                        .path("included.custom.audience")
                                        .asText())
                                .isEqualTo("ates");
                        assertThat(mapper.path("config")
                                        .path("access.token.claim")
                                        .asText())
                                .isEqualTo("true");
                    });
        }
    }

    @Test
    void clientsKeepKeycloaksDefaultScopesSoRealmRolesReachTheToken() {
        // Keycloak's own "roles" scope writes realm_access.roles; overriding the scopes would drop it.
        assertThat(realm.has("clientScopes")).isFalse();
        assertThat(list(realm.path("clients")))
                .allSatisfy(client -> assertThat(client.has("defaultClientScopes"))
                        .as("%s", client.path("clientId").asText())
                        .isFalse());
    }

    @Test
    void adminEventsReachTheAccountEventListener() {
        assertThat(realm.path("adminEventsEnabled").asBoolean()).isTrue();
        assertThat(realm.path("adminEventsDetailsEnabled").asBoolean()).isTrue();
        assertThat(list(realm.path("eventsListeners")))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("jboss-logging", AccountEventListenerFactory.ID);
    }

    private static List<JsonNode> users() {
        return list(realm.path("users"));
    }

    private static JsonNode client(String clientId) {
        List<JsonNode> matches = list(realm.path("clients")).stream()
                .filter(client -> client.path("clientId").asText().equals(clientId))
                .toList();
        assertThat(matches).as("clients named %s", clientId).hasSize(1);
        return matches.get(0);
    }

    private static List<String> businessRoles(JsonNode user) {
        return list(user.path("realmRoles")).stream()
                .map(JsonNode::asText)
                .filter(BUSINESS_ROLES::contains)
                .toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
