package com.uberpopug.ates.billing.web;

import com.uberpopug.ates.billing.account.Account;
import com.uberpopug.ates.billing.account.Accounts;
import com.uberpopug.ates.billing.ledger.Earnings;
import com.uberpopug.ates.billing.ledger.Money;
import com.uberpopug.ates.billing.ledger.Statement;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.security.Caller;
import com.uberpopug.ates.platform.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The billing dashboard, behind the login (code flow): a worker sees their balance and their entries day by day;
 * admins and accountants also see every account (and each one's entries) and the management earnings of the last
 * 30 days, as a chart and a table.
 */
@Path("/")
public class Dashboard {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(View view);
    }

    private final Accounts accounts;
    private final Statement statement;
    private final Earnings earnings;
    private final BillingCalendar calendar;
    private final Caller caller;

    public Dashboard(
            Accounts accounts, Statement statement, Earnings earnings, BillingCalendar calendar, Caller caller) {
        this.accounts = accounts;
        this.statement = statement;
        this.earnings = earnings;
        this.calendar = calendar;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page(@RestQuery String date, @RestQuery("account") String accountId) {
        Account me = accounts.ofCaller(caller);
        LocalDate today = calendar.today();
        LocalDate day = parseOr(date, today);
        // admins and accountants see the whole company's money, a worker their own
        boolean seesAll = caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.ACCOUNTANT);
        Account shown = me;
        if (seesAll && accountId != null && !accountId.isBlank()) {
            shown = accounts.find(accountId).orElse(me);
        }
        List<Row> all = seesAll
                ? Account.allByName().stream()
                        .map(a -> new Row(a.id, a.displayName(), a.role, Money.of(a.balance), a.deleted))
                        .toList()
                : List.of();
        List<Earnings.DayEarnings> lastDays = seesAll ? earnings.between(today.minusDays(29), today) : List.of();
        return Templates.dashboard(new View(
                me.displayName(),
                caller.role().map(r -> r.value()).orElse("none"),
                seesAll,
                Money.of(me.balance),
                new Shown(shown.id, shown.displayName(), Money.of(shown.balance), shown.id.equals(me.id)),
                day,
                today,
                day.minusDays(1),
                day.isBefore(today) ? day.plusDays(1) : null,
                statement.of(shown.id, day).stream()
                        .map(e -> new Line(
                                e.at().atZone(calendar.zone())
                                        .toLocalTime()
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString(),
                                e.type().name(),
                                e.description(),
                                e.amount(),
                                e.late() ? e.eventDate().toString() : null))
                        .toList(),
                all,
                lastDays.reversed(),
                seesAll ? EarningsChart.of(lastDays) : null));
    }

    private static LocalDate parseOr(String date, LocalDate fallback) {
        try {
            return date == null || date.isBlank() ? fallback : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** Everything the page shows. */
    public record View(
            String username,
            String role,
            boolean seesAll,
            BigDecimal myBalance,
            Shown shown,
            LocalDate date,
            LocalDate today,
            LocalDate previous,
            LocalDate next,
            List<Line> entries,
            List<Row> accounts,
            List<Earnings.DayEarnings> earnings,
            EarningsChart chart) {}

    /**
     * An entry as the page lists it, its time in the billing zone; {@code lateFrom} is the day a late entry happened
     * on, null for the others.
     */
    public record Line(String time, String type, String description, BigDecimal amount, String lateFrom) {}

    /** A line of the company's accounts. */
    public record Row(String id, String name, String role, BigDecimal balance, boolean deleted) {}

    /** The account whose entries the page shows: the caller's own, or the one an admin or accountant picked. */
    public record Shown(String id, String name, BigDecimal balance, boolean mine) {}
}
