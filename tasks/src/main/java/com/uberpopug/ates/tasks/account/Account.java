package com.uberpopug.ates.tasks.account;

import com.uberpopug.ates.events.account.Role;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An employee as tasks knows them: the replica of a Keycloak account. Written only through {@link AccountReplica}
 * (events and token claims), read by the assignment and the task views.
 */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    /** The Keycloak user id. */
    @Id
    public String id;

    public String username;

    /** The business role; null for an account that holds none. */
    @Enumerated(EnumType.STRING)
    public Role role;

    public boolean deleted;

    /** False while the account is disabled in Keycloak: it is given no task. */
    public boolean enabled;

    @Column(name = "changed_at")
    public Instant changedAt;
}
