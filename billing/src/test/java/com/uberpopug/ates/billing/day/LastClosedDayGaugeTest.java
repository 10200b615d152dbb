package com.uberpopug.ates.billing.day;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The gauge of the last closed day, without a database: no sample before the first close, then the day's end. */
class LastClosedDayGaugeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LastClosedDay gauge = new LastClosedDay(null, ZoneId.of("Europe/Berlin"), registry);

    @Test
    void beforeTheFirstCloseThereIsNoSampleAtAll() {
        gauge.set(null);

        assertThat(registry.find(LastClosedDay.METRIC).gauge()).isNull();
    }

    @Test
    void afterACloseItIsTheMidnightThatEndsTheDayInTheBillingZoneAndItFollowsLaterCloses() {
        gauge.set(LocalDate.of(2026, 3, 28));

        // 29 March 2026 00:00 in Berlin is 28 March 23:00 UTC
        assertThat(registry.get(LastClosedDay.METRIC).gauge().value()).isEqualTo(1774738800.0);

        // the night the clocks go forward: 30 March 00:00 CEST is 29 March 22:00 UTC, 23 hours later
        gauge.set(LocalDate.of(2026, 3, 29));
        assertThat(registry.get(LastClosedDay.METRIC).gauge().value()).isEqualTo(1774738800.0 + 23 * 3600);
        assertThat(registry.find(LastClosedDay.METRIC).gauges()).hasSize(1);
    }
}
