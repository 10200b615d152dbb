package com.uberpopug.ates.billing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.MalformedInput;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed dates and ids at every endpoint of the billing API: the answer is always a 4xx problem, never a
 * 5xx, and nothing is written (no closed day, no payout, no payout mail).
 */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class BillingMalformedInputTest {

    private static final int DRAWS = 40;

    @Inject
    Db db;

    @Test
    void malformedDatesAreRefused() {
        List<String> dates = MalformedInput.dates(DRAWS);
        refusedWithoutEffect(
                dates, date -> as("popug1").queryParam("date", date).get("/api/accounts/me/entries"));
        refusedWithoutEffect(
                dates, date -> as("accountant").queryParam("from", date).get("/api/earnings"));
        refusedWithoutEffect(
                dates, date -> as("accountant").queryParam("to", date).get("/api/earnings"));
        refusedWithoutEffect(dates, date -> as("admin").post("/api/billing-days/{date}/close", date));
    }

    @Test
    void malformedAccountIdsAreRefused() {
        List<String> ids = MalformedInput.ids(DRAWS);
        refusedWithoutEffect(ids, id -> as("accountant").get("/api/accounts/{id}/entries", id));
        refusedWithoutEffect(ids, id -> as("popug1").queryParam("task", id).get("/api/accounts/me/entries"));
    }

    private static RequestSpecification as(String username) {
        return given().auth().oauth2(KeycloakTokens.accessToken(username)).accept("application/json");
    }

    /** Each value's answer is a 4xx problem, and nothing was written meanwhile. */
    private void refusedWithoutEffect(List<String> values, Function<String, Response> request) {
        // What a request could write: a closed day, its payouts and their mails. Fees and rewards are left out, as
        // events from earlier tests of this JVM may still be arriving while these requests run.
        String written = "SELECT (SELECT count(*) FROM billing_day) + (SELECT count(*) FROM payout_mail)"
                + " + (SELECT count(*) FROM ledger_entry WHERE type = 'PAYOUT')";
        long before = db.count(written);
        assertThat(MalformedInput.notRefused(values, request))
                .as("answers that are not a 4xx problem")
                .isEmpty();
        assertThat(db.count(written)).as("rows written").isEqualTo(before);
    }
}
