package com.uberpopug.ates.analytics.api;

import com.uberpopug.ates.analytics.calendar.DateRange;
import com.uberpopug.ates.analytics.calendar.ReportingPeriod;
import com.uberpopug.ates.analytics.rebuild.ReadModelRebuild;
import com.uberpopug.ates.analytics.report.DailyMostExpensiveTask;
import com.uberpopug.ates.analytics.report.DayFigures;
import com.uberpopug.ates.analytics.report.Figures;
import com.uberpopug.ates.analytics.report.MostExpensiveTask;
import com.uberpopug.ates.analytics.report.TodayFigures;
import com.uberpopug.ates.platform.api.InvalidRequestException;
import com.uberpopug.ates.platform.api.QueryDates;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestQuery;

/** The analytics API (admins only). Dates are YYYY-MM-DD billing dates, in billing's time zone. */
@Path("/api/analytics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller is not an admin")
@APIResponse(responseCode = "503", description = "The read model is being rebuilt from Kafka (the detail says how far)")
public class AnalyticsResource {

    /** The longest range a per-day list answers: a year and a day. */
    static final int MAX_DAYS = 366;

    private final Figures figures;
    private final BillingCalendar calendar;
    private final ReadModelRebuild rebuild;

    AnalyticsResource(Figures figures, BillingCalendar calendar, ReadModelRebuild rebuild) {
        this.figures = figures;
        this.calendar = calendar;
        this.rebuild = rebuild;
    }

    @GET
    @Path("/today")
    @Operation(
            summary = "Today's management earnings and negative balances",
            description = "Management earnings of today's billing date (fees charged − rewards paid) and how many "
                    + "employees have a negative balance now.")
    @APIResponse(responseCode = "200", description = "Today's figures")
    public TodayFigures today() {
        rebuild.requireReadModel();
        return figures.today();
    }

    @GET
    @Path("/most-expensive-task")
    @Operation(
            summary = "The most expensive task of a day, week or month",
            description = "The task with the highest completion reward among those completed (rewarded) in the "
                    + "day, ISO week (Monday to Sunday) or calendar month that contains the date; task is null when "
                    + "none was.")
    @APIResponse(responseCode = "200", description = "The period and its most expensive task, or null")
    @APIResponse(responseCode = "400", description = "An unknown period or a malformed date")
    public MostExpensiveTask mostExpensiveTask(
            @Parameter(description = "day, week or month; day when absent") @RestQuery String period,
            @Parameter(description = "a date in the period, YYYY-MM-DD; today when absent") @RestQuery String date) {
        rebuild.requireReadModel();
        return figures.mostExpensiveTask(period(period), QueryDates.parse("date", date, calendar.today()));
    }

    @GET
    @Path("/most-expensive-task/daily")
    @Operation(
            summary = "The most expensive task of each day of a range",
            description = "One entry per date from 'from' to 'to', oldest first, with that day's most expensive "
                    + "task or null. At most " + MAX_DAYS + " days; by default the 30 days that end today.")
    @APIResponse(responseCode = "200", description = "The days and their most expensive tasks")
    @APIResponse(responseCode = "400", description = "A malformed date or a range that is reversed or too long")
    public List<DailyMostExpensiveTask> mostExpensiveTaskPerDay(@RestQuery String from, @RestQuery String to) {
        rebuild.requireReadModel();
        return figures.mostExpensiveTaskPerDay(range(from, to));
    }

    @GET
    @Path("/most-expensive-task/range")
    @Operation(
            summary = "The most expensive task of any range of days",
            description = "As for a period, over the dates from 'from' to 'to' (period is 'range'); by default the "
                    + "30 days that end today.")
    @APIResponse(responseCode = "200", description = "The range and its most expensive task, or null")
    @APIResponse(responseCode = "400", description = "A malformed date or a range that is reversed or too long")
    public MostExpensiveTask mostExpensiveTaskOfRange(@RestQuery String from, @RestQuery String to) {
        rebuild.requireReadModel();
        return figures.mostExpensiveTask("range", range(from, to));
    }

    @GET
    @Path("/days")
    @Operation(
            summary = "Earnings and negative balances per day",
            description = "For each date from 'from' to 'to', oldest first: fees, rewards, management earnings and "
                    + "the number of negative balances at the end of the day; by default the 30 days that end today.")
    @APIResponse(responseCode = "200", description = "The figures of each day")
    @APIResponse(responseCode = "400", description = "A malformed date or a range that is reversed or too long")
    public List<DayFigures> days(@RestQuery String from, @RestQuery String to) {
        rebuild.requireReadModel();
        return figures.days(range(from, to));
    }

    private static ReportingPeriod period(String value) {
        if (value == null || value.isBlank()) {
            return ReportingPeriod.DAY;
        }
        return ReportingPeriod.of(value)
                .orElseThrow(() -> new InvalidRequestException("period '" + value
                        + "' is not one of "
                        + Arrays.stream(ReportingPeriod.values())
                                .map(ReportingPeriod::value)
                                .collect(Collectors.joining(", "))));
    }

    private DateRange range(String fromValue, String toValue) {
        LocalDate to = QueryDates.parse("to", toValue, calendar.today());
        LocalDate from = QueryDates.parse("from", fromValue, to.minusDays(29));
        if (from.isAfter(to)) {
            throw new InvalidRequestException("from (" + from + ") is after to (" + to + ")");
        }
        DateRange range = new DateRange(from, to);
        if (range.days() > MAX_DAYS) {
            throw new InvalidRequestException("the range from " + from + " to " + to + " has " + range.days()
                    + " days; at most " + MAX_DAYS + " are answered at once");
        }
        return range;
    }
}
