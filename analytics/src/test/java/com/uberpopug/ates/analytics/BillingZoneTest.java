package com.uberpopug.ates.analytics;

import static com.uberpopug.ates.analytics.EarningsAndBalancesTest.account;
import static com.uberpopug.ates.analytics.EarningsAndBalancesTest.admin;
import static com.uberpopug.ates.analytics.EarningsAndBalancesTest.at;
import static com.uberpopug.ates.analytics.support.Events.balance;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.analytics.support.Feed;
import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Billing in Auckland (UTC+13 in March): at 12:00 UTC on 1 March it is already 2 March there, so "today" is the
 * 2nd and a balance changed then counts for the 2nd. The one test class with its own profile (an app restart).
 */
@QuarkusTest
@TestProfile(BillingZoneTest.Auckland.class)
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class BillingZoneTest {

    public static class Auckland implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ates.billing.zone", "Pacific/Auckland");
        }
    }

    @Inject
    ReadModel readModel;

    @Inject
    TestClock clock;

    @BeforeEach
    void cleanSlate() {
        readModel.clear();
        clock.set("2026-03-01T12:00:00Z"); // 2026-03-02 01:00 in Auckland
    }

    @Test
    void todayIsTheBillingDateInBillingsTimeZone() {
        String anna = account();
        new Feed(readModel)
                .sendAndAwait(
                        fee(
                                anna,
                                UUID.randomUUID(),
                                "11.00",
                                LocalDate.parse("2026-03-01"),
                                at("2026-03-01T10:59:00Z")),
                        fee(
                                anna,
                                UUID.randomUUID(),
                                "17.00",
                                LocalDate.parse("2026-03-02"),
                                at("2026-03-01T11:01:00Z")),
                        balance(anna, "-28.00", at("2026-03-01T11:01:00Z")));

        admin().get("/api/analytics/today")
                .then()
                .statusCode(200)
                .body("date", equalTo("2026-03-02"))
                .body("managementEarnings", equalTo(17.00f))
                .body("negativeBalanceCount", equalTo(1));
        // 11:01 UTC on the 1st is 00:01 on the 2nd in Auckland: the negative balance starts on the 2nd
        admin().queryParam("from", "2026-03-01")
                .queryParam("to", "2026-03-02")
                .get("/api/analytics/days")
                .then()
                .statusCode(200)
                .body("managementEarnings", contains(11.00f, 17.00f))
                .body("negativeBalanceCount", contains(0, 1));
        // the default range ends with Auckland's today
        admin().get("/api/analytics/most-expensive-task/daily")
                .then()
                .statusCode(200)
                .body("date[29]", equalTo("2026-03-02"));
    }
}
