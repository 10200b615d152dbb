package com.uberpopug.ates.platform;

import com.uberpopug.ates.platform.security.Caller;
import com.uberpopug.ates.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Endpoints of the test application guarded the way the services guard theirs. */
@Path("/api/test")
@Produces(MediaType.APPLICATION_JSON)
public class TestSecuredResource {

    private final Caller caller;

    TestSecuredResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Path("/me")
    public Map<String, Object> me() {
        return Map.of(
                "id",
                caller.id(),
                "username",
                caller.username(),
                "email",
                caller.email().orElse(""),
                "role",
                caller.role().map(r -> r.value()).orElse(""));
    }

    @GET
    @Path("/admin-only")
    @RolesAllowed(Roles.ADMIN)
    public String adminOnly() {
        return "ok";
    }
}
