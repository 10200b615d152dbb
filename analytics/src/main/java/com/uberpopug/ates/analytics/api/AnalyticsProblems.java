package com.uberpopug.ates.analytics.api;

import com.uberpopug.ates.analytics.rebuild.RebuildInProgressException;
import com.uberpopug.ates.platform.api.Problem;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Analytics' own refusals as problem JSON; the errors every service shares are mapped by the platform
 * ({@link com.uberpopug.ates.platform.api.ProblemMappers}).
 */
public class AnalyticsProblems {

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "Forbidden", "Analytics is for admins only.").toResponse();
    }

    /** A query while the read model is rebuilt: no half-built figures, the progress instead; ask again later. */
    @ServerExceptionMapper
    public Response rebuilding(RebuildInProgressException e) {
        return Response.fromResponse(
                        Problem.of(503, "Service Unavailable", e.getMessage()).toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    /** When a refused query is worth asking again while a rebuild runs. */
    public static final int RETRY_AFTER_SECONDS = 10;
}
