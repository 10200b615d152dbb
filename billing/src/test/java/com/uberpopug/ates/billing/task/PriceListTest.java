package com.uberpopug.ates.billing.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Prices drawn from any random source are whole amounts inside their ranges, and every such amount occurs. */
class PriceListTest {

    @Property(tries = 500)
    void everyPriceIsAWholeFeeFrom10To20AndAWholeRewardFrom20To40(@ForAll long seed) {
        PriceList.Price price = new PriceList(new SplittableRandom(seed)).draw();

        assertThat(price.fee()).isBetween(new BigDecimal("10.00"), new BigDecimal("20.00"));
        assertThat(price.reward()).isBetween(new BigDecimal("20.00"), new BigDecimal("40.00"));
        assertThat(price.fee().scale()).isEqualTo(2);
        assertThat(price.reward().scale()).isEqualTo(2);
        assertThat(price.fee().remainder(BigDecimal.ONE)).isZero();
        assertThat(price.reward().remainder(BigDecimal.ONE)).isZero();
    }

    @Example
    void bothEndsOfEachRangeAreReached() {
        PriceList prices = new PriceList(new SplittableRandom(42));
        Set<Integer> fees = new HashSet<>();
        Set<Integer> rewards = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            PriceList.Price price = prices.draw();
            fees.add(price.fee().intValueExact());
            rewards.add(price.reward().intValueExact());
        }

        assertThat(fees).hasSize(11).contains(10, 20);
        assertThat(rewards).hasSize(21).contains(20, 40);
    }
}
