package com.uberpopug.ates.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors every service answers alike, as {@link Problem}s: a request it cannot use, a body that is not the
 * JSON expected, and whatever the REST layer itself refuses (an unknown path, a wrong method). Each service maps its
 * own domain's refusals, and what its roles may not do, next to its resources. A missing token is left to the OIDC
 * extension's challenge, which sends a page's visitor to the Keycloak login.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return new Problem("about:blank", "Bad request", 400, e.getMessage(), e.problems()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return Problem.of(
                        Status.BAD_REQUEST,
                        "Bad request",
                        "the body is not the JSON this endpoint expects: " + e.getOriginalMessage())
                .toResponse();
    }

    /** A value of the wrong JSON type (text where a number is, a list where text is): the field named. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .reduce((a, b) -> a + "." + b)
                .orElse(null);
        return Problem.of(
                        Status.BAD_REQUEST,
                        "Bad request",
                        field == null
                                ? "the body is not the JSON this endpoint expects: " + e.getOriginalMessage()
                                : field + " has a value of the wrong JSON type: " + e.getOriginalMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response response = e.getResponse();
        if (response.getStatus() < 400 || response.hasEntity()) {
            return response;
        }
        Status status = Status.fromStatusCode(response.getStatus());
        String title = status == null ? "Error" : status.getReasonPhrase();
        String detail = e.getMessage() == null
                        || e.getMessage().isBlank()
                        || e.getMessage().startsWith("HTTP ")
                ? title
                : e.getMessage();
        if (response.getStatus() == 400 && e.getCause() != null) {
            detail = "the body is not the JSON this endpoint expects: "
                    + e.getCause().getMessage();
        }
        return Problem.of(response.getStatus(), title, detail).toResponse();
    }
}
