package com.uberpopug.ates.billing.api;

import com.uberpopug.ates.billing.day.DayNotOverException;
import com.uberpopug.ates.platform.api.Problem;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Billing's own refusals as {@link Problem}s; the errors every service shares are mapped by the platform
 * ({@link com.uberpopug.ates.platform.api.ProblemMappers}).
 */
public class BillingProblems {

    @ServerExceptionMapper
    public Response dayNotOver(DayNotOverException e) {
        return Problem.of(Response.Status.CONFLICT, "Day not over", e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(
                        Response.Status.FORBIDDEN,
                        "Forbidden",
                        "your role may not do this: it is for admins and accountants (closing a day: admins only)")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problem.of(
                        Response.Status.UNAUTHORIZED,
                        "Unauthorized",
                        "a bearer token from Keycloak (realm ates) is needed")
                .toResponse();
    }
}
