package com.uberpopug.ates.platform;

import com.uberpopug.ates.platform.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A page of the test application: behind the code flow, as every dashboard. */
@Path("/")
public class TestPage {

    private final Caller caller;

    TestPage(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String page() {
        return "hello " + caller.username();
    }
}
