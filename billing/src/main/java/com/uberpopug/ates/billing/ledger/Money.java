package com.uberpopug.ates.billing.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts are BigDecimal with two decimals, in the database (numeric(14,2)) and in JSON. */
public final class Money {

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Money() {}

    public static BigDecimal of(BigDecimal amount) {
        return amount == null ? ZERO : amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal of(long whole) {
        return BigDecimal.valueOf(whole).setScale(2, RoundingMode.UNNECESSARY);
    }
}
