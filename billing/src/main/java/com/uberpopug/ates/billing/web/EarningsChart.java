package com.uberpopug.ates.billing.web;

import com.uberpopug.ates.billing.ledger.Earnings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Management earnings per day as an inline SVG bar chart, drawn on the server: bars above the zero line for days
 * management earned, below it for days it paid out more in rewards than it charged in fees.
 */
public record EarningsChart(
        int width, int height, int zeroY, List<Bar> bars, List<Label> labels, String top, String bottom) {

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    static final int AXIS = 20;

    public static EarningsChart of(List<Earnings.DayEarnings> days) {
        BigDecimal max = BigDecimal.ONE;
        BigDecimal min = BigDecimal.ZERO;
        for (Earnings.DayEarnings day : days) {
            max = max.max(day.managementEarnings());
            min = min.min(day.managementEarnings());
        }
        double range = max.subtract(min).doubleValue();
        int plot = HEIGHT - AXIS;
        int zeroY = (int) Math.round(max.doubleValue() / range * plot);
        double slot = (double) WIDTH / Math.max(1, days.size());
        int barWidth = Math.max(2, (int) Math.floor(slot * 0.7));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            Earnings.DayEarnings day = days.get(i);
            double value = day.managementEarnings().doubleValue();
            int barHeight = (int) Math.round(Math.abs(value) / range * plot);
            int x = (int) Math.round(i * slot + (slot - barWidth) / 2);
            boolean positive = value >= 0;
            bars.add(new Bar(
                    x,
                    positive ? zeroY - barHeight : zeroY,
                    barWidth,
                    Math.max(barHeight, 1),
                    positive,
                    day.date() + ": " + day.managementEarnings()));
            if (i % 5 == 0 || i == days.size() - 1) {
                labels.add(new Label(x, day.date().toString().substring(5)));
            }
        }
        return new EarningsChart(WIDTH, HEIGHT, zeroY, bars, labels, max.toPlainString(), min.toPlainString());
    }

    public int labelY() {
        return HEIGHT - 4;
    }

    public record Bar(int x, int y, int width, int height, boolean positive, String title) {}

    public record Label(int x, String text) {}
}
