package com.uberpopug.ates.billing.account;

import com.uberpopug.ates.billing.ledger.Money;
import com.uberpopug.ates.billing.ledger.Statement;
import com.uberpopug.ates.platform.api.InvalidRequestException;
import com.uberpopug.ates.platform.api.PlainText;
import com.uberpopug.ates.platform.api.Problem;
import com.uberpopug.ates.platform.api.QueryDates;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.security.Caller;
import com.uberpopug.ates.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Balances and audit logs: a worker sees their own, admins and accountants everyone's. */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Balances and ledger entries")
public class AccountResource {

    /** A task id as written: UUID.fromString alone takes "1-2-3-4-5" too. */
    private static final Pattern TASK_ID =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final AccountReplica accounts;
    private final Statement statement;
    private final BillingCalendar calendar;
    private final Caller caller;

    public AccountResource(AccountReplica accounts, Statement statement, BillingCalendar calendar, Caller caller) {
        this.accounts = accounts;
        this.statement = statement;
        this.calendar = calendar;
        this.caller = caller;
    }

    @GET
    @Path("/me")
    @Operation(
            summary = "The caller's account and balance",
            description = "Creates the account from the token's claims if billing has not heard of it yet.")
    @APIResponse(
            responseCode = "200",
            description = "The caller's account",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    public AccountView me() {
        return AccountView.of(accounts.ofCaller(caller));
    }

    @GET
    @Path("/me/entries")
    @Operation(
            summary = "The caller's ledger entries of one billing day, or of one task on that day",
            description = "FEE and PAYOUT amounts are negative, REWARD amounts positive; oldest first.")
    @APIResponse(
            responseCode = "200",
            description = "The entries",
            content = @Content(schema = @Schema(implementation = Statement.Entry.class, type = SchemaType.ARRAY)))
    @APIResponse(
            responseCode = "400",
            description = "A malformed date or task id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<Statement.Entry> myEntries(
            @Parameter(description = "the billing day, YYYY-MM-DD; today by default") @RestQuery String date,
            @Parameter(description = "only the entries of this task (its id)") @RestQuery String task) {
        Account account = accounts.ofCaller(caller);
        return statement.of(account.id, QueryDates.parse("date", date, calendar.today()), taskId(task));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNTANT})
    @Operation(summary = "Every account and its balance (admins and accountants)")
    @APIResponse(
            responseCode = "200",
            description = "The accounts, by user name",
            content = @Content(schema = @Schema(implementation = AccountView.class, type = SchemaType.ARRAY)))
    @APIResponse(
            responseCode = "403",
            description = "The caller is neither an admin nor an accountant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<AccountView> all() {
        return Account.allByName().stream().map(AccountView::of).toList();
    }

    @GET
    @Path("/{id}/entries")
    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNTANT})
    @Operation(summary = "An account's ledger entries of one billing day (admins and accountants)")
    @APIResponse(
            responseCode = "200",
            description = "The entries",
            content = @Content(schema = @Schema(implementation = Statement.Entry.class, type = SchemaType.ARRAY)))
    @APIResponse(
            responseCode = "400",
            description = "A malformed account id, date or task id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller is neither an admin nor an accountant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<Statement.Entry> entries(
            @RestPath String id,
            @Parameter(description = "the billing day, YYYY-MM-DD; today by default") @RestQuery String date,
            @Parameter(description = "only the entries of this task (its id)") @RestQuery String task) {
        if (accounts.find(PlainText.require("id", id)).isEmpty()) {
            throw new NotFoundException("billing knows no account " + id);
        }
        return statement.of(id, QueryDates.parse("date", date, calendar.today()), taskId(task));
    }

    /** The {@code task} parameter: null when left out, a 400 naming it when it is not a task id. */
    private static UUID taskId(String task) {
        if (task == null || task.isBlank()) {
            return null;
        }
        if (!TASK_ID.matcher(task.strip()).matches()) {
            throw new InvalidRequestException("task '" + task + "' is not a task id: task must be a UUID, e.g. "
                    + "3f2a1c4e-8b7d-4e2f-9a10-5c6d7e8f9a0b");
        }
        return UUID.fromString(task.strip());
    }

    /** An account as the API shows it; {@code enabled} as Keycloak last said (true until it says otherwise). */
    public record AccountView(String id, String username, String role, BigDecimal balance, boolean enabled) {
        static AccountView of(Account account) {
            return new AccountView(
                    account.id, account.username, account.role, Money.of(account.balance), account.enabled);
        }
    }
}
