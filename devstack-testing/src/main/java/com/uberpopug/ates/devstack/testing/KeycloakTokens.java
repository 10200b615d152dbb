package com.uberpopug.ates.devstack.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Access tokens from the real Keycloak, as a script gets them: the password grant of the public client
 * {@code ates-cli}. The local realm's seeded users have their user name as password.
 */
public final class KeycloakTokens {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private KeycloakTokens() {}

    /** An access token of a seeded user (password = user name), reused while it has more than a minute left. */
    public static String accessToken(String username) {
        return accessToken(username, username);
    }

    public static String accessToken(String username, String password) {
        String key = username + "\u0000" + password;
        Cached cached = CACHE.get(key);
        if (cached != null && cached.validUntil() > System.nanoTime()) {
            return cached.token();
        }
        String token = fetch(TestInfrastructure.get().keycloak().issuer(), username, password);
        CACHE.put(
                key, new Cached(token, System.nanoTime() + Duration.ofMinutes(3).toNanos()));
        return token;
    }

    /** The password grant against any issuer of the realm 'ates'. */
    public static String fetch(String issuer, String username, String password) {
        String form = Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "ates-cli",
                        "username",
                        username,
                        "password",
                        password,
                        "scope",
                        "openid")
                .entrySet()
                .stream()
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
                throw new IllegalStateException("Keycloak refused a token for " + username + ": HTTP "
                        + response.statusCode() + " " + response.body());
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
