package com.uberpopug.ates.analytics.web;

import com.uberpopug.ates.analytics.api.AnalyticsProblems;
import com.uberpopug.ates.analytics.calendar.DateRange;
import com.uberpopug.ates.analytics.calendar.ReportingPeriod;
import com.uberpopug.ates.analytics.rebuild.ReadModelRebuild;
import com.uberpopug.ates.analytics.rebuild.RebuildInProgressException;
import com.uberpopug.ates.analytics.report.DailyMostExpensiveTask;
import com.uberpopug.ates.analytics.report.DayFigures;
import com.uberpopug.ates.analytics.report.Figures;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.security.Caller;
import com.uberpopug.ates.platform.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/** The admin dashboard at {@code /}: today's figures, the most expensive tasks for a picked date, 30-day charts. */
@Path("/")
public class DashboardPage {

    static final int CHART_DAYS = 30;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Dashboard dashboard);

        static native TemplateInstance forbidden(String username);

        static native TemplateInstance rebuilding(String username, String detail, int retryAfter);
    }

    private final Caller caller;
    private final Figures figures;
    private final BillingCalendar calendar;
    private final ReadModelRebuild rebuild;

    DashboardPage(Caller caller, Figures figures, BillingCalendar calendar, ReadModelRebuild rebuild) {
        this.caller = caller;
        this.figures = figures;
        this.calendar = calendar;
        this.rebuild = rebuild;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@RestQuery("date") String picked) {
        if (!caller.hasRole(Roles.ADMIN)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.forbidden(caller.username()).render())
                    .build();
        }
        try {
            rebuild.requireReadModel();
        } catch (RebuildInProgressException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .type(MediaType.TEXT_HTML_TYPE)
                    .header("Retry-After", AnalyticsProblems.RETRY_AFTER_SECONDS)
                    .entity(Templates.rebuilding(
                                    caller.username(), e.getMessage(), AnalyticsProblems.RETRY_AFTER_SECONDS)
                            .render())
                    .build();
        }
        LocalDate today = calendar.today();
        LocalDate date = today;
        String dateError = null;
        if (picked != null && !picked.isBlank()) {
            try {
                date = LocalDate.parse(picked);
            } catch (DateTimeParseException e) {
                dateError = "'" + picked + "' is not a date (YYYY-MM-DD); showing today.";
            }
        }
        DateRange monthToDate = new DateRange(date.withDayOfMonth(1), date);
        List<DailyMostExpensiveTask> perDay =
                figures.mostExpensiveTaskPerDay(monthToDate).reversed();
        List<DayFigures> days = figures.days(DateRange.endingWith(today, CHART_DAYS));
        Dashboard dashboard = new Dashboard(
                caller.username(),
                calendar.zone().getId(),
                figures.today(),
                date,
                dateError,
                figures.mostExpensiveTask(ReportingPeriod.DAY, date),
                figures.mostExpensiveTask(ReportingPeriod.WEEK, date),
                figures.mostExpensiveTask(ReportingPeriod.MONTH, date),
                figures.mostExpensiveTask("range", monthToDate),
                perDay,
                BarChart.of(days.stream()
                        .map(d -> new BarChart.Point(d.date(), d.managementEarnings()))
                        .toList()),
                BarChart.of(days.stream()
                        .map(d -> new BarChart.Point(d.date(), BigDecimal.valueOf(d.negativeBalanceCount())))
                        .toList()));
        return Response.ok(Templates.dashboard(dashboard).render())
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }
}
