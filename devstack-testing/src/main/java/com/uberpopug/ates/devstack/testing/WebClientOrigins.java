package com.uberpopug.ates.devstack.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The realm's client {@code ates-web} (the dashboards' code flow) sends a browser back only to the local stack's
 * default ports. A dashboard under test on a free port is taught to it through Keycloak's admin API, as an
 * administrator would: its redirect URIs, web origin and post-logout redirect. What the client allowed before stays.
 */
public final class WebClientOrigins {

    private static final String CLIENT = "ates-web";

    private WebClientOrigins() {}

    /**
     * Lets the dashboards at {@code origins} (such as http://localhost:41234) sign in through the client of the
     * Keycloak at {@code keycloakUrl} (its root, without a realm); an origin it knows already changes nothing.
     */
    public static synchronized void allow(String keycloakUrl, Collection<String> origins) {
        String admin = KeycloakTokens.admin(keycloakUrl);
        String clients = keycloakUrl + "/admin/realms/ates/clients";
        Map<String, Object> client = given().auth()
                .oauth2(admin)
                .queryParam("clientId", CLIENT)
                .get(clients)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("[0]");

        Set<String> redirects = new LinkedHashSet<>(strings(client.get("redirectUris")));
        Set<String> webOrigins = new LinkedHashSet<>(strings(client.get("webOrigins")));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes =
                new HashMap<>((Map<String, Object>) client.getOrDefault("attributes", Map.of()));
        Set<String> afterLogout = new LinkedHashSet<>();
        Object logout = attributes.get("post.logout.redirect.uris");
        if (logout instanceof String uris && !uris.isBlank()) {
            afterLogout.addAll(Arrays.asList(uris.split("##")));
        }
        boolean changed = false;
        for (String origin : origins) {
            changed |= redirects.add(origin + "/*");
            changed |= webOrigins.add(origin);
            // '+' stands for every redirect URI already
            changed |= !afterLogout.contains("+") && afterLogout.add(origin + "/*");
        }
        if (!changed) {
            return;
        }
        client.put("redirectUris", new ArrayList<>(redirects));
        client.put("webOrigins", new ArrayList<>(webOrigins));
        attributes.put("post.logout.redirect.uris", String.join("##", afterLogout));
        client.put("attributes", attributes);
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(client)
                .put(clients + "/" + client.get("id"))
                .then()
                .statusCode(204);
    }

    private static List<String> strings(Object list) {
        List<String> strings = new ArrayList<>();
        if (list instanceof List<?> values) {
            values.forEach(value -> strings.add(String.valueOf(value)));
        }
        return strings;
    }
}
