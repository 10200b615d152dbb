package com.uberpopug.ates.billing.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.List;

/**
 * An employee's account as billing reads it. Rows are written by {@link AccountReplica} (profile) and the ledger
 * (balance), always with SQL that cannot lose a concurrent update; this mapping is for reading.
 */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public String id;

    public String username;

    public String email;

    @Column(name = "full_name")
    public String fullName;

    public String role;

    /** False while the account is a placeholder: an event named it before billing heard who it is. */
    public boolean known;

    public boolean deleted;

    /** As Keycloak says (Account.* v2); a disabled account keeps its ledger and is paid what it is owed. */
    public boolean enabled;

    public BigDecimal balance;

    /** What to call the account: its user name, or its id while it is a placeholder. */
    public String displayName() {
        return username != null ? username : id;
    }

    public static List<Account> allByName() {
        return list("order by coalesce(username, id)");
    }
}
