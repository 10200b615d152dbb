package com.uberpopug.ates.analytics.support;

import static io.restassured.RestAssured.given;

import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The realm's client {@code ates-web} accepts redirects to the local stack's fixed ports only; a test application
 * on a free port is added to them through Keycloak's admin API (the test Keycloak is thrown away afterwards).
 */
public final class RealmRedirects {

    private RealmRedirects() {}

    public static synchronized void allow(String origin) {
        String keycloak = TestInfrastructure.get().keycloak().url();
        String admin = given().formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", "keycloak")
                .formParam("password", "keycloak")
                .post(keycloak + "/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String clients = keycloak + "/admin/realms/ates/clients";
        List<Map<String, Object>> found = given().auth()
                .oauth2(admin)
                .queryParam("clientId", "ates-web")
                .get(clients)
                .then()
                .statusCode(200)
                .extract()
                .path("$");
        Map<String, Object> client = found.getFirst();
        @SuppressWarnings("unchecked")
        List<String> redirects = new ArrayList<>((List<String>) client.get("redirectUris"));
        if (redirects.contains(origin + "/*")) {
            return;
        }
        redirects.add(origin + "/*");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("id", client.get("id"), "clientId", "ates-web", "redirectUris", redirects))
                .put(clients + "/" + client.get("id"))
                .then()
                .statusCode(204);
    }
}
