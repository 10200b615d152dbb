package com.uberpopug.ates.tasks.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser, reduced to what the code flow needs: cookies per site and redirects followed by hand. It opens
 * the dashboard, is sent to Keycloak's login page, fills in the form, and comes back with a session.
 */
final class BrowserSession {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final Map<String, String> appCookies = new HashMap<>();

    private BrowserSession() {}

    /** Logs in through Keycloak's own login page, as a person does, and returns the signed-in browser. */
    static BrowserSession logIn(String username) {
        BrowserSession browser = new BrowserSession();
        Response toKeycloak = browser.app().get("/");
        assertThat(toKeycloak.statusCode()).isEqualTo(302);
        browser.keep(toKeycloak);

        Map<String, String> keycloakCookies = new HashMap<>();
        // the URLs Keycloak and the service hand out are encoded already: sent as they are, like a browser does
        Response loginPage =
                given().urlEncodingEnabled(false).redirects().follow(false).get(toKeycloak.header("Location"));
        assertThat(loginPage.statusCode())
                .as("Keycloak's login page at %s", toKeycloak.header("Location"))
                .isEqualTo(200);
        keycloakCookies.putAll(loginPage.getCookies());
        Matcher form = LOGIN_FORM.matcher(loginPage.asString());
        assertThat(form.find()).as("Keycloak's login form").isTrue();

        Response back = given().urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .cookies(keycloakCookies)
                .contentType(ContentType.URLENC)
                .formParam("username", username)
                .formParam("password", username)
                .formParam("credentialId", "")
                .post(form.group(1).replace("&amp;", "&"));
        assertThat(back.statusCode())
                .as("login of %s: %s", username, back.asString())
                .isEqualTo(302);
        String callback = back.header("Location");
        assertThat(callback).contains("code=");

        Response session = browser.app().urlEncodingEnabled(false).get(callback);
        browser.keep(session);
        assertThat(session.statusCode()).as(session.asString()).isIn(200, 302, 303);
        return browser;
    }

    /** A request from this browser to the tasks service: its cookies, no redirects followed. */
    RequestSpecification app() {
        return given().redirects().follow(false).cookies(appCookies);
    }

    Response get(String path) {
        return keep(app().get(path));
    }

    Response post(String path, Map<String, String> form) {
        RequestSpecification request = app().contentType(ContentType.URLENC);
        form.forEach(request::formParam);
        return keep(request.post(path));
    }

    private Response keep(Response response) {
        response.getDetailedCookies().asList().forEach(cookie -> {
            if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                appCookies.remove(cookie.getName());
            } else {
                appCookies.put(cookie.getName(), cookie.getValue());
            }
        });
        return response;
    }
}
