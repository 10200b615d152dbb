package com.uberpopug.ates.billing.task;

import com.uberpopug.ates.billing.ledger.Money;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.random.RandomGenerator;

/**
 * How a task is priced, once: an assignment fee, a whole amount in [10, 20], and a completion reward, a whole
 * amount in [20, 40], both drawn from the injected random source.
 */
@ApplicationScoped
public class PriceList {

    public static final int MIN_FEE = 10;
    public static final int MAX_FEE = 20;
    public static final int MIN_REWARD = 20;
    public static final int MAX_REWARD = 40;

    private final RandomGenerator random;

    public PriceList(RandomGenerator random) {
        this.random = random;
    }

    public Price draw() {
        return new Price(
                Money.of(random.nextInt(MIN_FEE, MAX_FEE + 1)), Money.of(random.nextInt(MIN_REWARD, MAX_REWARD + 1)));
    }

    /** A task's price: what each assignment charges and what its completion pays. */
    public record Price(BigDecimal fee, BigDecimal reward) {}
}
