package com.uberpopug.ates.billing.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A problem-style JSON error: the HTTP status, a short title and a detail the caller can act on. */
public record Problem(int status, String title, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String detail) {
        return Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(new Problem(status.getStatusCode(), status.getReasonPhrase(), detail))
                .build();
    }
}
