package com.uberpopug.ates.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarChartTest {

    @Test
    void positiveBarsStandOnTheZeroLineAndNegativeOnesHangFromIt() {
        BarChart chart = BarChart.of(List.of(point("2026-03-01", "30.00"), point("2026-03-02", "-10.00")));

        BarChart.Bar gain = chart.bars().get(0);
        BarChart.Bar loss = chart.bars().get(1);
        double zero = Double.parseDouble(chart.zeroY());
        assertThat(Double.parseDouble(gain.y()) + Double.parseDouble(gain.height()))
                .isEqualTo(zero);
        assertThat(Double.parseDouble(loss.y())).isEqualTo(zero);
        assertThat(Double.parseDouble(gain.height())).isEqualTo(3 * Double.parseDouble(loss.height()));
        assertThat(gain.negative()).isFalse();
        assertThat(loss.negative()).isTrue();
        assertThat(chart.topLabel()).isEqualTo("30");
        assertThat(chart.bottomLabel()).isEqualTo("-10");
        assertThat(chart.firstDate()).isEqualTo("2026-03-01");
        assertThat(chart.lastDate()).isEqualTo("2026-03-02");
    }

    @Test
    void allZeroDrawsAFlatLine() {
        BarChart chart = BarChart.of(List.of(point("2026-03-01", "0"), point("2026-03-02", "0")));

        assertThat(chart.bars()).allSatisfy(bar -> assertThat(bar.height()).isEqualTo("0.0"));
        assertThat(chart.topLabel()).isEqualTo("1");
        assertThat(chart.bottomLabel())
                .as("no second 0 under the zero line's own")
                .isNull();
    }

    private static BarChart.Point point(String date, String value) {
        return new BarChart.Point(LocalDate.parse(date), new BigDecimal(value));
    }
}
