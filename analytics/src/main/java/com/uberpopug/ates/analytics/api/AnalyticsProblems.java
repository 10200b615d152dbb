package com.uberpopug.ates.analytics.api;

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
}
