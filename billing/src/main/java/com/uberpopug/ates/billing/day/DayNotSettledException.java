package com.uberpopug.ates.billing.day;

import java.time.LocalDate;

/**
 * A day that is over but whose events may still be on their way to billing: it closes once they have arrived, or
 * once the grace period is over and nothing is left unread ({@link DaySettlement}).
 */
public class DayNotSettledException extends DayNotOverException {

    public DayNotSettledException(LocalDate day, String reason) {
        super(day + " is over but cannot be closed yet: " + reason);
    }
}
