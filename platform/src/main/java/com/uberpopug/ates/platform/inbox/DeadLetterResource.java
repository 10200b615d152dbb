package com.uberpopug.ates.platform.inbox;

import com.uberpopug.ates.platform.api.Problem;
import com.uberpopug.ates.platform.inbox.ConsumerChannels.Channel;
import com.uberpopug.ates.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * For an admin: the dead letters this service's consumer put on the dead-letter topic of a topic it reads, and
 * their replay through the normal consumer path once the cause is fixed.
 */
@Path("/api/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** This service's dead letters of {@code topic} (the source topic, not its {@code .dlq}). */
    @GET
    @Path("/{topic}")
    public List<DeadLetter> list(@PathParam("topic") String topic) {
        return deadLetters.list(channel(topic));
    }

    /**
     * Replays this service's dead letters of {@code topic}: those whose event ids are given, or all of them when the
     * body is empty or names none; answers per dead letter what the replay did.
     */
    @POST
    @Path("/{topic}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<ReplayResult> replay(@PathParam("topic") String topic, ReplayRequest request) {
        Set<UUID> ids = request == null || request.eventIds() == null ? Set.of() : Set.copyOf(request.eventIds());
        return deadLetters.replay(channel(topic), ids);
    }

    private Channel channel(String topic) {
        return deadLetters.channelOf(topic).orElseThrow(() -> new UnknownTopicException(topic));
    }

    @ServerExceptionMapper
    public Response unknownTopic(UnknownTopicException e) {
        return Problem.of(Response.Status.NOT_FOUND, "Not found", e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response noHandlerYet(DeadLetters.NoHandlerYetException e) {
        return Problem.of(Response.Status.CONFLICT, "Conflict", e.getMessage()).toResponse();
    }

    /** The event ids to replay; none or null for all. */
    public record ReplayRequest(List<UUID> eventIds) {}

    static class UnknownTopicException extends RuntimeException {
        UnknownTopicException(String topic) {
            super("this service consumes no topic " + topic);
        }
    }
}
