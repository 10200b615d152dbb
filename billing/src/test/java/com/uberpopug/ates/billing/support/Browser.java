package com.uberpopug.ates.billing.support;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at a browser, as far as the pages need one: follows redirects, keeps cookies, and logs in on Keycloak's
 * login form (the code flow of the dashboard's 'web' tenant).
 */
public final class Browser {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieJar())
            .followRedirects(HttpClient.Redirect.ALWAYS)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Opens {@code url}, logs in as {@code user} (password = user name) on the way, and answers the page. */
    public HttpResponse<String> openAs(String url, String user) {
        HttpResponse<String> login = get(url);
        Matcher form = LOGIN_FORM.matcher(login.body());
        if (!form.find()) {
            throw new AssertionError("no Keycloak login form at " + login.uri() + ": " + login.body());
        }
        String action = form.group(1).replace("&amp;", "&");
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&credentialId=";
        return send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Cookies per host, as a browser keeps them for localhost: java.net.CookieManager withholds the Secure cookies
     * Keycloak sets from a plain-HTTP localhost, which browsers treat as a secure context and send back.
     */
    private static final class CookieJar extends CookieHandler {

        private final Map<String, Map<String, String>> byHost = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            Map<String, String> cookies = byHost.getOrDefault(uri.getHost(), Map.of());
            if (cookies.isEmpty()) {
                return Map.of();
            }
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ")
                    .append(name)
                    .append('=')
                    .append(value));
            return Map.of("Cookie", List.of(header.toString()));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            Map<String, String> cookies = byHost.computeIfAbsent(uri.getHost(), h -> new LinkedHashMap<>());
            responseHeaders.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String value : values) {
                        String pair = value.split(";", 2)[0];
                        int equals = pair.indexOf('=');
                        String cookie = pair.substring(0, equals).trim();
                        String content = pair.substring(equals + 1).trim();
                        String lower = value.toLowerCase(java.util.Locale.ROOT);
                        if (content.isEmpty()
                                || lower.contains("max-age=0")
                                || lower.contains("expires=thu, 01 jan 1970")) {
                            cookies.remove(cookie);
                        } else {
                            cookies.put(cookie, content);
                        }
                    }
                }
            });
        }
    }
}
