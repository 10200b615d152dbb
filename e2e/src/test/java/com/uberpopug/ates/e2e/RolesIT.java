package com.uberpopug.ates.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint of the public API: 401 without a token, 403 for a role it does not serve, served otherwise. */
class RolesIT {

    private static WholeSystem system;

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
        // known to every service, so that nothing below fails for want of an account
        for (String user : WholeSystem.EVERYONE) {
            system.as(user, "tasks").get("/api/tasks/mine").then().statusCode(200);
            system.as(user, "billing").get("/api/accounts/me").then().statusCode(200);
        }
    }

    record Endpoint(String service, String method, String path, Set<String> roles) {
        @Override
        public String toString() {
            return method + " " + service + path;
        }
    }

    private static final Set<String> ANYONE = Set.of("admin", "manager", "accountant", "worker");

    static List<Endpoint> endpoints() {
        String someone = UUID.randomUUID().toString();
        String today = java.time.LocalDate.now().toString();
        return List.of(
                new Endpoint("tasks", "GET", "/api/tasks", ANYONE),
                new Endpoint("tasks", "GET", "/api/tasks/mine", ANYONE),
                new Endpoint("tasks", "POST", "/api/tasks/reassign", Set.of("admin", "manager")),
                new Endpoint("billing", "GET", "/api/accounts/me", ANYONE),
                new Endpoint("billing", "GET", "/api/accounts/me/entries", ANYONE),
                new Endpoint("billing", "GET", "/api/accounts", Set.of("admin", "accountant")),
                new Endpoint("billing", "GET", "/api/accounts/" + someone + "/entries", Set.of("admin", "accountant")),
                new Endpoint(
                        "billing",
                        "GET",
                        "/api/earnings?from=" + today + "&to=" + today,
                        Set.of("admin", "accountant")),
                new Endpoint("billing", "POST", "/api/billing-days/2000-01-01/close", Set.of("admin")),
                new Endpoint("analytics", "GET", "/api/analytics/today", Set.of("admin")),
                new Endpoint(
                        "analytics",
                        "GET",
                        "/api/analytics/most-expensive-task?period=week&date=" + today,
                        Set.of("admin")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void withoutATokenEveryEndpointAnswers401(Endpoint endpoint) {
        int status = system.anonymous(endpoint.service())
                .request(endpoint.method(), endpoint.path())
                .statusCode();
        assertThat(status).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void eachRoleIsServedOrRefusedWith403(Endpoint endpoint) {
        for (String user : List.of("admin", "manager", "accountant", "popug1")) {
            String role = user.startsWith("popug") ? "worker" : user;
            int status = system.as(user, endpoint.service())
                    .request(endpoint.method(), endpoint.path())
                    .statusCode();
            if (endpoint.roles().contains(role)) {
                assertThat(status).as("%s as %s", endpoint, user).isNotIn(401, 403);
            } else {
                assertThat(status).as("%s as %s", endpoint, user).isEqualTo(403);
            }
        }
    }
}
