package com.uberpopug.ates.analytics.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart drawn as inline SVG by the page itself: one bar per day, above the zero line for positive values and
 * below it for negative ones. Coordinates are computed here so the template only places them.
 */
public record BarChart(
        int width,
        int height,
        int bottomLabelY,
        int dateY,
        String zeroY,
        String topLabel,
        String bottomLabel,
        String firstDate,
        String lastDate,
        List<Bar> bars) {

    static final int WIDTH = 720;
    static final int HEIGHT = 200;
    private static final double LEFT = 56;
    private static final double TOP = 10;
    private static final double BOTTOM = 24;

    /** One day's bar; {@code negative} draws it in the colour of a loss. */
    public record Bar(
            String x, String y, String width, String height, LocalDate date, String value, boolean negative) {}

    /** A day and its value. */
    public record Point(LocalDate date, BigDecimal value) {}

    public static BarChart of(List<Point> points) {
        double max = 0;
        double min = 0;
        for (Point point : points) {
            max = Math.max(max, point.value().doubleValue());
            min = Math.min(min, point.value().doubleValue());
        }
        if (max == min) {
            max = 1; // nothing to show: a flat zero line with an axis of 0..1
        }
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double scale = plotHeight / (max - min);
        double zeroY = TOP + max * scale;
        double slot = (WIDTH - LEFT) / Math.max(1, points.size());
        double barWidth = Math.max(1, slot * 0.75);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            double value = point.value().doubleValue();
            double barHeight = Math.abs(value) * scale;
            double y = value >= 0 ? zeroY - barHeight : zeroY;
            bars.add(new Bar(
                    fmt(LEFT + i * slot + (slot - barWidth) / 2),
                    fmt(y),
                    fmt(barWidth),
                    fmt(barHeight),
                    point.date(),
                    point.value().toPlainString(),
                    value < 0));
        }
        // the zero line has its own label: the bottom one only when values go below it
        return new BarChart(
                WIDTH,
                HEIGHT,
                HEIGHT - (int) BOTTOM,
                HEIGHT - 6,
                fmt(zeroY),
                label(max),
                min < 0 ? label(min) : null,
                points.isEmpty() ? "" : points.getFirst().date().toString(),
                points.isEmpty() ? "" : points.getLast().date().toString(),
                List.copyOf(bars));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String label(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
