package com.uberpopug.ates.analytics.rebuild;

import com.uberpopug.ates.platform.api.Problem;
import com.uberpopug.ates.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** For an admin: rebuild analytics' read model from Kafka, and follow the rebuild. */
@Path("/api/admin/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller is not an admin")
public class RebuildResource {

    private final ReadModelRebuild rebuild;

    RebuildResource(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Operation(
            summary = "Rebuild the read model from Kafka",
            description = "Empties the read model (and the record of the events applied) and replays every topic "
                    + "analytics reads from its beginning through the normal consumers. The queries answer 503 "
                    + "until it is done; GET follows it.")
    @APIResponse(responseCode = "202", description = "Started: the state of the rebuild")
    @APIResponse(
            responseCode = "409",
            description = "A rebuild is running, or this instance does not consume "
                    + "every partition (analytics must run as one replica)")
    @APIResponse(responseCode = "503", description = "The consumers are busy waiting for the database")
    public Response start() {
        return Response.accepted(rebuild.start()).build();
    }

    @GET
    @Operation(
            summary = "The state of the rebuild",
            description =
                    "NONE, REQUIRED (nothing answers until rebuilt), RUNNING or DONE; when it started and finished; the events replayed of those the "
                            + "topics held when it started.")
    @APIResponse(responseCode = "200", description = "The state of the running or last rebuild")
    public RebuildStatus status() {
        return rebuild.status();
    }

    @ServerExceptionMapper
    public Response refused(RebuildRefusedException e) {
        String title = e.status() == 409 ? "Conflict" : "Service Unavailable";
        return Problem.of(e.status(), title, e.getMessage()).toResponse();
    }
}
