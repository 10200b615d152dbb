package com.uberpopug.ates.billing.ledger;

import com.uberpopug.ates.platform.api.InvalidRequestException;
import com.uberpopug.ates.platform.api.Problem;
import com.uberpopug.ates.platform.api.QueryDates;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Management earnings per billing day, and the production check of the ledger (admins and accountants). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ACCOUNTANT})
@Tag(name = "earnings", description = "What management earned, and the ledger's consistency")
public class EarningsResource {

    /** The longest range one request may ask for. */
    static final int MAX_DAYS = 366;

    private final Earnings earnings;
    private final LedgerCheck check;
    private final BillingCalendar calendar;

    public EarningsResource(Earnings earnings, LedgerCheck check, BillingCalendar calendar) {
        this.earnings = earnings;
        this.check = check;
        this.calendar = calendar;
    }

    @GET
    @Path("/earnings")
    @Operation(
            summary = "Management earnings per billing day",
            description = "For every day from 'from' to 'to' (both included; by default the 30 days up to today): "
                    + "the fees charged and rewards paid that day, as positive sums, and managementEarnings = "
                    + "fees - rewards.")
    @APIResponse(
            responseCode = "200",
            description = "One row per day, oldest first",
            content = @Content(schema = @Schema(implementation = Earnings.DayEarnings.class, type = SchemaType.ARRAY)))
    @APIResponse(
            responseCode = "400",
            description = "A malformed date, or a range that is backwards or too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<Earnings.DayEarnings> earnings(
            @Parameter(description = "first day, YYYY-MM-DD; 29 days before 'to' by default") @RestQuery String from,
            @Parameter(description = "last day, YYYY-MM-DD; today by default") @RestQuery String to) {
        LocalDate last = QueryDates.parse("to", to, calendar.today());
        LocalDate first = QueryDates.parse("from", from, last.minusDays(29));
        if (first.isAfter(last)) {
            throw new InvalidRequestException("from (" + first + ") is after to (" + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new InvalidRequestException("at most " + MAX_DAYS + " days at once; ask for a shorter range");
        }
        return earnings.between(first, last);
    }

    @GET
    @Path("/ledger/check")
    @Operation(
            summary = "Check that every balance is the sum of its ledger entries",
            description = "Also sets the gauge ates.billing.accounts.unbalanced.")
    @APIResponse(
            responseCode = "200",
            description = "The accounts compared and those that are off (none, always)",
            content = @Content(schema = @Schema(implementation = LedgerCheck.Result.class)))
    public LedgerCheck.Result check() {
        return check.check();
    }
}
