package com.uberpopug.ates.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared OIDC set-up against the real Keycloak: who gets in, who is refused, and how. */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class SecurityTest {

    @Test
    void withoutATokenTheApiAnswers401NotALoginRedirect() {
        given().redirects().follow(false).get("/api/test/me").then().statusCode(401);
    }

    @Test
    void aKeycloakTokenIdentifiesTheCallerAndTheirBusinessRole() {
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .get("/api/test/me")
                .then()
                .statusCode(200)
                .body("username", equalTo("popug1"))
                .body("email", equalTo("popug1@uberpopug.test"))
                .body("role", equalTo("worker"))
                .body("id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
        given().auth()
                .oauth2(KeycloakTokens.accessToken("manager"))
                .get("/api/test/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("manager"));
    }

    @Test
    void theWrongRoleGets403() {
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .get("/api/test/admin-only")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("manager"))
                .get("/api/test/admin-only")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .get("/api/test/admin-only")
                .then()
                .statusCode(200);
    }

    @Test
    void aTokenSignedByAnyoneElseIsRefused() throws Exception {
        String issuer = TestInfrastructure.get().keycloak().issuer();
        long now = Instant.now().getEpochSecond();
        String forged = sign("""
                {"iss":"%s","aud":"ates","sub":"%s","exp":%d,"iat":%d,"preferred_username":"popug1",
                 "realm_access":{"roles":["admin"]}}""".formatted(issuer, UUID.randomUUID(), now + 300, now));

        given().auth().oauth2(forged).get("/api/test/me").then().statusCode(401);
        given().auth().oauth2(forged).get("/api/test/admin-only").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String issuer = TestInfrastructure.get().keycloak().issuer();
        String admin = KeycloakTokens.admin(TestInfrastructure.get().keycloak().url());
        String clientId = "expiring-" + UUID.randomUUID();
        // a public client of the realm whose access tokens live five seconds
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("""
                        {"clientId":"%s","publicClient":true,"directAccessGrantsEnabled":true,
                         "attributes":{"access.token.lifespan":"5"},
                         "protocolMappers":[{"name":"aud","protocol":"openid-connect",
                           "protocolMapper":"oidc-audience-mapper",
                           "config":{"included.custom.audience":"ates","access.token.claim":"true"}}]}""".formatted(clientId))
                .post(issuer.replace("/realms/ates", "/admin/realms/ates/clients"))
                .then()
                .statusCode(201);
        String token = given().formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam("username", "popug1")
                .formParam("password", "popug1")
                .post(issuer + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        given().auth().oauth2(token).get("/api/test/me").then().statusCode(200);

        Thread.sleep(6_000);

        given().auth().oauth2(token).get("/api/test/me").then().statusCode(401);
    }

    @Test
    void aPageWithoutASessionRedirectsToTheKeycloakLogin() {
        String issuer = TestInfrastructure.get().keycloak().issuer();
        given().redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(302)
                .header("Location", startsWith(issuer + "/protocol/openid-connect/auth"));
    }

    @Test
    void metricsNeedNoToken() {
        assertThat(given().get("/q/metrics").statusCode()).isEqualTo(200);
    }

    private static String sign(String claims) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey key = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims.replace("\n", "").getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(signature.sign());
    }
}
