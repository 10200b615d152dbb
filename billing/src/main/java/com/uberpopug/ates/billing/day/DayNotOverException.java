package com.uberpopug.ates.billing.day;

import java.time.LocalDate;
import java.time.ZoneId;

/** A day can be closed only once it has ended in the billing zone. */
public class DayNotOverException extends RuntimeException {

    public DayNotOverException(LocalDate day, LocalDate today, ZoneId zone) {
        super(day + " is not over yet: it is " + today + " in the billing zone " + zone
                + "; a day can be closed from the midnight that ends it");
    }

    protected DayNotOverException(String message) {
        super(message);
    }
}
