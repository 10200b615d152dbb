package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.platform.api.Problem;
import com.uberpopug.ates.platform.api.QueryDates;
import com.uberpopug.ates.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Closing a billing day by hand; the scheduler closes each day by itself. */
@Path("/api/billing-days")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "billing days", description = "Day close and payouts")
public class BillingDayResource {

    private final BillingDays days;

    public BillingDayResource(BillingDays days) {
        this.days = days;
    }

    @POST
    @Path("/{date}/close")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Close a billing day (admins)",
            description = "Pays out every positive balance as of the end of the day (and closes any earlier day not "
                    + "closed yet first). Closing a closed day changes nothing and answers the same summary.")
    @APIResponse(
            responseCode = "200",
            description = "The day's payouts and their total",
            content = @Content(schema = @Schema(implementation = DaySummary.class)))
    @APIResponse(
            responseCode = "400",
            description = "A malformed date",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller is not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The day has not ended yet in the billing zone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DaySummary close(@RestPath String date) {
        return days.close(QueryDates.parse("date", date, null));
    }
}
