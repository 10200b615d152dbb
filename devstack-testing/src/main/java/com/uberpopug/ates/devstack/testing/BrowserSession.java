package com.uberpopug.ates.devstack.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser, reduced to what a dashboard's code flow needs: it keeps cookies, follows redirects (or leaves
 * each hop to the test), posts forms, and fills in Keycloak's own login page when the application sends it there.
 *
 * <p>Cookies are kept per host and by name, as a browser keeps them for localhost: a host's cookies go to all its
 * ports (the application's and Keycloak's side by side), and Secure ones are sent over plain HTTP, as browsers treat
 * http://localhost as a secure context (java.net.CookieManager would withhold them). A cookie set empty, with
 * {@code Max-Age=0} or expired in 1970 is forgotten. The URLs Keycloak and the application hand out are encoded
 * already and are sent as they are.
 */
public final class BrowserSession {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final int MOST_REDIRECTS = 10;

    private final URI origin;
    private final Map<String, Map<String, String>> cookiesByHost = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private BrowserSession(URI origin) {
        this.origin = origin;
    }

    /** A fresh browser, no cookies yet, for the application at {@code origin} (such as http://localhost:8081). */
    public static BrowserSession at(String origin) {
        return new BrowserSession(URI.create(origin));
    }

    /**
     * A fresh browser that opens the application's '/', is sent to Keycloak's login page, signs in there as
     * {@code username} (password = user name) and comes back with a session; fails when no login page comes.
     */
    public static BrowserSession logIn(String origin, String username) {
        BrowserSession browser = at(origin);
        HttpResponse<String> page = browser.follow(browser.get("/"));
        Matcher form = LOGIN_FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("'/' of " + origin + " led to " + page.uri() + " (HTTP " + page.statusCode()
                    + "), not to Keycloak's login page: " + page.body());
        }
        browser.signIn(page, form.group(1), username);
        return browser;
    }

    /**
     * Opens {@code path} (or a whole URL) and follows where it leads; when that is Keycloak's login page, signs in as
     * {@code username} (password = user name) and follows on to where Keycloak sends the browser back. Answers the
     * page it ends on.
     */
    public HttpResponse<String> open(String path, String username) {
        HttpResponse<String> page = follow(get(path));
        Matcher form = LOGIN_FORM.matcher(page.body());
        return form.find() ? signIn(page, form.group(1), username) : page;
    }

    /** One GET of {@code path} (or a whole URL) with this browser's cookies; a redirect is answered, not followed. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(origin.resolve(path)).GET().build());
    }

    /** One form post to {@code path} (or a whole URL), as a page sends it; a redirect is answered, not followed. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(origin.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded(form)))
                .build());
    }

    /** Follows the redirects {@code response} starts, as a browser does, and answers where they end. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        for (int hops = 0; response.statusCode() / 100 == 3; hops++) {
            if (hops == MOST_REDIRECTS) {
                throw new AssertionError("more than " + MOST_REDIRECTS + " redirects, the last to " + response.uri());
            }
            String location = response.headers().firstValue("Location").orElseThrow();
            response = send(HttpRequest.newBuilder(response.uri().resolve(location))
                    .GET()
                    .build());
        }
        return response;
    }

    private HttpResponse<String> signIn(HttpResponse<String> loginPage, String action, String username) {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", username);
        credentials.put("password", username);
        credentials.put("credentialId", "");
        HttpResponse<String> answer =
                post(loginPage.uri().resolve(action.replace("&amp;", "&")).toString(), credentials);
        String back = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() / 100 != 3 || !back.contains("code=")) {
            throw new AssertionError("Keycloak did not let " + username + " in: HTTP " + answer.statusCode() + " to "
                    + back + " " + answer.body());
        }
        return follow(answer);
    }

    private static String encoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpRequest.Builder withCookies =
                HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(30));
        Map<String, String> cookies = cookiesByHost.getOrDefault(request.uri().getHost(), Map.of());
        if (!cookies.isEmpty()) {
            withCookies.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
            response.headers()
                    .allValues("Set-Cookie")
                    .forEach(cookie -> keep(request.uri().getHost(), cookie));
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keep(String host, String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int equals = pair.indexOf('=');
        if (equals < 0) {
            return;
        }
        String name = pair.substring(0, equals).strip();
        String value = pair.substring(equals + 1).strip();
        String attributes = setCookie.toLowerCase(Locale.ROOT);
        Map<String, String> cookies = cookiesByHost.computeIfAbsent(host, h -> new LinkedHashMap<>());
        if (value.isEmpty() || attributes.contains("max-age=0") || attributes.contains("expires=thu, 01 jan 1970")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}
