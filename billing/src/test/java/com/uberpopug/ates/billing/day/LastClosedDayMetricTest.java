package com.uberpopug.ates.billing.day;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.TestClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ates_billing_last_closed_day_seconds: the end of the latest closed billing day, midnight in the billing zone, so
 * that an alert can tell yesterday is not closed an hour after midnight.
 */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class LastClosedDayMetricTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    DayCloser closer;

    @Test
    void theMetricIsTheMidnightInTheBillingZoneThatEndsTheLatestClosedDay() {
        LocalDate day = clock.freshDay();
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5));
        await().atMost(WAIT).untilAsserted(() -> {
            closer.closeFinishedDays();
            assertThat(db.count("SELECT count(*) FROM billing_day WHERE date = ?", Date.valueOf(day)))
                    .isEqualTo(1);
        });

        long midnight = day.plusDays(1).atStartOfDay(TestClock.ZONE).toEpochSecond();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(lastClosedDaySeconds())
                        .as("ates_billing_last_closed_day_seconds")
                        .isEqualTo((double) midnight));
    }

    private static Double lastClosedDaySeconds() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^ates_billing_last_closed_day_seconds(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
    }
}
