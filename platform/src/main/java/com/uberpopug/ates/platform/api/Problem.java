package com.uberpopug.ates.platform.api;

import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error the three services answer (RFC 9457 problem details, {@code application/problem+json}):
 * the status, a short title, and a detail a person can act on; {@code errors} lists each problem of a refused
 * request when there are several.
 */
public record Problem(String type, String title, int status, String detail, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.Status status, String title, String detail) {
        return of(status.getStatusCode(), title, detail);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
