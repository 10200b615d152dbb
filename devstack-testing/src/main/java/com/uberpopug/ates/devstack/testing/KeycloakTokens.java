package com.uberpopug.ates.devstack.testing;

import com.uberpopug.ates.devstack.Keycloak;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Access tokens from the real Keycloak, as a script gets them: the password grant of the public client
 * {@code ates-cli} for the realm's people (the local realm's seeded users have their user name as password), and of
 * {@code admin-cli} in the master realm for Keycloak's own administrator.
 */
public final class KeycloakTokens {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    /** The realm's tokens live five minutes: one is reused while it has two left. */
    private static final Duration REUSE = Duration.ofMinutes(3);

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private KeycloakTokens() {}

    /** An access token of a seeded user (password = user name) from this JVM's test Keycloak, reused for a while. */
    public static String accessToken(String username) {
        return accessToken(username, username);
    }

    public static String accessToken(String username, String password) {
        return cached(TestInfrastructure.get().keycloak().issuer(), username, password);
    }

    /**
     * An access token of a seeded user (password = user name) from the realm at {@code issuer}, reused while it has
     * more than two minutes left.
     */
    public static String accessTokenFrom(String issuer, String username) {
        return cached(issuer, username, username);
    }

    /** The password grant against any issuer of the realm 'ates': a fresh token each time. */
    public static String fetch(String issuer, String username, String password) {
        return passwordGrant(issuer, "ates-cli", username, password);
    }

    /**
     * A fresh token of Keycloak's own administrator for its admin API, from the Keycloak at {@code keycloakUrl} (its
     * root, without a realm): the master realm's tokens live a minute, so none is kept.
     */
    public static String admin(String keycloakUrl) {
        return passwordGrant(keycloakUrl + "/realms/master", "admin-cli", Keycloak.ADMIN_USER, Keycloak.ADMIN_PASSWORD);
    }

    private static String cached(String issuer, String username, String password) {
        String key = issuer + "\u0000" + username + "\u0000" + password;
        Cached cached = CACHE.get(key);
        if (cached != null && cached.validUntil() > System.nanoTime()) {
            return cached.token();
        }
        String token = fetch(issuer, username, password);
        CACHE.put(key, new Cached(token, System.nanoTime() + REUSE.toNanos()));
        return token;
    }

    private static String passwordGrant(String issuer, String clientId, String username, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "password");
        fields.put("client_id", clientId);
        fields.put("username", username);
        fields.put("password", password);
        fields.put("scope", "openid");
        String form = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher matcher = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !matcher.find()) {
                throw new IllegalStateException("Keycloak at " + issuer + " refused a token for " + username + " ("
                        + clientId + "): HTTP " + response.statusCode() + " " + response.body());
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + issuer + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Cached(String token, long validUntil) {}
}
