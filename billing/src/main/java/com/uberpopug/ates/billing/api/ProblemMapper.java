package com.uberpopug.ates.billing.api;

import com.uberpopug.ates.billing.day.DayNotOverException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as a {@link Problem}. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response dayNotOver(DayNotOverException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(Response.Status.FORBIDDEN,
                "your role may not do this: it is for admins and accountants (closing a day: admins only)");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problem.response(Response.Status.UNAUTHORIZED, "a bearer token from Keycloak (realm ates) is needed");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response response = e.getResponse();
        Response.Status status = Response.Status.fromStatusCode(response.getStatus());
        if (status == null || status.getFamily() != Response.Status.Family.CLIENT_ERROR) {
            return response;
        }
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
                ? status.getReasonPhrase() : e.getMessage();
        return Problem.response(status, detail);
    }
}
