package com.uberpopug.ates.analytics.api;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors of the analytics API as problem JSON. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return new Problem(400, "Bad Request", e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return new Problem(403, "Forbidden", "Analytics is for admins only.").response();
    }
}
