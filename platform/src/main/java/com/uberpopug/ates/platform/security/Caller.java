package com.uberpopug.ates.platform.security;

import com.uberpopug.ates.events.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.security.Principal;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified token: the Keycloak user id (the {@code sub} claim, which is also the id of the
 * account in every event), the user name, the e-mail, and the business role. The same for a bearer token on
 * {@code /api} and for a dashboard session.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The Keycloak user id. */
    public String id() {
        return token().map(JsonWebToken::getSubject)
                .orElseGet(() -> identity.getPrincipal().getName());
    }

    public String username() {
        return claim("preferred_username")
                .orElseGet(() -> identity.getPrincipal().getName());
    }

    public Optional<String> email() {
        return claim("email");
    }

    public Optional<String> fullName() {
        return claim("name");
    }

    /** The highest business role the caller holds (admin, manager, accountant, worker), or empty for none. */
    public Optional<Role> role() {
        return Role.highestHeld(identity::hasRole);
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    private Optional<JsonWebToken> token() {
        Principal principal = identity.getPrincipal();
        return principal instanceof JsonWebToken jwt ? Optional.of(jwt) : Optional.empty();
    }

    private Optional<String> claim(String name) {
        return token().map(jwt -> jwt.<Object>getClaim(name))
                .map(Object::toString)
                .filter(s -> !s.isBlank());
    }
}
