package com.uberpopug.ates.billing.web;

import com.uberpopug.ates.billing.account.Account;
import com.uberpopug.ates.billing.account.AccountReplica;
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
public class DashboardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Dashboard view);
    }

    private final AccountReplica accounts;
    private final Statement statement;
    private final Earnings earnings;
    private final BillingCalendar calendar;
    private final Caller caller;

    public DashboardPage(
            AccountReplica accounts, Statement statement, Earnings earnings, BillingCalendar calendar, Caller caller) {
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
        List<Dashboard.Row> all = seesAll
                ? Account.allByName().stream()
                        .map(a -> new Dashboard.Row(a.id, a.displayName(), a.role, Money.of(a.balance), a.deleted))
                        .toList()
                : List.of();
        List<Earnings.DayEarnings> lastDays = seesAll ? earnings.between(today.minusDays(29), today) : List.of();
        return Templates.dashboard(new Dashboard(
                me.displayName(),
                caller.role().map(r -> r.value()).orElse("none"),
                seesAll,
                Money.of(me.balance),
                new Dashboard.Shown(shown.id, shown.displayName(), Money.of(shown.balance), shown.id.equals(me.id)),
                day,
                today,
                day.minusDays(1),
                day.isBefore(today) ? day.plusDays(1) : null,
                statement.of(shown.id, day).stream()
                        .map(e -> new Dashboard.Line(
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
}
