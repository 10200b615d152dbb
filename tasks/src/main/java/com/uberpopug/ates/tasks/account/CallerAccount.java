package com.uberpopug.ates.tasks.account;

import com.uberpopug.ates.platform.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Everyone who calls the API or opens a page is known to the replica from then on, even before Keycloak's
 * events arrive: the caller's id, user name and role are upserted from the token's claims.
 */
public class CallerAccount {

    private final Caller caller;
    private final SecurityIdentity identity;
    private final AccountReplica accounts;

    CallerAccount(Caller caller, SecurityIdentity identity, AccountReplica accounts) {
        this.caller = caller;
        this.identity = identity;
        this.accounts = accounts;
    }

    /**
     * Runs on the event loop, after authentication, so that the request body is still read there before the
     * endpoint's worker thread takes over; only a token not seen before costs a write, done on a worker thread.
     */
    @ServerRequestFilter(nonBlocking = true)
    Uni<Void> recordCaller() {
        if (identity.isAnonymous()) {
            return Uni.createFrom().voidItem();
        }
        String id = caller.id();
        Instant issuedAt = issuedAt();
        if (accounts.knowsToken(id, issuedAt)) {
            return Uni.createFrom().voidItem();
        }
        String username = caller.username();
        var role = caller.role().orElse(null);
        return Uni.createFrom()
                .item(() -> {
                    accounts.recordCaller(id, username, role, issuedAt);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** When Keycloak stated these claims; a token without {@code iat} counts as the oldest news. */
    private Instant issuedAt() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getIssuedAtTime() > 0) {
            return Instant.ofEpochSecond(token.getIssuedAtTime());
        }
        return Instant.EPOCH;
    }
}
